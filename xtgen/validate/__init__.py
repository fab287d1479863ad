"""Stages 2b and 7: validate the OpenAPI 3 input (warnings) and the Swagger 2.0 output (errors).

The verdict is openapi-spec-validator's (OSV). A fast pre-check (validate_fast.py) answers first; only when
it cannot vouch for a document does OSV itself run, so every reported problem and its wording is OSV's.
OSV runs with its pure-Python jsonschema backend whatever else is installed (its jsonschema-rs backend
words messages differently). Both are imported here, lazily, so that `xtgen --help` stays fast.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from functools import cache, wraps
from typing import Any, ParamSpec, TypeVar

from xtgen import pointer as jp
from xtgen.formats import openapi3_version
from xtgen.model import Diagnostic, Document, Severity

MAX_REPORTED = 25
P = ParamSpec("P")
R = TypeVar("R")


def error_pointer(error: Any) -> str:
    path = getattr(error, "absolute_path", None) or getattr(error, "path", None) or ()
    return jp.join("", *[str(p) for p in path])


def short_reason(exc: BaseException) -> str:
    """First line of an exception, without the document dumps some validators put in messages."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    text = text.split(" within {", 1)[0]
    return text if len(text) <= 200 else text[:197] + "..."


def error_message(error: Any) -> str:
    """A validator error as one line: the first line of its message (jsonschema-rs appends the failing
    schema and a dump of the instance on further lines), at most 300 characters."""
    text = str(getattr(error, "message", error)).strip()
    text = (text.splitlines() or [""])[0]
    return text if len(text) <= 300 else text[:297] + "..."


def _collect(errors: Iterable[Any], code: str, severity: Severity, what: str) -> Iterator[Diagnostic]:
    count = 0
    for error in errors:
        count += 1
        if count <= MAX_REPORTED:
            yield Diagnostic(code, severity, f"{what}: {error_message(error)}", error_pointer(error))
    if count > MAX_REPORTED:
        yield Diagnostic(code, severity, f"{what}: {count - MAX_REPORTED} more problems not listed", "")


@cache
def _osv_class(version: str) -> Any:
    """OSV's validator class for a version, pinned to the pure-Python jsonschema backend."""
    from openapi_spec_validator import OpenAPIV2SpecValidator, OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    base = {"2.0": OpenAPIV2SpecValidator, "3.0": OpenAPIV30SpecValidator, "3.1": OpenAPIV31SpecValidator}[version]
    try:  # OSV 0.8+ picks jsonschema-rs when installed; older releases have only the Python backend
        from openapi_spec_validator.schemas import schema_v2, schema_v30, schema_v31
        from openapi_spec_validator.schemas.backend.jsonschema import create_validator
    except ImportError:
        return base
    schema = {"2.0": schema_v2, "3.0": schema_v30, "3.1": schema_v31}[version]
    return type(base.__name__, (base,), {"schema_validator": create_validator(schema)})


def _passes_fast(document: Document, version: str) -> bool:
    from xtgen.validate import fast as validate_fast

    return validate_fast.available() and validate_fast.passes(document, version)


def quiet(function: Callable[P, R]) -> Callable[P, R]:
    """Run a validation with Python warnings silenced: the validators compile the document's regular
    expressions, and `re` warns on stderr ("FutureWarning: Possible nested set") about some of them.
    Only diagnostics may reach stderr; the pattern itself is judged where it is converted (patterns.py)."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return function(*args, **kwargs)

    return run


@quiet
def validate_openapi3(document: Document) -> list[Diagnostic]:
    """Problems of the input, as warnings (a broken input that can still be converted is converted)."""
    from xtgen.validate.fanout import fanout_message, fanout_problem

    version = openapi3_version(document)
    culprit = fanout_problem(document)
    if culprit is not None:
        message = fanout_message("input validation skipped", culprit[1]) + "; merge the parts"
        return [Diagnostic("XT022", Severity.WARNING, message, culprit[0])]

    if version == "3.0" and _passes_fast(document, "3.0"):
        return []
    validator = _osv_class(version)
    try:
        return list(
            _collect(
                validator(document).iter_errors(),
                "XT020",
                Severity.WARNING,
                "the input is not valid OpenAPI " + version,
            )
        )
    except Exception as exc:  # the validator itself failed (e.g. on an unresolvable $ref)
        return [Diagnostic("XT021", Severity.WARNING, f"input validation could not finish: {short_reason(exc)}", "")]


@quiet
def validate_swagger2(document: Document) -> list[Diagnostic]:
    """Problems of the output, as errors: an invalid conversion is a bug and is never written.

    When the pre-check cannot vouch for the document, OSV decides with its Python backend (the wording
    xtgen reports) and, if that finds nothing, with the backend OSV picks by itself (jsonschema-rs when
    installed, which checks formats such as `email` that the Python backend skips): an output is written
    only when OSV accepts it whichever backend a user's tools run.
    """
    from xtgen.validate.fanout import fanout_message, fanout_problem
    from xtgen.validate.patterns import slow_pattern, slow_pattern_message

    culprit = fanout_problem(document)
    if culprit is not None:
        message = fanout_message("the output cannot be validated", culprit[1])
        message += "; merge the parts, or pass --no-validate to write it unchecked"
        return [Diagnostic("XT904", Severity.ERROR, message, culprit[0])]
    slow = slow_pattern(document)
    if slow is not None:
        message = slow_pattern_message("the output cannot be validated") + ", or pass --no-validate"
        return [Diagnostic("XT904", Severity.ERROR, message, slow)]
    dangling = _dangling(document)
    if not dangling and _passes_fast(document, "2.0"):
        return []  # openapi-spec-validator (0.3-0.4 s to import) is not even imported
    from openapi_spec_validator import OpenAPIV2SpecValidator

    what = "the output is not valid Swagger 2.0 (please report this as an xtgen bug)"
    try:
        found = list(_collect(_osv_class("2.0")(document).iter_errors(), "XT901", Severity.ERROR, what))
        if not found and _osv_class("2.0") is not OpenAPIV2SpecValidator:
            found = list(_collect(OpenAPIV2SpecValidator(document).iter_errors(), "XT901", Severity.ERROR, what))
        return dangling + found
    except Exception as exc:
        return [
            *dangling,
            Diagnostic("XT902", Severity.ERROR, f"output validation failed to run: {short_reason(exc)}", ""),
        ]


def _dangling(document: Document) -> list[Diagnostic]:
    """XT905 for each $ref of the output that points at nothing (validators miss those no path reaches)."""
    from xtgen.validate.refs import dangling_refs

    found = dangling_refs(document)
    shown = [
        Diagnostic(
            "XT905",
            Severity.ERROR,
            f"the output has a $ref {ref!r} that points at nothing (please report this as an xtgen bug)",
            ptr,
        )
        for ref, ptr in found[:MAX_REPORTED]
    ]
    if len(found) > MAX_REPORTED:
        shown.append(Diagnostic("XT905", Severity.ERROR, f"{len(found) - MAX_REPORTED} more dangling $refs", ""))
    return shown
