"""Build the template context (xtgen/docs/contract.py) from a Swagger 2.0 document and its diagnostics.

Pure: reads the document, never changes it, returns plain dicts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from xtgen.docs.connection import DOCUMENTED_REGION, REGIONS, PresetLike, build_connection
from xtgen.docs.contract import Action, Contact, DiagnosticGroup, DiagnosticItem, DocsContext, Field, Report, Response
from xtgen.docs.escape import to_text
from xtgen.docs.schema import MS_INTERNAL, Resolved, make_field, parameter_type, resolve, schema_fields
from xtgen.docs.where import action_name, describe_pointer
from xtgen.formats import operations
from xtgen.model import Diagnostic, Severity
from xtgen.target.overlay.apply import APPLIED as OVERLAY_APPLIED

CONTRACT_VERSION = 1
SEVERITY_TITLES = {
    Severity.ERROR: "Errors",
    Severity.WARNING: "Warnings",
    Severity.INFO: "Changes made for you",
}


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> list[str]:
    return [to_text(v) for v in value] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return to_text(value).strip() if value is not None else ""


def action_label(op: Mapping[str, Any], method: str, path: str) -> str:
    """What Nintex shows for an operation: its name (action_name), else METHOD /path."""
    return action_name(op) or f"{method.upper()} {path}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "action"


def _parameters(
    document: Mapping[str, Any], op: Mapping[str, Any], item: Mapping[str, Any]
) -> list[tuple[Mapping[str, Any], Mapping[str, Any], str | None]]:
    """(raw, resolved, broken ref) for the path item's and the operation's parameters; the operation's win."""
    merged: dict[tuple[str, str], tuple[Mapping[str, Any], Mapping[str, Any], str | None]] = {}
    for index, raw in enumerate([*_list(item.get("parameters")), *_list(op.get("parameters"))]):
        r = resolve(document, raw)
        key = (to_text(r.schema.get("name")), to_text(r.schema.get("in"))) if not r.broken else (str(index), "?")
        merged.pop(key, None)
        merged[key] = (_dict(raw), r.schema, r.broken)
    return list(merged.values())


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def build_inputs(
    document: Mapping[str, Any], op: Mapping[str, Any], item: Mapping[str, Any], labels: Mapping[str, str]
) -> tuple[list[Field], bool]:
    rows: list[Field] = []
    truncated = False
    for raw, param, broken in _parameters(document, op, item):
        name = to_text(param.get("name")) if not broken else to_text(raw.get("$ref"))
        location = to_text(param.get("in")) if not broken else "?"
        merged = {k: v for k, v in param.items() if k not in ("schema", "name", "in")}
        schema = resolve(document, param.get("schema")) if location == "body" else None
        resolved_view = {**_dict(schema.schema if schema else {}), **merged}
        row = make_field(
            name=name,
            path=name,
            depth=0,
            location=location,
            raw=raw,
            resolved=Resolved(resolved_view),
            required=param.get("required") is True,
            type_text=parameter_type(document, param),
            labels=labels,
        )
        if broken:
            row["notes"].append(f"The parameter {broken} could not be resolved.")
        rows.append(row)
        if location == "body":
            fields, cut = schema_fields(document, param.get("schema"), "body", labels, depth=1)
            rows += fields
            truncated = truncated or cut
    return rows, truncated


def build_outputs(document: Mapping[str, Any], op: Mapping[str, Any], labels: Mapping[str, str]) -> list[Response]:
    result = []
    for status, raw in _dict(op.get("responses")).items():
        if str(status).startswith("x-"):
            continue
        r = resolve(document, raw)
        response = r.schema
        schema = response.get("schema")
        fields, truncated = schema_fields(document, schema, "body", labels) if schema is not None else ([], False)
        headers = []
        for name, header in _dict(response.get("headers")).items():
            h = resolve(document, header)
            headers.append(
                make_field(
                    name=str(name),
                    path=str(name),
                    depth=0,
                    location="header",
                    raw=_dict(header),
                    resolved=h,
                    required=False,
                    type_text=parameter_type(document, h.schema),
                    labels=labels,
                )
            )
        description = _text(response.get("description"))
        if r.broken:
            description = f"{description} (the response {r.broken} could not be resolved)".strip()
        result.append(
            Response(
                status=str(status),
                description=description,
                type=parameter_type(document, {"in": "body", "schema": schema}) if schema is not None else None,
                fields=fields,
                fields_truncated=truncated,
                headers=headers,
            )
        )
    return result


def _scopes(op: Mapping[str, Any], document: Mapping[str, Any], definition: str | None) -> list[str]:
    security = op.get("security", document.get("security"))
    scopes: list[str] = []
    for requirement in security if isinstance(security, list) else []:
        for scope in _list(_dict(requirement).get(definition or "")):
            if to_text(scope) not in scopes:
                scopes.append(to_text(scope))
    return scopes


def build_actions(document: Mapping[str, Any], definition: str | None) -> list[Action]:
    ops = [(o.path, o.method, o.node, o.path_item) for o in operations(document)]
    labels = {to_text(op["operationId"]): action_label(op, m, p) for p, m, op, _ in ops if "operationId" in op}
    actions: list[Action] = []
    used: set[str] = set()
    for path, method, op, item in ops:
        operation_id = to_text(op["operationId"]) if "operationId" in op else None
        anchor = base = "action-" + _slug(operation_id or f"{method}-{path}")
        for n in range(2, len(ops) + 2):
            if anchor not in used:
                break
            anchor = f"{base}-{n}"
        used.add(anchor)
        inputs, truncated = build_inputs(document, op, item, labels)
        notes = []
        for key, what in (("x-ntx-host", "host"), ("x-ntx-basePath", "base path")):
            if key in op:
                notes.append(f"Calls the {what} {to_text(op[key])} instead of the Xtension's.")
        if op.get("x-ms-visibility") == "internal" and op.get("x-ntx-visibility") != "internal":
            notes.append(MS_INTERNAL)
        actions.append(
            Action(
                anchor=anchor,
                operation_id=operation_id,
                label=action_label(op, method, path),
                summary=_text(op.get("summary")),
                description=_text(op.get("description")),
                method=method.upper(),
                path=path,
                hidden=op.get("x-ntx-visibility") == "internal",
                deprecated=op.get("deprecated") is True,
                tags=_strings(op.get("tags")),
                consumes=_strings(op.get("consumes", document.get("consumes"))),
                produces=_strings(op.get("produces", document.get("produces"))),
                scopes=_scopes(op, document, definition),
                inputs=inputs,
                inputs_truncated=truncated,
                outputs=build_outputs(document, op, labels),
                notes=notes,
            )
        )
    return actions


def _by_position(source_format: str, code: str) -> bool:
    """Does the pointer index into the document the docs describe? Swagger 2.0 input is documented as given
    (its pointers are the document's), and Nintex rules (XT7xx) check the output; other OpenAPI 3 pointers
    are into the input, where a parameter's position may differ (see xtgen.docs.where)."""
    return source_format == "swagger2" or code.startswith("XT7")


def build_report(
    diagnostics: Iterable[Diagnostic],
    source_format: str,
    source_version: str,
    document: Mapping[str, Any] | None = None,
) -> Report:
    found = list(diagnostics)
    doc = document or {}

    def item(d: Diagnostic) -> DiagnosticItem:
        where = describe_pointer(doc, d.pointer, by_position=_by_position(source_format, d.code))
        return DiagnosticItem(code=d.code, severity=d.severity.value, message=d.message, pointer=d.pointer, where=where)

    groups = [
        DiagnosticGroup(
            severity=s.value,
            title=title,
            diagnostics=[item(d) for d in found if d.severity is s],
        )
        for s, title in SEVERITY_TITLES.items()
    ]
    return Report(
        source_format=source_format,
        source_version=source_version,
        total=len(found),
        counts={g["severity"]: len(g["diagnostics"]) for g in groups},
        groups=[g for g in groups if g["diagnostics"]],
        overlay_actions=[item(d) for d in found if d.code == OVERLAY_APPLIED],
    )


def _base_url(document: Mapping[str, Any]) -> str | None:
    host = document.get("host")
    if not isinstance(host, str) or not host.strip():
        return None
    schemes = _strings(document.get("schemes"))
    scheme = "https" if "https" in schemes or not schemes else schemes[0]
    base = to_text(document.get("basePath") or "")
    return f"{scheme}://{host.strip()}{base if base != '/' else ''}"


def _contact(info: Mapping[str, Any]) -> Contact | None:
    contact = _dict(info.get("contact"))
    if not contact:
        return None
    name, url, email = (_text(contact[k]) if k in contact else None for k in ("name", "url", "email"))
    return Contact(name=name, url=url, email=email)


def build_context(
    document: Mapping[str, Any],
    diagnostics: Iterable[Diagnostic] = (),
    *,
    source_format: str = "swagger2",
    source_version: str = "2.0",
    region: str = DOCUMENTED_REGION,
    preset: str | PresetLike | None = None,
    xtension_file: str | None = None,
) -> DocsContext:
    """The template context for a Swagger 2.0 document (as Nintex will see it) and its diagnostics.

    `preset` is the Nintex import preset to recommend, a name or object (see connection.preset_advice);
    `region` one of REGIONS; `xtension_file` the name of the file to upload, when known.
    """
    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r}")
    info = _dict(document.get("info"))
    connection = build_connection(document, region, preset)
    actions = build_actions(document, connection["name"])
    license_info = _dict(info.get("license"))
    return DocsContext(
        contract_version=CONTRACT_VERSION,
        generator="xtgen",
        title=_text(info.get("title")) or "Untitled Xtension",
        version=_text(info.get("version")),
        description=_text(info.get("description")),
        host=_text(document.get("host")) or None,
        base_path=to_text(document.get("basePath") or "/"),
        schemes=_strings(document.get("schemes")),
        base_url=_base_url(document),
        contact=_contact(info),
        license=_text(license_info.get("name")) or None,
        terms_of_service=_text(info.get("termsOfService")) or None,
        region=region,
        xtension_file=xtension_file,
        connection=connection,
        actions=actions,
        visible_actions=sum(1 for a in actions if not a["hidden"]),
        hidden_actions=sum(1 for a in actions if a["hidden"]),
        report=build_report(diagnostics, source_format, source_version, document),
    )
