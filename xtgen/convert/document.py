"""The whole document: OpenAPI 3.0/3.1 -> Swagger 2.0, one concern module at a time."""

from __future__ import annotations

from collections import Counter
from typing import Any

from xtgen.convert.components import (
    convert_definitions,
    convert_parameter_components,
    convert_response_components,
    report_inlined_components,
)
from xtgen.convert.context import FIELD_FITS, Context
from xtgen.convert.paths import convert_paths
from xtgen.convert.security import convert_security_schemes, rewrite_requirements
from xtgen.convert.servers import convert_root_servers
from xtgen.formats import openapi3_version, operations, order_root
from xtgen.model import Diagnostic, Document, Options


def convert_document(
    source: Document, options: Options, *, security_replaced: bool = False
) -> tuple[Document, list[Diagnostic]]:
    """OpenAPI 3 -> Swagger 2.0. `security_replaced`: a later stage replaces every security definition (a
    preset), so a scheme 2.0 cannot express loses nothing."""
    ctx = Context(source=source, options=options, version=openapi3_version(source), security_replaced=security_replaced)
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
    if "tags" in source:
        if _tags_fit(source["tags"]):
            out["tags"] = [
                t
                if "externalDocs" not in t or ctx.url_fits(t["externalDocs"], f"/tags/{i}/externalDocs")
                else {("x-externalDocs" if k == "externalDocs" else k): v for k, v in t.items()}
                for i, t in enumerate(source["tags"])
            ]
        else:
            out["x-tags"] = source["tags"]
            ctx.warning("XT042", "tags must be a list of objects, each with a distinct name: kept as x-tags", "/tags")
    ctx.copy_fields(source, ("externalDocs",), out, "")
    if source.get("webhooks") and isinstance(source["webhooks"], dict):
        ctx.warning("XT606", f"webhooks {list(source['webhooks'])} have no 2.0 form: dropped", "/webhooks")
    if "jsonSchemaDialect" in source:
        ctx.info("XT517", "jsonSchemaDialect has no 2.0 form: dropped", "/jsonSchemaDialect")
    for key, value in source.items():
        if key.startswith("x-"):
            out[key] = value
    return order_root(out), ctx.diagnostics


def definition_names(source: Document, options: Options) -> dict[str, list[str]]:
    """OpenAPI 3 security scheme name -> the names of the 2.0 definitions it becomes (several when it has
    several flows), for the target stages that let `--security` name a scheme."""
    ctx = Context(source=source, options=options, version=openapi3_version(source))
    convert_security_schemes(ctx)
    return ctx.security_names


def convert_info(ctx: Context, info: Any) -> dict[str, Any]:
    if not isinstance(info, dict):
        ctx.error("XT003", "the document has no info object", "/info")
        return {"title": "", "version": ""}
    out: dict[str, Any] = {"title": "", "version": str(info.get("version", ""))}
    ctx.copy_fields(info, ("title", "description", "termsOfService", "contact"), out, "/info")
    license_ = info.get("license")
    if isinstance(license_, dict) and not FIELD_FITS["license"](license_):
        ctx.copy_fields(info, ("license",), out, "/info")
    elif isinstance(license_, dict):
        out["license"] = ctx.fit_formats(
            "license", {k: v for k, v in license_.items() if k != "identifier"}, "/info/license"
        )
        if "identifier" in license_:
            out["license"]["x-identifier"] = license_["identifier"]
    if "summary" in info:
        out["x-summary"] = info["summary"]
    for key, value in info.items():
        if key.startswith("x-"):
            out[key] = value
    return out


def _hoist_media_types(paths: dict[str, Any], per_operation: list[list[str]], key: str, out: dict[str, Any]) -> None:
    """Put the most common media type list at the root; operations keep theirs only when different."""
    counts = Counter(tuple(c) for c in per_operation if c)
    if not counts:
        return
    common = list(max(counts.items(), key=lambda kv: kv[1])[0])
    # Counter keeps first-seen order, and max() returns the first of equal counts: deterministic.
    out[key] = common
    for op in operations({"paths": paths}):  # never an x- entry: that is the input's own object
        if op.node.get(key) == common:
            del op.node[key]


def _tags_fit(tags: Any) -> bool:
    if not isinstance(tags, list) or not all(isinstance(t, dict) and isinstance(t.get("name"), str) for t in tags):
        return False
    names = [t["name"] for t in tags]
    return len(set(names)) == len(names) and all(
        isinstance(t.get("description", ""), str) and FIELD_FITS["externalDocs"](t.get("externalDocs", {"url": ""}))
        for t in tags
    )
