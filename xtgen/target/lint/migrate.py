"""Power Automate migration: x-ms-* extensions of Microsoft Power Platform connectors -> x-ntx-* forms.

Translated (each kept in place, under its new name):
- x-ms-summary -> x-ntx-summary; x-ms-visibility: internal -> x-ntx-visibility: internal;
- x-ms-dynamic-values (and its newer form x-ms-dynamic-list) -> x-ntx-dynamic-values;
- x-ms-dynamic-schema (and its newer form x-ms-dynamic-properties) -> x-ntx-dynamic-schema;
- x-ms-enum-values [{value, displayName}] -> x-ntx-oneOf [{const, title}].
Dynamic forms are translated only when the result works in Nintex (an operationId this file defines,
parameters in a documented form); otherwise the x-ms-* stays and a warning says why. Extensions with no
Nintex equivalent stay as they are (Nintex ignores them) and are reported, one diagnostic per name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from xtgen import pointer as jp
from xtgen.model import Diagnostic, Document
from xtgen.target.lint.extensions import EXTENSIONS, KIND_NAMES
from xtgen.target.lint.rules import diagnostic
from xtgen.target.lint.walk import KeyFacts, Site, iter_sites, key_facts, operations, rename_key, replace_nodes

TARGETS = {
    "x-ms-summary": "x-ntx-summary",
    "x-ms-visibility": "x-ntx-visibility",
    "x-ms-dynamic-values": "x-ntx-dynamic-values",
    "x-ms-dynamic-list": "x-ntx-dynamic-values",
    "x-ms-dynamic-schema": "x-ntx-dynamic-schema",
    "x-ms-dynamic-properties": "x-ntx-dynamic-schema",
    "x-ms-enum-values": "x-ntx-oneOf",
}
# x-ms key -> x-ntx key, per dynamic form
DYNAMIC_KEYS = {
    "x-ms-dynamic-values": {
        "operationId": "operationId",
        "value-collection": "value-collection",
        "value-path": "value-path",
        "value-title": "value-title",
        "parameters": "parameters",
    },
    "x-ms-dynamic-list": {
        "operationId": "operationId",
        "itemsPath": "value-collection",
        "itemValuePath": "value-path",
        "itemTitlePath": "value-title",
        "parameters": "parameters",
    },
    "x-ms-dynamic-schema": {"operationId": "operationId", "parameters": "parameters", "value-path": "value-path"},
    "x-ms-dynamic-properties": {
        "operationId": "operationId",
        "parameters": "parameters",
        "itemValuePath": "value-path",
    },
}
# No equivalent, and nothing is lost in Nintex: display hints and connector metadata.
NOTHING_LOST = frozenset(
    {
        "x-ms-api-annotation",
        "x-ms-api-version",
        "x-ms-client-flatten",
        "x-ms-client-name",
        "x-ms-connector-metadata",
        "x-ms-deployment-version",
        "x-ms-description",
        "x-ms-dfpenvid",
        "x-ms-editor",
        "x-ms-editor-options",
        "x-ms-enum",
        "x-ms-identifiers",
        "x-ms-keywords",
        "x-ms-lcsstamp",
        "x-ms-media-kind",
        "x-ms-mutability",
        "x-ms-no-generic-test",
        "x-ms-openai-data",
        "x-ms-openai-manifest",
        "x-ms-openai-published-to-copilots",
        "x-ms-test-value",
    }
)
# Documentation metadata that Microsoft Graph's OpenAPI descriptions (OpenAPI.NET.OData) carry on every
# operation: not a Power Automate connector's, nothing lost in Nintex.
GRAPH_METADATA_PREFIX = "x-ms-docs-"


def is_metadata(name: str) -> bool:
    """An x-ms-* extension that only documents (nothing lost in Nintex), whoever wrote it."""
    return name in NOTHING_LOST or name.startswith(GRAPH_METADATA_PREFIX)


TRIGGER_HINT = (
    "Nintex's event samples use x-ntx-trigger with x-ntx-notification-content, wired differently: "
    "rewrite the trigger by hand"
)
HINTS = {
    "x-ms-trigger": TRIGGER_HINT,
    "x-ms-notification-content": TRIGGER_HINT,
    "x-ms-notification-url": TRIGGER_HINT,
    "x-ms-dynamic-tree": "Nintex has no picker fed by an operation tree: users type the value",
    "x-ms-visibility": "Nintex shows every field that is not internal",
}
DEFAULT_HINT = "Nintex has no equivalent and ignores it"


def power_automate_names(doc: Document, at_most: int | None = None) -> list[tuple[str, str, Site]]:
    """(name, value label, site) of every x-ms-* extension, in document order; `at_most` bounds the sites
    holding them (KeyFacts.x_ms), so the walk stops when all are found."""
    found = []
    for site in iter_sites(doc, having="x-ms-", at_most=at_most):
        for key, value in site.node.items():
            if isinstance(key, str) and key.startswith("x-ms-"):
                label = f"{key}: {value}" if key == "x-ms-visibility" and isinstance(value, str) else key
                found.append((key, label, site))
    return found


def has_power_automate_extensions(doc: Document, facts: Callable[[Document], KeyFacts] = key_facts) -> bool:
    """Whether the document looks like a Power Automate connector: an x-ms-* extension other than Microsoft
    Graph's x-ms-docs-* metadata (which alone must not turn the migration on). The pointer-free pass first:
    most documents have no x-ms-* key anywhere."""
    return any(
        str(k).startswith("x-ms-") and not str(k).startswith(GRAPH_METADATA_PREFIX)
        for site in iter_sites(doc, having="x-ms-", at_most=facts(doc).x_ms)
        for k in site.node
    )


def is_translatable(name: str, value: Any) -> bool:
    """Whether a Nintex equivalent exists for this x-ms-* extension and value (lint's XT771 vs XT772)."""
    if name == "x-ms-visibility":
        return isinstance(value, str) and value.lower() == "internal"
    return name in TARGETS


def closest_translatable(name: str) -> str | None:
    import difflib

    match = difflib.get_close_matches(name, list(TARGETS), n=1, cutoff=0.85)
    return match[0] if match else None


@dataclass
class _Tally:
    """Diagnostics grouped by (code, name, reason): a count and the first pointer of each group."""

    groups: dict[tuple[str, str, str], tuple[int, str, str]] = field(default_factory=dict)

    def add(self, code: str, name: str, pointer: str, reason: str = "", detail: str = "") -> None:
        key = (code, name, reason)
        count, first, first_detail = self.groups.get(key, (0, pointer, detail))
        self.groups[key] = (count + 1, first, first_detail)

    def diagnostics(self) -> list[Diagnostic]:
        out = []
        for (code, name, reason), (count, pointer, detail) in self.groups.items():
            where = _where(count)
            if code == "XT781":
                message = f"translated {name} to {TARGETS[name]} {where}"
            elif code == "XT784":
                message = f"dropped {name} {where}: {reason}"
            elif code == "XT783":
                message = (
                    f"{name} not translated {where}: {detail or reason}; kept as is (Nintex ignores it): "
                    "fix it and convert again, or write the x-ntx form by hand"
                )
            else:
                hint = HINTS.get(name.split(":")[0], DEFAULT_HINT)
                suggestion = closest_translatable(name) if name not in TARGETS else None
                if suggestion and code == "XT782":
                    hint = f"a misspelling of {suggestion}? fix the name and convert again"
                message = f"{name} kept as is {where}: {hint}"
            out.append(diagnostic(code, message, pointer))
        return out


def _where(count: int) -> str:
    return "(1 place)" if count == 1 else f"({count} places, the pointer shows the first)"


def migrate_power_automate(
    doc: Document, implied: bool, facts: Callable[[Document], KeyFacts] = key_facts
) -> tuple[Document, list[Diagnostic]]:
    """Translate x-ms-* extensions into their x-ntx-* forms; a new document, the input untouched."""
    found = power_automate_names(doc, at_most=facts(doc).x_ms)
    if implied:
        head = (
            "Power Automate (x-ms-*) extensions found: translating the ones Nintex has equivalents for "
            "(the nintex target does this by default; --from-power-automate asks for it in any target)"
        )
    elif found:
        head = "--from-power-automate: translating the x-ms-* extensions Nintex has equivalents for"
    else:
        head = "--from-power-automate: the document has no x-ms-* extensions, nothing to translate"
    diagnostics = [diagnostic("XT780", head, "")]
    ids = {op.node["operationId"] for op in operations(doc) if isinstance(op.node.get("operationId"), str)}
    tally = _Tally()
    replacements: dict[str, Any] = {}
    seen: set[str] = set()
    for _, _, site in found:
        if site.pointer in seen:
            continue
        seen.add(site.pointer)
        new = _migrate_node(site, ids, tally)
        if new is not site.node:
            replacements[site.pointer] = new
    return replace_nodes(doc, replacements), diagnostics + tally.diagnostics()


def _migrate_node(site: Site, ids: set[str], tally: _Tally) -> dict[str, Any]:
    node = site.node
    out = node
    for key in [k for k in node if isinstance(k, str) and k.startswith("x-ms-")]:
        ptr = jp.join(site.pointer, key)
        value = node[key]
        if key in ("x-ms-dynamic-values", "x-ms-dynamic-list", "x-ms-dynamic-schema", "x-ms-dynamic-properties"):
            continue  # below, as a group
        if key == "x-ms-visibility" and not is_translatable(key, value):
            tally.add("XT785", f"{key}: {value}" if isinstance(value, str) else key, ptr)
            continue
        if key in ("x-ms-summary", "x-ms-visibility", "x-ms-enum-values"):
            out = _simple(site, out, key, value, tally)
        elif is_metadata(key):
            tally.add("XT785", key, ptr)
        else:
            tally.add("XT782", key, ptr)
    out = _dynamic_group(site, out, ("x-ms-dynamic-values", "x-ms-dynamic-list"), ids, tally)
    return _dynamic_group(site, out, ("x-ms-dynamic-schema", "x-ms-dynamic-properties"), ids, tally)


def _simple(site: Site, out: dict[str, Any], key: str, value: Any, tally: _Tally) -> dict[str, Any]:
    target = TARGETS[key]
    ptr = jp.join(site.pointer, key)
    if target in site.node:
        tally.add("XT784", key, ptr, f"the same object already has {target}")
        return {k: v for k, v in out.items() if k != key}
    problem = _placement(target, site.kind)
    if problem is None:
        if key == "x-ms-visibility":
            value = "internal"
        elif key == "x-ms-enum-values":
            value, problem = _one_of(value)
        elif not isinstance(value, str):
            problem = ("value", "its value is not a string")
    if problem is not None:
        tally.add("XT783", key, ptr, *problem)
        return out
    tally.add("XT781", key, ptr)
    return rename_key(out, key, target, value)


Problem = tuple[str, str]  # (a short kind that groups diagnostics, the text for the user)


def _placement(target: str, kind: str) -> Problem | None:
    if kind in EXTENSIONS[target].where:
        return None
    return f"place:{kind}", f"{target} does not apply to {KIND_NAMES.get(kind, kind)}"


def _one_of(value: Any) -> tuple[Any, Problem | None]:
    if not isinstance(value, list) or not all(isinstance(o, dict) and "value" in o for o in value):
        return None, ("value", "it is not a list of {value, displayName} objects")
    return [{"const": o["value"], "title": str(o.get("displayName", o["value"]))} for o in value], None


def _dynamic_group(
    site: Site, out: dict[str, Any], names: tuple[str, ...], ids: set[str], tally: _Tally
) -> dict[str, Any]:
    present = [n for n in names if n in site.node]
    if not present:
        return out
    target = TARGETS[names[0]]
    if target in site.node:
        for name in present:
            tally.add("XT784", name, jp.join(site.pointer, name), f"the same object already has {target}")
        return {k: v for k, v in out.items() if k not in present}
    chosen = None
    failures: dict[str, Problem] = {}
    for name in present:
        value, problem = _translate_dynamic(name, site.node[name], ids)
        if problem is None and site.kind == "body-parameter" and target == "x-ntx-dynamic-schema":
            problem = (
                "body",
                "Nintex does not allow x-ntx-dynamic-schema on a body parameter: put it on the body's schema",
            )
        if problem is None:
            chosen = name
            tally.add("XT781", name, jp.join(site.pointer, name))
            out = rename_key(out, name, target, value)
            break
        failures[name] = problem
    for name in present:
        if name == chosen:
            continue
        ptr = jp.join(site.pointer, name)
        if chosen is not None:
            tally.add("XT784", name, ptr, f"{chosen} beside it became {target}")
            out = {k: v for k, v in out.items() if k != name}
        else:
            tally.add("XT783", name, ptr, *failures[name])
    return out


def _translate_dynamic(name: str, value: Any, ids: set[str]) -> tuple[dict[str, Any], Problem | None]:
    keys = DYNAMIC_KEYS[name]
    if not isinstance(value, Mapping):
        return {}, ("value", "its value is not an object")
    unknown = [str(k) for k in value if k not in keys]
    if unknown:
        return {}, (f"keys:{unknown}", f"it carries {', '.join(unknown)}, which Nintex has no equivalent for")
    operation_id = value.get("operationId")
    if not isinstance(operation_id, str):
        return {}, ("no-id", "it has no operationId")
    if operation_id not in ids:
        return {}, ("unknown-id", f"it refers to operationId '{operation_id}', which this file does not define")
    if name in ("x-ms-dynamic-values", "x-ms-dynamic-list") and not any(keys[k] == "value-path" for k in value):
        return {}, ("no-path", "it has no value path (value-path / itemValuePath)")
    out: dict[str, Any] = {}
    for key, item in value.items():
        if keys[key] == "parameters":
            item, problem = _parameters(item)
            if problem is not None:
                return {}, problem
        out[keys[key]] = item
    return out, None


def _parameters(value: Any) -> tuple[Any, Problem | None]:
    """{name: literal | {parameter: n} | {parameterReference: n} | {value: v}} -> Nintex's form."""
    if not isinstance(value, Mapping):
        return None, ("parameters", "its parameters are not an object")
    out: dict[str, Any] = {}
    for name, item in value.items():
        if not isinstance(item, dict) or set(item) == {"parameter"}:
            out[name] = item
        elif set(item) == {"parameterReference"}:
            out[name] = {"parameter": item["parameterReference"]}
        elif set(item) == {"value"}:
            out[name] = item["value"]
        else:
            return None, (
                "parameters",
                f"its parameter '{name}' has the form {{{', '.join(map(str, item))}}}, "
                "which Nintex does not document (a literal or {parameter: name})",
            )
    return out, None
