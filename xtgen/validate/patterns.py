"""A bound on the regular expressions validators run: a schema's `pattern` against its `default`.

Python's `re` backtracks: `^(a+)+$` against forty `a`s and a `!` takes hours, and nothing can interrupt
it in the validating process (the matcher holds the interpreter). The pairs the validators will try are
tried first in a child process with a time limit; a pattern that does not finish is named instead of
validated. Documents without such pairs (almost all) cost one walk.
"""

from __future__ import annotations

import re
from typing import Any

from xtgen import pointer as jp
from xtgen.read.limits import MAX_PATTERN_PAIRS, Facts, facts_for, survey

PATTERN_SECONDS = 2.0


def _pairs(document: Any) -> list[tuple[dict[str, Any], str, str]]:
    """(schema, pattern, default) for every schema with a string pattern and a string default: the pairs
    xtgen.read.limits.survey collects (its walk alone), or, where that walk stops at a problem, every pair by
    a walk of its own."""
    facts = survey(document)
    return list(facts.pattern_pairs) if facts is not None else walk_pairs(document)


def walk_pairs(document: Any) -> list[tuple[dict[str, Any], str, str]]:
    """The pairs by a walk of their own: each container once, depth first, last child first."""
    found: list[tuple[dict[str, Any], str, str]] = []
    seen: set[int] = set()
    stack: list[Any] = [document]
    while stack and len(found) < MAX_PATTERN_PAIRS:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if "pattern" in node and "default" in node:
                pattern, default = node["pattern"], node["default"]
                if isinstance(pattern, str) and isinstance(default, str):
                    found.append((node, pattern, default))
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return found


def _search_all(pairs: list[tuple[str, str]]) -> None:
    for pattern, value in pairs:
        try:
            re.search(pattern, value)
        except (re.error, RecursionError, OverflowError):
            continue


def slow_pattern(document: Any, facts: Facts | None = None) -> str | None:
    """The pointer of the first schema whose pattern does not finish on its default within
    PATTERN_SECONDS, or None (also when no child process can be started). `facts`: the document's, when the
    caller has them (its pattern pairs are then not looked for again)."""
    known = facts_for(facts, document)
    pairs = list(known.pattern_pairs) if known is not None else _pairs(document)
    if not pairs:
        return None
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context: Any = multiprocessing.get_context("fork" if "fork" in methods else methods[0])
    try:
        child = context.Process(target=_search_all, args=([(p, d) for _, p, d in pairs],), daemon=True)
        child.start()
    except (OSError, ValueError):
        return None
    child.join(PATTERN_SECONDS)
    if child.is_alive():
        child.kill()
        child.join()
        if len(pairs) == 1:
            return jp.pointer_of_node(document, pairs[0][0])
        for schema, pattern, default in pairs:  # which one: each alone, the first that hangs is named
            alone = context.Process(target=_search_all, args=([(pattern, default)],), daemon=True)
            alone.start()
            alone.join(PATTERN_SECONDS)
            if alone.is_alive():
                alone.kill()
                alone.join()
                return jp.pointer_of_node(document, schema)
        return ""
    return None


def slow_pattern_message(what: str) -> str:
    return (
        f"{what}: this schema's pattern runs for more than {PATTERN_SECONDS:g} s on its default (a regular "
        "expression that backtracks, such as (a+)+), so checking the default would not finish; rewrite the pattern"
    )
