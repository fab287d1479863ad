"""Facts about the formats xtgen reads and writes, each in one place; every stage imports them from here.

- the version rule: which format and version a document is (`detect_version`, `openapi3_version`);
- the HTTP methods of OpenAPI 3 and of Swagger 2.0;
- the operations of a document (`path_items`, `operations`): path items and operations only, never an
  `x-` key (an `x-notes: {get: ...}` entry under `paths` is an extension, not a path);
- local `$ref` resolution (`resolve_local`; pointers themselves live in xtgen/pointer.py);
- the Swagger 2.0 field facts that convert, accept and lint share (root key order, OAuth 2.0 flow URLs,
  the host form).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from xtgen import pointer as jp
from xtgen.model import Diagnostic, Document, Severity, Source

OPENAPI3 = "openapi3"
SWAGGER2 = "swagger2"

METHODS_2 = ("get", "put", "post", "delete", "options", "head", "patch")
METHODS_3 = (*METHODS_2, "trace")

# The order Swagger 2.0 documents use (conventions.md); vendor extensions follow in the input's order.
ROOT_ORDER = (
    "swagger",
    "info",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "security",
    "tags",
    "externalDocs",
)
# The URLs each Swagger 2.0 OAuth 2.0 flow requires.
FLOW_URLS = {
    "accessCode": ("authorizationUrl", "tokenUrl"),
    "application": ("tokenUrl",),
    "implicit": ("authorizationUrl",),
    "password": ("tokenUrl",),
}
# A Swagger 2.0 host: a name and an optional port, nothing else.
HOST_2 = re.compile(r"^[^{}/ :\\]+(?::\d+)?$")

_OPENAPI3_VERSION = re.compile(r"3\.([01])(\.\d+)?([-+].*)?$")


def detect_version(document: Any) -> Source | None:
    """The one version rule. An `openapi` field decides when present: 3.0.x and 3.1.x are OpenAPI 3.
    Otherwise a `swagger` field whose text is '2.0' is Swagger 2.0, whether a string or the number YAML
    reads from an unquoted `swagger: 2.0`. Anything else is None (not a version xtgen reads). The Source has no name."""
    if not isinstance(document, Mapping):
        return None
    if "openapi" in document:
        declared = str(document["openapi"])
        match = _OPENAPI3_VERSION.match(declared)
        return Source(OPENAPI3, "3." + match.group(1), declared) if match else None
    if "swagger" in document and str(document["swagger"]) == "2.0":
        return Source(SWAGGER2, "2.0", "2.0")
    return None


def is_swagger2(document: Any) -> bool:
    found = detect_version(document)
    return found is not None and found.format == SWAGGER2


def openapi3_version(document: Document) -> str:
    """'3.1' for an OpenAPI 3.1 document, else '3.0' (how anything not Swagger 2.0 is converted)."""
    found = detect_version(document)
    return found.version if found is not None and found.format == OPENAPI3 else "3.0"


def with_swagger_text(document: Document) -> tuple[Document, list[Diagnostic]]:
    """A Swagger 2.0 document whose `swagger` is the number 2.0 (YAML's reading of `swagger: 2.0`), with the
    string "2.0" that the Swagger 2.0 schema requires, and a warning (XT004); any other document as it is."""
    if not is_swagger2(document) or document["swagger"] == "2.0":
        return document, []
    found = Diagnostic(
        "XT004",
        Severity.WARNING,
        f"swagger is the number {document['swagger']!r} (YAML reads an unquoted 2.0 as a number): read as "
        'Swagger 2.0, whose schema wants the string "2.0" (xtgen convert writes it so); quote it to silence this',
        "/swagger",
    )
    return {**document, "swagger": "2.0"}, [found]


def path_items(document: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, path item) for every path of the document, in order; `x-` entries and non-objects skipped."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if isinstance(item, dict) and not str(path).startswith("x-"):
            yield str(path), item


@dataclass(frozen=True)
class Operation:
    """One operation: its pointer, path, method, the operation object and the path item holding it."""

    pointer: str
    path: str
    method: str
    node: dict[str, Any]
    path_item: dict[str, Any]


def operations(document: Mapping[str, Any], methods: tuple[str, ...] = METHODS_2) -> list[Operation]:
    """Every operation of the document (Swagger 2.0 methods unless told), in document order."""
    return [
        Operation(jp.join("/paths", path, method), path, method, item[method], item)
        for path, item in path_items(document)
        for method in methods
        if isinstance(item.get(method), dict)
    ]


def resolve_local(doc: Mapping[str, Any], node: Any, pointer: str, limit: int = 20) -> tuple[Any, str]:
    """Follow local `$ref`s of a parameter or response; (node, its pointer). Unresolvable: ({}, pointer)."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or seen > limit:
            return {}, pointer
        try:
            node = jp.resolve_ref(doc, ref)  # the fragment percent-decoded (RFC 6901 section 6)
        except KeyError:
            return {}, pointer
        pointer = jp.fragment_pointer(ref)
        seen += 1
    return node, pointer


SUMMARY_FIELDS = ("tags", "summary", "description", "externalDocs", "operationId")


def with_security(op: Mapping[str, Any], security: Any) -> dict[str, Any]:
    """A copy of an operation with `security` set: in place when it has one, else right after the summary
    fields, as on the Nintex help page."""
    if "security" in op:
        return {k: (security if k == "security" else v) for k, v in op.items()}
    keys = list(op)
    at = max((keys.index(k) + 1 for k in SUMMARY_FIELDS if k in op), default=0)
    keys.insert(at, "security")
    return {k: (security if k == "security" else op[k]) for k in keys}


def order_root(doc: Mapping[str, Any]) -> Document:
    """The root keys in ROOT_ORDER, then the others (vendor extensions) in the document's order."""
    ordered = {k: doc[k] for k in ROOT_ORDER if k in doc}
    ordered.update((k, v) for k, v in doc.items() if k not in ordered)
    return ordered


# ---- schema composition ------------------------------------------------------------------------------------


def first_use(part: Any, seen: set[Any]) -> bool:
    """True the first time an allOf part (a $ref by its target, an inline schema by identity) is met.

    Merging a part a second time adds nothing (the first use set every key it has), so each distinct part is
    merged once: a part included by itself (`R: {allOf: [R]}`) ends, and parts that include the same
    schema twice per level (2^n uses for n levels) cost n merges.
    """
    key = ("ref", part["$ref"]) if isinstance(part, dict) and isinstance(part.get("$ref"), str) else id(part)
    if key in seen:
        return False
    seen.add(key)
    return True
