"""Request Body Objects -> one `in: body` parameter, or one `formData` parameter per property."""

from __future__ import annotations

from typing import Any

from xtgen import pointer as jp
from xtgen.convert.context import Context
from xtgen.convert.parameters import allof_too_deep, collection_format, lift_schema
from xtgen.convert.refs import component_of
from xtgen.convert.schemas import convert_schema
from xtgen.formats import first_use

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def is_json_like(media: str) -> bool:
    base = media.split(";", 1)[0].strip().lower()
    return base in ("application/json", "text/json") or base.endswith("+json") or base == "*/*"


def media_rank(media: str) -> int:
    """Lower is better: JSON first, then form, then the rest in the input's order."""
    base = media.split(";", 1)[0].strip().lower()
    if base == "application/json":
        return 0
    if is_json_like(base) and base != "*/*":
        return 1
    if base in FORM_TYPES:
        return 2
    return 3


def body_name(ctx: Context, operation: dict[str, Any], body: dict[str, Any]) -> str:
    for holder in (operation, body):
        for key in ("x-codegen-request-body-name", "x-bodyName"):
            if isinstance(holder.get(key), str) and holder[key]:
                return str(holder[key])
    return "body"


def convert_request_body(ctx: Context, operation: dict[str, Any], ptr: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Return (parameters, consumes) for an operation's requestBody."""
    raw = operation.get("requestBody")
    bptr = jp.join(ptr, "requestBody")
    ref = raw.get("$ref") if isinstance(raw, dict) else None
    body, body_ptr = ctx.deref(raw, bptr)
    if not isinstance(body, dict) or not body:
        return [], []
    content = body.get("content")
    if not isinstance(content, dict) or not content:
        ctx.warning("XT310", "requestBody has no content: no body parameter made", bptr)
        return [], []
    name = body_name(ctx, operation, body)
    chosen = min(content, key=lambda m: (media_rank(m), list(content).index(m)))
    chosen_media = content[chosen] if isinstance(content[chosen], dict) else {}
    form = chosen.split(";", 1)[0].strip().lower() in FORM_TYPES
    kept, dropped = _compatible_media(content, chosen, form)
    if dropped:
        ctx.warning(
            "XT311",
            f"requestBody offers media types 2.0 cannot describe together: kept "
            f"{', '.join(kept)}; dropped {', '.join(dropped)}",
            jp.join(body_ptr, "content"),
        )
    mptr = jp.join(body_ptr, "content", chosen)
    if form and _has_form_fields(ctx, chosen_media, mptr):
        return form_parameters(ctx, chosen_media, body, mptr), kept
    if form:
        ctx.warning(
            "XT313",
            f"the {chosen} body is not an object with properties, so it cannot become formData "
            "fields: it is described as one body parameter",
            mptr,
        )
    parts = component_of(ref) if isinstance(ref, str) else None
    if (
        parts
        and parts[0] == "requestBodies"
        and not parts[2]
        and parts[1] in ctx.body_parameters
        and name == "body"
        and not ctx.nintex
    ):
        return [{"$ref": "#/parameters/" + jp.escape(parts[1])}], kept
    return [body_parameter(ctx, chosen_media, body, name, mptr)], kept


def _compatible_media(content: dict[str, Any], chosen: str, form: bool) -> tuple[list[str], list[str]]:
    chosen_schema = (content[chosen] or {}).get("schema") if isinstance(content[chosen], dict) else None
    kept, dropped = [], []
    for media, value in content.items():
        schema = value.get("schema") if isinstance(value, dict) else None
        same_family = (media.split(";", 1)[0].strip().lower() in FORM_TYPES) == form
        if media == chosen or (same_family and (schema == chosen_schema or schema is None)):
            kept.append(media)
        else:
            dropped.append(media)
    return kept, dropped


def body_parameter(ctx: Context, media: dict[str, Any], body: dict[str, Any], name: str, ptr: str) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "in": "body"}
    ctx.copy_fields(body, ("description",), out, ptr.rsplit("/content/", 1)[0])
    if body.get("required") is True:
        out["required"] = True
    if "schema" in media:
        out["schema"] = convert_schema(ctx, media["schema"], jp.join(ptr, "schema"))
    else:
        out["schema"] = {}
    if "example" in media and "example" not in out["schema"]:
        out["x-example"] = media["example"]
    for key, value in body.items():
        if key.startswith("x-") and key not in ("x-codegen-request-body-name", "x-bodyName"):
            out[key] = value
    return out


def form_parameters(ctx: Context, media: dict[str, Any], body: dict[str, Any], ptr: str) -> list[dict[str, Any]]:
    """One formData parameter per property of the (resolved, allOf-merged) form schema."""
    schema, sptr = ctx.deref(media.get("schema", {}), jp.join(ptr, "schema"))
    props, required = _form_properties(ctx, schema, sptr)
    encoding: dict[str, Any] = media["encoding"] if isinstance(media.get("encoding"), dict) else {}
    params: list[dict[str, Any]] = []
    for prop_name, prop_schema in props.items():
        pptr = jp.join(sptr, "properties", prop_name)
        resolved, rptr = ctx.deref(prop_schema, pptr)
        param: dict[str, Any] = {"name": prop_name, "in": "formData"}
        if isinstance(resolved, dict):
            ctx.copy_fields(resolved, ("description",), param, rptr)
        if prop_name in required:
            param["required"] = True
        if _is_file(resolved):
            param["type"] = "file"
        elif (
            isinstance(resolved, dict)
            and resolved.get("type") == "array"
            and _is_file(ctx.deref(resolved.get("items", {}), rptr)[0])
        ):
            param["type"] = "file"
            ctx.warning("XT312", "an array of files has no 2.0 form: one file parameter made", pptr)
        else:
            lift_schema(ctx, resolved, rptr, param, location="formData")
            if param.get("type") == "array":
                style = encoding.get(prop_name, {}) if isinstance(encoding.get(prop_name), dict) else {}
                param["collectionFormat"] = collection_format(ctx, style, "formData", pptr)
        if isinstance(resolved, dict):
            if "example" in resolved and "x-example" not in param:
                param["x-example"] = resolved["example"]
            for key, value in resolved.items():
                if key.startswith("x-"):
                    param[key] = value
        params.append(param)
    return params


def _has_form_fields(ctx: Context, media: dict[str, Any], ptr: str) -> bool:
    schema, sptr = ctx.deref(media.get("schema", {}), jp.join(ptr, "schema"))
    return bool(_form_properties(ctx, schema, sptr)[0])


def _form_properties(
    ctx: Context, schema: Any, ptr: str, depth: int = 0, seen: set[Any] | None = None
) -> tuple[dict[str, Any], set[str]]:
    if not isinstance(schema, dict):
        return {}, set()
    seen = set() if seen is None else seen
    props = dict(schema["properties"]) if isinstance(schema.get("properties"), dict) else {}
    required = (
        {n for n in schema["required"] if isinstance(n, str)} if isinstance(schema.get("required"), list) else set()
    )
    parts = schema["allOf"] if isinstance(schema.get("allOf"), list) else []
    if parts and allof_too_deep(ctx, depth, ptr):
        parts = []
    for part in parts:
        if not first_use(part, seen):  # each distinct part once: no 2^n walk, no loop on a part including itself
            continue
        resolved, rptr = ctx.deref(part, ptr)
        sub_props, sub_required = _form_properties(ctx, resolved, rptr, depth + 1, seen)
        for k, v in sub_props.items():
            props.setdefault(k, v)
        required |= sub_required
    if any(k in schema for k in ("oneOf", "anyOf")):
        ctx.warning("XT314", "oneOf/anyOf in a form body: only the properties listed directly are parameters", ptr)
    return props, required


def _is_file(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and schema.get("format") in ("binary", "base64")
        and schema.get("type", "string") == "string"
    )


def convert_request_body_component(ctx: Context, name: str, body: Any, ptr: str) -> dict[str, Any] | None:
    """components.requestBodies entry -> a 2.0 body parameter under `parameters`, when it is not a form."""
    body, bptr = ctx.deref(body, ptr)
    if not isinstance(body, dict) or not isinstance(body.get("content"), dict) or not body["content"]:
        return None
    content = body["content"]
    chosen = min(content, key=lambda m: (media_rank(m), list(content).index(m)))
    if chosen.split(";", 1)[0].strip().lower() in FORM_TYPES:
        return None
    media = content[chosen] if isinstance(content[chosen], dict) else {}
    return body_parameter(ctx, media, body, "body", jp.join(bptr, "content", chosen))
