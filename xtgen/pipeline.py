"""The pipeline: load -> validate input -> convert -> (preset) -> (lint) -> validate output.

Rendering docs and writing are separate steps the caller takes with a Result in hand.
Each stage is a function of its own module; this module only strings them together.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from .bundle import bundle_external_refs
from .convert import convert_document
from .load import check_openapi_version, load_document
from .model import Diagnostic, Document, Options, Result, Severity, XtgenError
from .validate import validate_openapi3, validate_swagger2


def _has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """A large spec is millions of small objects, none of them in a reference cycle. While they are being
    built, Python's cyclic collector would walk all of them again and again (a third of the run time on
    GitHub's description); reference counting alone frees them. Paused here, restored as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def convert(document: Document, options: Options | None = None) -> Result:
    """Convert an OpenAPI 3.0/3.1 document (a plain dict) into Swagger 2.0.

    Never prints, never exits, never mutates `document`. The result holds the converted document
    (also when it has errors, for inspection) and every diagnostic; `result.ok` says whether it may be
    written.
    """
    with _cyclic_gc_paused():
        return _convert(document, options or Options())


def _convert(document: Document, options: Options) -> Result:
    diagnostics: list[Diagnostic] = []
    source, found = bundle_external_refs(document, options.base_dir, options.ref_root)
    diagnostics += found
    if options.validate:
        diagnostics += validate_openapi3(source)
    output, found = convert_document(source, options)
    diagnostics += found
    if options.validate and not _has_errors(diagnostics):
        diagnostics += validate_swagger2(output)
    return Result(output, tuple(diagnostics))


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


def convert_file(path: str | Path, options: Options | None = None) -> Result:
    """Load a file ('-' for stdin) and convert it. Raises XtgenError when it cannot be read at all."""
    options = options or Options()
    with _cyclic_gc_paused():
        document, name = load_document(path)
        check_openapi_version(document, name)
        if options.base_dir is None and str(path) != "-":
            options = replace(options, base_dir=Path(path).resolve().parent)
        return convert(document, options)
