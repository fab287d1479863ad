"""Limits on the shape of a parsed document, checked before any stage walks it.

A YAML document can be small on disk and huge once its aliases are expanded ("billion laughs"), or refer
to itself (`&a [*a]`); any document can nest deeper than the recursive stages can follow. One iterative
pass measures the document as the stages will see it (aliases expanded) without expanding it, and stops
as soon as a limit is passed, so a hostile document costs little time and memory.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Facts:
    """What one walk of a document found: the first limit it passes (None when within every limit), and the
    facts later stages would otherwise walk the whole document again for. They describe `document` as it was
    measured: a stage uses them only for that very object (`facts_for`), since stages never mutate their input."""

    document: Any = field(repr=False, compare=False)
    problem: Diagnostic | None
    external_refs: bool = False  # a $ref that leaves the document (read/bundle.py)
    local_refs: frozenset[str] = frozenset()  # every distinct '#...' $ref
    # (schema, pattern, default) for schemas with a string pattern and a string default, in the order
    # validate/patterns.py tries them, at most MAX_PATTERN_PAIRS
    pattern_pairs: tuple[tuple[dict[str, Any], str, str], ...] = ()
    # a float of magnitude 2**63 or more: what orjson makes of an integer past 64 bits (read/load.fast_json)
    big_floats: bool = False
    # every mapping with an `allOf` list, in the order validate/fanout.py meets them
    allof_holders: tuple[dict[str, Any], ...] = ()
    # a dict holding only dicts, lists and values of exactly the JSON types (validate/fast.plain_json)
    plain: bool = False
    # the file's size in bytes when its text is exactly orjson's two-space JSON of `document` (read/load.py)
    indented: int | None = None


MAX_PATTERN_PAIRS = 10_000
BIG_FLOAT = float(2**63)
JSON_SCALARS = frozenset({str, int, float, bool, type(None)})  # exactly these types, no subclass


def facts_for(facts: Facts | None, document: Any) -> Facts | None:
    """`facts` when they were measured on this very document, else None (the caller walks it itself)."""
    return facts if facts is not None and facts.document is document else None


def check_limits(document: Any) -> list[Diagnostic]:
    """The first limit the document passes, as an error diagnostic; [] when it is within every limit.
    Never recurses; stops early on hostile input."""
    problem = measure(document).problem
    return [] if problem is None else [problem]


def measure(document: Any, *, tree: bool = False) -> Facts:
    """check_limits() and the facts of the same walk (see Facts). `tree`: the caller knows that no container is
    reachable twice (a JSON parser's value: every container is new and held by its parent alone), so the walk
    keeps no set of the containers it has seen (a quarter of its time on GitHub's description)."""
    walk = _Walk(tree)
    problem = walk.run(document)
    if problem is None and walk.shared:
        problem = _expanded_pass(document)
    if problem is not None:
        return Facts(document, problem)
    return walk.facts(document)


def survey(document: Any) -> Facts | None:
    """The Facts of measure(), by its walk alone (no measure of YAML aliases' expansion: a converted document
    shares objects freely), or None when the walk stopped at a problem: what the validation of an output asks
    instead of walking it once per question."""
    walk = _Walk()
    return walk.facts(document) if walk.run(document) is None else None


class Noted:
    """The facts of the mappings a walk meets (see Facts), in the order it meets them. A walk hands over only
    the mappings holding `$ref`, `pattern` or `allOf` (tested inline, the call made for the few that do)."""

    __slots__ = ("allof", "external", "local", "pairs")

    def __init__(self) -> None:
        self.external = False
        self.local: set[str] = set()
        self.pairs: list[tuple[dict[str, Any], str, str]] = []
        self.allof: list[dict[str, Any]] = []

    def note(self, node: dict[str, Any]) -> None:
        ref = node.get("$ref")
        if ref is not None and isinstance(ref, str):
            if ref.startswith("#"):
                self.local.add(ref)
            else:
                self.external = True
        if "pattern" in node and "default" in node and len(self.pairs) < MAX_PATTERN_PAIRS:
            pattern, default = node["pattern"], node["default"]
            if isinstance(pattern, str) and isinstance(default, str):
                self.pairs.append((node, pattern, default))
        if "allOf" in node and isinstance(node["allOf"], list):
            self.allof.append(node)

    def facts(self, document: Any, big_floats: bool, plain: bool) -> Facts:
        """The Facts of a walk of `document` that found no problem."""
        return Facts(
            document,
            None,
            self.external,
            frozenset(self.local),
            tuple(self.pairs),
            big_floats,
            tuple(self.allof),
            plain and type(document) is dict,
        )


class _Walk:
    """Depth, value types and keys of the document as a tree, once per container (an alias's target, or an
    object used twice, is walked once and noted as `shared`), collecting the Facts on the way. Paths are not
    carried along: a problem's pointer is looked up when there is one."""

    def __init__(self, tree: bool = False) -> None:
        self.tree = tree  # no container reachable twice: no set of those seen
        self.shared = False
        self.noted = Noted()
        self.big_floats = False
        self.plain = True

    def facts(self, document: Any) -> Facts:
        return self.noted.facts(document, self.big_floats, self.plain)

    def run(self, document: Any) -> Diagnostic | None:
        seen: set[int] = set()
        count = 0
        note = self.noted.note
        # depth first, last child first: the order validate/patterns.py has always tried patterns in
        stack: list[tuple[Any, int]] = [(document, 1)]
        pop, push, remember, tree = stack.pop, stack.append, seen.add, self.tree
        while stack:
            node, depth = pop()
            if not tree:
                if id(node) in seen:
                    self.shared = True  # an alias (or the same object used twice): _expanded_pass measures it
                    continue
                remember(id(node))
            if depth > MAX_DEPTH:
                return _refused(
                    "XT030",
                    f"the document nests more than {MAX_DEPTH} levels deep; xtgen reads "
                    "at most that many (flatten it with $refs to named components)",
                    _pointer_of(document, node),
                )
            count += len(node)
            values: Any = node
            if isinstance(node, dict):
                if "$ref" in node or "pattern" in node or "allOf" in node:  # what Noted.note reads, inline
                    note(node)
                try:  # every key an ASCII string of at most MAX_KEY_CHARS, checked in C, all at once
                    keys = "".join(node)
                    plain = keys.isascii() and (len(keys) <= MAX_KEY_CHARS or max(map(len, node)) <= MAX_KEY_CHARS)
                except TypeError:  # a key that is not a string
                    plain = False
                if plain:
                    values = node.values()
                else:  # the slow path pushes the children itself
                    values = ()
                    problem = _first_problem(document, node, depth, stack, self)
                    if problem is not None:
                        return problem
            below = depth + 1
            for value in values:
                kind = type(value)
                if kind is str:
                    if not value.isascii() and SURROGATE.search(value):
                        return _first_problem(document, node, depth, [], self)
                elif kind is dict or kind is list:
                    push((value, below))
                elif kind is int or kind is bool or value is None:
                    pass
                elif kind is float and math.isfinite(value):
                    if not -BIG_FLOAT < value < BIG_FLOAT:
                        self.big_floats = True
                elif isinstance(value, (dict, list)):
                    self.plain = False  # a subclass
                    push((value, below))
                elif _value_problem(document, node, None, value) is not None:
                    return _first_problem(document, node, depth, [], self)
                else:
                    self.plain = False  # a subclass of a JSON scalar type (a loaded document has none)
            if count > MAX_NODES:
                return _refused(
                    "XT031", f"the document holds more than {MAX_NODES:,} values; xtgen reads at most that many"
                )
        return None


def _first_problem(
    document: Any, node: Any, depth: int, stack: list[tuple[Any, int]], walk: _Walk
) -> Diagnostic | None:
    """The first problem of a container's keys and values in their order (the slow path, for a container the
    fast checks found something in), pushing its children as the fast path does; None when there is none."""
    for key, value in node.items() if isinstance(node, dict) else enumerate(node):
        if isinstance(node, dict) and (problem := _key_problem(key)) is not None:
            return _refused(problem[0], problem[1], _pointer_of(document, node))
        if isinstance(value, (dict, list)):
            walk.plain = walk.plain and type(value) in (dict, list)
            stack.append((value, depth + 1))
        elif (found := _value_problem(document, node, key, value)) is not None:
            return found
        else:
            walk.plain = walk.plain and type(value) in JSON_SCALARS
            if isinstance(value, float) and not -BIG_FLOAT < value < BIG_FLOAT:
                walk.big_floats = True
    return None


def _value_problem(document: Any, node: Any, key: Any, value: Any) -> Diagnostic | None:
    """The problem with one scalar value (at `key` of `node`), else None."""
    if type(value) is str:
        if not value.isascii() and SURROGATE.search(value):
            return _surrogate_problem(_pointer_of(document, node, key))
    elif isinstance(value, float) and not math.isfinite(value):
        return _refused(
            "XT034", f"the number {value} has no JSON form; write a finite number", _pointer_of(document, node, key)
        )
    elif value is not None and not isinstance(value, (str, int, float)):
        return _refused(
            "XT034",
            f"a {type(value).__name__} value has no JSON form; quote it as a string",
            _pointer_of(document, node, key),
        )
    return None


def _key_problem(key: Any) -> tuple[str, str] | None:
    """(code, message) when a mapping key is not one xtgen reads."""
    if not isinstance(key, str):
        return "XT033", f"mapping key {key!r} is not a string; quote it"
    if not key.isascii() and SURROGATE.search(key):
        return "XT034", SURROGATE_MESSAGE
    if len(key) > MAX_KEY_CHARS:
        return "XT037", (
            f"a key of {len(key):,} characters ({key[:40]!r}...); xtgen reads keys of at most "
            f"{MAX_KEY_CHARS:,} (every diagnostic under it repeats it in its pointer)"
        )
    return None


def _pointer_of(document: Any, node: Any, *key: Any) -> str:
    """The pointer of `node` in `document` (found by identity, only when a problem is reported), then `key`."""
    return jp.join(jp.pointer_of_node(document, node), *[str(k) for k in key])


SURROGATE_MESSAGE = (
    "a string holds a lone UTF-16 surrogate (such as \\ud800), which UTF-8 text cannot hold; "
    "remove it or write the character it was meant to be"
)


def _surrogate_problem(pointer: str) -> Diagnostic:
    return _refused("XT034", SURROGATE_MESSAGE, pointer)


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
