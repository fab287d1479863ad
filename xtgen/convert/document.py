"""The whole document: OpenAPI 3.0/3.1 -> Swagger 2.0, one concern module at a time."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Diagnostic, Document, Options
from .components import (
    convert_definitions,
    convert_parameter_components,
    convert_response_components,
    report_inlined_components,
)
from .context import Context
from .defaults import fit_defaults
from .nintex import shape_for_nintex
from .paths import METHODS_2, convert_paths
from .security import convert_security_schemes, rewrite_requirements
from .servers import convert_root_servers

# The order Swagger 2.0 documents use (conventions.md); vendor extensions follow in the input's order.
ROOT_ORDER = ("swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "paths",
              "definitions", "parameters", "responses", "securityDefinitions", "security", "tags",
              "externalDocs")


def convert_document(source: Document, options: Options) -> tuple[Document, list[Diagnostic]]:
    version = "3.1" if str(source.get("openapi", "")).startswith("3.1") else "3.0"
    ctx = Context(source=source, options=options, version=version)
    out: dict[str, Any] = {"swagger": "2.0", "info": convert_info(ctx, source.get("info"))}
    security_definitions = convert_security_schemes(ctx)
    out.update(convert_root_servers(ctx))
    parameters = convert_parameter_components(ctx)
    responses = convert_response_components(ctx)
    paths, consumes, produces = convert_paths(ctx, source.get("paths") or {}, out)
    definitions = convert_definitions(ctx)
    report_inlined_components(ctx)
    _hoist_media_types(paths, consumes, "consumes", out)
    _hoist_media_types(paths, produces, "produces", out)
    out["paths"] = paths
    if definitions:
        out["definitions"] = definitions
    if parameters:
        out["parameters"] = parameters
    if responses:
        out["responses"] = responses
    if security_definitions:
        out["securityDefinitions"] = security_definitions
    if "security" in source:
        out["security"] = rewrite_requirements(ctx, source["security"], "/security")
    for key in ("tags", "externalDocs"):
        if key in source:
            out[key] = source[key]
    if source.get("webhooks"):
        ctx.warning("XT606", f"webhooks {list(source['webhooks'])} have no 2.0 form: dropped", "/webhooks")
    if "jsonSchemaDialect" in source:
        ctx.info("XT517", "jsonSchemaDialect has no 2.0 form: dropped", "/jsonSchemaDialect")
    for key, value in source.items():
        if key.startswith("x-"):
            out[key] = value
    fit_defaults(ctx, out)
    if ctx.nintex:
        shape_for_nintex(ctx, out)
    return order_root(out), ctx.diagnostics


def convert_info(ctx: Context, info: Any) -> dict[str, Any]:
    if not isinstance(info, dict):
        ctx.error("XT003", "the document has no info object", "/info")
        return {"title": "", "version": ""}
    out: dict[str, Any] = {"title": info.get("title", ""), "version": str(info.get("version", ""))}
    for key in ("description", "termsOfService", "contact"):
        if key in info:
            out[key] = info[key]
    license_ = info.get("license")
    if isinstance(license_, dict):
        out["license"] = {k: v for k, v in license_.items() if k != "identifier"}
        if "identifier" in license_:
            out["license"]["x-identifier"] = license_["identifier"]
    if "summary" in info:
        out["x-summary"] = info["summary"]
    for key, value in info.items():
        if key.startswith("x-"):
            out[key] = value
    return out


def _hoist_media_types(paths: dict[str, Any], per_operation: list[list[str]], key: str,
                       out: dict[str, Any]) -> None:
    """Put the most common media type list at the root; operations keep theirs only when different."""
    counts = Counter(tuple(c) for c in per_operation if c)
    if not counts:
        return
    common = list(max(counts.items(), key=lambda kv: kv[1])[0])
    # Counter keeps first-seen order, and max() returns the first of equal counts: deterministic.
    out[key] = common
    for item in paths.values():
        if not isinstance(item, dict):
            continue
        for method in METHODS_2:
            op = item.get(method)
            if isinstance(op, dict) and op.get(key) == common:
                del op[key]


def order_root(doc: dict[str, Any]) -> Document:
    ordered = {k: doc[k] for k in ROOT_ORDER if k in doc}
    ordered.update((k, v) for k, v in doc.items() if k not in ordered)
    return ordered
