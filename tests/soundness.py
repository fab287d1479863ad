"""Data the original accepts, the output must accept: OpenAPI 3.0 component schemas and their Swagger 2.0
conversions as JSON Schema draft 4, for hypothesis-jsonschema to generate from and jsonschema to check.

Used by tests/test_merge_soundness.py (soundness must be 100%) and bench/merge_soundness.py (figures).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema

from xtgen.read.load import load_document

# Keywords that describe without constraining, or that validators do not check: left out of both sides
IGNORED = frozenset(
    {"discriminator", "xml", "example", "examples", "externalDocs", "readOnly", "writeOnly", "deprecated", "format"}
)


def _openapi_ref(ref: str) -> str:
    return ref.replace("#/components/schemas/", "#/definitions/", 1)


def openapi30_to_draft4(schema: Any) -> Any:
    """An OpenAPI 3.0 Schema Object as draft 4 (nullable as a null alternative, refs to #/definitions)."""
    return _to_draft4(schema, nullable_key="nullable", rewrite_ref=_openapi_ref)


def swagger2_to_draft4(schema: Any) -> Any:
    """A Swagger 2.0 Schema Object as draft 4 (x-nullable as a null alternative, other x- keys left out)."""
    return _to_draft4(schema, nullable_key="x-nullable", rewrite_ref=lambda ref: ref)


def _to_draft4(schema: Any, *, nullable_key: str, rewrite_ref: Any) -> Any:
    if isinstance(schema, bool) or not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return {"$ref": rewrite_ref(schema["$ref"])}
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key.startswith("x-") or key in IGNORED or key == "nullable":
            continue
        if key in ("properties", "patternProperties") and isinstance(value, dict):
            out[key] = {n: _to_draft4(v, nullable_key=nullable_key, rewrite_ref=rewrite_ref) for n, v in value.items()}
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            out[key] = _to_draft4(value, nullable_key=nullable_key, rewrite_ref=rewrite_ref)
        elif key in ("allOf", "oneOf", "anyOf") and isinstance(value, list):
            out[key] = [_to_draft4(v, nullable_key=nullable_key, rewrite_ref=rewrite_ref) for v in value]
        else:
            out[key] = value
    if schema.get(nullable_key) is True:
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return {"anyOf": [out, {"type": "null"}]}
    return out


def bounded(schema: Any, definitions: dict[str, Any], depth: int = 2, _open: tuple[str, ...] = ()) -> Any:
    """The schema with its refs inlined, a recursive ref followed at most `depth` times and no value allowed
    past that, which hypothesis-jsonschema (which cannot follow recursive refs) can generate from. oneOf is
    read as anyOf: values matching any branch, a superset of the oneOf's that a sound merge accepts too
    (and that hypothesis can generate where overlapping open branches make oneOf's exclusivity unsatisfiable)."""
    if isinstance(schema, list):
        return [bounded(v, definitions, depth, _open) for v in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        if _open.count(name) >= depth or name not in definitions:
            return {"not": {}}
        return bounded(definitions[name], definitions, depth, (*_open, name))
    return {
        ("anyOf" if k == "oneOf" else k): (
            {n: bounded(v, definitions, depth, _open) for n, v in value.items()}
            if k in ("properties", "patternProperties") and isinstance(value, dict)
            else bounded(value, definitions, depth, _open)
            if k in ("items", "additionalProperties", "not", "allOf", "oneOf", "anyOf")
            else value
        )
        for k, value in schema.items()
    }


def rooted(name: str, definitions: dict[str, Any]) -> dict[str, Any]:
    return {"$ref": "#/definitions/" + name.replace("~", "~0").replace("/", "~1"), "definitions": definitions}


def schema_pairs(fixtures: Path) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(case/name, original as draft 4 with refs inlined (recursion bounded), converted as draft 4) for every
    component schema of every OpenAPI 3.0 fixture that converts."""
    for case in sorted(p for p in fixtures.iterdir() if (p / "expected.json").exists()):
        source = next(case.glob("input.*"))
        document, _ = load_document(source)
        if not str(document.get("openapi", "")).startswith("3.0"):
            continue
        schemas = (document.get("components") or {}).get("schemas") or {}
        output = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        converted = output.get("definitions") or {}
        if not isinstance(schemas, dict) or not schemas:
            continue
        original_defs = {n: openapi30_to_draft4(s) for n, s in schemas.items()}
        converted_defs = {n: swagger2_to_draft4(s) for n, s in converted.items()}
        for name in schemas:
            if name in converted:
                original = bounded(original_defs[name], original_defs, _open=(name,))
                if not jsonschema.Draft4Validator(jsonschema.Draft4Validator.META_SCHEMA).is_valid(original):
                    continue  # a fuzz fixture's invalid schema: no instances to speak of
                yield f"{case.name}/{name}", original, rooted(name, converted_defs)
