"""Stages 2b and 7: validate the OpenAPI 3 input (warnings) and the Swagger 2.0 output (errors).

openapi-spec-validator is imported here, lazily, so that `xtgen --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from . import pointer as jp
from .model import Diagnostic, Document, Severity

MAX_REPORTED = 25


def _pointer(error: Any) -> str:
    path = getattr(error, "absolute_path", None) or getattr(error, "path", None) or ()
    return jp.join("", *[str(p) for p in path])


def _short(exc: BaseException) -> str:
    """First line of an exception, without the document dumps some validators put in messages."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    text = text.split(" within {", 1)[0]
    return text if len(text) <= 200 else text[:197] + "..."


def _message(error: Any) -> str:
    text = str(getattr(error, "message", error))
    return text if len(text) <= 300 else text[:297] + "..."


def _collect(errors: Iterable[Any], code: str, severity: Severity, what: str) -> Iterator[Diagnostic]:
    count = 0
    for error in errors:
        count += 1
        if count <= MAX_REPORTED:
            yield Diagnostic(code, severity, f"{what}: {_message(error)}", _pointer(error))
    if count > MAX_REPORTED:
        yield Diagnostic(code, severity, f"{what}: {count - MAX_REPORTED} more problems not listed", "")


def validate_openapi3(document: Document) -> list[Diagnostic]:
    """Problems of the input, as warnings (a broken input that can still be converted is converted)."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = str(document.get("openapi", ""))
    validator = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    try:
        return list(_collect(validator(document).iter_errors(), "XT020", Severity.WARNING,
                             "the input is not valid OpenAPI " + version[:3]))
    except Exception as exc:  # the validator itself failed (e.g. on an unresolvable $ref)
        return [Diagnostic("XT021", Severity.WARNING, f"input validation could not finish: {_short(exc)}", "")]


def validate_swagger2(document: Document) -> list[Diagnostic]:
    """Problems of the output, as errors: an invalid conversion is a bug and is never written."""
    from openapi_spec_validator import OpenAPIV2SpecValidator

    try:
        return list(_collect(OpenAPIV2SpecValidator(document).iter_errors(), "XT901", Severity.ERROR,
                             "the output is not valid Swagger 2.0 (please report this as an xtgen bug)"))
    except Exception as exc:
        return [Diagnostic("XT902", Severity.ERROR, f"output validation failed to run: {_short(exc)}", "")]
