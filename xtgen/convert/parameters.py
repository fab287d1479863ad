"""Parameter and Header Objects: schema keywords lifted onto the parameter, style -> collectionFormat."""

from __future__ import annotations

from typing import Any

from xtgen import pointer as jp
from xtgen.convert.context import Context
from xtgen.convert.refs import component_of
from xtgen.convert.schemas import fit_enum, keep_misfit, keyword_fits
from xtgen.formats import first_use

# keywords 2.0 allows directly on a non-body parameter, a header or an items object
LIFTED_KEYS = (
    "format",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
)
PRIMITIVES = frozenset({"string", "number", "integer", "boolean"})


def convert_parameter(ctx: Context, param: Any, ptr: str) -> dict[str, Any] | None:
    """One parameter (or a $ref to one). None when it cannot exist in 2.0 (a diagnostic says why)."""
    if isinstance(param, dict) and isinstance(param.get("$ref"), str):
        ref = param["$ref"]
        parts = component_of(ref)
        if parts and parts[0] == "parameters" and not parts[2]:
            components = (ctx.source.get("components") or {}).get("parameters")
            components = components if isinstance(components, dict) else {}
            if parts[1] not in components:
                ctx.error("XT010", f"$ref {ref!r} points at nothing in the document", ptr)
                return None
            if parts[1] in ctx.dropped_parameters:
                ctx.warning("XT301", f"parameter {ref!r} is dropped here too (see components)", ptr)
                return None
            return {"$ref": "#/parameters/" + jp.escape(parts[1])}
        target, _tptr = ctx.deref(param, ptr)
        return convert_parameter(ctx, target, ptr) if target else None
    if not isinstance(param, dict):
        ctx.error("XT300", "a parameter must be an object", ptr)
        return None
    location = param.get("in")
    name = param.get("name")
    if location == "cookie":
        ctx.warning(
            "XT301",
            f"cookie parameter {name!r} dropped: Swagger 2.0 has no cookie parameters; "
            "send it as a header named Cookie if the API needs it",
            ptr,
        )
        return None
    if location not in ("path", "query", "header") or not isinstance(name, str):
        ctx.error("XT300", f"parameter needs a name and 'in' of path, query or header (found {location!r})", ptr)
        return None
    out: dict[str, Any] = {"name": name, "in": location}
    ctx.copy_fields(param, ("description",), out, ptr)
    if location == "path":
        out["required"] = True
        if param.get("required") is not True:
            ctx.warning("XT302", "path parameters are always required; set required: true", ptr)
    elif param.get("required") is True:
        out["required"] = True
    schema, sptr = _parameter_schema(ctx, param, ptr)
    lift_schema(ctx, schema, sptr, out, location=location)
    if out.get("type") == "array":
        fmt = collection_format(ctx, param, location, ptr)
        if fmt:
            out["collectionFormat"] = fmt
    elif "style" in param and param["style"] not in ("form", "simple"):
        ctx.warning("XT303", f"style {param['style']!r} on a non-array parameter has no 2.0 form", ptr)
    if location == "query" and param.get("allowEmptyValue") is True:
        out["allowEmptyValue"] = True
    if param.get("allowReserved"):
        out["x-allowReserved"] = True
        ctx.info("XT304", "allowReserved has no 2.0 form: kept as x-allowReserved", ptr)
    _copy_example(ctx, param, ptr, out)
    if param.get("deprecated"):
        out["x-deprecated"] = True
    for key, value in param.items():
        if key.startswith("x-"):
            out[key] = value
    return out


def _parameter_schema(ctx: Context, param: dict[str, Any], ptr: str) -> tuple[Any, str]:
    if "schema" in param:
        return param["schema"], jp.join(ptr, "schema")
    content = param.get("content")
    if isinstance(content, dict) and content:
        media, _body = next(iter(content.items()))
        cptr = jp.join(ptr, "content", media)
        ctx.info("XT305", f"parameter serialized as {media}: 2.0 sends it as a string holding that text", cptr)
        return {"type": "string"}, jp.join(cptr, "schema")
    ctx.warning("XT306", "parameter has no schema: typed as string", ptr)
    return {"type": "string"}, ptr


def lift_schema(ctx: Context, schema: Any, ptr: str, out: dict[str, Any], *, location: str, depth: int = 0) -> None:
    """Put a schema's keywords onto a 2.0 parameter, header or items object (refs resolved inline)."""
    where = ptr  # diagnostics point at the use, not at a shared schema it refers to
    schema, ptr = ctx.deref(schema, ptr)
    if not isinstance(schema, dict):
        schema = {}
    schema = _flatten(ctx, schema, ptr)
    kind = schema.get("type")
    nullable = schema.get("nullable") is True
    if isinstance(kind, list):
        nullable |= "null" in kind
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if not isinstance(kind, str):  # absent, or not a type name at all
        kind = _guess_type(ctx, schema, ptr)
    if kind in ("object", "file") or kind not in PRIMITIVES | {"array"} or depth > 8:
        if kind == "object":
            ctx.warning(
                "XT307",
                f"an object-valued {location} value has no 2.0 form: it becomes a string "
                "(send the object serialized as JSON)",
                where,
            )
        out["type"] = "string"
        if isinstance(schema.get("example"), (dict, list)):
            out.setdefault("x-example", schema["example"])
        return
    out["type"] = kind
    for key in LIFTED_KEYS:
        if key in schema:
            value = schema[key]
            if not keyword_fits(key, value) or (
                key.startswith("exclusive") and not isinstance(value, bool) and not keyword_fits("minimum", value)
            ):
                keep_misfit(ctx, key, value, jp.join(ptr, key), out)
                continue
            if key in ("exclusiveMinimum", "exclusiveMaximum") and not isinstance(value, bool):
                out["minimum" if key == "exclusiveMinimum" else "maximum"] = value
                value = True
            out[key] = value
    if "const" in schema and "enum" not in schema:
        out["enum"] = [schema["const"]]
    if "enum" in out:
        out["enum"], admits_null = fit_enum(ctx, out["enum"], ptr)
        nullable |= admits_null
        if not out["enum"]:
            del out["enum"]
    if kind == "array":
        items: dict[str, Any] = {}
        lift_schema(ctx, schema.get("items", {}), jp.join(ptr, "items"), items, location=location, depth=depth + 1)
        out["items"] = {k: v for k, v in items.items() if not k.startswith("x-") or k == "x-nullable"}
    if nullable:
        out["x-nullable"] = True


# allOf parts nested in parts: real specs nest a few levels; each distinct part is merged once anyway.
MAX_ALLOF_DEPTH = 64


def allof_too_deep(ctx: Context, depth: int, ptr: str) -> bool:
    """True (after an error naming the pointer) when allOf parts nest past MAX_ALLOF_DEPTH."""
    if depth < MAX_ALLOF_DEPTH:
        return False
    ctx.error(
        "XT316",
        f"allOf parts nest more than {MAX_ALLOF_DEPTH} levels deep here; xtgen merges at most that many "
        "(merge the parts, or refer to one named schema)",
        ptr,
    )
    return True


def _flatten(
    ctx: Context, schema: dict[str, Any], ptr: str, seen: set[Any] | None = None, depth: int = 0
) -> dict[str, Any]:
    """allOf / oneOf / anyOf on a parameter schema: merge what 2.0 can hold (params carry no composition)."""
    if not any(k in schema for k in ("allOf", "oneOf", "anyOf")):
        return schema
    seen = set() if seen is None else seen
    merged = {k: v for k, v in schema.items() if k not in ("allOf", "oneOf", "anyOf")}
    parts = schema["allOf"] if isinstance(schema.get("allOf"), list) else []
    if parts and allof_too_deep(ctx, depth, ptr):
        parts = []
    for part in parts:
        if not first_use(part, seen):
            continue
        resolved, _ = ctx.deref(part, ptr)
        if isinstance(resolved, dict):
            for k, v in _flatten(ctx, resolved, ptr, seen, depth + 1).items():
                merged.setdefault(k, v)
    for key in ("oneOf", "anyOf"):
        branches = [ctx.deref(b, ptr)[0] for b in schema.get(key) or []]
        real = [b for b in branches if isinstance(b, dict) and b.get("type") != "null"]
        kinds = {b.get("type") for b in real}
        if len(kinds) == 1 and None not in kinds:
            merged.setdefault("type", kinds.pop())
            enums = [b.get("enum") for b in real]
            if all(isinstance(e, list) for e in enums) and "enum" not in merged:
                merged["enum"] = [v for e in enums for v in e]  # type: ignore[union-attr]
        elif real:
            merged.setdefault("type", "string")
            ctx.warning("XT308", f"{key} on a parameter has no 2.0 form: typed as string", jp.join(ptr, key))
        if len(real) < len(branches):
            merged["nullable"] = True
    return merged


def _guess_type(ctx: Context, schema: dict[str, Any], ptr: str) -> str:
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    if schema.get("enum"):
        first = next((v for v in schema["enum"] if v is not None), "")
        return {bool: "boolean", int: "integer", float: "number"}.get(type(first), "string")
    if schema:
        ctx.info("XT309", "parameter schema has no type: typed as string", ptr)
    return "string"


def collection_format(ctx: Context, param: dict[str, Any], location: str, ptr: str) -> str | None:
    """style/explode -> collectionFormat, with the 3.0 defaults for each location."""
    style = param.get("style") or ("form" if location in ("query", "cookie", "formData") else "simple")
    explode = param.get("explode", style == "form")
    if style == "form":
        if explode and location in ("query", "formData"):
            return "multi"
        return "csv"
    if style == "spaceDelimited":
        return "ssv"
    if style == "pipeDelimited":
        return "pipes"
    if style == "simple":
        return "csv"
    ctx.warning("XT303", f"style {style!r} has no 2.0 collectionFormat: csv used", ptr)
    return "csv"


def _copy_example(ctx: Context, param: dict[str, Any], ptr: str, out: dict[str, Any]) -> None:
    if "example" in param:
        out["x-example"] = param["example"]
        return
    examples = param.get("examples")
    if isinstance(examples, dict) and examples:
        first_name, first = next(iter(examples.items()))
        resolved, _ = ctx.deref(first, jp.join(ptr, "examples", first_name))
        if isinstance(resolved, dict) and "value" in resolved:
            out["x-example"] = resolved["value"]


def convert_header(ctx: Context, header: Any, ptr: str) -> dict[str, Any] | None:
    """A response header: like a parameter without name, in and required."""
    header, hptr = ctx.deref(header, ptr)
    if not isinstance(header, dict):
        return None
    out: dict[str, Any] = {}
    ctx.copy_fields(header, ("description",), out, hptr)
    schema, sptr = _parameter_schema(ctx, header, hptr)
    lift_schema(ctx, schema, sptr, out, location="header")
    if out.get("type") == "array":
        out["collectionFormat"] = "csv"
    _copy_example(ctx, header, hptr, out)
    for key, value in header.items():
        if key.startswith("x-"):
            out[key] = value
    return out
