"""Paths and Operations: the per-operation assembly of parameters, body, responses and security."""

from __future__ import annotations

import re
from typing import Any

from xtgen import pointer as jp
from xtgen.convert.bodies import convert_request_body
from xtgen.convert.context import Context
from xtgen.convert.parameters import convert_parameter
from xtgen.convert.responses import convert_responses
from xtgen.convert.security import rewrite_requirements
from xtgen.convert.servers import convert_operation_servers
from xtgen.convert.templates import rename_template_names
from xtgen.formats import METHODS_2, METHODS_3, SUMMARY_FIELDS

TEMPLATE = re.compile(r"\{([^{}/]+)\}")
OPERATION_KEYS_COPIED = ("tags", "summary", "description", "externalDocs", "operationId")
# Where each OpenAPI 3 operation field lands in 2.0; operations keep the input's field order.
OUTPUT_KEYS = {
    "requestBody": ("consumes", "parameters"),
    "parameters": ("consumes", "parameters"),
    "responses": ("produces", "responses"),
    "servers": ("schemes", "x-ntx-host", "x-ntx-basePath"),
}


def order_operation(op: dict[str, Any], source_keys: Any = ()) -> dict[str, Any]:
    """The input's field order; a field the input lacked (a copied-down `security`) goes right after the
    summary fields, as on the Nintex help page."""
    order: list[str] = []
    for key in source_keys:
        for out_key in OUTPUT_KEYS.get(key, (key,)):
            if out_key in op and out_key not in order:
                order.append(out_key)
    if "security" in op and "security" not in order:
        at = max((order.index(k) + 1 for k in SUMMARY_FIELDS if k in order), default=0)
        order.insert(at, "security")
    order += [k for k in op if k not in order]
    return {k: op[k] for k in order}


def convert_paths(
    ctx: Context, paths: Any, root: dict[str, Any]
) -> tuple[dict[str, Any], list[list[str]], list[list[str]]]:
    """Return (2.0 paths, consumes of each operation, produces of each operation)."""
    out: dict[str, Any] = {}
    consumes: list[list[str]] = []
    produces: list[list[str]] = []
    if not isinstance(paths, dict):
        return out, consumes, produces
    for path, item in paths.items():
        ptr = jp.join("/paths", path)
        if str(path).startswith("x-"):
            if isinstance(item, dict) and not any(k in item for k in (*METHODS_3, "parameters", "$ref")):
                out[path] = item
            else:  # openapi-spec-validator fails on a non-object, and reads an object with methods as a path
                ctx.warning(
                    "XT690",
                    f"extension {path!r} among paths must be an object without operations or $ref to "
                    "pass Swagger 2.0 validators: dropped (move it to the document root)",
                    ptr,
                )
            continue
        if not str(path).startswith("/"):
            ctx.error("XT001", f"path {path!r} must start with '/'", ptr)
            continue
        item, iptr = ctx.deref(item, ptr)
        if not isinstance(item, dict):
            continue
        converted, c, p = convert_path_item(ctx, item, iptr, root)
        path = rename_template_names(ctx, str(path), converted, ptr)
        reconcile_parameters(ctx, str(path), converted, ptr)
        out[path] = converted
        consumes.extend(c)
        produces.extend(p)
    return out, consumes, produces


def _parameter_key(ctx: Context, param: Any) -> tuple[Any, Any]:
    """(name, in) of an output parameter; a `#/parameters/X` ref is looked up in the source's components (once
    per ref: GitHub's description refers to its shared parameters thousands of times)."""
    if isinstance(param, dict) and isinstance(param.get("$ref"), str):
        ref = param["$ref"]
        key = ctx.parameter_keys.get(ref)
        if key is None:
            key = ctx.parameter_keys[ref] = _referenced_parameter_key(ctx, ref)
        return key
    return (param.get("name"), param.get("in")) if isinstance(param, dict) else (None, None)


def _referenced_parameter_key(ctx: Context, ref: str) -> tuple[Any, Any]:
    name = jp.split(ref[1:])[-1]
    quiet = Context(ctx.source, ctx.options, resolved=ctx.resolved)  # its diagnostics are dropped
    target, _ = quiet.deref({"$ref": "#/components/parameters/" + jp.escape(name)}, "")
    return (target.get("name"), target.get("in")) if isinstance(target, dict) and target else (ref, "")


def _dedupe(ctx: Context, params: list[Any], template: list[str], ptr: str) -> list[Any]:
    """Drop repeated (name, in) pairs and path parameters the path template does not name (2.0 forbids both)."""
    kept: list[Any] = []
    seen: set[tuple[Any, Any]] = set()
    for param in params:
        name, where = key = _parameter_key(ctx, param)
        if key in seen:
            ctx.warning("XT390", f"parameter {name!r} in {where} is listed twice: the first is kept", ptr)
        elif where == "path" and name not in template:
            ctx.warning("XT390", f"path parameter {name!r} is not in the path template: dropped", ptr)
        else:
            seen.add(key)
            kept.append(param)
    return kept


def reconcile_parameters(ctx: Context, path: str, item: dict[str, Any], ptr: str) -> None:
    """Each operation of a converted path item declares every `{name}` of the template once (edits `item`)."""
    template = list(dict.fromkeys(TEMPLATE.findall(path)))
    if "parameters" in item:
        item["parameters"] = _dedupe(ctx, item["parameters"], template, jp.join(ptr, "parameters"))
        if not item["parameters"]:
            del item["parameters"]
    shared = {_parameter_key(ctx, p) for p in item.get("parameters", [])}
    for method in METHODS_2:
        op = item.get(method)
        if not isinstance(op, dict):
            continue
        params = _dedupe(ctx, op.get("parameters", []), template, jp.join(ptr, method, "parameters"))
        declared = shared | {_parameter_key(ctx, p) for p in params}
        missing = [name for name in template if (name, "path") not in declared]
        params += [{"name": name, "in": "path", "required": True, "type": "string"} for name in missing]
        shown = missing if len(missing) <= 10 else missing[:10]  # one line per operation, not one per name
        for name in shown:
            ctx.warning(
                "XT391", f"path parameter {name!r} is not declared: added as a required string", jp.join(ptr, method)
            )
        if len(missing) > len(shown):
            ctx.warning(
                "XT391",
                f"{len(missing) - len(shown)} more path parameters are not declared: added as required strings",
                jp.join(ptr, method),
            )
        if params:
            op["parameters"] = params
        elif "parameters" in op:
            del op["parameters"]


def convert_path_item(
    ctx: Context, item: dict[str, Any], ptr: str, root: dict[str, Any]
) -> tuple[dict[str, Any], list[list[str]], list[list[str]]]:
    out: dict[str, Any] = {}
    consumes: list[list[str]] = []
    produces: list[list[str]] = []
    path_servers = item.get("servers")
    for key, value in item.items():
        kptr = jp.join(ptr, key)
        if key in METHODS_2:
            op, c, p = convert_operation(ctx, value, kptr, root, path_servers)
            out[key] = op
            consumes.append(c)
            produces.append(p)
        elif key == "trace":
            ctx.warning("XT603", "the trace method has no 2.0 form: operation dropped", kptr)
        elif key == "parameters" and isinstance(value, list):
            params = [convert_parameter(ctx, p, jp.join(kptr, i)) for i, p in enumerate(value)]
            kept = [p for p in params if p is not None]
            if kept:
                out["parameters"] = kept
        elif key in ("summary", "description"):
            out["x-" + key] = value
            ctx.info("XT604", f"path-level {key} has no 2.0 form: kept as x-{key}", kptr)
        elif key == "servers":
            continue
        elif key.startswith("x-"):
            out[key] = value
        elif key != "$ref":
            ctx.warning("XT605", f"path item field {key!r} has no 2.0 form: dropped", kptr)
    return out, consumes, produces


def _unique_operation_id(ctx: Context, wanted: str, ptr: str) -> str:
    name, n = wanted, ctx.operation_id_suffix.get(wanted, 2)
    while name in ctx.operation_ids:
        name, n = f"{wanted}_{n}", n + 1
    if name != wanted:
        ctx.operation_id_suffix[wanted] = n
        ctx.warning(
            "XT392",
            f"operationId {wanted!r} is already used by another operation: this one became "
            f"{name!r} (2.0 wants them unique)",
            jp.join(ptr, "operationId"),
        )
    ctx.operation_ids.add(name)
    return name


def convert_operation(
    ctx: Context, op: Any, ptr: str, root: dict[str, Any], path_servers: Any
) -> tuple[dict[str, Any], list[str], list[str]]:
    if not isinstance(op, dict):
        ctx.error("XT002", "an operation must be an object", ptr)
        return {"responses": {"default": {"description": "Response"}}}, [], []
    out: dict[str, Any] = {}
    ctx.copy_fields(op, OPERATION_KEYS_COPIED, out, ptr)
    if isinstance(out.get("operationId"), str):
        out["operationId"] = _unique_operation_id(ctx, out["operationId"], ptr)
    parameters: list[dict[str, Any]] = []
    for i, param in enumerate(ctx.sequence(op.get("parameters"), "parameters", jp.join(ptr, "parameters"))):
        converted = convert_parameter(ctx, param, jp.join(ptr, "parameters", i))
        if converted is not None:
            parameters.append(converted)
    body_params, consumes = convert_request_body(ctx, op, ptr)
    parameters.extend(body_params)
    if consumes:
        out["consumes"] = consumes
    responses, produces = convert_responses(ctx, op.get("responses"), jp.join(ptr, "responses"))
    if produces:
        out["produces"] = produces
    if parameters:
        out["parameters"] = parameters
    out["responses"] = responses
    servers = op.get("servers") if op.get("servers") else path_servers
    if servers:
        out.update(
            convert_operation_servers(
                ctx, servers, jp.join(ptr, "servers") if op.get("servers") else ptr.rsplit("/", 1)[0] + "/servers", root
            )
        )
    if op.get("deprecated") is True:
        out["deprecated"] = True
    if "security" in op:
        out["security"] = rewrite_requirements(ctx, op["security"], jp.join(ptr, "security"))
    if op.get("callbacks"):
        ctx.warning("XT602", f"callbacks {list(op['callbacks'])} have no 2.0 form: dropped", jp.join(ptr, "callbacks"))
    for key, value in op.items():
        if key.startswith("x-") and key not in ("x-codegen-request-body-name", "x-bodyName"):
            out[key] = value
    return order_operation(out, op), consumes, produces
