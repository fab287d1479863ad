"""Where a diagnostic happened, in words: the action (operation) and the field, from its JSON pointer.

`/paths/~1tasks/post/requestBody/content/application~1json/schema/properties/due/type` becomes
`Action “Create a task” (POST /tasks) › request body › field “due” › type`. The pointer stays the
precise reference; these words are what a reader scans for. Pure: reads the document, never changes it.

Pointers point into the input for what the input said and into the output for changes made to it, and
the docs only have the output. So names are looked up by key (paths, schema and definition names are the
same in both), never by position, unless `by_position` says the pointer is into the document at hand: a
parameter index in an OpenAPI 3 input can differ from the output's (a cookie parameter is dropped).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from xtgen.formats import METHODS_3
from xtgen.pointer import unescape

METHODS = METHODS_3  # a pointer may be into an OpenAPI 3 input (trace included)
SEPARATOR = " › "
# top-level keys of either version that hold named objects: key -> how one is called
NAMED_ROOTS = {
    "definitions": "Schema",
    "parameters": "Shared parameter",
    "responses": "Shared response",
    "securityDefinitions": "Security definition",
    "webhooks": "Webhook",
}
COMPONENTS = {
    "schemas": "Schema",
    "parameters": "Shared parameter",
    "responses": "Shared response",
    "requestBodies": "Shared request body",
    "headers": "Shared header",
    "securitySchemes": "Security scheme",
    "examples": "Shared example",
    "links": "Shared link",
    "callbacks": "Shared callback",
    "pathItems": "Shared path item",
}
COMPOSITION = {"allOf", "anyOf", "oneOf", "prefixItems"}


def split_pointer(pointer: str) -> list[str] | None:
    """The unescaped segments of an RFC 6901 pointer; None for text that is not a pointer."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        return None
    return [unescape(s) for s in pointer[1:].split("/")]


def describe_pointer(document: Mapping[str, Any], pointer: str, *, by_position: bool = False) -> str:
    """Where `pointer` is, in words ("" when it is not a pointer, e.g. a file name)."""
    segments = split_pointer(pointer)
    if segments is None:
        return ""
    if not segments:
        return "The whole document"
    head, rest = segments[0], segments[1:]
    if head == "paths" and rest:
        return _join(_path_item(document, rest, by_position))
    if head == "components" and len(rest) >= 2:
        what = COMPONENTS.get(rest[0], f"Component {rest[0]}")
        return _join([f"{what} “{rest[1]}”", *_inside(rest[2:])])
    if head in NAMED_ROOTS and rest:
        return _join([f"{NAMED_ROOTS[head]} “{rest[0]}”", *_inside(rest[1:])])
    if head == "servers" and rest and rest[0].isdigit():
        return _join([f"Server {int(rest[0]) + 1}", *rest[1:]])
    return _join([_root_key(head), *rest])


def _root_key(key: str) -> str:
    return {"info": "Info", "security": "Security requirements", "servers": "Servers", "tags": "Tags"}.get(key, key)


def _path_item(document: Mapping[str, Any], segments: Sequence[str], by_position: bool) -> list[str]:
    path, rest = segments[0], segments[1:]
    if not rest or rest[0] not in METHODS:
        return [f"Path {path}", *_operation_parts(None, rest, by_position)]
    method = rest[0]
    item = _dict(_dict(document.get("paths")).get(path))
    operation = item.get(method)
    label = action_name(operation)
    name = f"Action “{label}” ({method.upper()} {path})" if label else f"Action {method.upper()} {path}"
    return [name, *_operation_parts(operation, rest[1:], by_position)]


def action_name(operation: Any) -> str | None:
    """The action's name as Nintex shows it: x-ntx-summary, else summary, else operationId; None without one."""
    if not isinstance(operation, dict):
        return None
    for key in ("x-ntx-summary", "summary", "operationId"):
        value = operation.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _operation_parts(operation: Any, segments: Sequence[str], by_position: bool) -> list[str]:
    if not segments:
        return []
    key, rest = segments[0], segments[1:]
    if key == "parameters" and rest and rest[0].isdigit():
        found = _list(_dict(operation).get("parameters")) if by_position else []
        index = int(rest[0])
        param = _dict(found[index]) if index < len(found) else {}
        name = param.get("name")
        where = f"parameter “{name}”" if isinstance(name, str) else f"parameter {index + 1}"
        return [where, *_inside(rest[1:])]
    if key == "requestBody":
        return ["request body", *_inside(rest)]
    if key == "responses" and rest:
        return [f"response {rest[0]}", *_inside(rest[1:])]
    if key == "security":
        return ["security requirement", *rest[1:]]
    return [key, *rest]


def _inside(segments: Sequence[str]) -> list[str]:
    """Schema and media-type segments as a field path: properties/a/items/properties/b -> field “a[].b”."""
    parts: list[str] = []
    field: list[str] = []
    i = 0

    def flush() -> None:
        if field:
            parts.append("field “" + "".join(field).lstrip(".") + "”")
            field.clear()

    while i < len(segments):
        key = segments[i]
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        if key in ("properties", "patternProperties") and nxt is not None:
            field.append("." + nxt)
            i += 2
        elif key == "items":
            field.append("[]")
            i += 1
        elif key == "additionalProperties":
            field.append(".*")
            i += 1
        elif key in ("schema", "content") or (i > 0 and segments[i - 1] == "content"):
            i += 1  # the media type and the schema wrapper say nothing a reader needs
        elif key in COMPOSITION and nxt is not None and nxt.isdigit():
            flush()
            parts.append(f"{key} branch {int(nxt) + 1}")
            i += 2
        elif key == "headers" and nxt is not None:
            flush()
            parts.append(f"header “{nxt}”")
            i += 2
        elif key == "flows" and nxt is not None:
            flush()
            parts.append(f"flow {nxt}")
            i += 2
        else:
            flush()
            parts.append(key)
            i += 1
    flush()
    return parts


def _join(parts: Sequence[str]) -> str:
    return SEPARATOR.join(p for p in parts if p != "")


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
