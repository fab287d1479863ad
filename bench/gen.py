"""Deterministic synthetic OpenAPI 3.0 specs of realistic shape, at any multiple of a base size.

    python bench/gen.py SCALE OUT.json|OUT.yaml

The shape follows large real descriptions (GitHub's, cloud providers'): resources with collection and
item paths and nested sub-resources; path, query and header parameters, shared ones through
components.parameters; JSON request bodies and responses referring to shared schemas; schemas nested
five levels deep with allOf, oneOf, nullable, enums, formats, defaults and examples; shared responses
and headers; an oauth2 scheme with authorizationCode and clientCredentials flows and per-operation
scopes, beside an apiKey. Scale 1 is about 1 MB of JSON; scale N has N times as many resources (and so
paths, operations and schemas), with the same seed per resource, so the content grows linearly.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

RESOURCES_PER_SCALE = 8
WORDS = (
    "account",
    "billing",
    "catalog",
    "device",
    "event",
    "file",
    "group",
    "invoice",
    "job",
    "key",
    "label",
    "member",
    "note",
    "order",
    "project",
    "queue",
    "report",
    "secret",
    "team",
    "user",
    "volume",
    "webhook",
    "zone",
    "asset",
)
FORMATS = (
    ("string", "date-time"),
    ("string", "uuid"),
    ("string", "email"),
    ("integer", "int64"),
    ("integer", "int32"),
    ("number", "double"),
    ("string", "uri"),
    ("boolean", None),
)


def _name(i: int) -> str:
    return f"{WORDS[i % len(WORDS)]}{i // len(WORDS) or ''}"


def _leaf(rng: random.Random, label: str) -> dict[str, Any]:
    kind, fmt = rng.choice(FORMATS)
    schema: dict[str, Any] = {"type": kind, "description": f"The {label} of the object, as the API returns it."}
    if fmt:
        schema["format"] = fmt
    roll = rng.random()
    if (kind == "string" and fmt is None) or roll < 0.1:
        schema = {
            "type": "string",
            "enum": [f"{label}_{k}" for k in range(rng.randint(2, 6))],
            "description": f"State of the {label}.",
        }
        schema["default"] = schema["enum"][0]
    elif roll < 0.25:
        schema["nullable"] = True
    elif roll < 0.35 and kind == "integer":
        schema.update({"minimum": 0, "maximum": 1000, "default": 10})
    if rng.random() < 0.3:
        schema["example"] = {"string": f"example-{label}", "integer": 42, "number": 1.5, "boolean": True}[kind]
    return schema


def _object(rng: random.Random, prefix: str, depth: int, refs: list[str]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for k in range(rng.randint(4, 9)):
        label = f"{prefix}_{k}"
        roll = rng.random()
        if depth < 5 and roll < 0.25:
            props[label] = _object(rng, label, depth + 1, refs)
        elif depth < 5 and roll < 0.35:
            props[label] = {
                "type": "array",
                "items": _object(rng, label, depth + 1, refs),
                "description": f"List of {label} entries.",
            }
        elif refs and roll < 0.45:
            props[label] = {"$ref": f"#/components/schemas/{rng.choice(refs)}"}
        else:
            props[label] = _leaf(rng, label)
    schema: dict[str, Any] = {"type": "object", "properties": props}
    required = [n for n in props if rng.random() < 0.3]
    if required:
        schema["required"] = required
    if depth == 2 and rng.random() < 0.2:
        schema["additionalProperties"] = {"type": "string"}
    return schema


def _schemas(rng: random.Random, res: str, shared: list[str]) -> dict[str, Any]:
    base = f"{res.capitalize()}"
    out: dict[str, Any] = {}
    out[base + "Summary"] = _object(rng, "s", 3, shared)
    out[base] = {
        "allOf": [{"$ref": f"#/components/schemas/{base}Summary"}, _object(rng, "d", 1, shared)],
        "description": f"A {res} with every field.",
    }
    out[base + "Input"] = _object(rng, "i", 2, shared)
    out[base + "Patch"] = {
        "oneOf": [
            {"$ref": f"#/components/schemas/{base}Input"},
            {"type": "object", "properties": {"op": {"type": "string", "enum": ["add", "remove"]}}},
        ]
    }
    out[base + "List"] = {
        "type": "object",
        "required": ["items"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{base}Summary"}},
            "next": {"type": "string", "nullable": True, "format": "uri"},
        },
    }
    return out


def _op(
    rng: random.Random,
    res: str,
    verb: str,
    op_id: str,
    params: list[Any],
    body: str | None,
    ok: str | None,
    scopes: list[str],
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "tags": [res],
        "summary": f"{verb} {res}",
        "operationId": op_id,
        "description": f"{verb.capitalize()}s the {res}. " * rng.randint(1, 4),
    }
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}},
        }
    responses: dict[str, Any] = {}
    if ok:
        responses["200"] = {
            "description": "OK",
            "headers": {"X-Rate-Limit": {"$ref": "#/components/headers/RateLimit"}},
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ok}"}}},
        }
    else:
        responses["204"] = {"description": "Deleted"}
    responses["404"] = {"$ref": "#/components/responses/NotFound"}
    responses["default"] = {"$ref": "#/components/responses/Error"}
    op["responses"] = responses
    op["security"] = [{"oauth": scopes}, {"apiKey": []}]
    return op


def generate(scale: int, seed: int = 7) -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "integer", "format": "int32"},
                "message": {"type": "string"},
                "details": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"field": {"type": "string"}, "issue": {"type": "string"}},
                    },
                },
            },
        },
    }
    paths: dict[str, Any] = {}
    scopes: dict[str, str] = {}
    shared: list[str] = []
    for i in range(scale * RESOURCES_PER_SCALE):
        res = _name(i)
        rng = random.Random(f"{seed}-{i}")
        scopes[f"{res}:read"] = f"Read {res}s"
        scopes[f"{res}:write"] = f"Change {res}s"
        new = _schemas(rng, res, shared[-20:])
        schemas.update(new)
        shared.append(res.capitalize() + "Summary")
        base = res.capitalize()
        item_id = {
            "name": f"{res}_id",
            "in": "path",
            "required": True,
            "description": f"The {res}'s id.",
            "schema": {"type": "string", "format": "uuid"},
        }
        read, write = [f"{res}:read"], [f"{res}:write"]
        list_params: list[Any] = [
            {"$ref": "#/components/parameters/PerPage"},
            {"$ref": "#/components/parameters/Page"},
            {
                "name": "sort",
                "in": "query",
                "schema": {"type": "string", "enum": ["created", "updated", "name"], "default": "created"},
            },
            {
                "name": "fields",
                "in": "query",
                "style": "form",
                "explode": False,
                "schema": {"type": "array", "items": {"type": "string"}},
            },
        ]
        paths[f"/{res}s"] = {
            "get": _op(rng, res, "list", f"{res}/list", list_params, None, base + "List", read),
            "post": _op(rng, res, "create", f"{res}/create", [], base + "Input", base, write),
        }
        paths[f"/{res}s/{{{res}_id}}"] = {
            "parameters": [item_id],
            "get": _op(
                rng, res, "get", f"{res}/get", [{"$ref": "#/components/parameters/IfNoneMatch"}], None, base, read
            ),
            "patch": _op(rng, res, "update", f"{res}/update", [], base + "Patch", base, write),
            "delete": _op(rng, res, "delete", f"{res}/delete", [], None, None, write),
        }
        for j in range(rng.randint(1, 3)):
            sub = f"/{res}s/{{{res}_id}}/{_name(i + j + 1)}s"
            paths[sub] = {
                "parameters": [item_id],
                "get": _op(rng, res, "list", f"{res}/list-{j}", list_params[:2], None, base + "List", read),
            }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"Synthetic API x{scale}",
            "version": "1.0.0",
            "description": "Generated by xtgen's bench/gen.py: a deterministic spec of realistic shape.",
        },
        "servers": [
            {
                "url": "https://{region}.api.example.com/v1",
                "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}},
            }
        ],
        "tags": [{"name": _name(i)} for i in range(scale * RESOURCES_PER_SCALE)],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "PerPage": {
                    "name": "per_page",
                    "in": "query",
                    "schema": {"type": "integer", "default": 30, "minimum": 1, "maximum": 100},
                },
                "Page": {"name": "page", "in": "query", "schema": {"type": "integer", "default": 1}},
                "IfNoneMatch": {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}},
            },
            "headers": {"RateLimit": {"description": "Requests left", "schema": {"type": "integer"}}},
            "responses": {
                "NotFound": {
                    "description": "Not found",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "Error": {
                    "description": "Error",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
            "securitySchemes": {
                "oauth": {
                    "type": "oauth2",
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": "https://login.example.com/authorize",
                            "tokenUrl": "https://login.example.com/token",
                            "refreshUrl": "https://login.example.com/token",
                            "scopes": scopes,
                        },
                        "clientCredentials": {"tokenUrl": "https://login.example.com/token", "scopes": scopes},
                    },
                },
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
        },
        "security": [{"oauth": []}],
    }


def write_spec(scale: int, path: Path) -> Path:
    doc = generate(scale)
    if path.suffix in (".yaml", ".yml"):
        from ruamel.yaml import YAML

        yaml: Any = YAML(typ="safe", pure=False)
        yaml.default_flow_style = False
        yaml.sort_base_mapping_type_on_output = False
        yaml.width = 4096
        with path.open("w", encoding="utf-8") as handle:
            yaml.dump(doc, handle)
    else:
        path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return path


def json_to_yaml(source: Path, target: Path) -> None:
    from ruamel.yaml import YAML

    yaml: Any = YAML(typ="safe", pure=False)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    yaml.width = 4096
    with target.open("w", encoding="utf-8") as handle:
        yaml.dump(json.loads(source.read_text(encoding="utf-8")), handle)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--to-yaml":  # used by run.py for real specs
        json_to_yaml(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) == 3:
        print(write_spec(int(sys.argv[1]), Path(sys.argv[2])))
    else:
        sys.exit(__doc__)
