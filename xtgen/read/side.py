"""Small side files a run reads besides the spec (e.g. a saved OpenID Connect discovery document)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xtgen.model import XtgenError


def load_options_file(path: str | Path, what: str) -> dict[str, Any]:
    """Read a small JSON side file (e.g. an OIDC discovery document) within the input limits (a regular file,
    its size and depth bounded) or raise XtgenError."""
    from xtgen.read.load import parse_side_json, read_side_text

    value = parse_side_json(read_side_text(path, what), str(path), what)
    if not isinstance(value, dict):
        raise XtgenError(f"{path}: {what} must be a JSON object")
    return value
