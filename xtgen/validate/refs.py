"""Dangling local `$ref`s in a Swagger 2.0 document, found in one walk.

openapi-spec-validator follows only the refs its walk reaches: a `$ref` inside a definition no path uses,
or inside `x-`-free places it does not visit, can point at nothing and still pass. Every `$ref` outside
vendor extensions and example values (`x-*`, `example`, `examples`, `default`, `enum`: data, not schema)
must name something in the document.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

from xtgen import pointer as jp
from xtgen.read.limits import (
    BIG_FLOAT,
    MAX_DEPTH,
    MAX_KEY_CHARS,
    MAX_NODES,
    SURROGATE,
    Facts,
    Noted,
    _key_problem,
    facts_for,
    survey,
)

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


def _ref_sites(document: Any, named: bool = False) -> Iterator[tuple[str, jp.Link]]:
    """(ref, path of the object holding it) for every `$ref` string outside extensions and data. Paths are
    links (xtgen.pointer.Link), made into pointers only for the refs that need one (building every node's pointer string
    cost more than the rest of the walk on a large output). `named`: `document` maps names (as the value of a
    NAMED_KEYS key does)."""
    stack: list[tuple[Any, jp.Link, bool]] = [(document, None, named)]
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


# The contexts of _ref_sites, as survey_output carries them: a schema (its $ref counts; its x-* and DATA_KEYS
# values are data, its NAMED_KEYS values are named), named (a mapping of names: its own $ref is a name, every
# value a schema), data (no $ref in it counts)
_SCHEMA, _NAMED, _DATA = 0, 1, 2
# a schema's child by key (other keys: _SCHEMA, save x-*)
_CHILD = {**dict.fromkeys(NAMED_KEYS, _NAMED), **dict.fromkeys(DATA_KEYS, _DATA)}
_NO_KEYS = itertools.repeat(None)  # a list's items, paired as a mapping's are


def survey_output(document: Any) -> tuple[Facts | None, frozenset[str] | None]:
    """(survey(document), every `$ref` string _ref_sites yields) in one walk, for validating an output: the
    walk of survey() (xtgen.read.limits._Walk.run's fast path: each container once, depth first, last child
    first, the same facts in the same order) carrying each container's context as _ref_sites has it. A
    container first met as data and met again where its refs count, or met again as a schema where it was
    named (or the reverse), is walked once more for refs alone, after the main walk (which keeps its order).
    Where _Walk.run would report a problem or note a value that is not plain JSON (a limit passed, a key or
    value it refuses, a subclass of a JSON type), this walk gives up: (survey(document), None), and the refs
    are looked for by _ref_sites."""
    seen: dict[int, int] = {}  # id of each container met -> the context it was first met in
    again: list[tuple[Any, int]] = []  # containers met again in a context whose refs the first one missed
    noted = Noted()
    sites: set[str] = set()
    big_floats = False
    count = 0
    stack: list[tuple[Any, int, int]] = [(document, 1, _SCHEMA)]
    pop, push, child_of, note = stack.pop, stack.append, _CHILD.get, noted.note
    while stack:
        node, depth, context = pop()
        first = seen.get(id(node))
        if first is not None:
            if context != _DATA and context != first:
                again.append((node, context))
            continue
        seen[id(node)] = context
        count += len(node)
        if depth > MAX_DEPTH or count > MAX_NODES:
            return survey(document), None
        below = depth + 1
        if type(node) is dict:
            if "$ref" in node or "pattern" in node or "allOf" in node:  # what Noted.note reads, inline
                note(node)
                if context == _SCHEMA and isinstance(node.get("$ref"), str):
                    sites.add(node["$ref"])
            try:
                keys = "".join(node)
            except TypeError:
                return survey(document), None
            odd = not keys.isascii() or (len(keys) > MAX_KEY_CHARS and max(map(len, node)) > MAX_KEY_CHARS)
            if odd and any(_key_problem(key) is not None for key in node):  # else as _Walk's slow path goes on
                return survey(document), None
            keyed = context == _SCHEMA  # a schema's children: their context by key
            pairs_of: Any = node.items()
            inner = _SCHEMA if context == _NAMED else _DATA
        else:
            if type(node) is not list:
                return survey(document), None
            keyed = False
            pairs_of = zip(_NO_KEYS, node, strict=False)  # repeat() never ends
            inner = _DATA if context == _DATA else _SCHEMA
        for key, value in pairs_of:
            kind = type(value)
            if kind is str:
                if not value.isascii() and SURROGATE.search(value):
                    return survey(document), None
            elif kind is dict or kind is list:
                if keyed:
                    if key.startswith("x-"):
                        push((value, below, _DATA))
                    elif kind is dict:
                        push((value, below, child_of(key, _SCHEMA)))
                    else:
                        push((value, below, _DATA if key in DATA_KEYS else _SCHEMA))
                else:
                    push((value, below, inner))
            elif kind is int or kind is bool or value is None:
                pass
            elif kind is float and math.isfinite(value):
                if not -BIG_FLOAT < value < BIG_FLOAT:
                    big_floats = True
            else:
                return survey(document), None
    facts = noted.facts(document, big_floats, True)
    return facts, frozenset(sites | _sites_again(again))


def _sites_again(again: list[tuple[Any, int]]) -> set[str]:
    """The refs _ref_sites finds under the containers survey_output met again in a new context (each container
    and context once)."""
    sites: set[str] = set()
    done: set[tuple[int, int]] = set()
    for node, context in again:
        if (id(node), context) not in done:
            done.add((id(node), context))
            sites.update(ref for ref, _ in _ref_sites(node, named=context == _NAMED))
    return sites


def dangling_refs(
    document: Any, facts: Facts | None = None, sites: frozenset[str] | None = None
) -> list[tuple[str, str]]:
    """(ref, pointer) for each local ref that names nothing, and each ref that is not local. `facts`: the
    document's (xtgen.read.limits), when the caller has them: when every $ref anywhere in it is local and
    resolves, none is dangling, and the walk that knows extensions from schemas is skipped. `sites`: every
    ref _ref_sites would yield (survey_output), when the caller has them: when each resolves, none is
    dangling either (a ref kept in an example or an extension may point at nothing)."""
    if sites is not None:  # the refs that count: when each resolves, none dangles
        counted: frozenset[str] | None = sites
    else:  # every ref anywhere, when all are local: when each resolves, none dangles
        measured = facts_for(facts, document)
        counted = measured.local_refs if measured is not None and not measured.external_refs else None
    if counted is not None and all(_resolves(document, r) for r in counted):
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
