"""The fast paths give the answers of the slow ones: the validation pre-check and the JSON writer."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xtgen import validate as xv
from xtgen.app.write import dumps_indented, serialize
from xtgen.validate import fast as validate_fast

from .conftest import FIXTURES

GOLDEN_OUTPUTS = sorted(FIXTURES.glob("*/expected.json"))

needs_rs = pytest.mark.skipif(not validate_fast.available(), reason="jsonschema-rs is not installed")


def osv_diagnostics(document: Any, version: str) -> list[Any]:
    """What openapi-spec-validator itself says, collected as xtgen collects it."""
    if version == "2.0":
        return list(
            xv._collect(
                xv._osv_class("2.0")(document).iter_errors(),
                "XT901",
                xv.Severity.ERROR,
                "the output is not valid Swagger 2.0 (please report this as an xtgen bug)",
            )
        )
    return list(
        xv._collect(
            xv._osv_class("3.0")(document).iter_errors(),
            "XT020",
            xv.Severity.WARNING,
            "the input is not valid OpenAPI 3.0",
        )
    )


def swagger(**extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "parameters": [{"name": "id", "in": "path", "required": True, "type": "string"}],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Item"}}},
                }
            }
        },
        "definitions": {"Item": {"type": "object", "properties": {"name": {"type": "string", "default": "x"}}}},
    }
    doc.update(extra)
    return doc


def openapi(**extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {"Item": {"type": "object", "properties": {"name": {"type": "string", "default": "x"}}}}
        },
    }
    doc.update(extra)
    return doc


def _op(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["paths"]["/items/{id}"]["get"]  # type: ignore[no-any-return]


def _item(doc: dict[str, Any]) -> dict[str, Any]:
    key = "definitions" if "swagger" in doc else "components"
    return doc[key]["Item"] if key == "definitions" else doc[key]["schemas"]["Item"]  # type: ignore[no-any-return]


def _break_default(doc: dict[str, Any]) -> None:
    _item(doc)["properties"]["name"]["default"] = 5


def _break_nested_default(doc: dict[str, Any]) -> None:
    _item(doc)["properties"]["tags"] = {"type": "array", "items": {"type": "string", "enum": ["a"], "default": "b"}}


def _duplicate_operation_id(doc: dict[str, Any]) -> None:
    doc["paths"]["/other"] = {"get": {**copy.deepcopy(_op(doc)), "parameters": []}}


def _unresolved_path_parameter(doc: dict[str, Any]) -> None:
    doc["paths"]["/items/{id}/{extra}"] = doc["paths"].pop("/items/{id}")


def _undeclared_url_parameter(doc: dict[str, Any]) -> None:
    _op(doc)["parameters"][0]["name"] = "other"


def _duplicate_parameter(doc: dict[str, Any]) -> None:
    _op(doc)["parameters"].append(copy.deepcopy(_op(doc)["parameters"][0]))


def _duplicate_tag(doc: dict[str, Any]) -> None:
    doc["tags"] = [{"name": "a"}, {"name": "a"}]


def _required_missing_under_allof(doc: dict[str, Any]) -> None:
    _item(doc)["allOf"] = [{"type": "object", "properties": {"b": {"type": "string"}}}]
    _item(doc)["required"] = ["b", "nowhere"]


def _invalid_python_regex(doc: dict[str, Any]) -> None:
    _item(doc)["properties"]["name"]["pattern"] = "(?<year>[0-9]{4})"  # ECMA accepts it, Python does not


def _exclusive_maximum_alone(doc: dict[str, Any]) -> None:
    _item(doc)["properties"]["n"] = {"type": "integer", "exclusiveMaximum": True}  # draft 4: needs maximum


def _dangling_ref(doc: dict[str, Any]) -> None:
    _item(doc)["properties"]["other"] = {
        "$ref": "#/definitions/Nothing" if "swagger" in doc else "#/components/schemas/Nothing"
    }


def _unknown_field(doc: dict[str, Any]) -> None:
    _op(doc)["unknownField"] = 1


def _tuple_for_a_list(doc: dict[str, Any]) -> None:
    # python-jsonschema (so OSV) does not take a tuple for an array; jsonschema-rs does
    _op(doc)["parameters"] = tuple(_op(doc)["parameters"])


def _anchor_ref(doc: dict[str, Any]) -> None:
    _item(doc)["properties"]["other"] = {"$ref": "#Item"}  # not a JSON pointer: OSV cannot resolve it


def _recursive_items_under_all_of(doc: dict[str, Any]) -> None:
    # OSV collects the property names under allOf without a guard, required or not: it fails on a cycle
    home = "#/definitions/" if "swagger" in doc else "#/components/schemas/"
    loop = {"type": "array", "items": {"$ref": home + "Loop"}}
    if "swagger" in doc:
        doc["definitions"]["Loop"] = loop
    else:
        doc["components"]["schemas"]["Loop"] = loop
    _item(doc)["properties"]["loop"] = {"allOf": [{"$ref": home + "Loop"}]}


def _empty_enum_in_unused_schema(doc: dict[str, Any]) -> None:
    # jsonschema-rs's built-in draft-4 meta-schema accepts this; the published one does not
    unused = {"type": "string", "enum": []}
    if "swagger" in doc:
        doc["definitions"]["Unused"] = unused
    else:
        doc["components"]["schemas"]["Unused"] = unused


def _repeated_enum_value_on_parameter(doc: dict[str, Any]) -> None:
    param = _op(doc)["parameters"][0]
    (param if "swagger" in doc else param["schema"])["enum"] = ["a", "a"]


BREAKS = [
    _break_default,
    _break_nested_default,
    _duplicate_operation_id,
    _unresolved_path_parameter,
    _undeclared_url_parameter,
    _duplicate_parameter,
    _duplicate_tag,
    _required_missing_under_allof,
    _invalid_python_regex,
    _exclusive_maximum_alone,
    _dangling_ref,
    _unknown_field,
    _empty_enum_in_unused_schema,
    _repeated_enum_value_on_parameter,
    _tuple_for_a_list,
    _anchor_ref,
    _recursive_items_under_all_of,
]


@needs_rs
@pytest.mark.parametrize("make", [swagger, openapi], ids=["swagger2", "openapi30"])
def test_precheck_passes_valid_documents(make: Any) -> None:
    doc = make()
    version = "2.0" if "swagger" in doc else "3.0"
    assert osv_diagnostics(doc, version) == []
    assert validate_fast.passes(doc, version)


@needs_rs
@pytest.mark.parametrize("make", [swagger, openapi], ids=["swagger2", "openapi30"])
@pytest.mark.parametrize("break_", BREAKS, ids=[b.__name__.strip("_") for b in BREAKS])
def test_precheck_never_passes_what_osv_rejects(make: Any, break_: Any) -> None:
    doc = make()
    break_(doc)
    version = "2.0" if "swagger" in doc else "3.0"
    try:
        expected = osv_diagnostics(doc, version)
    except Exception:  # OSV fails on it: xtgen must not call it valid either
        expected = None
    assert expected != [], "the broken document should be invalid for openapi-spec-validator"
    assert not validate_fast.passes(doc, version)
    if expected is not None:  # and xtgen reports exactly what OSV reports
        found = xv.validate_swagger2(doc) if version == "2.0" else xv.validate_openapi3(doc)
        assert found == expected


@needs_rs
@pytest.mark.parametrize("path", GOLDEN_OUTPUTS, ids=[p.parent.name for p in GOLDEN_OUTPUTS])
def test_precheck_vouches_for_every_golden_output(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert osv_diagnostics(doc, "2.0") == []
    assert validate_fast.passes(doc, "2.0")


def test_precheck_uses_the_published_draft4_metaschema() -> None:
    from openapi_schema_validator import OAS30Validator

    assert validate_fast.draft4_metaschema() == dict(OAS30Validator.META_SCHEMA)


def test_osv_messages_keep_the_python_backend_wording() -> None:
    doc = openapi()
    _unknown_field(doc)
    messages = [d.message for d in xv.validate_openapi3(doc)]
    assert messages == ["the input is not valid OpenAPI 3.0: 'unknownField' does not match any of the regexes: '^x-'"]


@pytest.mark.parametrize("path", GOLDEN_OUTPUTS, ids=[p.parent.name for p in GOLDEN_OUTPUTS])
def test_writer_matches_json_dumps_on_goldens(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert serialize(doc) == json.dumps(doc, indent=2, ensure_ascii=False) + "\n" == path.read_text("utf-8")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(
            st.text(max_size=5) | st.integers() | st.floats() | st.booleans() | st.none(), inner, max_size=4
        )
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_writer_matches_json_dumps(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_writer_raises_what_json_dumps_raises() -> None:
    cyclic: dict[str, Any] = {"a": []}
    cyclic["a"].append(cyclic)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(cyclic)
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"when": {1, 2}})


def test_default_shortcut_knows_every_format_the_validator_checks() -> None:
    from jsonschema import FormatChecker
    from openapi_schema_validator import oas30_format_checker

    from xtgen.default_fits import OAS30_FORMATS

    assert set(oas30_format_checker.checkers) <= set(FormatChecker.checkers) | OAS30_FORMATS


SCHEMA_PARTS = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["string", "integer", "number", "boolean", "array", "object", "file"]),
        "enum": st.lists(
            st.one_of(st.text(max_size=2), st.integers(-2, 2), st.booleans(), st.floats(-2, 2)), max_size=3
        ),
        "format": st.sampled_from(["uri", "date-time", "int32", "int64", "uuid", "email", "byte", "custom"]),
        "required": st.booleans(),
        "description": st.text(max_size=3),
        "x-nullable": st.booleans(),
        "minimum": st.integers(-2, 2),
        "maximum": st.one_of(st.integers(-2, 2), st.floats(-2, 2), st.booleans()),
        "minLength": st.integers(0, 3),
        "maxLength": st.one_of(st.integers(0, 3), st.floats(0, 3)),
        "exclusiveMinimum": st.booleans(),
        "exclusiveMaximum": st.booleans(),
    },
)
DEFAULTS = st.one_of(
    st.text(max_size=3),
    st.integers(-3, 3),
    st.sampled_from([2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**63, -(2**63) - 1]),
    st.floats(-3, 3),
    st.booleans(),
    st.lists(st.one_of(st.text(max_size=2), st.integers(-2, 2)), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


@settings(max_examples=400, deadline=None)
@given(SCHEMA_PARTS, st.one_of(st.none(), SCHEMA_PARTS), DEFAULTS)
def test_default_shortcut_never_accepts_what_the_validator_rejects(schema: Any, items: Any, value: Any) -> None:
    from openapi_schema_validator import OAS30Validator, oas30_format_checker

    from xtgen.default_fits import surely_fits

    if items is not None:
        schema = {**schema, "items": items}
    if surely_fits(schema, value):
        errors = list(OAS30Validator(schema, format_checker=oas30_format_checker).iter_errors(value))
        assert errors == []
