"""Stage 9, write: serialize from data (JSON, or YAML through ruamel.yaml) and write atomically."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .model import XtgenError

FORMATS = ("json", "yaml")


def serialize(document: Any, fmt: str = "json") -> str:
    """Deterministic text: two-space indent, non-ASCII kept, final newline."""
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        from ruamel.yaml import YAML

        yaml: Any = YAML(typ="safe", pure=False)
        yaml.default_flow_style = False
        yaml.sort_base_mapping_type_on_output = False  # keep the documented key order
        yaml.allow_unicode = True
        yaml.width = 4096
        stream = io.StringIO()
        yaml.dump(document, stream)
        return stream.getvalue()
    raise ValueError(f"unknown format {fmt!r}")


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def write_atomic(path: Path, text: str, *, protect: tuple[Path, ...] = ()) -> None:
    """Write text to path through a temporary file in the same folder and a rename.

    A reader (or a crash) sees the old file or the new one, never a part. Refuses to overwrite
    any path in `protect` (the inputs).
    """
    for p in protect:
        if same_file(path, p):
            raise XtgenError(f"{path}: refusing to write the output over the input")
    if path.exists() and not path.is_file():  # a folder, a device such as /dev/full, a pipe: never replaced
        raise XtgenError(f"{path}: not a regular file; give a file path for the output")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise XtgenError(f"{path}: the folder {folder} does not exist")
    data = text.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise XtgenError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise XtgenError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
