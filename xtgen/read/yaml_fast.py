"""Stage 1, load: a fast path for YAML, PyYAML's C parser (libyaml) with ruamel.yaml's YAML 1.2 rules.

`load.parse_yaml` reads YAML with ruamel.yaml's safe loader. Its C parser builds the node tree, but it
resolves (`off` is a string, `0o17` an integer) and constructs in Python with per-node overheads that
make it about twice as slow as PyYAML's C loader on a large spec. PyYAML's resolver, though, follows
YAML 1.1 (`off` is False, `017` is 15, `1:30` is 90), so it cannot be used as it is.

This module composes with PyYAML's `CParser` (the same libyaml composition ruamel's C path uses), and
resolves every plain scalar with ruamel's own YAML 1.2 table (the same regular expressions, looked up the
same way), and builds the plain values itself. Anything it does not build exactly as ruamel would, it
declines, and `parse_yaml` loads the text with ruamel as before (also for every error, so messages and
their line:column do not change):

- text that libyaml refuses (ruamel's pure parser may read it as YAML 1.2), or that holds a `%` directive
  (ruamel's pure parser would switch to YAML 1.1 rules for `%YAML 1.1`);
- merge keys (`<<`; ruamel counts what they copy against a budget), the `=` value key, explicit tags
  other than `!!str`, `!!map` and `!!seq` (`!!binary`, `!!set`, `!!int "12"`, `!custom`, ...);
- a plain scalar holding `:`, `?` or a tab inside a flow collection (`[{url: https://x}]`): PyYAML's libyaml reads
  some of these that ruamel's refuses;
- a key that is not a scalar (`? [a, b]`), a mapping that loses a key (a duplicate: ruamel refuses it;
  `1` and `true` are one dict key), an alias to a collection that is still being built (recursion);
- a document nested deeper than MAX_DEPTH, measured while libyaml composes (check_limits refuses such a
  document; `load.check_yaml_depth` and ruamel word it);
- a scalar whose conversion fails (an integer of more digits than Python converts).

Integers other than plain digits, floats and timestamps are converted by ruamel's own constructor
methods, so `1_000`, `0x1F`, `.NaN`, `-.inf` and `2001-12-14t21:59:43.10-05:00` come out exactly as they do
today. `tests/test_yaml_fast.py` checks the two loaders against each other.
"""

from __future__ import annotations

import functools
import gc
import re
import sys
from typing import Any

from xtgen.read.limits import MAX_DEPTH

_YAML_ORG = "tag:yaml.org,2002:"
_STR_TAG = _YAML_ORG + "str"
_MAP_TAG = _YAML_ORG + "map"
_SEQ_TAG = _YAML_ORG + "seq"

# Tags the resolver below gives (distinct from the explicit `!!int`, which this path declines).
_STR = "xtgen:str"
_INT = "xtgen:int"
_FLOAT = "xtgen:float"
_BOOL = "xtgen:bool"
_NULL = "xtgen:null"
_TIMESTAMP = "xtgen:timestamp"
_DECLINE = "xtgen:decline"  # merge (`<<`), value (`=`) and the documentation-only `yaml` resolver
_TRUE = frozenset(("true", "True", "TRUE"))  # what ruamel's YAML 1.2 bool pattern accepts as True


class Declined(Exception):
    """The fast path cannot promise ruamel's result for this text; ruamel loads it."""


def _resolver_table() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """ruamel's YAML 1.2 implicit resolvers by first character, in ruamel's order, with this module's tags."""
    from ruamel.yaml.resolver import implicit_resolvers

    ours = {
        _YAML_ORG + "bool": _BOOL,
        _YAML_ORG + "int": _INT,
        _YAML_ORG + "float": _FLOAT,
        _YAML_ORG + "null": _NULL,
        _YAML_ORG + "timestamp": _TIMESTAMP,
    }
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            for char in first:
                # ruamel's RegExp compiles lazily and pays an indirection on every call: compile it here
                table.setdefault(char, []).append((ours.get(tag, _DECLINE), re.compile(regexp.pattern, regexp.flags)))
    if None in table:  # ruamel adds the resolvers without a first character to every look-up
        raise ImportError("ruamel.yaml's resolvers changed: a resolver without a first character")
    return table


def _ruamel_constructor() -> Any:
    """ruamel's SafeConstructor, as its C path runs it (YAML 1.2), to convert the rarer scalars."""
    from ruamel.yaml.constructor import SafeConstructor

    class Version12:
        processing_version = (1, 2)

    class Constructor(SafeConstructor):
        resolver = Version12()

    return Constructor()


@functools.cache
def _loader_class() -> Any:
    from yaml import _yaml  # type: ignore[import-untyped]

    table = _resolver_table()
    scalar_node = _yaml.ScalarNode

    class FastLoader(_yaml.CParser):  # type: ignore[misc]
        # The C composer recurses once per level with no guard of its own (tens of thousands of levels
        # overflow the C stack); it calls these two around every node, so the depth is measured as it goes,
        # and past MAX_DEPTH the load stops (ruamel's path then measures it exactly and words the refusal).
        depth = 0

        def descend_resolver(self, parent: Any, index: Any) -> None:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise Declined("nested deeper than the limit")

        def ascend_resolver(self) -> None:
            self.depth -= 1

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            # ruamel's VersionedResolver.resolve for YAML 1.2 without path resolvers.
            if kind is scalar_node:
                if implicit[0]:
                    for tag, regexp in table.get(value[:1], ()):
                        if regexp.match(value):
                            return tag
                return _STR
            return _SEQ_TAG if kind is _yaml.SequenceNode else _MAP_TAG

    return FastLoader


@functools.cache
def _composer_class() -> Any:
    """The loader without resolution: every untagged scalar is a string (for positions only tags of collections
    matter)."""
    from yaml import _yaml

    scalar_node, sequence_node = _yaml.ScalarNode, _yaml.SequenceNode

    class Composer(_loader_class()):  # type: ignore[misc]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            return _STR if kind is scalar_node else _SEQ_TAG if kind is sequence_node else _MAP_TAG

    return Composer


class _Builder:
    """Plain values from PyYAML nodes, as ruamel's SafeConstructor would build them, or Declined."""

    def __init__(self) -> None:
        from ruamel.yaml.nodes import ScalarNode
        from yaml import nodes

        self.scalar_node = nodes.ScalarNode
        self.mapping_node = nodes.MappingNode
        self.ruamel_scalar = ScalarNode
        self.ruamel = _ruamel_constructor()
        self.built: dict[int, Any] = {}  # id(collection node) -> its value, so an alias gives the same object
        self.shared = False  # an alias named a collection: the value is no tree (limits.measure's `tree`)

    def build(self, node: Any, depth: int) -> Any:
        if type(node) is self.scalar_node:
            tag = node.tag
            if tag is _STR and node.value:
                return node.value
            return self.scalar(node, tag)
        key = id(node)
        if key in self.built:
            done = self.built[key]
            if done is _BUSY:
                raise Declined("a recursive alias")
            self.shared = True
            return done
        if depth >= MAX_DEPTH:
            raise Declined("nested deeper than the limit")
        self.built[key] = _BUSY
        depth += 1
        build, intern = self.build, sys.intern
        value: Any
        if type(node) is self.mapping_node:
            if node.tag != _MAP_TAG:
                raise Declined(f"tag {node.tag} on a mapping")
            scalar_node = self.scalar_node
            value = {}
            for key_node, value_node in node.value:
                if type(key_node) is not scalar_node:
                    raise Declined("a key that is not a scalar")
                tag = key_node.tag
                value[intern(key_node.value) if tag is _STR and key_node.value else self.scalar(key_node, tag)] = build(
                    value_node, depth
                )
            if len(value) != len(node.value):
                raise Declined("a duplicate key")
        else:
            if node.tag != _SEQ_TAG:
                raise Declined(f"tag {node.tag} on a sequence")
            value = [build(item, depth) for item in node.value]
        if node.flow_style:
            self.check_flow(node)
        self.built[key] = value
        return value

    def check_flow(self, node: Any) -> None:
        """Decline a plain scalar holding `:`, `?` or a tab in a flow collection (`[{url: https://x}]`, `[a?b]`).

        PyYAML's libyaml (0.2.5) reads more of these than the libyaml in ruamel.yaml.clib, whose refusal
        sends ruamel to its pure parser, which reads some alike and refuses others (`[0\t:0]`).
        """
        items = node.value
        if type(node) is self.mapping_node:
            items = [part for pair in items for part in pair]
        for item in items:
            if type(item) is self.scalar_node and item.style == "" and _FLOW_PLAIN_DOUBT.search(item.value):
                raise Declined("`:`, `?` or a tab in a plain scalar in a flow collection")

    def scalar(self, node: Any, tag: str) -> Any:
        value = node.value
        if tag is _STR:  # here only when empty
            if node.style == "":
                # an empty plain scalar is null unless tagged `!`: libyaml ends that tag at a flow indicator
                # (`[!, 0]` holds an empty string), ruamel's tag takes the indicator in (`!,`: it refuses it)
                raise Declined("an empty plain scalar tagged `!`")
            return value
        if tag is _NULL:
            return None
        if tag is _BOOL:
            return value in _TRUE
        if tag is _INT and value.isdigit():  # ASCII digits (the pattern matched): int() is what ruamel does
            try:
                return int(value)
            except ValueError:  # more digits than Python converts: ruamel words it
                raise Declined("a long integer") from None
        if tag is _INT or tag is _FLOAT or tag is _TIMESTAMP:
            try:
                ruamel_node = self.ruamel_scalar(_YAML_ORG + tag[6:], value)
                if tag is _INT:
                    return self.ruamel.construct_yaml_int(ruamel_node)
                if tag is _FLOAT:
                    return self.ruamel.construct_yaml_float(ruamel_node)
                return self.ruamel.construct_yaml_timestamp(ruamel_node)
            except Exception as exc:  # ruamel raises the same when it loads the text and words it
                raise Declined(f"{tag} {value!r}: {exc}") from None
        if tag == _STR_TAG:
            return value
        raise Declined(f"tag {tag}")


_BUSY = object()
# In a plain scalar in a flow collection, what libyaml and ruamel may read differently: `:` and `?` (PyYAML's
# libyaml reads `[{url: https://x}]`, ruamel's refuses it), a tab (`[0\t0, ?]`: ruamel refuses it)
_FLOW_PLAIN_DOUBT = re.compile("[:?\t]")
_LINE_BREAKS = "\n\r\x85\u2028\u2029"  # what libyaml takes for the end of a line
_DIRECTIVE = re.compile(f"[{_LINE_BREAKS}]%")


def _has_directive(text: str) -> bool:
    """Whether a line starts with `%` (a directive, or text inside a block scalar: both decline)."""
    if text.startswith("%"):
        return True
    if text.count("%") > 20_000:  # one regular expression pass (about 15 ms a MB) beats a loop of finds
        return _DIRECTIVE.search(text) is not None
    at = text.find("%")
    while at > 0:
        if text[at - 1] in _LINE_BREAKS:
            return True
        at = text.find("%", at + 1)
    return False


def compose_fast(text: str) -> Any:
    """The node tree of the one document in `text` as libyaml composes it, for line and column look-ups, or
    None where `load_all_fast` would decline for the text's form (libyaml refuses it, a directive, nested past
    MAX_DEPTH, `:`, `?` or a tab in a plain scalar in a flow collection) or PyYAML's C extension is missing.

    The nodes are PyYAML's, shaped as ruamel's: `tag` (a collection's ends in `:map` or `:seq`), `value` (a
    string, a list of nodes, a list of (key, value) node pairs) and `start_mark.line` / `.column`, the same
    libyaml marks ruamel's C parser gives.
    """
    if not available() or _has_directive(text):
        return None
    from yaml import nodes

    try:
        loader = _composer_class()(text)
    except UnicodeError:  # a lone surrogate (libyaml reads UTF-8)
        return None
    collecting = gc.isenabled()
    gc.disable()  # a node tree is hundreds of thousands of acyclic objects the collector would walk again and again
    try:
        root = loader.get_single_node()
    except Exception:  # libyaml refuses it, nested too deep, or anything unforeseen: ruamel composes it
        return None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
    scalar_node, mapping_node = nodes.ScalarNode, nodes.MappingNode
    seen: set[int] = set()
    todo = [root] if root is not None and type(root) is not scalar_node else []
    while todo:  # each collection once (aliases share nodes): does any flow collection hold `:` or `?` plainly
        node = todo.pop()
        items = [part for pair in node.value for part in pair] if type(node) is mapping_node else node.value
        for item in items:
            if type(item) is scalar_node:
                if node.flow_style and item.style == "" and _FLOW_PLAIN_DOUBT.search(item.value):
                    return None
            elif id(item) not in seen:
                seen.add(id(item))
                todo.append(item)
    return root


def available() -> bool:
    """True when PyYAML with its C extension (libyaml) is installed."""
    try:
        import yaml
    except ImportError:
        return False
    return bool(getattr(yaml, "__with_libyaml__", False))


def load_all_fast(text: str) -> list[Any]:
    """Every document of `text`, exactly as ruamel's safe loader builds them; Declined when that is not sure.

    Callers check `available()` first. libyaml errors decline too: ruamel words them.
    """
    return load_fast(text)[0]


def load_fast(text: str) -> tuple[list[Any], bool]:
    """load_all_fast(), and whether every document is a tree (no alias names a collection, so no container is
    reachable twice)."""
    if _has_directive(text):
        raise Declined("a directive")
    from yaml import YAMLError

    try:
        loader = _loader_class()(text)
    except UnicodeError as exc:  # a lone surrogate (libyaml reads UTF-8): ruamel words it
        raise Declined(str(exc)) from None
    collecting = gc.isenabled()
    gc.disable()  # as in compose_fast (pipeline.py pauses it around loading too; the CLI turns it off)
    try:
        docs, tree = [], True
        while loader.check_node():
            builder = _Builder()
            docs.append(builder.build(loader.get_node(), 0))
            tree = tree and not builder.shared
        return docs, tree
    except YAMLError as exc:
        raise Declined(f"libyaml: {exc}") from None
    except RecursionError:
        raise Declined("nested too deeply for the builder") from None
    except Declined:
        raise
    except Exception as exc:  # anything unforeseen: ruamel's path does what it always did
        raise Declined(f"{type(exc).__name__}: {exc}") from None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
