"""Hypothesis strategies that feed xtgen's fuzz tests (tests/test_fuzz.py).

Three sources of documents:
- `oas30_documents`: built from the OpenAPI 3.0 JSON schema that openapi-spec-validator ships. Each object
  definition becomes a hypothesis-jsonschema strategy; the schema's own `$ref`s are replaced by placeholders
  that Python fills, depth-bounded (hypothesis-jsonschema cannot resolve the schema's recursive refs, and
  inlining them all makes a schema too large to canonicalize in reasonable time).
- `targeted_documents`: hand-written strategies for the parts where xtgen does the most work: security
  schemes and requirements, parameters, request bodies and schemas (3.0 and 3.1 keywords, composition,
  recursion, refs to present and missing components).
- `mutated_fixtures`: the fixture inputs with a few random edits (a value replaced by another type, a key
  deleted, a subtree copied elsewhere, a $ref pointed somewhere else).

Component names come from small pools, so generated `$ref`s often hit and sometimes miss.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from hypothesis import strategies as st

from .conftest import FIXTURES

PLACEHOLDER = "\x00xtgen-fuzz-ref:"
SCHEMA_NAMES = ("Pet", "Node", "Error", "Missing")
PARAMETER_NAMES = ("limit", "id", "Missing")
RESPONSE_NAMES = ("NotFound", "Missing")
BODY_NAMES = ("PetBody", "Missing")
SCHEME_NAMES = ("oauth", "key", "basic", "bearer", "oidc", "cookie")
COMPONENT_POOLS = {
    "schemas": SCHEMA_NAMES,
    "parameters": PARAMETER_NAMES,
    "responses": RESPONSE_NAMES,
    "requestBodies": BODY_NAMES,
    "securitySchemes": SCHEME_NAMES,
    "headers": ("Rate",),
    "examples": ("Sample",),
}
JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)
NAMES = st.sampled_from(["a", "id", "name", "x-y", "ä", "a/b", "~0", "", "1", "$ref", "type"])


def local_refs(kind: str | None = None) -> st.SearchStrategy[str]:
    kinds = [kind] if kind else list(COMPONENT_POOLS)
    return st.one_of(
        *[st.sampled_from(COMPONENT_POOLS[k]).map(lambda n, k=k: f"#/components/{k}/{n}") for k in kinds],
        st.sampled_from(
            [
                "#/components/schemas/Pet/properties/name",
                "#/paths/~1pets/get",
                "#/nowhere",
                "#",
                "#/components",
                "#/components/schemas",
                "other.yaml#/x",
                "https://example.com/a.json",
                "#/components/schemas/Node/properties/children/items",
            ]
        ),
    )


def reference(kind: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda r: {"$ref": r}, local_refs(kind))


# ---------------------------------------------------------------- from the OpenAPI 3.0 JSON schema


@cache
def _oas30_definitions() -> dict[str, Any]:
    source = resources.files("openapi_spec_validator") / "resources" / "schemas" / "v3.0" / "schema.json"
    schema = json.loads(source.read_text(encoding="utf-8"))
    definitions = schema.pop("definitions")
    for key in ("id", "$schema"):
        schema.pop(key, None)
    definitions["Document"] = schema
    return {name: _with_placeholders(value) for name, value in definitions.items()}


def _with_placeholders(node: Any) -> Any:
    """Each `$ref` becomes a constant placeholder; `format` goes (hypothesis-jsonschema lacks uri-reference)."""
    if isinstance(node, list):
        return [_with_placeholders(v) for v in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        return {"const": PLACEHOLDER + ref.rsplit("/", 1)[1]}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "format" and isinstance(value, str):
            continue
        if key in ("properties", "patternProperties"):
            out[key] = {k: _with_placeholders(v) for k, v in value.items()}
        else:
            out[key] = _with_placeholders(value)
    return out


@cache
def _raw(name: str) -> st.SearchStrategy[Any]:
    from hypothesis_jsonschema import from_schema

    return from_schema(_oas30_definitions()[name])


LEAVES: dict[str, st.SearchStrategy[Any]] = {}


def _leaf(name: str) -> st.SearchStrategy[Any]:
    """What a placeholder becomes once the depth budget is spent: small, and often a $ref."""
    if name == "Schema":
        return st.one_of(st.just({"type": "string"}), reference("schemas"), st.just({}))
    if name == "Reference":
        return reference()
    if name in ("PathItem", "Callback", "Link", "Example", "Encoding", "XML"):
        return st.just({})
    if name == "Response":
        return st.one_of(st.just({"description": "ok"}), reference("responses"))
    return _raw(name)


@st.composite
def oas30_object(draw: st.DrawFn, name: str, depth: int) -> Any:
    if name == "Reference":
        return draw(reference())
    if name == "Components":
        return draw(components(depth))
    return _fill(draw, draw(_raw(name)), depth)


def _fill(draw: st.DrawFn, value: Any, depth: int) -> Any:
    if isinstance(value, str) and value.startswith(PLACEHOLDER):
        name = value[len(PLACEHOLDER) :]
        return draw(_leaf(name) if depth <= 0 else oas30_object(name, depth - 1))
    if isinstance(value, dict):
        return {k: _fill(draw, v, depth) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(draw, v, depth) for v in value]
    return value


@st.composite
def components(draw: st.DrawFn, depth: int) -> dict[str, Any]:
    kinds = {
        "schemas": "Schema",
        "parameters": "Parameter",
        "responses": "Response",
        "requestBodies": "RequestBody",
        "securitySchemes": "SecurityScheme",
        "headers": "Header",
        "examples": "Example",
    }
    out: dict[str, Any] = {}
    for kind in draw(st.lists(st.sampled_from(sorted(kinds)), unique=True, max_size=4)):
        names = draw(st.lists(st.sampled_from(COMPONENT_POOLS[kind]), unique=True, min_size=1, max_size=3))
        out[kind] = {n: draw(oas30_object(kinds[kind], max(depth - 1, 0))) for n in names}
    return out


def oas30_documents(depth: int = 3) -> st.SearchStrategy[Any]:
    """Documents the OpenAPI 3.0 schema describes (placeholders filled up to `depth` levels)."""
    return oas30_object("Document", depth)


# ---------------------------------------------------------------- targeted strategies

URLS = st.sampled_from(
    [
        "https://auth.example.com/authorize",
        "https://auth.example.com/token",
        "/token",
        "",
        "not a url",
        "https://ünï.example/tok?x=1#f",
    ]
)
SCOPES = st.dictionaries(st.sampled_from(["read", "write", "admin", "", "a b"]), st.text(max_size=8), max_size=3)


@st.composite
def oauth_flows(draw: st.DrawFn) -> dict[str, Any]:
    flows: dict[str, Any] = {}
    for flow in draw(
        st.lists(
            st.sampled_from(
                ["authorizationCode", "clientCredentials", "implicit", "password", "deviceCode", "x-custom"]
            ),
            unique=True,
            max_size=4,
        )
    ):
        value: dict[str, Any] = {}
        for key in draw(
            st.lists(st.sampled_from(["authorizationUrl", "tokenUrl", "refreshUrl", "scopes", "x-ext"]), unique=True)
        ):
            value[key] = draw(SCOPES if key == "scopes" else URLS if key != "x-ext" else JSON_VALUES)
        flows[flow] = draw(st.one_of(st.just(value), JSON_LEAVES)) if draw(st.integers(0, 9)) == 0 else value
    return flows


def security_schemes() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.builds(
            lambda flows, d: {"type": "oauth2", "flows": flows, **d},
            oauth_flows(),
            st.sampled_from([{}, {"description": "OAuth"}, {"x-ntx": 1}]),
        ),
        st.builds(
            lambda s, f: {"type": "http", "scheme": s, **f},
            st.sampled_from(["basic", "bearer", "Bearer", "digest", "", "negotiate"]),
            st.sampled_from([{}, {"bearerFormat": "JWT"}]),
        ),
        st.builds(
            lambda where, name: {"type": "apiKey", "in": where, "name": name},
            st.sampled_from(["header", "query", "cookie", "body"]),
            st.one_of(NAMES, st.integers()),
        ),
        st.builds(lambda url: {"type": "openIdConnect", "openIdConnectUrl": url}, URLS),
        st.just({"type": "mutualTLS"}),
        reference("securitySchemes"),
        JSON_LEAVES,
    )


def security_requirements() -> st.SearchStrategy[Any]:
    requirement = st.dictionaries(
        st.sampled_from([*SCHEME_NAMES, "undefined"]),
        st.one_of(st.lists(st.sampled_from(["read", "write", "other"]), max_size=2), JSON_LEAVES),
        max_size=2,
    )
    return st.one_of(st.lists(requirement, max_size=3), JSON_LEAVES)


SCHEMA_TYPES = st.one_of(
    st.sampled_from(["string", "integer", "number", "boolean", "array", "object", "null", "file", "date"]),
    st.lists(st.sampled_from(["string", "integer", "null", "object"]), max_size=3),
)


def _schema_extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keyword = st.one_of(
        st.tuples(st.just("properties"), st.dictionaries(NAMES, inner, max_size=3)),
        st.tuples(st.just("items"), st.one_of(inner, st.lists(inner, max_size=2))),
        st.tuples(st.sampled_from(["allOf", "oneOf", "anyOf", "prefixItems"]), st.lists(inner, max_size=3)),
        st.tuples(
            st.sampled_from(["not", "additionalProperties", "if", "then", "else", "contains"]),
            st.one_of(inner, st.booleans()),
        ),
        st.tuples(st.just("patternProperties"), st.dictionaries(st.sampled_from(["^x", "["]), inner, max_size=1)),
        st.tuples(st.just("$defs"), st.dictionaries(NAMES, inner, max_size=2)),
    )
    return st.builds(
        lambda base, extra: {**base, **dict(extra)},
        inner.filter(lambda s: isinstance(s, dict)),
        st.lists(keyword, min_size=1, max_size=3),
    )


@st.composite
def schema_leaf(draw: st.DrawFn) -> Any:
    out: dict[str, Any] = {}
    keys = draw(
        st.lists(
            st.sampled_from(
                [
                    "type",
                    "nullable",
                    "enum",
                    "const",
                    "default",
                    "example",
                    "examples",
                    "format",
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "minLength",
                    "maxLength",
                    "pattern",
                    "required",
                    "readOnly",
                    "writeOnly",
                    "deprecated",
                    "discriminator",
                    "title",
                    "description",
                    "x-ext",
                    "$id",
                    "unknownKeyword",
                    "multipleOf",
                    "uniqueItems",
                    "minItems",
                    "maxItems",
                    "xml",
                    "contentMediaType",
                ]
            ),
            unique=True,
            max_size=6,
        )
    )
    for key in keys:
        if key == "type":
            out[key] = draw(SCHEMA_TYPES)
        elif key in ("nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems"):
            out[key] = draw(st.one_of(st.booleans(), JSON_LEAVES))
        elif key == "enum":
            out[key] = draw(st.one_of(st.lists(JSON_LEAVES, max_size=4), JSON_LEAVES))
        elif key in ("exclusiveMinimum", "exclusiveMaximum"):
            out[key] = draw(st.one_of(st.booleans(), st.integers(-5, 5), st.floats(-1e3, 1e3)))
        elif key in ("minimum", "maximum", "multipleOf"):
            out[key] = draw(st.one_of(st.integers(-10, 10), st.floats(-1e6, 1e6), st.text(max_size=3)))
        elif key in ("minLength", "maxLength", "minItems", "maxItems"):
            out[key] = draw(st.one_of(st.integers(-1, 5), st.text(max_size=2)))
        elif key == "format":
            out[key] = draw(st.sampled_from(["int32", "int64", "date-time", "binary", "base64", "uuid", "byte"]))
        elif key == "pattern":
            out[key] = draw(st.sampled_from(["^[a-z]+$", "[", "\\d{2}", ""]))
        elif key == "required":
            out[key] = draw(st.one_of(st.lists(NAMES, max_size=3), JSON_LEAVES))
        elif key == "discriminator":
            out[key] = draw(
                st.one_of(
                    st.builds(
                        lambda p, m: {"propertyName": p, "mapping": m},
                        NAMES,
                        st.dictionaries(NAMES, st.one_of(local_refs("schemas"), NAMES), max_size=2),
                    ),
                    NAMES,
                    JSON_LEAVES,
                )
            )
        elif key == "examples":
            out[key] = draw(st.one_of(st.lists(JSON_VALUES, max_size=3), JSON_VALUES))
        elif key == "xml":
            out[key] = {"name": draw(NAMES)}
        else:
            out[key] = draw(JSON_VALUES)
    return out


def schemas(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    base = st.one_of(
        schema_leaf(),
        reference("schemas"),
        st.builds(lambda r, s: {"$ref": r, **s}, local_refs("schemas"), schema_leaf()),
        st.booleans(),
    )
    return st.recursive(base, _schema_extend, max_leaves=max_leaves)


@st.composite
def parameters(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(reference("parameters"), JSON_LEAVES))
    out: dict[str, Any] = {
        "name": draw(st.one_of(NAMES, st.integers())),
        "in": draw(st.sampled_from(["query", "path", "header", "cookie", "body", "formData"])),
    }
    for key in draw(
        st.lists(
            st.sampled_from(
                [
                    "required",
                    "style",
                    "explode",
                    "schema",
                    "content",
                    "example",
                    "examples",
                    "deprecated",
                    "allowEmptyValue",
                    "allowReserved",
                    "description",
                    "x-ext",
                ]
            ),
            unique=True,
            max_size=5,
        )
    ):
        if key == "style":
            out[key] = draw(
                st.sampled_from(
                    ["form", "simple", "matrix", "label", "spaceDelimited", "pipeDelimited", "deepObject", "weird"]
                )
            )
        elif key == "schema":
            out[key] = draw(schemas(6))
        elif key == "content":
            out[key] = draw(
                st.dictionaries(
                    st.sampled_from(["application/json", "text/plain"]),
                    st.builds(lambda s: {"schema": s}, schemas(4)),
                    max_size=2,
                )
            )
        elif key == "examples":
            out[key] = draw(
                st.dictionaries(
                    NAMES, st.one_of(st.builds(lambda v: {"value": v}, JSON_VALUES), reference("examples")), max_size=2
                )
            )
        else:
            out[key] = draw(st.one_of(st.booleans(), JSON_VALUES))
    return out


MEDIA = st.sampled_from(
    [
        "application/json",
        "application/xml",
        "multipart/form-data",
        "application/x-www-form-urlencoded",
        "text/plain",
        "*/*",
        "application/problem+json",
        "application/json; charset=utf-8",
    ]
)


def media_map() -> st.SearchStrategy[Any]:
    media = st.fixed_dictionaries(
        {},
        optional={
            "schema": schemas(8),
            "example": JSON_VALUES,
            "examples": st.dictionaries(
                NAMES, st.one_of(st.builds(lambda v: {"value": v}, JSON_VALUES), reference("examples")), max_size=2
            ),
            "encoding": st.dictionaries(
                NAMES,
                st.fixed_dictionaries(
                    {}, optional={"style": st.sampled_from(["form", "spaceDelimited"]), "contentType": MEDIA}
                ),
                max_size=2,
            ),
        },
    )
    return st.dictionaries(MEDIA, st.one_of(media, JSON_LEAVES), max_size=3)


def request_bodies() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.fixed_dictionaries(
            {"content": media_map()},
            optional={"required": st.booleans(), "description": st.text(max_size=5), "x-bodyName": NAMES},
        ),
        reference("requestBodies"),
        JSON_LEAVES,
    )


def responses() -> st.SearchStrategy[Any]:
    response = st.one_of(
        st.fixed_dictionaries(
            {},
            optional={
                "description": st.text(max_size=5),
                "content": media_map(),
                "headers": st.dictionaries(
                    NAMES, st.one_of(st.builds(lambda s: {"schema": s}, schemas(4)), reference("headers")), max_size=2
                ),
                "links": st.just({"l": {"operationId": "x"}}),
            },
        ),
        reference("responses"),
        JSON_LEAVES,
    )
    codes = st.sampled_from(["200", "201", "204", "2XX", "4xx", "default", "600", "x-ext", "abc", "1XX"])
    return st.one_of(st.dictionaries(codes, response, max_size=3), JSON_LEAVES)


SERVERS = st.lists(
    st.one_of(
        st.builds(
            lambda u: {"url": u},
            st.sampled_from(
                [
                    "https://api.example.com/v1",
                    "http://api.example.com:8080",
                    "/relative",
                    "api.example.com/v2",
                    "{scheme}://{host}/base",
                    "https://{tenant}.example.com",
                    "ftp://files.example.com",
                    "",
                    "https://",
                    "https://user@h.example.com/p/",
                    "//host.example.com",
                    "https://exa mple.com",
                ]
            ),
        ),
        st.builds(
            lambda u, v: {"url": u, "variables": v},
            st.sampled_from(["{scheme}://{host}/b", "https://{t}.x.com"]),
            st.dictionaries(
                st.sampled_from(["scheme", "host", "t"]),
                st.one_of(
                    st.fixed_dictionaries(
                        {"default": st.sampled_from(["https", "h.example.com", "a", ""])},
                        optional={"enum": st.lists(st.sampled_from(["http", "https", "x"]))},
                    ),
                    JSON_LEAVES,
                ),
                max_size=3,
            ),
        ),
        JSON_LEAVES,
    ),
    max_size=3,
)


@st.composite
def operations(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 19)) == 0:
        return draw(JSON_LEAVES)
    op: dict[str, Any] = {"responses": draw(responses())}
    optional = {
        "operationId": NAMES,
        "summary": st.text(max_size=5),
        "tags": st.lists(NAMES, max_size=2),
        "parameters": st.one_of(st.lists(parameters(), max_size=4), JSON_LEAVES),
        "requestBody": request_bodies(),
        "security": security_requirements(),
        "servers": SERVERS,
        "deprecated": st.booleans(),
        "callbacks": st.just({"cb": {"{$url}": {"post": {"responses": {}}}}}),
        "x-ext": JSON_VALUES,
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True, max_size=5)):
        op[key] = draw(optional[key])
    return op


PATHS = st.sampled_from(["/pets", "/pets/{id}", "/a/{b}/{c}", "/", "/ä/{ö}", "no-slash", "x-ext", "/pets/{id}/x"])
METHODS = st.sampled_from(
    [
        "get",
        "put",
        "post",
        "delete",
        "options",
        "head",
        "patch",
        "trace",
        "servers",
        "summary",
        "parameters",
        "$ref",
        "x-ext",
        "query",
    ]
)


def path_items() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.dictionaries(METHODS, st.deferred(lambda: operations()), max_size=3).map(_path_item_fields),
        st.builds(lambda r: {"$ref": r}, st.sampled_from(["#/paths/~1pets", "#/paths/~1nowhere", "#/x"])),
    )


def _path_item_fields(item: dict[str, Any]) -> dict[str, Any]:
    """Keys that are not methods get values of their own kind (a list for parameters, a string for summary)."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key == "parameters":
            out[key] = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
        elif key == "servers":
            out[key] = [{"url": "https://other.example.com/v2"}]
        elif key in ("summary", "$ref"):
            out[key] = "#/paths/~1pets" if key == "$ref" else "s"
        else:
            out[key] = value
    return out


@st.composite
def targeted_documents(draw: st.DrawFn) -> dict[str, Any]:
    version = draw(st.sampled_from(["3.0.0", "3.0.3", "3.1.0", "3.1.1"]))
    doc: dict[str, Any] = {
        "openapi": version,
        "info": draw(
            st.one_of(
                st.fixed_dictionaries(
                    {"title": st.text(max_size=8), "version": st.one_of(st.text(max_size=3), st.integers())},
                    optional={
                        "license": st.fixed_dictionaries(
                            {"name": st.just("MIT")}, optional={"identifier": st.just("MIT")}
                        ),
                        "summary": st.text(max_size=3),
                        "x-logo": JSON_VALUES,
                    },
                ),
                JSON_LEAVES,
            )
        ),
    }
    doc["paths"] = draw(st.dictionaries(PATHS, path_items(), max_size=3))
    comps: dict[str, Any] = {}
    if draw(st.booleans()):
        comps["schemas"] = draw(st.dictionaries(st.sampled_from(SCHEMA_NAMES[:3]), schemas(), max_size=3))
    if draw(st.booleans()):
        comps["securitySchemes"] = draw(st.dictionaries(st.sampled_from(SCHEME_NAMES), security_schemes(), max_size=4))
    if draw(st.booleans()):
        comps["parameters"] = draw(st.dictionaries(st.sampled_from(PARAMETER_NAMES[:2]), parameters(), max_size=2))
    if draw(st.booleans()):
        comps["requestBodies"] = draw(st.dictionaries(st.sampled_from(BODY_NAMES[:1]), request_bodies(), max_size=1))
    if draw(st.booleans()):
        comps["responses"] = draw(
            st.dictionaries(
                st.sampled_from(RESPONSE_NAMES[:1]),
                responses().flatmap(
                    lambda r: st.just(next(iter(r.values()), {})) if isinstance(r, dict) else st.just(r)
                ),
                max_size=1,
            )
        )
    if draw(st.integers(0, 4)) == 0:
        comps["headers"] = {"Rate": {"schema": {"type": "integer"}}}
    if draw(st.integers(0, 4)) == 0:
        comps["examples"] = {"Sample": {"value": draw(JSON_VALUES)}}
    if comps or draw(st.booleans()):
        doc["components"] = comps
    if draw(st.booleans()):
        doc["security"] = draw(security_requirements())
    if draw(st.booleans()):
        doc["servers"] = draw(SERVERS)
    if draw(st.integers(0, 4)) == 0:
        doc["webhooks"] = {"hook": {"post": {"responses": {"200": {"description": "ok"}}}}}
    if draw(st.integers(0, 4)) == 0:
        doc["tags"] = draw(st.lists(st.fixed_dictionaries({"name": NAMES}), max_size=2))
    if draw(st.integers(0, 4)) == 0:
        doc["x-root"] = draw(JSON_VALUES)
    return doc


# ---------------------------------------------------------------- mutations of the fixture specs


@cache
def fixture_documents() -> tuple[tuple[str, str], ...]:
    """(case name, JSON text) of every fixture input that loads on its own (no external refs needed)."""
    from xtgen.read.load import load_document

    found = []
    for path in sorted(FIXTURES.glob("*/input.*")):
        document, _ = load_document(path)
        found.append((path.parent.name, json.dumps(document)))
    return tuple(found)


def _containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    found: list[tuple[tuple[Any, ...], Any]] = []
    stack = [(path, node)]
    while stack:
        p, cur = stack.pop()
        if isinstance(cur, dict):
            found.append((p, cur))
            stack.extend(((*p, k), v) for k, v in cur.items())
        elif isinstance(cur, list):
            found.append((p, cur))
            stack.extend(((*p, i), v) for i, v in enumerate(cur))
    return found


@st.composite
def mutated_fixtures(draw: st.DrawFn, max_mutations: int = 4) -> dict[str, Any]:
    _, text = draw(st.sampled_from(fixture_documents()))
    doc = json.loads(text)
    for _ in range(draw(st.integers(1, max_mutations))):
        places = sorted(_containers(doc), key=lambda pc: [str(t) for t in pc[0]])
        _, holder = draw(st.sampled_from(places))
        keys = list(holder) if isinstance(holder, dict) else list(range(len(holder)))
        action = draw(st.sampled_from(["replace", "delete", "copy", "ref", "add"]))
        if not keys or action == "add":
            if isinstance(holder, dict):
                holder[draw(NAMES)] = draw(JSON_VALUES)
            else:
                holder.append(draw(JSON_VALUES))
            continue
        key = draw(st.sampled_from(keys))
        if action == "replace":
            holder[key] = draw(st.one_of(JSON_VALUES, schemas(4), st.just({}), st.just([])))
        elif action == "delete":
            del holder[key]
        elif action == "copy":
            _, source = draw(st.sampled_from(places))
            holder[key] = json.loads(json.dumps(source))
        else:
            holder[key] = {"$ref": draw(local_refs())}
    return doc


# ---- hostile shapes (issue 16): nesting, merge keys, reference fan-out ---------------------------------
# Each draws the shape of a known attack with its sizes and mixtures left to hypothesis, so that the next
# variant (another bracket mix, a merge list instead of a chain, a fan-out through items) is found here.

HOSTILE_HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://a.example.com'}]\npaths: {}\n"


@st.composite
def deep_nesting_texts(draw: st.DrawFn) -> str:
    """YAML or JSON text nesting far past the limits: flow brackets, block indentation, compact `- `
    sequences and explicit `? ` keys, mixed, closed or not."""
    depth = draw(st.integers(129, 40_000))
    kinds = draw(st.lists(st.sampled_from(["[", "{a: ", "- ", "? "]), min_size=1, max_size=4))
    closed = draw(st.booleans())
    if draw(st.booleans()):  # JSON
        opens = "".join(draw(st.sampled_from(["[", '{"a":'])) for _ in range(min(depth, 2_000))) * (depth // 2_000 + 1)
        closes = "".join("]" if o == "[" else "}" for o in reversed(opens.replace('{"a":', "{"))) if closed else ""
        return '{"openapi": "3.0.3", "x": ' + opens + ("1" if opens.endswith(":") else "") + closes + "}"
    if kinds == ["- "] or kinds == ["? "]:
        lines = "".join(" " * i + kinds[0] + "\n" for i in range(min(depth, 3_000)))
        return HOSTILE_HEAD + "x-deep:\n" + lines
    body = "".join(kinds[i % len(kinds)] if kinds[i % len(kinds)] in ("[", "{a: ") else "[" for i in range(depth))
    tail = "".join("]" if c == "[" else "}" for c in reversed(body.replace("{a: ", "{"))) if closed else ""
    return HOSTILE_HEAD + "x-deep: " + body + ("1" if body.endswith(" ") else "") + tail + "\n"


@st.composite
def merge_key_texts(draw: st.DrawFn) -> str:
    """YAML merge keys: chains (`<<: *prev`), lists of earlier anchors (`<<: [*a, *b]`), and wide blocks
    merged into many mappings; sizes from harmless to quadratic."""
    links = draw(st.integers(2, 6_000))
    width = draw(st.integers(1, 50))
    shape = draw(st.sampled_from(["chain", "list", "wide"]))
    lines = [HOSTILE_HEAD, "x-m:\n", "  a0: &a0 {" + ", ".join(f"k0_{j}: 1" for j in range(width)) + "}\n"]
    for i in range(1, links):
        if shape == "chain":
            merge = f"*a{i - 1}"
        elif shape == "list":
            merge = "[" + ", ".join(f"*a{k}" for k in range(max(0, i - 3), i)) + "]"
        else:
            merge = "*a0"
        lines.append(f"  a{i}: &a{i} {{<<: {merge}, k{i}: 1}}\n")
    return "".join(lines)


@st.composite
def ref_fan_out_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Components whose level k uses level k-1 `fan` times, through allOf, anyOf, items, properties or
    non-schema refs, used from a form body, a parameter, a response and a header."""
    levels = draw(st.integers(2, 40))
    fan = draw(st.integers(1, 3))
    via = draw(st.sampled_from(["allOf", "anyOf", "items", "properties", "mixed"]))
    schemas: dict[str, Any] = {"L0": {"type": "object", "properties": {"a": {"type": "string"}}}}
    for k in range(1, levels):
        refs = [{"$ref": f"#/components/schemas/L{k - 1}"} for _ in range(fan)]
        how = draw(st.sampled_from(["allOf", "anyOf", "items", "properties"])) if via == "mixed" else via
        if how == "items":
            schemas[f"L{k}"] = {"type": "array", "items": {"allOf": refs}}
        elif how == "properties":
            schemas[f"L{k}"] = {"type": "object", "properties": {f"p{i}": r for i, r in enumerate(refs)}}
        else:
            schemas[f"L{k}"] = {how: refs}
    if draw(st.booleans()):  # a loop back to the top
        schemas["L0"] = {"allOf": [{"$ref": f"#/components/schemas/L{levels - 1}"}]}
    top = {"$ref": f"#/components/schemas/L{levels - 1}"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "fan", "version": "1"},
        "servers": [{"url": "https://a.example.com"}],
        "paths": {
            "/f": {
                "post": {
                    "operationId": "f",
                    "parameters": [{"name": "q", "in": "query", "schema": top}],
                    "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": top}}},
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": {"X-A": {"schema": top}},
                            "content": {"application/json": {"schema": top}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }
