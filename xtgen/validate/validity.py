"""XT702: whether a Swagger 2.0 document is valid, for documents xtgen did not write itself.

`xtgen lint`, and `xtgen convert` with Swagger 2.0 input (passed through, so a problem is the input's),
report validator findings here rather than as XT901 (which blames xtgen). A finding at a pointer that a
readiness check already reported as an error (e.g. a host with a trailing space) is not repeated.
openapi-spec-validator (its own validator class, through xtgen.validate.osv_errors) is imported lazily, so
that `xtgen --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence

from xtgen.model import Diagnostic, Document
from xtgen.target.lint.rules import diagnostic
from xtgen.validate import error_message, error_pointer, osv_errors, quiet, short_reason

MAX_REPORTED = 25


@quiet
def check_validity(doc: Document, reported: Sequence[Diagnostic] = ()) -> list[Diagnostic]:
    taken = {d.pointer for d in reported if d.code.startswith("XT7") and d.severity.value == "error" and d.pointer}
    duplicates_reported = any(d.code in ("XT751", "XT755") for d in reported)
    found: list[Diagnostic] = []
    try:
        for error in osv_errors(doc, "2.0", "own"):  # what OSV's own validator class yields, faster
            if duplicates_reported and type(error).__name__ == "DuplicateOperationIDError":
                continue
            ptr = error_pointer(error)
            if ptr in taken:
                continue
            found.append(diagnostic("XT702", f"not valid Swagger 2.0: {error_message(error)}", ptr))
    except Exception as exc:  # the validator itself failed (e.g. on an unresolvable $ref)
        return [diagnostic("XT702", f"Swagger 2.0 validation could not finish: {short_reason(exc)}", "")]
    if len(found) > MAX_REPORTED:
        rest = len(found) - MAX_REPORTED
        found = [*found[:MAX_REPORTED], diagnostic("XT702", f"not valid Swagger 2.0: {rest} more problems", "")]
    return found
