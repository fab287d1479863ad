"""A bound on the work validators do through schema composition, measured before they run.

openapi-spec-validator collects the property names of every `allOf` part by walking allOf, anyOf, oneOf,
items and not, following `$ref`s, once per use and with no memory: a schema whose parts use the same
schema twice, level after level, costs 2^n visits (30 levels of a 3 KB input: hours). This module counts
those visits for every schema, each distinct schema once (linear), and names the first schema past the
bound so that validation is skipped with a diagnostic instead of running for hours.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from xtgen import pointer as jp
from xtgen.read.limits import Facts, facts_for

# Schema visits one composed schema may cost a validator. Real specs stay in the hundreds.
MAX_SCHEMA_VISITS = 100_000
LISTS = ("allOf", "anyOf", "oneOf")
SINGLES = ("items", "not")


def _deref(document: Any, node: Any) -> Any:
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#"):
        ref = node["$ref"]
        if ref in seen or len(seen) > 50:
            return None
        seen.add(ref)
        try:
            node = jp.resolve(document, ref[1:])
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return node


def _parts(document: Any, schema: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[Any] = []
    for key in LISTS:
        value = schema.get(key)
        if isinstance(value, list):
            found += value
    for key in SINGLES:
        if key in schema:
            found.append(schema[key])
    resolved = (_deref(document, part) for part in found)
    return [part for part in resolved if isinstance(part, dict)]


CYCLE = -1  # a part includes itself: the validators' walk never ends


def _visits(document: Any, root: dict[str, Any], memo: dict[int, int]) -> int:
    """1 + the visits of every part, each distinct schema computed once (post-order, no recursion);
    CYCLE when a part leads back to a schema on the way to it."""
    open_: set[int] = set()
    stack: list[tuple[dict[str, Any], bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            counts = [CYCLE if id(part) in open_ else memo.get(id(part), 0) for part in _parts(document, node)]
            memo[key] = CYCLE if CYCLE in counts else min(1 + sum(counts), MAX_SCHEMA_VISITS + 1)
            open_.discard(key)
            continue
        if key in memo or key in open_:
            continue
        open_.add(key)
        stack.append((node, True))
        stack.extend((part, False) for part in _parts(document, node) if id(part) not in memo)
    return memo.get(id(root), 0)


def fanout_problem(document: Any, facts: Facts | None = None) -> tuple[str, str] | None:
    """(pointer, why) of the first schema whose allOf parts would cost a validator more than
    MAX_SCHEMA_VISITS visits or lead back to themselves, or None. Linear in the size of the document;
    pointers are built only to name a culprit. Only allOf starts the walk (as in the validators). `facts`: the
    document's (xtgen.read.limits), when the caller has them: its allOf holders are then not looked for again."""
    memo: dict[int, int] = {}
    known = facts_for(facts, document)
    for node in known.allof_holders if known is not None else _allof_holders(document):
        visits = _visits(document, node, memo)
        if visits == CYCLE or visits > MAX_SCHEMA_VISITS:
            return jp.pointer_of_node(document, node), "cycle" if visits == CYCLE else "fan-out"
    return None


def _allof_holders(document: Any) -> Iterator[dict[str, Any]]:
    """Every mapping with an allOf list, depth first, last child first (as Facts.allof_holders has them, save
    that a container met twice is met twice here)."""
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "allOf" in node and isinstance(node["allOf"], list):
                yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def fanout_message(what: str, why: str) -> str:
    if why == "cycle":
        return (
            f"{what}: this schema's allOf parts lead back to a schema on the way (through allOf, anyOf, oneOf, "
            "items or not), which validators follow forever"
        )
    return (
        f"{what}: this schema's allOf parts expand to more than {MAX_SCHEMA_VISITS:,} schemas "
        "(parts that reuse a schema at every level double the work each time), which validators walk one by one"
    )
