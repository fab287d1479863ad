"""XT702: whether a Swagger 2.0 document is valid, for documents xtgen did not write itself.

`xtgen lint`, and `xtgen convert` with Swagger 2.0 input (passed through, so a problem is the input's),
report validator findings here rather than as XT901 (which blames xtgen). A finding at a pointer that a
readiness check already reported as an error (e.g. a host with a trailing space) is not repeated.
openapi-spec-validator is imported here, lazily, so that `xtgen --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import pointer as jp
from ..model import Diagnostic, Document
from .rules import diagnostic

MAX_REPORTED = 25


def check_validity(doc: Document, reported: Sequence[Diagnostic] = ()) -> list[Diagnostic]:
    from openapi_spec_validator import OpenAPIV2SpecValidator

    taken = {d.pointer for d in reported if d.code.startswith("XT7") and d.severity.value == "error" and d.pointer}
    duplicates_reported = any(d.code in ("XT751", "XT755") for d in reported)
    found: list[Diagnostic] = []
    try:
        for error in OpenAPIV2SpecValidator(doc).iter_errors():
            if duplicates_reported and type(error).__name__ == "DuplicateOperationIDError":
                continue
            ptr = _pointer(error)
            if ptr in taken:
                continue
            found.append(diagnostic("XT702", f"not valid Swagger 2.0: {_message(error)}", ptr))
    except Exception as exc:  # the validator itself failed (e.g. on an unresolvable $ref)
        return [diagnostic("XT702", f"Swagger 2.0 validation could not finish: {exc}", "")]
    if len(found) > MAX_REPORTED:
        rest = len(found) - MAX_REPORTED
        found = [*found[:MAX_REPORTED], diagnostic("XT702", f"not valid Swagger 2.0: {rest} more problems", "")]
    return found


def _pointer(error: Any) -> str:
    path = getattr(error, "absolute_path", None) or getattr(error, "path", None) or ()
    return jp.join("", *[str(p) for p in path])


def _message(error: Any) -> str:
    text = str(getattr(error, "message", error))
    return text if len(text) <= 300 else text[:297] + "..."
