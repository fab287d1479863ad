"""Dangling local `$ref`s in a Swagger 2.0 document, found in one walk.

openapi-spec-validator follows only the refs its walk reaches: a `$ref` inside a definition no path uses,
or inside `x-`-free places it does not visit, can point at nothing and still pass. Every `$ref` outside
vendor extensions and example values (`x-*`, `example`, `examples`, `default`, `enum`: data, not schema)
must name something in the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from xtgen import pointer as jp
from xtgen.read.limits import Facts, facts_for

# keys whose value is data, not part of the description
DATA_KEYS = frozenset({"example", "examples", "default", "enum"})
# keys whose value maps names chosen by the author to descriptions (a property may be called "example")
NAMED_KEYS = frozenset(
    {
        "properties",
        "definitions",
        "parameters",
        "responses",
        "securityDefinitions",
        "paths",
        "patternProperties",
        "headers",
    }
)


def _ref_sites(document: Any) -> Iterator[tuple[str, jp.Link]]:
    """(ref, path of the object holding it) for every `$ref` string outside extensions and data. Paths are
    links (xtgen.pointer.Link), made into pointers only for the refs that need one (building every node's pointer string
    cost more than the rest of the walk on a large output)."""
    stack: list[tuple[Any, jp.Link, bool]] = [(document, None, False)]
    while stack:
        node, path, named = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not named:
                yield ref, path
            for key, value in node.items():
                if not isinstance(value, (dict, list)):
                    continue
                if not named and (key.startswith("x-") or key in DATA_KEYS):
                    continue
                stack.append((value, (path, key), not named and key in NAMED_KEYS))
        elif isinstance(node, list):
            stack.extend((value, (path, i), False) for i, value in enumerate(node) if isinstance(value, (dict, list)))


def dangling_refs(document: Any, facts: Facts | None = None) -> list[tuple[str, str]]:
    """(ref, pointer) for each local ref that names nothing, and each ref that is not local. `facts`: the
    document's (xtgen.read.limits), when the caller has them: when every $ref anywhere in it is local and
    resolves, none is dangling, and the walk that knows extensions from schemas is skipped."""
    measured = facts_for(facts, document)
    if measured is not None and not measured.external_refs and all(_resolves(document, r) for r in measured.local_refs):
        return []
    found: list[tuple[str, str]] = []
    known: dict[str, bool] = {}
    for ref, path in _ref_sites(document):
        if ref not in known:
            known[ref] = _resolves(document, ref)
        if not known[ref]:
            found.append((ref, jp.from_links(path)))
    return sorted(found, key=lambda item: item[1])


def _resolves(document: Any, ref: str) -> bool:
    if not ref.startswith("#"):
        return False
    try:
        jp.resolve_ref(document, ref)
    except KeyError:
        return False
    return True
