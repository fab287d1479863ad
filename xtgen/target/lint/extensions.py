"""The x-ntx-* vendor extensions Nintex knows: where each applies and what its value looks like.

From Nintex's vendor extension pages (../shared/reference/nintex-xtensions.md); the ones marked
"sample" appear only in Nintex's published sample Xtensions. Kinds are those of `walk.iter_sites`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PARAMETERS = ("parameter", "body-parameter")
FIELDS = (*PARAMETERS, "schema", "items")  # a parameter, or a property at any depth of one

KIND_NAMES = {
    "root": "the document root",
    "info": "info",
    "path-item": "a path item",
    "operation": "an operation",
    "parameter": "a parameter",
    "body-parameter": "a body parameter",
    "items": "parameter items",
    "schema": "a schema",
    "response": "a response",
    "header": "a header",
    "security-definition": "a security definition",
    "tag": "a tag",
    "other": "this object",
}


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _object(value: Any) -> str | None:
    return None if isinstance(value, dict) else "must be an object"


def _visibility(value: Any) -> str | None:
    return None if value == "internal" else "must be 'internal' (the only value Nintex documents)"


def _render_version(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value in (1, 2)
    return None if ok else "must be the number 2 (or 1, the default rendering)"


def _options(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(o, dict) and "const" in o and "title" in o for o in value):
        return None
    return "must be a list of {const, title} objects"


def _tree(value: Any) -> str | None:
    return None if value == "tree" else "must be 'tree'"


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _query_builder(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be an object"
    if "format" in value and value["format"] not in ("odata3", "odata4"):
        return "format must be odata3 or odata4"
    return None


def _base_path(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    return None if value.startswith(("/", "{{")) else "must start with '/'"


def _list(value: Any) -> str | None:
    return None if isinstance(value, list) else "must be a list"


def _anything(value: Any) -> str | None:
    return None


@dataclass(frozen=True)
class Extension:
    name: str
    where: tuple[str, ...]
    shape: Callable[[Any], str | None]
    basis: str = "documented"


EXTENSIONS: dict[str, Extension] = {
    e.name: e
    for e in (
        Extension("x-ntx-summary", (*FIELDS, "operation"), _string),
        Extension("x-ntx-visibility", (*FIELDS, "operation"), _visibility),
        Extension("x-ntx-dynamic-values", FIELDS, _object),
        Extension("x-ntx-dynamic-schema", FIELDS, _object),
        Extension("x-ntx-oneOf", FIELDS, _options),
        Extension("x-ntx-anyOf", FIELDS, _options),
        Extension("x-ntx-query-builder", FIELDS, _query_builder),
        Extension("x-ntx-initial", FIELDS, _anything),
        Extension("x-ntx-sublabel", FIELDS, _string),
        Extension("x-ntx-subtext", FIELDS, _string),
        Extension("x-ntx-placeholder", FIELDS, _string),
        Extension("x-ntx-control", FIELDS, _tree),
        Extension("x-ntx-variables", FIELDS, _boolean),
        Extension("x-ntx-render-version", ("root",), _render_version),
        Extension("x-ntx-host", ("root", "operation"), _string),
        Extension("x-ntx-basePath", ("root", "operation"), _base_path),
        Extension("x-ntx-connection-properties", ("security-definition",), _object),
        Extension("x-ntx-trigger", ("operation",), _string, "sample"),
        Extension("x-ntx-notification-content", ("operation",), _object, "sample"),
        Extension("x-ntx-ux-features", FIELDS, _list, "sample"),
    )
}
