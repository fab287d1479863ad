"""Components -> definitions, parameters and responses; what 2.0 has no home for is reported."""

from __future__ import annotations

from typing import Any

from xtgen import pointer as jp
from xtgen.convert.bodies import convert_request_body_component
from xtgen.convert.context import Context
from xtgen.convert.parameters import convert_parameter
from xtgen.convert.responses import convert_response
from xtgen.convert.schemas import convert_schema

INLINED_KINDS = ("headers", "examples", "links", "callbacks", "pathItems")


def convert_definitions(ctx: Context) -> dict[str, Any]:
    schemas = ctx.mapping(_components(ctx).get("schemas"), "components.schemas", "/components/schemas")
    out = {}
    for name, schema in schemas.items():
        if isinstance(schema, dict) and "$ref" in schema:
            ctx.deref(schema, jp.join("/components/schemas", name))  # reports a chain that never ends in a schema
        out[name] = convert_schema(ctx, schema, jp.join("/components/schemas", name))
    out.update(ctx.hoisted)  # schemas refs pointed at where 2.0 has no place for them (schemas.hoist_ref)
    for name, value in ctx.discriminator_values.items():
        if isinstance(out.get(name), dict):
            out[name] = {**out[name], "x-discriminator-value": value}
    return out


def convert_parameter_components(ctx: Context) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, param in ctx.mapping(
        _components(ctx).get("parameters"), "components.parameters", "/components/parameters"
    ).items():
        pptr = jp.join("/components/parameters", name)
        target, tptr = ctx.deref(param, pptr)  # an alias of another component is inlined; a broken chain reported
        converted = convert_parameter(ctx, target, tptr) if target else None
        if converted is None:
            ctx.dropped_parameters.add(name)
        else:
            out[name] = converted
    for name, body in ctx.mapping(
        _components(ctx).get("requestBodies"), "components.requestBodies", "/components/requestBodies"
    ).items():
        ptr = jp.join("/components/requestBodies", name)
        if name in out:
            ctx.info("XT315", f"requestBody {name!r} shares its name with a parameter: inlined where used", ptr)
            continue
        converted = convert_request_body_component(ctx, name, body, ptr)
        if converted is not None:
            out[name] = converted
            ctx.body_parameters.add(name)
    return out


def convert_response_components(ctx: Context) -> dict[str, Any]:
    out = {}
    for name, response in ctx.mapping(
        _components(ctx).get("responses"), "components.responses", "/components/responses"
    ).items():
        ptr = jp.join("/components/responses", name)
        target, tptr = ctx.deref(response, ptr)
        out[name], _ = convert_response(ctx, target, tptr)
    return out


def report_inlined_components(ctx: Context) -> None:
    components = _components(ctx)
    for kind in INLINED_KINDS:
        if components.get(kind):
            verb = "dropped" if kind in ("links", "callbacks") else "inlined where used"
            code = "XT601" if kind == "links" else "XT602" if kind == "callbacks" else "XT016"
            ctx.info(code, f"components.{kind} have no 2.0 home: {verb}", jp.join("/components", kind))


def _components(ctx: Context) -> dict[str, Any]:
    return ctx.mapping(ctx.source.get("components"), "components", "/components")
