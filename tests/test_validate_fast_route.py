"""The fast route of validation gives openapi-spec-validator's (OSV's) own answers, error for error.

xtgen.validate.osv_errors runs OSV's keyword walk with sets instead of lists, a jsonschema-rs pre-filter before
each meta-schema check, a crawled registry for OpenAPI 3.1, and skips OSV's first pass when the pre-check
vouches for it (fast.precheck(...).document). Each test here compares that route with OSV run whole: the
same errors (type, message, path) in the same order, or the same exception; and the diagnostics xtgen
reports with what OSV's own run turns into.
"""

from __future__ import annotations

import copy
import json
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xtgen import Options, convert
from xtgen import validate as xv
from xtgen.formats import openapi3_version
from xtgen.read.load import load_document
from xtgen.validate import fast as validate_fast

from .conftest import FIXTURES
from .fuzz_strategies import mutated_fixtures, targeted_documents

needs_rs = pytest.mark.skipif(not validate_fast.available(), reason="jsonschema-rs is not installed")

INPUTS = sorted(p for p in FIXTURES.glob("*/input.*") if p.suffix in (".json", ".yaml", ".yml"))
REPRODUCERS = ("validate-mailchimp-defaults", "validate-sagemaker-patterns")


def version_of(document: Any) -> str:
    return "2.0" if "swagger" in document else openapi3_version(document)


def outcome(errors: Any) -> tuple[str, Any]:
    """("errors", [(type, message, path), ...]) or ("raises", the exception's first line)."""
    try:
        return "errors", [(type(e).__name__, str(e.message), list(e.absolute_path)) for e in errors]
    except Exception as exc:
        return "raises", xv.short_reason(exc)


def osv_whole(document: Any, version: str) -> tuple[str, Any]:
    return outcome(_lazy(lambda: xv._osv_class(version)(document).iter_errors()))


def osv_own(document: Any, version: str) -> tuple[str, Any]:
    return outcome(_lazy(lambda: xv._own_class(version)(document).iter_errors()))


def _lazy(make: Any) -> Any:
    yield from make()


def expected_diagnostics(document: Any, version: str) -> list[Any]:
    """What xtgen reported before the fast route: OSV's whole run, collected the same way."""
    what = "the input is not valid OpenAPI " + version
    try:
        return list(xv._collect(xv._osv_class(version)(document).iter_errors(), "XT020", xv.Severity.WARNING, what))
    except Exception as exc:
        message = f"input validation could not finish: {xv.short_reason(exc)}"
        return [xv.Diagnostic("XT021", xv.Severity.WARNING, message, "")]


def assert_same_as_osv(document: Any) -> None:
    from xtgen.validate.fanout import fanout_problem

    if fanout_problem(document) is not None:
        return  # xtgen never runs OSV on it (XT022 / XT904): OSV would walk it for hours or forever
    version = version_of(document)
    whole = osv_whole(document, version)
    assert outcome(_lazy(lambda: xv.osv_errors(document, version))) == whole
    vouched = version in validate_fast.SCHEMA_FILES and validate_fast.available()
    if vouched and validate_fast.precheck(document, version).document:  # the first pass may be skipped
        first = outcome(_lazy(lambda: xv._osv_class(version).schema_validator.iter_errors(document)))
        assert first == ("errors", [])  # as vouched: the first pass finds nothing
        assert outcome(_lazy(lambda: xv.osv_errors(document, version, "skip"))) == whole
    if version == "2.0":
        assert outcome(_lazy(lambda: xv.osv_errors(document, "2.0", "own"))) == osv_own(document, "2.0")


def fixture_documents(path: Path) -> list[Any]:
    source, _ = load_document(path)
    found = [source]
    if "swagger" not in source:
        output = convert(source, Options(target="swagger2", validate=False, base_dir=path.parent)).document
        if output is not None:
            found.append(output)
    return found


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.parent.name)
def test_fast_route_gives_osv_errors_on_every_fixture(path: Path) -> None:
    for document in fixture_documents(path):
        assert_same_as_osv(document)


@needs_rs
@pytest.mark.parametrize("case", REPRODUCERS)
def test_reproducers_report_what_osv_reports(case: str) -> None:
    document = json.loads((FIXTURES / case / "input.json").read_text(encoding="utf-8"))
    found = xv.validate_openapi3(document)
    assert found == expected_diagnostics(document, "3.0")
    assert found and all(d.code == "XT020" for d in found)
    # the whole document cannot be vouched for, but its first pass can: only the keyword walk runs
    assert validate_fast.precheck(document, "3.0") == validate_fast.Precheck(document=True, whole=False)


@needs_rs
def test_mailchimp_defaults_are_reported_at_an_empty_pointer() -> None:
    document = json.loads((FIXTURES / "validate-mailchimp-defaults" / "input.json").read_text(encoding="utf-8"))
    found = xv.validate_openapi3(document)
    assert [(d.message, d.pointer) for d in found] == [
        ("the input is not valid OpenAPI 3.0: False is not of type 'string'", ""),
    ]  # the response property's `default: false` (OSV's keyword walk does not visit request bodies)


@needs_rs
def test_sagemaker_patterns_fail_the_strict_precheck_but_not_the_first_pass() -> None:
    document = json.loads((FIXTURES / "validate-sagemaker-patterns" / "input.json").read_text(encoding="utf-8"))
    assert not validate_fast._document_validator("3.0").is_valid(document)  # jsonschema-rs checks format: regex
    assert validate_fast._first_pass_validator("3.0").is_valid(document)
    messages = [d.message for d in xv.validate_openapi3(document)]
    assert len(messages) == 7
    assert all(m.endswith("is not a 'regex'") for m in messages)


def test_quick_walk_uses_sets() -> None:
    validator = xv._quick_class("3.0")({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}})
    schema = validator.keyword_validators_registry["schema"]
    assert isinstance(schema.visited_schema_ids, xv._IdSet)
    assert isinstance(schema.meta_checked_schema_ids, xv._IdSet)
    assert isinstance(validator.keyword_validators_registry["operation"].operation_ids_registry, xv._IdSet)


def test_id_set_answers_as_a_list_does() -> None:
    """Found by hypothesis: an operationId that is an object (unhashable) must not raise."""
    values: list[Any] = [1, "a", {"b": 1}, [2], None, 1.0, True, {"b": 1}, [2], "a"]
    registry, plain = xv._IdSet(), []
    for value in values:
        assert (value in registry) == (value in plain)
        registry.append(value)
        plain.append(value)


def test_object_operation_ids_give_osv_errors() -> None:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": {"x": 1}, "responses": {"200": {"description": "ok"}}}},
            "/b": {"get": {"operationId": {"x": 1}, "responses": {"200": {"description": "ok"}}}},
        },
    }
    assert_same_as_osv(document)


META_SAMPLES = [
    {"type": "string"},
    {"type": "strin"},
    {"type": "string", "pattern": "[\\p{L}]+"},
    {"type": "string", "pattern": "(?<year>[0-9]{4})"},
    {"type": "object", "properties": {"a": {"type": ["string", "null"]}, "b": {"$ref": "#/x"}}},
    {"type": "object", "properties": {"a": {"minLength": -1}}},
    {"allOf": [{"type": "integer"}, {"maximum": "ten"}]},
    {"enum": []},
    {"items": [{"type": "string"}], "additionalItems": False},
    {"discriminator": {"propertyName": 1}},
    {"$defs": {"a": {"type": 3}}},
    {"type": "string", "format": "email", "examples": ["a@b"]},
    True,
    [],
]


@pytest.mark.parametrize("schema", META_SAMPLES, ids=lambda s: json.dumps(s)[:40])
def test_crawled_meta_check_raises_what_check_schema_raises(schema: Any) -> None:
    from openapi_schema_validator import OAS31Validator, oas31_format_checker

    original = partial(OAS31Validator.check_schema, format_checker=oas31_format_checker)
    crawled = xv._crawled_checker(original)
    assert crawled is not original

    def run(checker: Any) -> Any:
        try:
            checker(copy.deepcopy(schema))
        except Exception as exc:
            return type(exc).__name__, getattr(exc, "message", str(exc)), list(getattr(exc, "path", []))
        return None

    assert run(crawled) == run(original)


def test_crawled_first_pass_gives_the_same_errors() -> None:
    base = xv._osv_class("3.1").schema_validator
    quick = xv._quick_class("3.1").schema_validator
    assert quick is not base
    documents = [
        {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}},
        {"openapi": "3.1.0", "info": {"title": 1}, "paths": {"x": {}}, "components": {"schemas": {"A": 3}}},
        {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "webhooks": {"w": {"post": {"responses": 1}}}},
    ]
    for document in documents:
        assert outcome(quick.iter_errors(document)) == outcome(base.iter_errors(document))


def test_other_checkers_are_left_alone() -> None:
    def checker(schema: Any) -> None:
        return None

    assert xv._crawled_checker(checker) is checker


SLOW = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@SLOW
@given(targeted_documents())
def test_fast_route_gives_osv_errors_on_generated_documents(document: Any) -> None:
    assert_same_as_osv(document)


@SLOW
@given(mutated_fixtures())
def test_fast_route_gives_osv_errors_on_mutated_fixtures(document: Any) -> None:
    if isinstance(document, dict) and ("swagger" in document or "openapi" in document):
        assert_same_as_osv(document)


PATTERNS = ["^[a-z]+$", "[\\p{L}\\p{N}]*", "(?<year>[0-9]{4})", "a{1,", "\\d+", "[", "^\\w+$"]
DEFAULTS = [False, 0, "x", None, [], {"a": 1}, 1.5]
TYPES = ["string", "integer", "boolean", "array", "object", "number"]


@st.composite
def invalid_schemas(draw: st.DrawFn) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": draw(st.sampled_from(TYPES))}
    if draw(st.booleans()):
        schema["pattern"] = draw(st.sampled_from(PATTERNS))
    if draw(st.booleans()):
        schema["default"] = draw(st.sampled_from(DEFAULTS))
    if draw(st.booleans()):
        schema["nullable"] = draw(st.booleans())
    if schema["type"] == "array":
        schema["items"] = {"type": draw(st.sampled_from(TYPES)), "pattern": draw(st.sampled_from(PATTERNS))}
    if draw(st.booleans()):
        schema = {"allOf": [schema, {"$ref": "#/components/schemas/Base"}], "required": ["id", "missing"]}
    return schema


@st.composite
def documents_with_invalid_schemas(draw: st.DrawFn) -> dict[str, Any]:
    version = draw(st.sampled_from(["3.0.3", "3.1.0"]))
    schemas = {f"S{i}": draw(invalid_schemas()) for i in range(draw(st.integers(1, 5)))}
    schemas["Base"] = {
        "type": "object",
        "properties": {"id": {"type": "string", "default": draw(st.sampled_from(DEFAULTS))}},
    }
    operation_id = draw(st.sampled_from(["op", "op", "other"]))
    paths = {
        "/a/{id}": {
            "get": {
                "operationId": "op",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"$ref": "#/components/schemas/S0"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Base"}}},
                    }
                },
            },
            "post": {"operationId": operation_id, "responses": {"200": {"description": "ok"}}},
        }
    }
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


@SLOW
@given(documents_with_invalid_schemas())
def test_fast_route_gives_osv_errors_on_invalid_schemas(document: Any) -> None:
    assert_same_as_osv(document)
    version = version_of(document)
    found = xv.validate_openapi3(document)
    assert found == expected_diagnostics(document, version)
    output = convert(document, Options(target="swagger2", validate=False)).document
    if output is not None:
        assert_same_as_osv(output)


REGEX_SAMPLES = [
    "^[a-z]+$",
    "(a+)+$",
    "[",
    "(?P<name>x)",
    "(?<name>x)",
    "\\p{L}+",
    "[[:alpha:]]",
    "(?<=a)b",
    "(?<!a+)b",
    "a{2,1}",
    "\\",
    "[a-]",
    "[--a]",
    "(?i)abc",
    "abc(?i)",
    "\\d{3}-\\d{4}",
    "\\Z",
    "\\z",
    "",
]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(REGEX_SAMPLES), st.text(alphabet="()[]{}?*+\\^$|.-:<>=!PpLdwsZz0123,ai", max_size=8)))
def test_regex_format_is_judged_as_the_validator_judges_it(pattern: str) -> None:
    """The pre-check's `format: regex` (the meta-schema check of every schema's `pattern`) answers what
    OAS30Validator's format checker answers, without importing openapi-schema-validator."""
    import warnings

    from openapi_schema_validator import OAS30Validator

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert validate_fast._is_regex(pattern) is OAS30Validator.FORMAT_CHECKER.conforms(pattern, "regex")
    assert validate_fast._is_regex(3) is OAS30Validator.FORMAT_CHECKER.conforms(3, "regex")
