"""The nintex target's security shape: one authentication type per file, requirements on each operation.

Choice rule when several definitions remain (documented in the README):
`--security NAME` or `NAME:flow`; else the first oauth2 accessCode definition; else the first oauth2
application definition; else the definition the most operations use (the first on a tie).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xtgen import pointer as jp
from xtgen.formats import METHODS_2, operations, with_security
from xtgen.model import Diagnostic, Document, Options
from xtgen.sink import DiagnosticSink


@dataclass
class Shaping(DiagnosticSink):
    """One shaping: the definition asked for (--security NAME or NAME:flow), and OpenAPI 3 scheme -> the 2.0
    definitions it became."""

    security: str | None
    security_names: Mapping[str, list[str]]


def nintex_security(
    doc: Document, options: Options, security_names: Mapping[str, list[str]], *, given: bool
) -> tuple[Document, list[Diagnostic]]:
    """The nintex target's security shape on a copy of the document (root, paths, path items and operations
    copied; nothing else). `security_names`: OpenAPI 3 scheme -> the 2.0 definitions it became, so that
    `--security SCHEME` finds them. A document `given` as Swagger 2.0 is shaped only when its security is well
    formed (its malformations are reported by validation instead)."""
    if given and not _security_well_formed(doc):
        return doc, []
    ctx = Shaping(options.security, security_names)
    out = dict(doc)
    if isinstance(doc.get("paths"), dict):
        out["paths"] = _copied_operations(doc["paths"])
    shape_for_nintex(ctx, out)
    return out, ctx.diagnostics


def choose_definition(ctx: Shaping, doc: dict[str, Any]) -> str | None:
    definitions: dict[str, Any] = doc.get("securityDefinitions") or {}
    if not definitions:
        return None
    wanted = ctx.security
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
    for found in operations(doc):
        requirements = found.node.get("security", doc.get("security"))
        for requirement in requirements if isinstance(requirements, list) else []:
            if isinstance(requirement, dict):
                usage.update(requirement.keys())
    names = [str(n) for n in definitions]
    return max(names, key=lambda n: (usage[n], -names.index(n)))


def _describe(name: str, definition: Any, ctx: Shaping | None = None) -> str:
    """How --security names a definition: the scheme's name, with the flow for oauth2."""
    flow = definition.get("flow") if isinstance(definition, dict) else None
    if ctx is not None:
        name = next((scheme for scheme, names in ctx.security_names.items() if name in names), name)
    return f"{name}:{flow}" if flow else name


def _report_switched(ctx: Shaping, ptr: str, requirements: list[Any], kept: str, definitions: dict[str, Any]) -> None:
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


def shape_for_nintex(ctx: Shaping, doc: dict[str, Any]) -> None:
    """Keep one definition and give every operation that needs authentication its own requirement.

    Edits `doc`, its paths, path items and operations in place (nintex_security hands it copies).
    """
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
    ops = operations(doc)
    for ptr, op in ((o.pointer, o.node) for o in ops):
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
    for o in ops:
        if id(o.node) in copied_down:
            o.path_item[o.method] = with_security(
                {k: v for k, v in o.node.items() if k != "security"}, o.node["security"]
            )


def _copied_operations(paths: dict[str, Any]) -> dict[str, Any]:
    """paths with every path item and operation a shallow copy (what shape_for_nintex writes to)."""
    out: dict[str, Any] = {}
    for path, item in paths.items():
        if isinstance(item, dict):
            out[path] = {k: dict(v) if k in METHODS_2 and isinstance(v, dict) else v for k, v in item.items()}
        else:
            out[path] = item
    return out


def _requirements_ok(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(r, dict) and all(isinstance(s, list) and all(isinstance(x, str) for x in s) for s in r.values())
        for r in value
    )


def _security_well_formed(document: Document) -> bool:
    """Shape only what shape_for_nintex can read: definitions, and requirements as lists of {name: [scopes]}."""
    definitions = document.get("securityDefinitions")
    if (
        not isinstance(definitions, dict)
        or not definitions
        or not all(isinstance(d, dict) and isinstance(d.get("scopes", {}), dict) for d in definitions.values())
    ):
        return False
    if "security" in document and not _requirements_ok(document["security"]):
        return False
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return False
    return all(_requirements_ok(op.node["security"]) for op in operations(document) if "security" in op.node)
