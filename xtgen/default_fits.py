"""What openapi-schema-validator's OAS30Validator makes of a default against its schema, known without it.

openapi-spec-validator checks every default of a document against its schema with OAS30Validator, and
xtgen's conversion fits defaults to their schemas the same way (convert/defaults.py). Importing
openapi-schema-validator costs about 0.13 s (it imports pydantic-settings), more than checking every default
of a large spec, and nearly every default sits in a plain schema (`{"type": "integer", "default": 30}`).
surely_fits answers those; False means "ask the validator", never "invalid". tests/test_performance_paths.py
holds it to the validator on generated schemas and values, and these tables to the installed validator.
"""

from __future__ import annotations

from typing import Any

PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


# What openapi-schema-validator's OAS30Validator checks; any other key of a schema it ignores. The
# no-op ones (readOnly, example, ...) are not listed.
OAS30_ASSERTIONS = frozenset(
    {
        "$ref",
        "additionalProperties",
        "allOf",
        "anyOf",
        "enum",
        "format",
        "items",
        "maxItems",
        "maxLength",
        "maxProperties",
        "maximum",
        "minItems",
        "minLength",
        "minProperties",
        "minimum",
        "multipleOf",
        "not",
        "oneOf",
        "pattern",
        "properties",
        "required",
        "type",
        "uniqueItems",
    }
)
# formats its format checker adds to those of jsonschema.FormatChecker (tests/test_performance_paths.py keeps
# this list honest)
OAS30_FORMATS = frozenset({"binary", "byte", "double", "float", "int32", "int64", "password", "regex"})


def surely_fits(schema: Any, value: Any) -> bool:
    """True only when OAS30Validator certainly accepts value against schema.

    Decides the plain cases (type, enum of strings or integers, bounds without exclusive ones, lengths, an
    unchecked format, items of such) without importing the validator; False means "ask the validator", never
    "invalid". Asked first by the conversion's fit_defaults and by validate/fast.py's pre-check."""
    if not isinstance(schema, dict) or type(value) not in (str, int, float, bool, list):
        return False
    for key, rule in schema.items():
        if key not in OAS30_ASSERTIONS:
            continue
        if key in BOUNDS:
            if not _within(schema, key, rule, value):
                return False
        elif key == "type":
            kinds = PY_TYPES.get(rule) if isinstance(rule, str) else None
            if kinds is None or type(value) not in kinds:
                return False
        elif key == "enum":
            if (
                not isinstance(rule, list)
                or type(value) not in (str, int, bool)
                or not any(type(option) is type(value) and option == value for option in rule)
            ):
                return False
        elif key == "format":
            if rule in INTEGER_FORMATS and type(value) is int and -(2**31) <= value < 2**31:
                continue  # an int32 (so an int64 too): what int32/int64 check, by their names' definition
            if not isinstance(rule, str) or _format_is_checked(rule):
                return False
        elif key == "items":
            if type(value) is list and not all(surely_fits(rule, item) for item in value):
                return False
        elif key != "required":  # `required` only applies to objects, and value is none
            return False
    return True


BOUNDS = frozenset({"minimum", "maximum", "minLength", "maxLength"})
INTEGER_FORMATS = frozenset({"int32", "int64"})


def _within(schema: dict[str, Any], key: str, rule: Any, value: Any) -> bool:
    """A number within minimum/maximum (draft 4, with no exclusiveMinimum/-Maximum beside it), a string
    within minLength/maxLength (in code points, as python-jsonschema counts)."""
    if type(rule) not in (int, float) or (key in ("minLength", "maxLength") and type(rule) is not int):
        return False
    if key in ("minimum", "maximum"):
        if type(value) not in (int, float) or "exclusiveMinimum" in schema or "exclusiveMaximum" in schema:
            return False
        return bool(value >= rule if key == "minimum" else value <= rule)
    if type(value) is not str:
        return False
    return bool(len(value) >= rule if key == "minLength" else len(value) <= rule)


def _format_is_checked(name: str) -> bool:
    if name in OAS30_FORMATS:
        return True
    from jsonschema import FormatChecker  # far lighter than openapi_schema_validator

    return name in FormatChecker.checkers
