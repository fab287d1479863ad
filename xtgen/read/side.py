"""Small side files a run reads besides the spec (e.g. a saved OpenID Connect discovery document)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xtgen.model import XtgenError


def load_options_file(path: str | Path, what: str) -> dict[str, Any]:
    """Read a small JSON side file (e.g. an OIDC discovery document) or raise XtgenError."""
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise XtgenError(f"{path}: no such file ({what})") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise XtgenError(f"{path}: cannot read {what}: {exc}") from None
    if not isinstance(value, dict):
        raise XtgenError(f"{path}: {what} must be a JSON object")
    return value
