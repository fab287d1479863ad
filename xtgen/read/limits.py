"""Limits on the shape of a parsed document, checked before any stage walks it.

A YAML document can be small on disk and huge once its aliases are expanded ("billion laughs"), or refer
to itself (`&a [*a]`); any document can nest deeper than the recursive stages can follow. One iterative
pass measures the document as the stages will see it (aliases expanded) without expanding it, and stops
as soon as a limit is passed, so a hostile document costs little time and memory.
"""

from __future__ import annotations

import math
import re
from typing import Any

from xtgen import pointer as jp
from xtgen.model import Diagnostic, Severity

# Nesting: real specs stay under 40 levels; the recursive stages (conversion, openapi-spec-validator) are
# tested to work well past this limit.
MAX_DEPTH = 128
# Values (mappings, lists and scalars) the stages may visit, counting every expansion of a YAML alias.
MAX_NODES = 5_000_000
# How many times the aliases may multiply the document: legitimate anchors reuse a block a few times.
MAX_EXPANSION = 20
# Keys (paths, property names, media types): real ones stay under a few hundred characters. A long key is
# repeated in the pointer of everything under it, so 5,000 children of a 40 KB path cost gigabytes.
MAX_KEY_CHARS = 4096
# JSON's \ud800 escapes can name half of a UTF-16 pair alone: Python keeps it, no UTF-8 writer can.
SURROGATE = re.compile("[\ud800-\udfff]")


def _refused(code: str, message: str, pointer: str = "") -> Diagnostic:
    """Why a document is refused: an error with a message (what and how to fix), and a pointer when one place
    is to blame."""
    return Diagnostic(code, Severity.ERROR, message, pointer)


def _children(node: Any) -> list[Any]:
    return list(node.values()) if isinstance(node, dict) else node if isinstance(node, list) else []


def check_limits(document: Any) -> list[Diagnostic]:
    """The first limit the document passes, as an error diagnostic; [] when it is within every limit.
    Never recurses; stops early on hostile input."""
    problem, shared = _first_pass(document)
    if problem is None and shared:
        problem = _expanded_pass(document)
    return [] if problem is None else [problem]


def _first_pass(document: Any) -> tuple[Diagnostic | None, bool]:
    """Depth, value types and keys of the document as a tree; reports whether any container is shared."""
    seen: set[int] = set()
    shared = False
    count = 0
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(document, 1, ())]
    while stack:
        node, depth, path = stack.pop()
        if id(node) in seen:
            shared = True  # an alias (or the same object used twice): the second pass measures the expansion
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            return _refused(
                "XT030",
                f"the document nests more than {MAX_DEPTH} levels deep; xtgen reads "
                "at most that many (flatten it with $refs to named components)",
                _pointer(path),
            ), shared
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            count += 1
            if isinstance(node, dict) and not isinstance(key, str):
                return _refused("XT033", f"mapping key {key!r} is not a string; quote it", _pointer(path)), shared
            if isinstance(key, str) and not key.isascii() and SURROGATE.search(key):
                return _surrogate_problem(path), shared
            if isinstance(key, str) and len(key) > MAX_KEY_CHARS:
                return _refused(
                    "XT037",
                    f"a key of {len(key):,} characters ({key[:40]!r}...); xtgen reads keys of at most "
                    f"{MAX_KEY_CHARS:,} (every diagnostic under it repeats it in its pointer)",
                    _pointer(path),
                ), shared
            if type(value) is str:
                if not value.isascii() and SURROGATE.search(value):
                    return _surrogate_problem((*path, key)), shared
            elif isinstance(value, (dict, list)):
                stack.append((value, depth + 1, (*path, key)))
            elif isinstance(value, float) and not math.isfinite(value):
                return _refused(
                    "XT034", f"the number {value} has no JSON form; write a finite number", _pointer((*path, key))
                ), shared
            elif value is not None and not isinstance(value, (str, int, float)):
                return _refused(
                    "XT034",
                    f"a {type(value).__name__} value has no JSON form; quote it as a string",
                    _pointer((*path, key)),
                ), shared
        if count > MAX_NODES:
            return _refused(
                "XT031", f"the document holds more than {MAX_NODES:,} values; xtgen reads at most that many"
            ), shared
    return None, shared


def _surrogate_problem(path: tuple[Any, ...]) -> Diagnostic:
    return _refused(
        "XT034",
        "a string holds a lone UTF-16 surrogate (such as \\ud800), which UTF-8 text cannot hold; "
        "remove it or write the character it was meant to be",
        _pointer(path),
    )


def _expanded_pass(document: Any) -> Diagnostic | None:
    """Size and depth with every shared container expanded, computed once per container (post-order)."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            containers = [c for c in _children(node) if isinstance(c, (dict, list))]
            size[key] = 1 + len(_children(node)) - len(containers) + sum(size[id(c)] for c in containers)
            depth[key] = 1 + max((depth[id(c)] for c in containers), default=0)
            open_.discard(key)
            if depth[key] > MAX_DEPTH:
                return _refused(
                    "XT030",
                    f"the document nests more than {MAX_DEPTH} levels deep once its "
                    "YAML aliases are expanded; xtgen reads at most that many",
                )
            if size[key] > MAX_NODES:
                return _expansion_problem(size[key], len(size))
            continue
        if key in size:
            continue
        if key in open_:
            return _refused(
                "XT032", "a YAML alias refers to a node that contains it (a recursive structure); use a $ref instead"
            )
        open_.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if isinstance(c, (dict, list)) and id(c) not in size)
    total = size[id(document)]
    if total > MAX_EXPANSION * max(len(size), 1) + 100_000:
        return _expansion_problem(total, len(size))
    return None


def _expansion_problem(total: int, unique: int) -> Diagnostic:
    return _refused(
        "XT031",
        f"YAML aliases expand the document to more than {min(total, MAX_NODES):,} "
        f"values from {unique:,} distinct ones (an alias bomb?); xtgen refuses to expand it",
    )


def _pointer(path: tuple[Any, ...]) -> str:
    return jp.join("", *[str(t) for t in path])


def yaml_scalars_as_json(document: Any) -> None:
    """Make a freshly parsed YAML document JSON-shaped, in place: dates and non-string keys become strings.

    YAML reads `version: 2024-01-31` as a date and `200:` as an integer key; JSON, and every stage, wants
    strings there. Only for documents xtgen parsed itself (never the caller's objects).
    """
    seen: set[int] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if id(node) in seen or not isinstance(node, (dict, list)):
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            items = [(_key_text(k), _value(v)) for k, v in node.items()]
            if len({k for k, _ in items}) < len(items):  # `1:` beside `"1":`: left for check_limits to report
                items = [(k, _value(v)) for k, v in node.items()]
            node.clear()
            node.update(items)
            stack.extend(node.values())
        else:
            node[:] = [_value(v) for v in node]
            stack.extend(node)


def _key_text(key: Any) -> Any:
    if isinstance(key, str):
        return key
    if isinstance(key, bool) or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, (int, float)) or hasattr(key, "isoformat"):
        return _value(key) if hasattr(key, "isoformat") else str(key)
    return key


def _value(value: Any) -> Any:
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) and not isinstance(value, (dict, list)) else value
