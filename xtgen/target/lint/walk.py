"""Reading a Swagger 2.0 document: every object with what it is, operations, parameters, and rebuilding.

`iter_sites` visits each object of the document that may carry vendor extensions, in document order,
with its kind (root, operation, parameter, body-parameter, schema, security-definition, ...). Name maps
(`properties`, `definitions`, `headers`, ...) are followed, but their keys are names, never extensions;
data (`example`, `default`, `enum`, extension values other than the schema-bearing ones) is not entered.

`key_facts` is one pass over every object without pointers: whether any key is x-ms-* or x-ntx-* and whether
any $ref points into another file. A False is a proof the exact (pointer-building) walks would find nothing,
so the readiness stages skip them; a True sends them to the exact walk.

`replace_nodes` builds a new document from the old one and a {pointer: new node} map, copying only the
containers along the changed paths: the input is never mutated and never deep-copied.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from xtgen import pointer as jp
from xtgen.formats import METHODS_2, Operation, operations, resolve_local

__all__ = [
    "KeyFacts",
    "KeyFactsOf",
    "Operation",
    "Site",
    "iter_sites",
    "key_facts",
    "key_facts_by_walk",
    "operations",
    "parameters",
    "rename_key",
    "replace_nodes",
    "resolve_local",
    "with_key",
]

# extensions whose value holds a schema, at this key of the value ("" = the value itself is a schema)
SCHEMA_EXTENSIONS = {
    "x-ntx-notification-content": "schema",
    "x-ms-notification-content": "schema",
    "x-ntx-query-builder": "schema",
    "x-ntx-connection-properties": "",
}
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
MAX_DEPTH = 500  # a guard against recursive YAML aliases; real documents are far shallower


@dataclass(frozen=True)
class Site:
    """One object of the document: where it is and what it is."""

    pointer: str
    node: dict[str, Any]
    kind: str


@dataclass(frozen=True)
class KeyFacts:
    """What one pass over a whole document finds, no pointer built. A count bounds from above the keys with
    that prefix (counted once per reference, data included), so `iter_sites` can stop once it has yielded
    that many, and 0 proves absence; external_ref False proves that no "$ref" string points outside."""

    x_ms: int  # keys starting with x-ms- (at most)
    x_ntx: int  # keys starting with x-ntx- (at most)
    external_ref: bool  # some object's "$ref" may be a string that does not start with "#"


# In compact JSON text a "$ref" key with a string value reads "$ref":" and then the value's first character,
# escaped; it is "#" exactly when the value starts with "#" (a string that merely holds such text has its
# quotes escaped, so it does not match).
_EXTERNAL_REF_TEXT = rb'"\$ref":"[^#]'
# one pass over the text finds all three: the prefixes of the counted keys (group 1), or an external "$ref"
_KEY_FACTS_TEXT = re.compile(rb'"x-(ms|ntx)-|' + _EXTERNAL_REF_TEXT)


def key_facts(doc: Any) -> KeyFacts:
    """The facts of `doc`: from its compact JSON text by orjson when it has one (three times faster than
    walking: every x-ms-* key reads `"x-ms-` there, once per reference, so counting the substring bounds the
    keys), else by walking it."""
    try:
        import orjson

        text = orjson.dumps(doc)
    except Exception:  # no orjson, or not plain JSON (non-string keys, too deep): the walk decides
        return key_facts_by_walk(doc)
    found = Counter(match[1] for match in _KEY_FACTS_TEXT.finditer(text))
    return KeyFacts(found[b"ms"], found[b"ntx"], found[None] > 0)


class KeyFactsOf:
    """key_facts of the last document asked about, kept with that very document: the readiness stages are
    asked about the same document one after the other (Power Automate detection, then the readiness rules
    when nothing changed it), and stages never mutate the document they receive. One per run."""

    def __init__(self) -> None:
        self._last: tuple[Any, KeyFacts] | None = None

    def __call__(self, doc: Any) -> KeyFacts:
        if self._last is None or self._last[0] is not doc:
            self._last = (doc, key_facts(doc))
        return self._last[1]


def key_facts_by_walk(doc: Any) -> KeyFacts:
    """Every dict and list of `doc` visited once per reference, no pointer built: a superset of what
    `iter_sites` and the $ref walk visit. (Documents reaching the readiness stages passed read/limits.py,
    which refuses self-referencing YAML aliases, so this terminates.)"""
    x_ms = x_ntx = 0
    external = False
    stack = [doc]
    pop, push = stack.pop, stack.extend
    while stack:
        node = pop()
        if isinstance(node, dict):
            for key in node:
                if isinstance(key, str) and key.startswith("x-"):
                    x_ms += key.startswith("x-ms-")
                    x_ntx += key.startswith("x-ntx-")
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                external = True
            push([v for v in node.values() if isinstance(v, dict | list)])
        elif isinstance(node, list):
            push([v for v in node if isinstance(v, dict | list)])
    return KeyFacts(x_ms, x_ntx, external)


def parameters(
    doc: Mapping[str, Any], op: Operation, resolved: dict[str, tuple[Any, str]] | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """The operation's effective parameters (path-level ones it does not override), resolved:
    (pointer of the parameter object, parameter). `resolved`: the parameter refs of `doc` resolved so far, for
    a caller asking about every operation (GitHub's description refers to its shared parameters 6,000 times)."""
    found: dict[tuple[Any, Any], tuple[str, dict[str, Any]]] = {}
    resolved = {} if resolved is None else resolved
    path_ptr = op.pointer.rsplit("/", 1)[0]
    for base, params in ((path_ptr, op.path_item.get("parameters")), (op.pointer, op.node.get("parameters"))):
        if not isinstance(params, list):
            continue
        for i, raw in enumerate(params):
            ref = raw.get("$ref") if isinstance(raw, dict) else None
            if isinstance(ref, str) and ref in resolved:
                param, ptr = resolved[ref]
            else:
                param, ptr = resolve_local(doc, raw, jp.join(base, "parameters", i))
                if isinstance(ref, str):  # what a ref resolves to depends on the ref alone ({} for nothing)
                    resolved[ref] = (param, ptr)
            if isinstance(param, dict) and param:
                found[(str(param.get("name")), str(param.get("in")))] = (ptr, param)
    return list(found.values())


def iter_sites(doc: Mapping[str, Any], having: str | None = None, at_most: int | None = None) -> Iterator[Site]:
    """Every object that may carry vendor extensions, in document order (pre-order); with `having`, only
    those with a key that starts with it; with `at_most` too (a bound on such keys, from `key_facts`), the
    walk stops once the sites yielded hold that many of them. A site's pointer is built only when it is
    yielded: the walk carries (parent, tokens) links."""
    if having is None:
        at_most = None
    if at_most is not None and at_most <= 0:
        return
    stack: list[tuple[jp.Link, Any, str, int]] = [(None, doc, "root", 0)]
    pop, push = stack.pop, stack.extend
    lacks: Callable[[Any], bool] = _never
    while stack:
        link, node, kind, depth = pop()
        if not isinstance(node, dict) or depth > MAX_DEPTH:
            continue
        if depth == 1 and lacks(node):  # a path item, a definition, ...: nothing to find in it
            continue  # (tested only when the bound leaves at least half of them without such a key)
        if having is None:
            yield Site(jp.from_links(link), node, kind)
        elif holding := _holding(node, having):
            yield Site(jp.from_links(link), node, kind)
            if at_most is not None:
                at_most -= holding
                if at_most <= 0:
                    return
        children = _children(node, kind)
        if depth == 0 and (at_most is None or 2 * at_most < len(children)):
            lacks = _text_lacks(having)  # most of the root's children hold no such key: worth a text each
        depth += 1
        push([((link, tokens), child, child_kind, depth) for tokens, child, child_kind in reversed(children)])


def _text_lacks(prefix: str | None) -> Callable[[Any], bool]:
    """A test that is True only when no key under a node starts with `prefix`: its compact JSON text by orjson
    lacks `"` and the prefix (a key that starts with it reads so there; a string value may too, and then the
    node is walked). Always False without a prefix, without orjson, or for a node orjson does not write."""
    if prefix is None:
        return _never
    try:
        import orjson

        needle = orjson.dumps(prefix)[:-1]  # `"` and the prefix escaped as JSON escapes it, a character at a time
    except Exception:  # no orjson (an optional speed-up), or a prefix it does not write
        return _never

    def lacks(node: Any) -> bool:
        try:
            return needle not in orjson.dumps(node)
        except Exception:  # not plain JSON (a key that is not a string, a date): walked
            return False

    return lacks


def _never(node: Any) -> bool:
    return False


def _holding(node: dict[str, Any], prefix: str) -> int:
    """How many keys of `node` start with `prefix`. The keys joined behind a separator answer "none" in C
    (every such key puts the separator and the prefix in the text); only then are they counted one by one."""
    try:
        if ("\n" + "\n".join(node)).find("\n" + prefix) < 0:
            return 0
    except TypeError:  # a key that is not a string
        pass
    return sum(1 for k in node if isinstance(k, str) and k.startswith(prefix))


# A child of a site: (tokens from the site, the child, its kind).
_Child = tuple[tuple[str | int, ...], Any, str]
# (shape, kind of the children) of the containers a site's key leads to, by the site's kind: ONE is the value
# itself, MAP the values of a name map (MAP_NO_X: but its x- keys), LIST the items of a list, ITEMS a list's
# items or the value itself. The kind "parameter" becomes "body-parameter" for a parameter in the body.
ONE, MAP, MAP_NO_X, LIST, ITEMS = range(5)
_PARAMETER_ITEM = {"items": (ONE, "items")}
CHILDREN: dict[str, dict[str, tuple[int, str]]] = {
    "root": {
        "info": (ONE, "info"),
        "paths": (MAP_NO_X, "path-item"),
        "definitions": (MAP, "schema"),
        "parameters": (MAP, "parameter"),
        "responses": (MAP, "response"),
        "securityDefinitions": (MAP, "security-definition"),
        "tags": (LIST, "tag"),
        "externalDocs": (ONE, "other"),
    },
    "info": {"contact": (ONE, "other"), "license": (ONE, "other")},
    "path-item": {**dict.fromkeys(METHODS_2, (ONE, "operation")), "parameters": (LIST, "parameter")},
    "operation": {
        "parameters": (LIST, "parameter"),
        "responses": (MAP_NO_X, "response"),
        "externalDocs": (ONE, "other"),
    },
    "parameter": _PARAMETER_ITEM,
    "header": _PARAMETER_ITEM,
    "items": _PARAMETER_ITEM,
    "body-parameter": {"schema": (ONE, "schema"), "items": (ONE, "items")},
    "response": {"schema": (ONE, "schema"), "headers": (MAP, "header")},
    "schema": {
        "properties": (MAP, "schema"),
        "items": (ITEMS, "schema"),
        "additionalProperties": (ONE, "schema"),
        "not": (ONE, "schema"),
        **dict.fromkeys(SCHEMA_LISTS, (LIST, "schema")),
    },
    "tag": {"externalDocs": (ONE, "other")},
}
_NONE: dict[str, tuple[int, str]] = {}


def _children(node: dict[str, Any], kind: str) -> list[_Child]:
    """The containers below a site that may be sites, in document order (scalars never are)."""
    found: list[_Child] = []
    rules = CHILDREN.get(kind, _NONE)
    for key, value in node.items():
        if not isinstance(value, (dict, list)):  # a scalar is never a site, nor leads to one
            continue
        if str(key).startswith("x-"):
            if key in SCHEMA_EXTENSIONS and isinstance(value, dict):
                at = SCHEMA_EXTENSIONS[key]
                found.append(((key, at), value.get(at), "schema") if at else ((key,), value, "schema"))
            continue
        rule = rules.get(key)
        if rule is None:
            continue
        shape, child_kind = rule
        if shape == ONE or (shape == ITEMS and isinstance(value, dict)):
            found.append(((key,), value, child_kind))
            continue
        if shape in (LIST, ITEMS):
            entries = [((key, i), item, child_kind) for i, item in enumerate(value)] if isinstance(value, list) else []
        else:  # MAP, MAP_NO_X
            entries = [
                ((key, name), item, child_kind)
                for name, item in (value.items() if isinstance(value, dict) else ())
                if shape == MAP or not str(name).startswith("x-")
            ]
        found += [(t, v, _kind_of(k, v)) for t, v, k in entries] if child_kind == "parameter" else entries
    return found


def _kind_of(kind: str, node: Any) -> str:
    """A parameter in the body is a "body-parameter" (its schema is a schema)."""
    if kind == "parameter" and isinstance(node, dict) and node.get("in") == "body":
        return "body-parameter"
    return kind


_LEAF = object()


def replace_nodes(doc: Any, replacements: Mapping[str, Any]) -> Any:
    """A new document where each pointer's node is replaced; containers along the way are shallow copies,
    everything else is shared with `doc` (which is left untouched)."""
    if not replacements:
        return doc
    tree: dict[Any, Any] = {}
    for ptr, value in replacements.items():
        branch = tree
        for token in jp.split(ptr):
            branch = branch.setdefault(token, {})
        branch[_LEAF] = value
    return _rebuild(doc, tree)


def _rebuild(value: Any, tree: dict[Any, Any]) -> Any:
    if _LEAF in tree:
        value = tree[_LEAF]
    children = [(k, v) for k, v in tree.items() if k is not _LEAF]
    if not children:
        return value
    if isinstance(value, dict):
        new_dict = dict(value)
        for token, sub in children:
            if token in new_dict or _LEAF in sub:  # a leaf may add a key the node lacked
                new_dict[token] = _rebuild(new_dict.get(token), sub)
        return new_dict
    if isinstance(value, list):
        new_list = list(value)
        for token, sub in children:
            new_list[int(token)] = _rebuild(new_list[int(token)], sub)
        return new_list
    return value


def with_key(node: dict[str, Any], key: str, value: Any, after: tuple[str, ...] = ()) -> dict[str, Any]:
    """A copy of `node` with `key` set: in place when present, else right after the last of `after` that
    the node has (at the start when it has none of them)."""
    if key in node:
        return {**node, key: value}
    keys = list(node)
    at = max((keys.index(k) + 1 for k in after if k in node), default=0)
    keys.insert(at, key)
    return {k: value if k == key else node[k] for k in keys}


def rename_key(node: dict[str, Any], old: str, new: str, value: Any) -> dict[str, Any]:
    """A copy of `node` where `old` becomes `new` (same position) with `value`."""
    return {(new if k == old else k): (value if k == old else v) for k, v in node.items()}
