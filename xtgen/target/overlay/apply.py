"""The overlay stage: apply overlays' actions to a document, as the Overlay Specification 1.1 defines them.

    document, diagnostics = apply_overlays(document, overlays)

Actions run in order, each on the result of the previous one. `update` merges objects recursively,
concatenates arrays (a non-array update is appended to a target array) and replaces primitives; `copy`
merges the single node its JSONPath selects the same way; `remove` deletes each selected node. 1.0.x
overlays are applied with 1.1's wording of these rules (1.1 only clarified them and added `copy`).

The caller's document is never changed: containers on the way to a changed node are copied once
(copy-on-write), everything else is shared with the input. Matches per action, in all, and the values
overlays add (their number, and the depth they reach) are bounded like every input (xtgen.read.limits).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from itertools import islice
from typing import Any

from xtgen import pointer as jp
from xtgen.model import Diagnostic, Document, Severity
from xtgen.read.limits import MAX_DEPTH, MAX_NODES
from xtgen.target.overlay.load import Overlay, action_name

MAX_MATCHES_PER_ACTION = 100_000
MAX_MATCHES = 1_000_000

STAGED = "XT060"  # info: applied to the OpenAPI 3 input, and why
NO_MATCH = "XT061"  # warning: a target that selects nothing
CONFLICT = "XT062"  # error: update/copy value incompatible with a selected node
MIXED = "XT063"  # error: selected nodes of different kinds
COPY_NOTHING = "XT064"  # warning: a copy source that selects nothing
COPY_SEVERAL = "XT065"  # error: a copy source that selects several nodes
TOO_MANY = "XT066"  # error: too many matches, or overlays adding too much
REMOVE_ROOT = "XT067"  # error: remove on $
APPLIED = "XT068"  # info: an action applied (the docs list these)
NO_EFFECT = "XT069"  # warning: an action with no update, copy or remove: true

Location = tuple[str | int, ...]


class _Conflict(Exception):
    def __init__(self, pointer: str, detail: str) -> None:
        super().__init__(detail)
        self.pointer = pointer
        self.detail = detail


def _kind(value: Any) -> str:
    return "object" if isinstance(value, dict) else "array" if isinstance(value, list) else "primitive"


def _measure(value: Any) -> tuple[int, int]:
    """(values, levels of containers) of a subtree, as xtgen.read.limits counts them; never recursing."""
    count, deepest, stack = 0, 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if isinstance(node, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return count, deepest


def merge(target: Any, patch: Any, pointer: str = "") -> Any:
    """`patch` merged into `target` as the specification says for object properties; a new value, neither
    argument changed (untouched subtrees of `target` are shared). Raises _Conflict for other combinations."""
    if isinstance(target, dict) and isinstance(patch, dict):
        result = dict(target)
        for key, value in patch.items():
            result[key] = merge(target[key], value, jp.join(pointer, key)) if key in target else copy.deepcopy(value)
        return result
    if isinstance(target, list) and isinstance(patch, list):
        return [*target, *copy.deepcopy(patch)]
    if not isinstance(target, (dict, list)) and not isinstance(patch, (dict, list)):
        return patch
    raise _Conflict(pointer, f"cannot merge {_kind(patch)} into {_kind(target)}")


def apply_to_node(target: Any, value: Any, pointer: str) -> Any:
    """An update (or copied) value applied to one selected node."""
    if isinstance(target, list) and not isinstance(value, list):
        return [*target, copy.deepcopy(value)]  # an object or primitive is appended to a selected array
    if isinstance(target, dict) and not isinstance(value, dict):
        raise _Conflict(pointer, f"the node is an object, so the value must be an object, not {_kind(value)}")
    if not isinstance(target, (dict, list)) and isinstance(value, (dict, list)):
        raise _Conflict(pointer, f"the node is a primitive, so the value must be a primitive, not {_kind(value)}")
    return merge(target, value, pointer)


class _Tree:
    """The document being overlaid: copy-on-write over the caller's, so the input is never changed."""

    def __init__(self, root: Any) -> None:
        self.root = root
        self._owned: dict[int, Any] = {}  # containers this stage made (kept alive so their ids stay unique)

    def _own(self, node: Any) -> Any:
        if id(node) in self._owned:
            return node
        mine = dict(node) if isinstance(node, dict) else list(node)
        self._owned[id(mine)] = mine
        return mine

    def _parent(self, location: Location) -> Any:
        self.root = node = self._own(self.root)
        for key in location[:-1]:
            child = self._own(node[key])
            node[key] = child
            node = child
        return node

    def get(self, location: Location) -> Any:
        node = self.root
        for key in location:
            node = node[key]
        return node

    def set(self, location: Location, value: Any) -> None:
        if isinstance(value, (dict, list)):
            self._owned[id(value)] = value  # merge() made it: changing it later changes no input
        if not location:
            self.root = value
        else:
            self._parent(location)[location[-1]] = value

    def remove(self, location: Location) -> None:
        del self._parent(location)[location[-1]]


def _pointer(location: Location) -> str:
    return jp.join("", *location)


def _select(path: str, root: Any, limit: int) -> list[tuple[Location, Any]]:
    import jsonpath_rfc9535 as jsonpath

    found = islice(jsonpath.compile(path).finditer(root), limit + 1)
    return [(tuple(node.location), node.value) for node in found]


class _Run:
    """One application of a list of overlays; collects diagnostics and counts what the bounds count."""

    def __init__(self, document: Document) -> None:
        self.tree = _Tree(document)
        self.diagnostics: list[Diagnostic] = []
        self.matches = 0
        self.added = 0
        self.stopped = False

    def say(self, code: str, severity: Severity, message: str, pointer: str = "") -> None:
        self.diagnostics.append(Diagnostic(code, severity, message, pointer))

    def overlay(self, overlay: Overlay) -> None:
        if overlay.stage == "input" and overlay.reason:
            self.say(
                STAGED,
                Severity.INFO,
                f"overlay {overlay.name} was applied to the input before conversion, because {overlay.reason}; "
                "give --overlay-stage output to apply it to the converted Swagger 2.0 instead",
            )
        for index, action in enumerate(overlay.actions):
            if self.stopped:
                return
            self.action(overlay, index, action)

    def action(self, overlay: Overlay, index: int, action: Mapping[str, Any]) -> None:
        where = f"overlay {overlay.name}: {action_name(index, action)}"
        target = action["target"]
        if action.get("remove") is not True and "update" not in action and "copy" not in action:
            self.say(
                NO_EFFECT,
                Severity.WARNING,
                f"{where}: has no update, copy or remove: true, so it changes nothing; add one or delete the action",
            )
            return
        limit = min(MAX_MATCHES_PER_ACTION, MAX_MATCHES - self.matches)
        nodes = _select(target, self.tree.root, limit)
        self.matches += len(nodes)
        if len(nodes) > limit:
            self.stopped = True
            self.say(
                TOO_MANY,
                Severity.ERROR,
                f"{where}: target {target} selects more than {limit:,} nodes; xtgen applies at most "
                f"{MAX_MATCHES_PER_ACTION:,} per action and {MAX_MATCHES:,} in all: narrow the target",
            )
            return
        if not nodes:
            self.say(
                NO_MATCH,
                Severity.WARNING,
                f"{where}: target {target} matches nothing in the {_stage_text(overlay)}, so the action changed "
                "nothing; fix its target or delete it (--strict fails on this)",
            )
            return
        if action.get("remove") is True:
            nodes = self.remove(where, target, nodes)
            if not nodes:
                return
            kind = "remove"
        else:
            kind = "copy" if "copy" in action else "update"
            value = self.copy_source(where, action["copy"]) if kind == "copy" else (True, action["update"])
            if not value[0] or not self.update(where, target, nodes, value[1]):
                return
        self.say(
            APPLIED,
            Severity.INFO,
            f"{where}: {kind} at {target} applied to {_plural(len(nodes), 'node')} of the {_stage_text(overlay)}",
            _pointer(nodes[0][0]),
        )

    def copy_source(self, where: str, source: str) -> tuple[bool, Any]:
        found = _select(source, self.tree.root, 1)
        if not found:
            self.say(
                COPY_NOTHING,
                Severity.WARNING,
                f"{where}: copy source {source} matches nothing, so the action changed nothing; fix the copy "
                "path or delete the action (--strict fails on this)",
            )
            return False, None
        if len(found) > 1:
            self.say(
                COPY_SEVERAL,
                Severity.ERROR,
                f"{where}: copy source {source} selects more than one node; a copy takes exactly one: narrow it",
                _pointer(found[0][0]),
            )
            return False, None
        return True, found[0][1]

    def remove(self, where: str, target: str, nodes: list[tuple[Location, Any]]) -> list[tuple[Location, Any]]:
        """Remove the nodes; return those removed (all but the root, which cannot be)."""
        if any(location == () for location, _ in nodes):
            self.say(REMOVE_ROOT, Severity.ERROR, f"{where}: cannot remove the whole document ({target})")
            nodes = [node for node in nodes if node[0] != ()]
        # later array items first, and a node inside another selected one before it: every removal works
        for location in sorted((location for location, _ in nodes), reverse=True):
            self.tree.remove(location)
        return nodes

    def update(self, where: str, target: str, nodes: list[tuple[Location, Any]], value: Any) -> bool:
        kinds = sorted({_kind(v) for _, v in nodes})
        if len(kinds) > 1:
            self.say(
                MIXED,
                Severity.ERROR,
                f"{where}: target {target} selects nodes of different kinds ({', '.join(kinds)}); an update or "
                "copy needs all objects, all arrays or all primitives: narrow the target",
                _pointer(nodes[0][0]),
            )
            return False
        size, depth = _measure(value)
        self.added += size * len(nodes)
        deepest = max(len(location) for location, _ in nodes) + depth
        if deepest > MAX_DEPTH:  # the document was within the limits: only what is added can pass them
            self.say(
                "XT030",
                Severity.ERROR,
                f"{where}: the result would nest {deepest} levels deep; xtgen reads at most {MAX_DEPTH}: "
                "flatten the value",
                _pointer(nodes[0][0]),
            )
            return False
        if self.added > MAX_NODES:
            self.stopped = True
            self.say(
                TOO_MANY,
                Severity.ERROR,
                f"{where}: the overlays would add more than {MAX_NODES:,} values to the document; xtgen reads at "
                "most that many: narrow the target or the value",
            )
            return False
        try:
            for location, _ in nodes:
                pointer = _pointer(location)
                self.tree.set(location, apply_to_node(self.tree.get(location), value, pointer))
        except _Conflict as conflict:
            self.say(
                CONFLICT,
                Severity.ERROR,
                f"{where}: {conflict.detail} (the specification forbids it): change the value or the target",
                conflict.pointer,
            )
            return False
        return True


def _stage_text(overlay: Overlay) -> str:
    return "input" if overlay.stage == "input" else "output"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def apply_overlays(document: Document, overlays: Iterable[Overlay]) -> tuple[Document, list[Diagnostic]]:
    """Apply each overlay's actions in order. Never changes `document`; returns the result (the same
    object when nothing matched) and the diagnostics."""
    run = _Run(document)
    for overlay in overlays:
        run.overlay(overlay)
    return run.tree.root, run.diagnostics


def overlay_stage(document: Document, overlays: Iterable[Overlay], stage: str) -> tuple[Document, list[Diagnostic]]:
    """The pipeline's stage: the overlays meant for `stage` ('input' before conversion, 'output' after it)."""
    from xtgen.formats import order_root

    chosen = [o for o in overlays if o.stage == stage]
    if not chosen:
        return document, []
    result, diagnostics = apply_overlays(document, chosen)
    if stage == "output" and result is not document:
        result = order_root(result)  # root keys an overlay added take their place in the Swagger 2.0 order
    return result, diagnostics
