"""Schema Objects: OpenAPI 3.0/3.1 JSON Schema dialect -> Swagger 2.0 Schema Object.

Strategy for what 2.0 cannot say (documented in the README):
- nullable / type "null" -> x-nullable; const -> one-value enum; numeric exclusive bounds -> boolean form.
- oneOf/anyOf: object branches merge into one object (union of properties, required = what every
  branch requires), same-type primitive branches keep that type (enum = union); anything else accepts
  any value. The converted branches are kept under x-oneOf / x-anyOf and a warning says so.
- not, writeOnly and keywords 2.0 lacks are kept as x-<keyword> with a diagnostic.
- $ref with sibling keywords -> allOf: [{$ref}] plus the siblings.
- Recursive schemas stay $refs: refs are rewritten, never expanded (except refs to places 2.0 has no
  home for, which are inlined once, with recursion guarded).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xtgen import pointer as jp
from xtgen.convert.context import Context
from xtgen.convert.formats import fits_format
from xtgen.convert.refs import component_of, rewrite_component_ref

SIMPLE_KEYS = frozenset(
    {
        "format",
        "title",
        "description",
        "default",
        "multipleOf",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxProperties",
        "minProperties",
        "enum",
        "readOnly",
        "xml",
        "externalDocs",
        "example",
    }
)
# copied as they are (enum is not: fit_enum checks it)
COPIED_KEYS = (SIMPLE_KEYS - {"enum"}) | {"minimum", "maximum"}
TYPES2 = frozenset({"string", "number", "integer", "boolean", "array", "object", "file"})


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _strings(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for k, v in value.items() if not k.startswith("x-"))


# What the Swagger 2.0 schema accepts for each keyword xtgen copies as is; a value that does not fit is kept
# as x-<keyword> (XT590) instead of making the output invalid.
KEYWORD_FITS: dict[str, Callable[[Any], bool]] = {
    "title": lambda v: isinstance(v, str),
    "description": lambda v: isinstance(v, str),
    "format": lambda v: isinstance(v, str),
    "pattern": lambda v: isinstance(v, str),
    "multipleOf": lambda v: _number(v) and v > 0,
    "maximum": _number,
    "minimum": _number,
    "maxLength": _count,
    "minLength": _count,
    "maxItems": _count,
    "minItems": _count,
    "maxProperties": _count,
    "minProperties": _count,
    "uniqueItems": lambda v: isinstance(v, bool),
    "readOnly": lambda v: isinstance(v, bool),
    "xml": lambda v: (
        _strings({k: x for k, x in v.items() if k not in ("attribute", "wrapped")})
        and all(isinstance(v.get(k, False), bool) for k in ("attribute", "wrapped"))
        if isinstance(v, dict)
        else False
    ),
    "externalDocs": lambda v: _strings(v) and fits_format(v.get("url"), "uri"),
}


def keyword_fits(key: str, value: Any) -> bool:
    """Whether Swagger 2.0 accepts this value for a keyword copied unchanged (True for unchecked keywords)."""
    check = KEYWORD_FITS.get(key)
    return check is None or bool(check(value))


def keep_misfit(ctx: Context, key: str, value: Any, ptr: str, out: dict[str, Any]) -> None:
    out["x-" + key] = value
    ctx.warning(
        "XT590",
        f"{key} {_short(value)} is not a valid value for this keyword: kept as x-{key}, "
        "which validators ignore; fix the value in the input",
        ptr,
    )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def convert_schema(ctx: Context, schema: Any, ptr: str, _inlining: frozenset[str] = frozenset()) -> Any:
    """Convert one schema (and everything below it). Never mutates the input."""
    if isinstance(schema, bool):
        if schema:
            return {}
        ctx.warning("XT510", "the boolean schema false (no value allowed) has no 2.0 form; kept as x-not: {}", ptr)
        return {"x-not": {}}
    if not isinstance(schema, dict):
        ctx.error("XT511", f"a schema must be an object, found {type(schema).__name__}", ptr)
        return {}
    if "$ref" in schema:
        return _convert_ref_schema(ctx, schema, ptr, _inlining)
    out: dict[str, Any] = {}
    nullable = False
    for key, value in schema.items():
        if key.startswith("x-") or (key in COPIED_KEYS and keyword_fits(key, value)):
            out[key] = value  # the common case first, without a pointer
            continue
        if key == "nullable":
            nullable |= value is True
            continue
        if key in ("oneOf", "anyOf"):
            continue  # handled below, once the rest of the schema is known
        kptr = jp.join(ptr, key)
        if key == "type":
            nullable |= _convert_type(ctx, value, kptr, out)
        elif key == "enum":
            value, admits_null = fit_enum(ctx, value, kptr)
            nullable |= admits_null
            if value:
                out[key] = value
        elif key in COPIED_KEYS or not keyword_fits(key, value):
            keep_misfit(ctx, key, value, kptr, out)
        elif key == "properties" and isinstance(value, dict):
            out["properties"] = {
                name: convert_schema(ctx, sub, jp.join(kptr, name), _inlining) for name, sub in value.items()
            }
        elif key in ("items", "allOf") and value == []:
            ctx.info("XT592", f"an empty {key} list says nothing and 2.0 forbids it: dropped", kptr)
        elif key == "items":
            if isinstance(value, list):
                out["items"] = [convert_schema(ctx, s, jp.join(kptr, i), _inlining) for i, s in enumerate(value)]
            else:
                out["items"] = convert_schema(ctx, value, kptr, _inlining)
        elif key == "additionalProperties":
            out[key] = value if isinstance(value, bool) else convert_schema(ctx, value, kptr, _inlining)
        elif key == "allOf" and isinstance(value, list):
            out["allOf"] = [convert_schema(ctx, s, jp.join(kptr, i), _inlining) for i, s in enumerate(value)]
        elif key == "required":
            names = _unique([n for n in value if isinstance(n, str)]) if isinstance(value, list) else []
            if names:
                out["required"] = names
            if names != value and value != []:
                ctx.warning(
                    "XT591",
                    "required must list property names, each once: " + (f"kept {names}" if names else "dropped"),
                    kptr,
                )
        elif key in ("exclusiveMinimum", "exclusiveMaximum"):
            _convert_exclusive(ctx, key, value, schema, kptr, out)
        elif key == "const":
            if "enum" not in schema:
                out["enum"] = [value]
        elif key == "examples":
            if isinstance(value, list) and value and "example" not in schema:
                out["example"] = value[0]
                if len(value) > 1:
                    ctx.info("XT512", f"2.0 schemas hold one example; kept the first of {len(value)}", kptr)
        elif key == "discriminator":
            _convert_discriminator(ctx, value, kptr, out)
        elif key == "not":
            out["x-not"] = convert_schema(ctx, value, kptr, _inlining)
            ctx.warning("XT513", "'not' has no 2.0 form: kept as x-not, which validators ignore", kptr)
        elif key == "writeOnly":
            if value:
                out["x-writeOnly"] = value
                ctx.info("XT514", "writeOnly has no 2.0 form: kept as x-writeOnly", kptr)
        elif key == "deprecated":
            out["x-deprecated"] = value
        elif key in ("$schema", "$id", "$comment", "$anchor", "$dynamicAnchor", "$defs", "$vocabulary"):
            out["x-" + key.lstrip("$")] = value
            ctx.info("XT515", f"'{key}' has no 2.0 form: kept as x-{key.lstrip('$')}", kptr)
        else:
            out["x-" + key] = value
            ctx.warning(
                "XT516", f"schema keyword '{key}' has no 2.0 form: kept as x-{key}, which validators ignore", kptr
            )
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list):
            nullable |= _convert_composition(ctx, key, branches, jp.join(ptr, key), out, _inlining)
    if nullable:
        out["x-nullable"] = True
    _drop_read_only_required(ctx, out, ptr)
    return out


def _convert_ref_schema(ctx: Context, schema: dict[str, Any], ptr: str, inlining: frozenset[str]) -> Any:
    ref = schema["$ref"]
    if not isinstance(ref, str):
        ctx.error("XT012", "$ref must be a string", ptr)
        return {}
    target = schema_ref(ctx, ref, ptr, inlining)
    siblings = {k: v for k, v in schema.items() if k != "$ref"}
    if not siblings:
        return target
    extensions = {k: v for k, v in siblings.items() if k.startswith("x-")}
    rest = {k: v for k, v in siblings.items() if not k.startswith("x-")}
    if not rest:
        return {**target, **extensions}
    converted = convert_schema(ctx, rest, ptr, inlining)
    ctx.info(
        "XT517",
        "a $ref with sibling keywords became allOf: [$ref] plus the siblings, since 2.0 ignores siblings of $ref",
        ptr,
    )
    return {"allOf": [target], **converted, **extensions}


def schema_ref(ctx: Context, ref: str, ptr: str, inlining: frozenset[str] = frozenset()) -> Any:
    """A schema $ref in 2.0 form: a rewritten ref, or the inlined target where 2.0 has no home for it."""
    parts = component_of(ref)
    if parts is not None and parts[0] == "schemas":
        if parts[1] not in _component_schemas(ctx) or (parts[2] and not _exists(ctx, ref)):
            ctx.error("XT010", f"$ref {ref!r} points at nothing in the document", ptr)
            return {}
        new = rewrite_component_ref(ref)
        assert new is not None
        return {"$ref": new}
    if not ref.startswith("#"):
        ctx.error("XT013", f"external $ref {ref!r} was not bundled", ptr)
        return {}
    try:
        target = ctx.lookup(ref)
    except KeyError:
        ctx.error("XT010", f"$ref {ref!r} points at nothing in the document", ptr)
        return {}
    if ref in inlining:
        ctx.warning(
            "XT518",
            f"recursive $ref {ref!r} outside components.schemas cannot be kept in 2.0; "
            "the inner occurrence accepts any value",
            ptr,
        )
        return {}
    return convert_schema(ctx, target, ptr, inlining | {ref})


def _component_schemas(ctx: Context) -> dict[str, Any]:
    components = ctx.source.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def _exists(ctx: Context, ref: str) -> bool:
    try:
        ctx.lookup(ref)
    except KeyError:
        return False
    return True


def _convert_type(ctx: Context, value: Any, ptr: str, out: dict[str, Any]) -> bool:
    """Set out['type']; return True when the type admits null."""
    if isinstance(value, str):
        if value == "null":
            ctx.warning("XT501", "type 'null' alone has no 2.0 form: kept as x-nullable with no type", ptr)
            return True
        if value in TYPES2:
            out["type"] = value
        else:
            out["x-type"] = value
            ctx.warning("XT502", f"unknown type {value!r} kept as x-type", ptr)
        return False
    if isinstance(value, list):
        kinds = [t for t in value if t != "null"]
        if len(kinds) == 1 and isinstance(kinds[0], str) and kinds[0] in TYPES2:
            out["type"] = kinds[0]
        elif kinds:
            out["x-type"] = kinds
            ctx.warning(
                "XT503",
                f"a value of several types {kinds} has no 2.0 form: type left out (any value), the list kept as x-type",
                ptr,
            )
        return "null" in value
    ctx.error("XT511", "type must be a string or a list of strings", ptr)
    return False


def _convert_exclusive(
    ctx: Context, key: str, value: Any, schema: dict[str, Any], ptr: str, out: dict[str, Any]
) -> None:
    if isinstance(value, bool):
        out[key] = value
        return
    bound = "minimum" if key == "exclusiveMinimum" else "maximum"
    if _number(value):
        if bound in schema and schema[bound] != value:
            ctx.info("XT504", f"both {bound} and numeric {key} given; 2.0 keeps the exclusive one", ptr)
        out[bound] = value
        out[key] = True
    else:
        keep_misfit(ctx, key, value, ptr, out)


def _convert_discriminator(ctx: Context, value: Any, ptr: str, out: dict[str, Any]) -> None:
    if isinstance(value, str):
        out["discriminator"] = value
        return
    if not isinstance(value, dict) or not isinstance(value.get("propertyName"), str):
        ctx.warning("XT505", "discriminator without propertyName dropped", ptr)
        return
    out["discriminator"] = value["propertyName"]
    for key, target in ctx.mapping(value.get("mapping"), "discriminator mapping", jp.join(ptr, "mapping")).items():
        parts = component_of(target) if isinstance(target, str) else None
        if parts and parts[0] == "schemas" and not parts[2]:
            ctx.discriminator_values.setdefault(parts[1], str(key))
        elif isinstance(target, str) and "/" not in target and "#" not in target:
            ctx.discriminator_values.setdefault(target, str(key))
        else:
            ctx.warning("XT506", f"discriminator mapping {key!r} -> {target!r} has no 2.0 form", ptr)
    if value.get("mapping"):
        ctx.info("XT507", "discriminator mapping kept as x-discriminator-value on each target definition", ptr)


def _is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "null" or schema.get("enum") == [None])


def _convert_composition(
    ctx: Context, key: str, branches: list[Any], ptr: str, out: dict[str, Any], inlining: frozenset[str]
) -> bool:
    """Fold oneOf/anyOf into out; return True when a branch allowed null."""
    nullable = any(_is_null_schema(b) for b in branches)
    real = [(i, b) for i, b in enumerate(branches) if not _is_null_schema(b)]
    converted = [convert_schema(ctx, b, jp.join(ptr, i), inlining) for i, b in real]
    if not converted:
        return nullable
    if len(converted) == 1:
        only = converted[0]
        if "$ref" in only or any(k in out for k in only):
            out.setdefault("allOf", []).append(only)
        else:
            out.update(only)
        ctx.info("XT508", f"{key} with a single non-null branch became that branch", ptr)
        return nullable
    shapes = [_shape(ctx, b) for _, b in real]
    if all(s[0] == "object" for s in shapes):
        _merge_objects(ctx, shapes, ptr, out)
        strategy = "merged into one object with every branch's properties"
    elif len({s[0] for s in shapes}) == 1 and shapes[0][0] is not None:
        out.setdefault("type", shapes[0][0])
        enums = [s[3] for s in shapes]
        if all(e is not None for e in enums) and "enum" not in out:
            out["enum"] = _unique([v for e in enums for v in (e or [])])
        strategy = f"became type {shapes[0][0]!r}"
    else:
        strategy = "accepts any value"
    out["x-" + key] = converted
    ctx.warning("XT509", f"{key} has no 2.0 form: {strategy}; the branches are kept as x-{key}", ptr)
    return nullable


def _shape(
    ctx: Context, branch: Any, depth: int = 0
) -> tuple[str | None, dict[str, Any], set[str] | None, list[Any] | None]:
    """(type, source properties, required, enum) of a source branch, following refs and allOf."""
    seen = 0
    while isinstance(branch, dict) and isinstance(branch.get("$ref"), str) and seen < 20:
        try:
            branch = ctx.lookup(branch["$ref"])
        except KeyError:
            return None, {}, None, None
        seen += 1
    if not isinstance(branch, dict) or depth > 20:
        return None, {}, None, None
    props: dict[str, Any] = dict(branch["properties"]) if isinstance(branch.get("properties"), dict) else {}
    required: set[str] = (
        {n for n in branch["required"] if isinstance(n, str)} if isinstance(branch.get("required"), list) else set()
    )
    kind = branch.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if not isinstance(kind, str):  # absent, or not a type name (reported where the branch is converted)
        kind = None
    for part in branch["allOf"] if isinstance(branch.get("allOf"), list) else []:
        sub = _shape(ctx, part, depth + 1)
        if sub[0] == "object":
            kind = kind or "object"
        for name, value in sub[1].items():
            props.setdefault(name, value)
        required |= sub[2] or set()
    if kind is None and (props or "additionalProperties" in branch):
        kind = "object"
    return kind, props, required, branch["enum"] if isinstance(branch.get("enum"), list) else None


def _merge_objects(
    ctx: Context,
    shapes: list[tuple[str | None, dict[str, Any], set[str] | None, list[Any] | None]],
    ptr: str,
    out: dict[str, Any],
) -> None:
    out.setdefault("type", "object")
    props: dict[str, Any] = dict(out.get("properties") or {})
    for i, (_, branch_props, _, _) in enumerate(shapes):
        for name, sub in branch_props.items():
            if name not in props:
                props[name] = convert_schema(ctx, sub, jp.join(ptr, i, "properties", name))
    if props:
        out["properties"] = props
    common = set.intersection(*[s[2] or set() for s in shapes])
    required = list(out.get("required") or []) + sorted(common - set(out.get("required") or []))
    if required:
        out["required"] = required


def _drop_read_only_required(ctx: Context, out: dict[str, Any], ptr: str) -> None:
    required = out.get("required")
    props = out.get("properties")
    if not required or not isinstance(props, dict):
        return
    read_only = [n for n in required if isinstance(props.get(n), dict) and props[n].get("readOnly") is True]
    if read_only:
        kept = [n for n in required if n not in read_only]
        if kept:
            out["required"] = kept
        else:
            del out["required"]
        ctx.info(
            "XT519",
            f"readOnly properties {read_only} removed from required: 2.0 forbids required readOnly properties",
            ptr,
        )


def fit_enum(ctx: Context, value: Any, ptr: str) -> tuple[list[Any], bool]:
    """2.0 enums hold unique non-null values: (the values to keep, whether null was among them)."""
    if not isinstance(value, list):
        ctx.warning("XT524", "enum must be a list: dropped", ptr)
        return [], False
    kept = [v for v in value if v is not None]
    unique = _unique(kept)
    if len(unique) < len(kept):
        ctx.info("XT523", f"enum listed {len(kept) - len(unique)} value(s) twice: duplicates removed", ptr)
    return unique, len(kept) < len(value)


def _unique(values: list[Any]) -> list[Any]:
    """values without repeats (== equality, first kept), in linear time for hashable values: a 100,000-value
    enum used to take minutes."""
    result: list[Any] = []
    seen: set[Any] = set()
    unhashable: list[Any] = []
    for v in values:
        try:
            if v in seen:
                continue
            seen.add(v)
        except TypeError:  # objects and lists: compared among themselves (== never matches a scalar)
            if v in unhashable:
                continue
            unhashable.append(v)
        result.append(v)
    return result
