"""The nintex target's security shape: one authentication type per file, requirements on each operation.

Choice rule when several definitions remain (documented in the README):
`--security NAME` or `NAME:flow`; else the first oauth2 accessCode definition; else the first oauth2
application definition; else the definition the most operations use (the first on a tie).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from xtgen import pointer as jp
from xtgen.convert.context import Context
from xtgen.convert.paths import METHODS_2, order_operation


def operations(doc: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(pointer, operation) for every operation of a 2.0 document, in document order."""
    result = []
    paths = doc.get("paths")
    for path, item in (paths if isinstance(paths, dict) else {}).items():
        if isinstance(item, dict) and not str(path).startswith("x-"):  # an extension is not a path item
            for method in METHODS_2:
                op = item.get(method)
                if isinstance(op, dict):
                    result.append((jp.join("/paths", path, method), op))
    return result


def choose_definition(ctx: Context, doc: dict[str, Any]) -> str | None:
    definitions: dict[str, Any] = doc.get("securityDefinitions") or {}
    if not definitions:
        return None
    wanted = ctx.options.security
    if wanted:
        name, _, flow = wanted.partition(":")
        candidates = [name, *ctx.security_names.get(name, [])]
        for candidate in dict.fromkeys(candidates):
            d = definitions.get(candidate)
            if isinstance(d, dict) and (not flow or d.get("flow") == flow):
                return candidate
        ctx.error(
            "XT120",
            f"--security {wanted}: no such definition; choose from "
            f"{', '.join(_describe(n, d, ctx) for n, d in definitions.items())}",
            "/securityDefinitions",
        )
        return None
    return default_definition(doc)


def default_definition(doc: Mapping[str, Any]) -> str | None:
    """The documented rule without --security: the first oauth2 accessCode definition, else the first
    application one, else the one the most operations use (the first on a tie)."""
    definitions = doc.get("securityDefinitions")
    if not isinstance(definitions, dict) or not definitions:
        return None
    for flow in ("accessCode", "application"):
        for name, d in definitions.items():
            if isinstance(d, dict) and d.get("type") == "oauth2" and d.get("flow") == flow:
                return str(name)
    usage: Counter[str] = Counter()
    for _, op in operations(doc):
        requirements = op.get("security", doc.get("security"))
        for requirement in requirements if isinstance(requirements, list) else []:
            if isinstance(requirement, dict):
                usage.update(requirement.keys())
    names = [str(n) for n in definitions]
    return max(names, key=lambda n: (usage[n], -names.index(n)))


def _describe(name: str, definition: Any, ctx: Context | None = None) -> str:
    """How --security names a definition: the scheme's name, with the flow for oauth2."""
    flow = definition.get("flow") if isinstance(definition, dict) else None
    if ctx is not None:
        name = next((scheme for scheme, names in ctx.security_names.items() if name in names), name)
    return f"{name}:{flow}" if flow else name


def _report_switched(ctx: Context, ptr: str, requirements: list[Any], kept: str, definitions: dict[str, Any]) -> None:
    """XT121 at an operation that accepted only dropped definitions and now asks for the kept one."""
    used = [n for r in requirements if isinstance(r, dict) for n in r if n in definitions]
    accepted = list(dict.fromkeys(used))
    if not accepted:
        return
    flags = " or ".join(f"--security {_describe(n, definitions[n], ctx)}" for n in accepted)
    ctx.warning(
        "XT121",
        f"this operation accepts only {', '.join(repr(n) for n in accepted)}, dropped for one authentication "
        f"type per file: it now asks for {kept!r} and will likely get 401 in Nintex; pass {flags} to keep "
        "that one instead (or make one Xtension per type)",
        ptr,
    )


def shape_for_nintex(ctx: Context, doc: dict[str, Any]) -> None:
    """Keep one definition and give every operation that needs authentication its own requirement.

    With a preset, the preset stage replaces every definition and requirement, so nothing is chosen here.
    """
    if ctx.options.preset:
        return
    definitions: dict[str, Any] = doc.get("securityDefinitions") or {}
    kept = choose_definition(ctx, doc)
    if kept is None:
        doc.pop("security", None)
        return
    dropped = [n for n in definitions if n != kept]
    for name in dropped:
        ctx.warning(
            "XT121",
            f"Nintex allows one authentication type per file: kept {kept!r}, dropped "
            f"{name!r}; pass --security {_describe(name, definitions[name], ctx)} to keep that one "
            "instead (or make one Xtension per type)",
            jp.join("/securityDefinitions", name),
        )
    doc["securityDefinitions"] = {kept: definitions[kept]}
    root = doc.pop("security", None)
    declared = set((definitions[kept] or {}).get("scopes") or {})
    copied_down: set[int] = set()
    for ptr, op in operations(doc):
        if "security" not in op and root is not None:
            copied_down.add(id(op))
        requirements = op.get("security", root)
        if requirements is None:
            continue
        if not requirements:
            op["security"] = []
            continue
        scopes: list[str] = []
        for requirement in requirements:
            for scope in requirement.get(kept, []):
                if scope not in scopes:
                    scopes.append(scope)
        needs_auth = all(requirement for requirement in requirements)
        if not needs_auth and not any(kept in r for r in requirements):
            op["security"] = []
            continue
        if not any(kept in r for r in requirements):
            _report_switched(ctx, ptr, requirements, kept, definitions)
        op["security"] = [{kept: scopes}]
        undeclared = [s for s in scopes if declared and s not in declared]
        if undeclared:
            ctx.warning("XT122", f"scopes {undeclared} are not declared in {kept!r}", ptr)
    for path_item in (doc.get("paths") or {}).values():
        if isinstance(path_item, dict):
            for method in METHODS_2:
                found = path_item.get(method)
                if isinstance(found, dict) and id(found) in copied_down:
                    path_item[method] = order_operation(found, [k for k in found if k != "security"])
