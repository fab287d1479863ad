"""Stages 2b and 7: validate the OpenAPI 3 input (warnings) and the Swagger 2.0 output (errors).

The verdict is openapi-spec-validator's (OSV). A fast pre-check (validate_fast.py) answers first; only when
it cannot vouch for a document does OSV itself run, so every reported problem and its wording is OSV's.
OSV runs with its pure-Python jsonschema backend whatever else is installed (its jsonschema-rs backend
words messages differently). Both are imported here, lazily, so that `xtgen --help` stays fast.

When OSV runs, it runs through osv_errors: OSV's own two passes and keyword walk, yielding the same errors
in the same order, with what made it slow on large invalid documents taken out (lists searched for every
schema visited, a meta-schema check that jsonschema-rs can vouch for, a registry crawled again at every
`$dynamicRef` of OpenAPI 3.1) and its first pass skipped when the pre-check vouches for that pass alone.
tests/test_validate_fast_route.py and bench/validate_equiv.py compare it with OSV run whole.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from functools import cache, wraps
from typing import Any, ParamSpec, TypeVar

from xtgen import pointer as jp
from xtgen.formats import openapi3_version
from xtgen.model import Diagnostic, Document, Severity
from xtgen.read.limits import Facts, facts_for

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


def _own_class(version: str) -> Any:
    """OSV's validator class for a version, as OSV has it (jsonschema-rs for the first pass when installed)."""
    from openapi_spec_validator import OpenAPIV2SpecValidator, OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    return {"2.0": OpenAPIV2SpecValidator, "3.0": OpenAPIV30SpecValidator, "3.1": OpenAPIV31SpecValidator}[version]


@cache
def _osv_class(version: str) -> Any:
    """OSV's validator class for a version, pinned to the pure-Python jsonschema backend."""
    base = _own_class(version)
    try:  # OSV 0.8+ picks jsonschema-rs when installed; older releases have only the Python backend
        from openapi_spec_validator.schemas import schema_v2, schema_v30, schema_v31
        from openapi_spec_validator.schemas.backend.jsonschema import create_validator
    except ImportError:
        return base
    schema = {"2.0": schema_v2, "3.0": schema_v30, "3.1": schema_v31}[version]
    return type(base.__name__, (base,), {"schema_validator": create_validator(schema)})


class _IdSet:
    """What OSV's keyword walk keeps in a list and searches for every schema it visits (ids of visited and
    meta-checked schemas, operationIds: quadratic, 7 s of mailchimp.com's 5 MB), with the same answers: a set
    for hashable members, a list for the others (an operationId may be any JSON value, e.g. an object)."""

    def __init__(self) -> None:
        self.hashed: set[Any] = set()
        self.other: list[Any] = []

    def __contains__(self, item: Any) -> bool:
        try:
            return item in self.hashed
        except TypeError:
            return item in self.other

    def append(self, item: Any) -> None:
        try:
            self.hashed.add(item)
        except TypeError:
            self.other.append(item)


@cache
def _quick_class(version: str) -> Any:
    """_osv_class(version) with the same keyword walk, the same errors in the same order, done faster:
    - the walk's registries of visited schemas, meta-checked schemas and operationIds are sets, not lists;
    - for 2.0 and 3.0, a schema's meta-schema check (`OAS30Validator.check_schema`, the slow part of the walk)
      runs only when jsonschema-rs, the pre-check's meta-schema validator, does not vouch for the schema;
    - for 3.1, that check and the first pass use validators whose registries are crawled once (_crawled).
    """
    base = _osv_class(version)
    schema_base, operation_base = base.keyword_validators["schema"], base.keyword_validators["operation"]
    meta_prefilter = version in ("2.0", "3.0")

    class Schema(schema_base):  # type: ignore[misc,valid-type]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            self.visited_schema_ids = _IdSet()
            self.meta_checked_schema_ids = _IdSet()

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            from xtgen.validate import fast as validate_fast

            if meta_prefilter and validate_fast.available() and validate_fast.meta_passes(schema_value):
                return None
            return super()._validate_schema_meta(schema, schema_value)

        def _get_schema_checker(self, schema: Any, schema_value: Any) -> Callable[[Any], None]:
            checker = super()._get_schema_checker(schema, schema_value)
            return _crawled_checker(checker) if version == "3.1" else checker  # type: ignore[no-any-return]

    class Operation(operation_base):  # type: ignore[misc,valid-type]
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            self.operation_ids_registry = _IdSet()

    keywords = {**base.keyword_validators, "schema": Schema, "operation": Operation}
    return type(
        base.__name__, (base,), {"keyword_validators": keywords, "schema_validator": _crawled(base.schema_validator)}
    )


def _crawled(validator: Any) -> Any:
    """The same python-jsonschema validator with its registry crawled once: uncrawled, every `$dynamicRef`
    (OpenAPI 3.1's schemas have them) crawls it again to find its anchor, 4/5 of a 3.1 document's first pass."""
    try:
        target = getattr(validator, "__wrapped__", validator)  # OSV 0.8.2 (the lower bound) hands out a lazy proxy
        resolver = target._resolver
        crawled = resolver._registry.crawl().resolver(base_uri=resolver._base_uri)
        return type(target)(target.schema, _resolver=crawled, format_checker=target.format_checker)
    except Exception:  # another validator or another jsonschema: it runs as it is
        return validator


def _crawled_checker(checker: Any) -> Any:
    """OSV's meta-schema check of an OpenAPI 3.1 schema, `partial(OAS31Validator.check_schema, format_checker=F)`,
    done by one validator of the meta-schema with its registry crawled: check_schema (openapi-schema-validator's
    check_openapi_schema) builds a new one for every schema, which crawls its registry again at every
    `$dynamicRef`. It raises what check_schema raises, a SchemaError made from the first error. A checker
    of another shape is returned as it is."""
    from openapi_schema_validator.validators import check_openapi_schema

    func = getattr(checker, "func", None)
    owner = getattr(func, "__self__", None)
    keywords = getattr(checker, "keywords", None)
    if owner is None or getattr(func, "__func__", None) is not check_openapi_schema or checker.args:
        return checker
    if not isinstance(keywords, dict) or set(keywords) != {"format_checker"}:
        return checker
    return _meta_schema_checker(owner, keywords["format_checker"])


@cache
def _meta_schema_checker(owner: Any, format_checker: Any) -> Callable[[Any], None]:
    """check_openapi_schema(owner, schema, format_checker), its meta-schema validator built once."""
    from jsonschema.exceptions import SchemaError
    from jsonschema.validators import validator_for
    from openapi_schema_validator.validators import OPENAPI_SPECIFICATIONS  # type: ignore[attr-defined]

    meta_class = validator_for(owner.META_SCHEMA, default=owner)
    meta = meta_class(owner.META_SCHEMA, format_checker=format_checker, registry=OPENAPI_SPECIFICATIONS)
    validator = _crawled(meta)

    def check(schema: Any) -> None:
        for error in validator.iter_errors(schema):
            raise SchemaError.create_from(error)

    return check


def osv_errors(document: Document, version: str, first_pass: str = "python") -> Iterator[Any]:
    """The errors openapi-spec-validator (OSV) yields for a document, in its order, faster than OSV itself.

    OSV runs two passes, each error wrapped as an OpenAPIValidationError: the document against the OpenAPI
    JSON Schema, then its keyword walk (done here by _quick_class). `first_pass` says how the first pass runs:
    "python" as _osv_class(version) has it (python-jsonschema), "own" as OSV's own class has it (jsonschema-rs
    when installed), "skip" not at all (only when the pre-check vouched that it yields nothing).
    `osv_errors(doc, v)` yields what `_osv_class(v)(doc).iter_errors()` yields, and `osv_errors(doc, v, "own")`
    what OSV's own class yields."""
    from openapi_spec_validator.validation.decorators import wraps_errors

    validator = _quick_class(version)(document)

    def both() -> Iterator[Any]:
        if first_pass == "python":
            yield from validator.schema_validator.iter_errors(document)
        elif first_pass == "own":
            yield from _own_class(version).schema_validator.iter_errors(document)
        yield from validator.root_validator(validator.schema_path)

    return iter(wraps_errors(both)())


def osv_errors_first_pass(document: Document, version: str) -> Iterator[Any]:
    """The errors of OSV's own class's first pass alone (wrapped as OSV wraps them)."""
    from openapi_spec_validator.validation.decorators import wraps_errors

    return iter(wraps_errors(_own_class(version).schema_validator.iter_errors)(document))


def _precheck(document: Document, version: str, facts: Facts | None) -> tuple[bool, bool]:
    """(OSV's first pass would find nothing, OSV would find nothing at all), as far as the pre-check knows."""
    from xtgen.validate import fast as validate_fast

    if not validate_fast.available() or version not in validate_fast.SCHEMA_FILES:
        return False, False
    known = facts_for(facts, document)
    found = validate_fast.precheck(document, version, None if known is None else known.plain)
    return found.document, found.whole


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
def validate_openapi3(document: Document, facts: Facts | None = None) -> list[Diagnostic]:
    """Problems of the input, as warnings (a broken input that can still be converted is converted). `facts`:
    the document's (xtgen.read.limits.measure), when the caller has them."""
    from xtgen.validate.fanout import fanout_message, fanout_problem

    version = openapi3_version(document)
    culprit = fanout_problem(document, facts)
    if culprit is not None:
        message = fanout_message("input validation skipped", culprit[1]) + "; merge the parts"
        return [Diagnostic("XT022", Severity.WARNING, message, culprit[0])]

    first_pass_clean, clean = _precheck(document, version, facts) if version == "3.0" else (False, False)
    if clean:
        return []
    try:
        return list(
            _collect(
                osv_errors(document, version, "skip" if first_pass_clean else "python"),
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
    from xtgen.validate.refs import survey_output

    # one walk answers what each check below would walk the whole output for, the refs that count included
    facts, sites = survey_output(document)
    culprit = fanout_problem(document, facts)
    if culprit is not None:
        message = fanout_message("the output cannot be validated", culprit[1])
        message += "; merge the parts, or pass --no-validate to write it unchecked"
        return [Diagnostic("XT904", Severity.ERROR, message, culprit[0])]
    slow = slow_pattern(document, facts)
    if slow is not None:
        message = slow_pattern_message("the output cannot be validated") + ", or pass --no-validate"
        return [Diagnostic("XT904", Severity.ERROR, message, slow)]
    dangling = _dangling(document, facts, sites)
    first_pass_clean, clean = _precheck(document, "2.0", facts)
    if not dangling and clean:
        return []  # openapi-spec-validator (0.3-0.4 s to import) is not even imported
    what = "the output is not valid Swagger 2.0 (please report this as an xtgen bug)"
    try:
        errors = osv_errors(document, "2.0", "skip" if first_pass_clean else "python")
        found = list(_collect(errors, "XT901", Severity.ERROR, what))
        if not found and _osv_class("2.0") is not _own_class("2.0"):
            # OSV's own class differs only in its first pass: the keyword walk just found nothing (and raised
            # nothing), so only the first pass runs again
            errors = osv_errors_first_pass(document, "2.0")
            found = list(_collect(errors, "XT901", Severity.ERROR, what))
        return dangling + found
    except Exception as exc:
        return [
            *dangling,
            Diagnostic("XT902", Severity.ERROR, f"output validation failed to run: {short_reason(exc)}", ""),
        ]


def _dangling(document: Document, facts: Facts | None, sites: frozenset[str] | None = None) -> list[Diagnostic]:
    """XT905 for each $ref of the output that points at nothing (validators miss those no path reaches).
    `facts`, `sites`: the output's (xtgen.validate.refs.survey_output), when the caller has them."""
    from xtgen.validate.refs import dangling_refs

    found = dangling_refs(document, facts, sites)
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
