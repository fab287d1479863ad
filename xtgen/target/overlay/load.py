"""Overlay documents (OpenAPI Overlay Specification 1.0.x and 1.1.x): read, validate, choose a stage.

An overlay is read like every input (xtgen.read.load: size, depth and value limits), checked against the
published Overlay JSON Schema of its version (schemas/, Apache-2.0), its JSONPath expressions compiled
(RFC 9535, jsonpath-rfc9535), and given the stage it applies to: the Swagger 2.0 output (the default), or
the OpenAPI 3 input when its `extends` or its targets show it was written for that. Every problem is an
XtgenError of one line naming the file and the action: a bad overlay stops the run (exit 2).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from xtgen.model import XtgenError

STAGES = ("input", "output")
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILES = {"1.0": "v1.0.yaml", "1.1": "v1.1.yaml"}

# Names a target can only mean in one of the two document kinds (first segment, or anywhere).
OPENAPI3_ROOT = frozenset({"openapi", "components", "servers", "webhooks", "jsonSchemaDialect"})
OPENAPI3_ANYWHERE = frozenset({"requestBody", "requestBodies", "callbacks", "securitySchemes", "links"})
SWAGGER2_ROOT = frozenset(
    {"swagger", "host", "basePath", "schemes", "consumes", "produces", "definitions", "securityDefinitions"}
)
_NAME = re.compile(r"""\.([A-Za-z_$][\w$-]*)|\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]""")


@dataclass(frozen=True)
class Overlay:
    """One overlay document, validated, with the stage it applies to ("input" or "output").

    `reason` says why an overlay was placed on the input without being asked (empty otherwise); the stage
    reports it as info XT060.
    """

    name: str
    document: Mapping[str, Any]
    stage: str = "output"
    reason: str = ""

    @property
    def actions(self) -> list[Mapping[str, Any]]:
        actions = self.document.get("actions")
        return actions if isinstance(actions, list) else []


def action_name(index: int, action: Any) -> str:
    """How messages name an action: `actions[2] ('Hide the admin helper')`."""
    description = action.get("description") if isinstance(action, dict) else None
    if isinstance(description, str) and description.strip():
        text = " ".join(description.split())
        return f"actions[{index}] ({text[:60] + '...' if len(text) > 63 else text!r})"
    return f"actions[{index}]"


@cache
def _schema(version: str) -> Any:
    from ruamel.yaml import YAML

    text = (SCHEMA_DIR / SCHEMA_FILES[version]).read_text(encoding="utf-8")
    return YAML(typ="safe", pure=True).load(text)


def _where(path: list[Any], document: Mapping[str, Any]) -> str:
    """The part of the overlay a schema error is about, as messages name it."""
    if len(path) >= 2 and path[0] == "actions" and isinstance(path[1], int):
        actions = document.get("actions")
        action = actions[path[1]] if isinstance(actions, list) and path[1] < len(actions) else None
        rest = "".join(f".{p}" if isinstance(p, str) else f"[{p}]" for p in path[2:])
        return action_name(path[1], action) + (f" {rest.lstrip('.')}" if rest else "")
    return ".".join(str(p) for p in path) if path else "the overlay"


def check_schema(document: Mapping[str, Any], name: str) -> str:
    """Validate against the published schema of the declared version; return that version ('1.0', '1.1')."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    declared = document.get("overlay")
    match = re.fullmatch(r"1\.([01])\.\d+", declared) if isinstance(declared, str) else None
    if match is None:
        shown = "missing" if declared is None else repr(declared)
        raise XtgenError(
            f"{name}: overlay version {shown} is not supported: write `overlay: 1.0.0` or `overlay: 1.1.0` "
            "(copy actions need 1.1.0)"
        )
    version = "1." + match.group(1)
    error = best_match(Draft202012Validator(_schema(version)).iter_errors(document))
    if error is not None:
        hint = " (copy actions need `overlay: 1.1.0`)" if version == "1.0" and "'copy'" in error.message else ""
        message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
        raise XtgenError(f"{name}: {_where(list(error.absolute_path), document)}: {message}{hint}")
    return version


def check_actions(document: Mapping[str, Any], name: str) -> None:
    """What the schema cannot say: JSONPath syntax (RFC 9535), and no action with both update and copy (the
    specification makes each void when the other is there)."""
    import jsonpath_rfc9535 as jsonpath

    for index, action in enumerate(document["actions"]):
        where = f"{name}: {action_name(index, action)}"
        for key in ("target", "copy"):
            if key in action:
                try:
                    jsonpath.compile(action[key])
                except jsonpath.JSONPathError as exc:
                    raise XtgenError(f"{where}: {key} {action[key]!r} is not an RFC 9535 JSONPath: {exc}") from None
        if action.get("remove") is True:
            continue
        if "update" in action and "copy" in action:
            raise XtgenError(f"{where}: has both update and copy; the specification lets neither win: keep one")


def target_names(target: str) -> list[str]:
    """The member names a JSONPath names, in order (`$.paths['/a'].get` -> ['paths', '/a', 'get'])."""
    return [m.group(1) or m.group(2) or m.group(3) or "" for m in _NAME.finditer(target)]


def _first_name(target: str) -> str | None:
    match = re.match(r"""\$\s*(?:\.([A-Za-z_$][\w$-]*)|\[\s*['"]([^'"]*)['"]\s*\])""", target)
    return (match.group(1) or match.group(2)) if match else None


def _marks(document: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(OpenAPI 3 signs, Swagger 2.0 signs) among the targets (and copy sources): 'actions[1] $.components'."""
    openapi3: list[str] = []
    swagger2: list[str] = []
    for index, action in enumerate(document["actions"]):
        for key in ("target", "copy"):
            path = action.get(key)
            if not isinstance(path, str):
                continue
            first, names = _first_name(path), set(target_names(path))
            if first in OPENAPI3_ROOT or names & OPENAPI3_ANYWHERE:
                openapi3.append(f"actions[{index}] {key} {path}")
            if first in SWAGGER2_ROOT:
                swagger2.append(f"actions[{index}] {key} {path}")
    return openapi3, swagger2


def _extends_kind(document: Mapping[str, Any], base: Path | None) -> str | None:
    """'openapi3' or 'swagger2' when `extends` names a local file xtgen can read; None otherwise (a URL is
    never fetched)."""
    from xtgen.read.load import load_document

    extends = document.get("extends")
    if not isinstance(extends, str) or base is None:
        return None
    parsed = urlparse(extends)
    if parsed.scheme not in ("", "file") or parsed.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parsed.path))
    path = path if path.is_absolute() else base / path
    if not path.is_file():
        return None
    try:
        target, _ = load_document(path)
    except XtgenError:
        return None
    if "openapi" in target:
        return "openapi3"
    return "swagger2" if "swagger" in target else None


def choose_stage(document: Mapping[str, Any], name: str, base: Path | None) -> tuple[str, str]:
    """(stage, reason): 'input' when `extends` names an OpenAPI 3 file or the targets are OpenAPI 3 paths,
    else 'output'. Targets of both kinds are a usage error (split the overlay or give --overlay-stage)."""
    kind = _extends_kind(document, base)
    if kind == "openapi3":
        return "input", f"its extends ({document['extends']}) names an OpenAPI 3 document"
    if kind == "swagger2":
        return "output", ""
    openapi3, swagger2 = _marks(document)
    if openapi3 and swagger2:
        raise XtgenError(
            f"{name}: targets both OpenAPI 3 ({openapi3[0]}) and Swagger 2.0 ({swagger2[0]}) paths; "
            "split it in two or give --overlay-stage input|output"
        )
    if openapi3:
        return "input", f"{openapi3[0]} is an OpenAPI 3 path"
    return "output", ""


def overlay_from_document(document: Any, name: str, *, stage: str | None = None, base: Path | None = None) -> Overlay:
    """Validate a parsed overlay and decide its stage (None: chosen from extends and targets, relative to
    `base`, the overlay file's folder). Raises XtgenError for a bad overlay."""
    from xtgen.read.limits import check_limits

    if not isinstance(document, dict):
        raise XtgenError(f"{name}: an overlay is a mapping with overlay, info and actions")
    problems = check_limits(document)  # files are checked when read; a caller's dict is checked here
    if problems:
        problem = problems[0]
        where = problem.pointer if len(problem.pointer) <= 80 else problem.pointer[:77] + "..."
        raise XtgenError(f"{name}{' at ' + where if where else ''}: {problem.message}")
    if stage is not None and stage not in STAGES:
        raise XtgenError(f"--overlay-stage must be one of {', '.join(STAGES)} (got {stage!r})")
    check_schema(document, name)
    check_actions(document, name)
    if stage is not None:
        return Overlay(name, document, stage)
    chosen, reason = choose_stage(document, name, base)
    return Overlay(name, document, chosen, reason)


def load_overlay(path: str | Path, stage: str | None = None, name: str | None = None) -> Overlay:
    """Read an overlay file (JSON or YAML) within xtgen's input limits; raise XtgenError when it is bad.
    `name` is how messages call it (default: the path as given)."""
    from xtgen.read.load import parse_text, read_text

    text, shown = read_text(path)
    shown = name or shown
    document = parse_text(text, shown)
    base = Path(path).resolve().parent if str(path) != "-" else None
    return overlay_from_document(document, shown, stage=stage, base=base)
