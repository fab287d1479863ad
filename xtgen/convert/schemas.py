"""Schema Objects: OpenAPI 3.0/3.1 JSON Schema dialect -> Swagger 2.0 Schema Object.

Strategy for what 2.0 cannot say (documented in the README):
- nullable / type "null" -> x-nullable; const -> one-value enum; numeric exclusive bounds -> boolean form.
- oneOf/anyOf: object branches merge into one object that accepts what any branch accepts: every branch's
  properties, a property several branches share as the union of what they allow (enums joined, no type
  where types differ, open where any is open; union_schemas), required = what every branch requires;
  same-type primitive branches keep that type (enum = union); anything else accepts any value. The
  converted branches are kept under x-oneOf / x-anyOf and a warning says so.
- not, writeOnly and keywords 2.0 lacks are kept as x-<keyword> with a diagnostic; a pattern not every
  validator compiles is rewritten to its ECMA-262 equivalent or kept as x-pattern (patterns.py).
- $ref with sibling keywords -> allOf: [{$ref}] plus the siblings.
- Recursive schemas stay $refs: refs are rewritten, never expanded. A ref to a place 2.0 has no home for
  (a schema outside components.schemas, nested definitions/$defs, a part the conversion restructures such
  as a oneOf branch) points at a definition hoisted once per ref (hoist_ref), so output stays linear.
- convert_schema dispatches each keyword through KEYWORD_HANDLERS.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xtgen import pointer as jp
from xtgen.convert.context import Context
from xtgen.convert.formats import fits_format
from xtgen.convert.patterns import pattern_fits, rewrite_pattern
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
    "pattern": lambda v: isinstance(v, str) and pattern_fits(v),
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
    if key == "pattern" and isinstance(value, str):
        rewritten = rewrite_pattern(value)
        if rewritten is not None:
            out[key] = rewritten
            ctx.info("XT526", f"pattern {_short(value)} rewritten as {_short(rewritten)}, its ECMA-262 equivalent", ptr)
            return
        out["x-" + key] = value
        ctx.warning(
            "XT590",
            f"pattern {_short(value)} is not a regular expression every validator compiles (ECMA-262 and Python): "
            "kept as x-pattern, which validators ignore; write it in ECMA-262 syntax to keep it checked",
            ptr,
        )
        return
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


@dataclass
class _Node:
    """One schema being converted: what the keyword handlers read and write."""

    ctx: Context
    schema: dict[str, Any]
    out: dict[str, Any]
    inlining: frozenset[str]
    nullable: bool = False


# A keyword handler: (node, keyword, value, pointer of the keyword) -> writes node.out
Handler = Callable[[_Node, str, Any, str], None]


def convert_schema(ctx: Context, schema: Any, ptr: str, _inlining: frozenset[str] = frozenset()) -> Any:
    """Convert one schema (and everything below it). Never mutates the input."""
    if isinstance(schema, bool):
        if schema:
            return {}
        ctx.warning("XT510", "the boolean schema false (no value allowed) has no 2.0 form; kept as x-not: {}", ptr)
        return {"x-not": {}}
    if schema is None:  # what some generators write for "no schema": read as such
        ctx.warning(
            "XT527", "the schema is null: read as an empty schema (any value); give a schema or leave it out", ptr
        )
        return {}
    if not isinstance(schema, dict):
        ctx.error("XT511", f"a schema must be an object, found {type(schema).__name__}", ptr)
        return {}
    if "$ref" in schema:
        return _convert_ref_schema(ctx, schema, ptr, _inlining)
    node = _Node(ctx, schema, {}, _inlining)
    out = node.out
    for key, value in schema.items():
        if key in COPIED_KEYS:  # the common cases first, without a pointer
            fits = KEYWORD_FITS.get(key)
            if fits is None or fits(value):
                out[key] = value
                continue
        elif key.startswith("x-") or (key == "type" and type(value) is str and value in TYPES2):
            out[key] = value  # an extension as it is, a 2.0 type as _convert_type copies it
            continue
        KEYWORD_HANDLERS.get(key, _on_unknown)(node, key, value, jp.join(ptr, key))
    for key in ("oneOf", "anyOf"):  # once the rest of the schema is known
        branches = schema.get(key)
        if isinstance(branches, list):
            node.nullable |= _convert_composition(ctx, key, branches, jp.join(ptr, key), out, _inlining)
    if isinstance(schema.get("allOf"), list) and "required" in out:
        _drop_undefined_required(ctx, schema, out, jp.join(ptr, "required"))
    if node.nullable:
        out["x-nullable"] = True
    if "required" in out:
        _drop_read_only_required(ctx, out, ptr)
    return out


def _on_nullable(node: _Node, key: str, value: Any, ptr: str) -> None:
    node.nullable |= value is True


def _on_later(node: _Node, key: str, value: Any, ptr: str) -> None:
    """oneOf / anyOf: folded in once every other keyword is converted."""


def _on_type(node: _Node, key: str, value: Any, ptr: str) -> None:
    node.nullable |= _convert_type(node.ctx, value, ptr, node.out)


def _on_enum(node: _Node, key: str, value: Any, ptr: str) -> None:
    kept, admits_null = fit_enum(node.ctx, value, ptr)
    node.nullable |= admits_null
    if kept:
        node.out[key] = kept


def _on_misfit(node: _Node, key: str, value: Any, ptr: str) -> None:
    keep_misfit(node.ctx, key, value, ptr, node.out)


def _on_properties(node: _Node, key: str, value: Any, ptr: str) -> None:
    if not isinstance(value, dict):
        _on_unknown(node, key, value, ptr)
        return
    node.out[key] = {
        name: convert_schema(node.ctx, sub, jp.join(ptr, name), node.inlining) for name, sub in value.items()
    }


def _on_schema_list_or_one(node: _Node, key: str, value: Any, ptr: str) -> None:
    """items (a schema, or 3.0's tuple form) and allOf (a list of schemas)."""
    if value == []:
        node.ctx.info("XT592", f"an empty {key} list says nothing and 2.0 forbids it: dropped", ptr)
    elif isinstance(value, list):
        node.out[key] = [convert_schema(node.ctx, s, jp.join(ptr, i), node.inlining) for i, s in enumerate(value)]
    elif key == "items":
        node.out[key] = convert_schema(node.ctx, value, ptr, node.inlining)
    else:
        _on_unknown(node, key, value, ptr)


def _on_additional(node: _Node, key: str, value: Any, ptr: str) -> None:
    node.out[key] = value if isinstance(value, bool) else convert_schema(node.ctx, value, ptr, node.inlining)


def _on_required(node: _Node, key: str, value: Any, ptr: str) -> None:
    names = _unique([n for n in value if isinstance(n, str)]) if isinstance(value, list) else []
    if names:
        node.out[key] = names
    if names != value and value != []:
        node.ctx.warning(
            "XT591",
            "required must list property names, each once: " + (f"kept {names}" if names else "dropped"),
            ptr,
        )


def _on_exclusive(node: _Node, key: str, value: Any, ptr: str) -> None:
    _convert_exclusive(node.ctx, key, value, node.schema, ptr, node.out)


def _on_const(node: _Node, key: str, value: Any, ptr: str) -> None:
    if "enum" not in node.schema:
        node.out["enum"] = [value]


def _on_examples(node: _Node, key: str, value: Any, ptr: str) -> None:
    if isinstance(value, list) and value and "example" not in node.schema:
        node.out["example"] = value[0]
        if len(value) > 1:
            node.ctx.info("XT512", f"2.0 schemas hold one example; kept the first of {len(value)}", ptr)


def _on_discriminator(node: _Node, key: str, value: Any, ptr: str) -> None:
    _convert_discriminator(node.ctx, value, ptr, node.out)


def _on_not(node: _Node, key: str, value: Any, ptr: str) -> None:
    node.out["x-not"] = convert_schema(node.ctx, value, ptr, node.inlining)
    node.ctx.warning("XT513", "'not' has no 2.0 form: kept as x-not, which validators ignore", ptr)


def _on_write_only(node: _Node, key: str, value: Any, ptr: str) -> None:
    if value:
        node.out["x-writeOnly"] = value
        node.ctx.info("XT514", "writeOnly has no 2.0 form: kept as x-writeOnly", ptr)


def _on_deprecated(node: _Node, key: str, value: Any, ptr: str) -> None:
    node.out["x-deprecated"] = value


def _on_json_schema_core(node: _Node, key: str, value: Any, ptr: str) -> None:
    node.out["x-" + key.lstrip("$")] = value
    node.ctx.info("XT515", f"'{key}' has no 2.0 form: kept as x-{key.lstrip('$')}", ptr)


def _on_unknown(node: _Node, key: str, value: Any, ptr: str) -> None:
    node.out["x-" + key] = value
    node.ctx.warning("XT516", f"schema keyword '{key}' has no 2.0 form: kept as x-{key}, which validators ignore", ptr)


KEYWORD_HANDLERS: dict[str, Handler] = {
    **dict.fromkeys(COPIED_KEYS, _on_misfit),  # reached only when the value does not fit
    "nullable": _on_nullable,
    "oneOf": _on_later,
    "anyOf": _on_later,
    "type": _on_type,
    "enum": _on_enum,
    "properties": _on_properties,
    "items": _on_schema_list_or_one,
    "allOf": _on_schema_list_or_one,
    "additionalProperties": _on_additional,
    "required": _on_required,
    "exclusiveMinimum": _on_exclusive,
    "exclusiveMaximum": _on_exclusive,
    "const": _on_const,
    "examples": _on_examples,
    "discriminator": _on_discriminator,
    "not": _on_not,
    "writeOnly": _on_write_only,
    "deprecated": _on_deprecated,
    **dict.fromkeys(
        ("$schema", "$id", "$comment", "$anchor", "$dynamicAnchor", "$defs", "$vocabulary"), _on_json_schema_core
    ),
}


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


# Steps of a pointer below a schema that the conversion keeps in place: a ref through only these can point
# at the same place in the output. Anything else (oneOf branches merged, definitions, $defs, not, ...) moves.
KEPT_STEPS = {"properties": 2, "allOf": 2, "items": 1, "additionalProperties": 1}


def schema_ref(ctx: Context, ref: str, ptr: str, inlining: frozenset[str] = frozenset()) -> Any:
    """A schema $ref in 2.0 form: a rewritten ref, or a ref to a definition hoisted where 2.0 has no place."""
    parts = component_of(ref)
    if parts is not None and parts[0] == "schemas":
        if parts[1] not in _component_schemas(ctx) or (parts[2] and not _exists(ctx, ref)):
            ctx.error("XT010", f"$ref {ref!r} points at nothing in the document", ptr)
            return {}
        if _kept_in_place(ctx, jp.split(parts[2]), _component_schemas(ctx)[parts[1]]):
            new = rewrite_component_ref(ref)
            assert new is not None
            return {"$ref": new}
    elif not ref.startswith("#"):
        ctx.error("XT013", f"external $ref {ref!r} was not bundled", ptr)
        return {}
    elif not _exists(ctx, ref):
        ctx.error("XT010", f"$ref {ref!r} points at nothing in the document", ptr)
        return {}
    return hoist_ref(ctx, ref, ptr)


def _kept_in_place(ctx: Context, tokens: list[str], schema: Any) -> bool:
    """Whether the conversion keeps the schema at these steps below `schema` at the same place."""
    i = 0
    while i < len(tokens):
        if not isinstance(schema, dict) or "$ref" in schema:
            return False
        width = KEPT_STEPS.get(tokens[i])
        if width is None or i + width > len(tokens):
            return False
        schema = schema.get(tokens[i])
        if width == 2:
            schema = (
                schema.get(tokens[i + 1])
                if isinstance(schema, dict)
                else (schema[int(tokens[i + 1])] if isinstance(schema, list) and tokens[i + 1].isdigit() else None)
            )
        elif isinstance(schema, list):
            return False
        i += width
    return isinstance(schema, (dict, bool))


def hoist_ref(ctx: Context, ref: str, ptr: str) -> dict[str, Any]:
    """A ref to a definition made from the schema `ref` names (once per ref: recursion stays a reference)."""
    name = ctx.hoisted_names.get(ref)
    if name is None:
        name = _hoisted_name(ctx, ref)
        ctx.hoisted_names[ref] = name
        ctx.hoisted[name] = {}  # reserved: a recursive ref inside finds the name
        ctx.hoisted[name] = convert_schema(ctx, ctx.lookup(ref), jp.fragment_pointer(ref))
        ctx.info(
            "XT528",
            f"the schema $ref {ref!r} points at has no place of its own in 2.0: hoisted to definitions/{name}",
            ptr,
        )
    return {"$ref": jp.to_fragment("/definitions/" + jp.escape(name))}


def _hoisted_name(ctx: Context, ref: str) -> str:
    tokens = [
        t for t in jp.split(jp.fragment_pointer(ref)) if t not in ("components", "schemas", "definitions", "$defs")
    ]
    base = ".".join(re.sub(r"[^A-Za-z0-9_.-]+", "_", t) for t in tokens) or "schema"
    taken = set(_component_schemas(ctx)) | set(ctx.hoisted)
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


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
    # Branches are converted once, for x-oneOf and the merge alike; compositions nested in them keep no x- copy
    # of their own, or each level would hold its branches three times (exponential output, issue 16).
    converted = [convert_schema(ctx, b, jp.join(ptr, i), inlining | {IN_BRANCH}) for i, b in real]
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
    shapes = [_shape(ctx, b, None) for _, b in real]
    nullable |= any(s.nullable for s in shapes)
    if all(s.kind == "object" for s in shapes):
        _merge_objects(ctx, shapes, converted, [jp.join(ptr, i) for i, _ in real], out, inlining)
        strategy = "merged into one object with every branch's properties"
    elif len({s.kind for s in shapes}) == 1 and shapes[0].kind is not None:
        out.setdefault("type", shapes[0].kind)
        enums = [s.enum for s in shapes]
        if all(e is not None for e in enums) and "enum" not in out:
            out["enum"] = _unique([v for e in enums for v in (e or [])])
        strategy = f"became type {shapes[0].kind!r}"
    else:
        strategy = "accepts any value"
    if IN_BRANCH in inlining and not all(isinstance(c, dict) and list(c) == ["$ref"] for c in converted):
        ctx.warning(
            "XT509",
            f"{key} has no 2.0 form: {strategy}; inside a branch of an enclosing oneOf/anyOf, its branches "
            "are not kept again",
            ptr,
        )
    else:
        out["x-" + key] = converted
        ctx.warning("XT509", f"{key} has no 2.0 form: {strategy}; the branches are kept as x-{key}", ptr)
    return nullable


@dataclass
class _Shape:
    """What a source branch of oneOf/anyOf allows, following refs and allOf.

    props: name -> (source schema, the ref that names it when it was reached through a $ref, else None).
    """

    kind: str | None
    props: dict[str, tuple[Any, str | None]]
    required: set[str]
    enum: list[Any] | None
    nullable: bool = False


NO_SHAPE = _Shape(None, {}, set(), None)


def _shape(ctx: Context, branch: Any, via: str | None, depth: int = 0) -> _Shape:
    seen = 0
    while isinstance(branch, dict) and isinstance(branch.get("$ref"), str) and seen < 20:
        via = branch["$ref"]
        try:
            branch = ctx.lookup(via)
        except KeyError:
            return NO_SHAPE
        seen += 1
    if not isinstance(branch, dict) or depth > 20:
        return NO_SHAPE
    base = jp.fragment_pointer(via) if via is not None else None
    props: dict[str, tuple[Any, str | None]] = {
        name: (sub, None if base is None else jp.to_fragment(jp.join(base, "properties", name)))
        for name, sub in (branch["properties"].items() if isinstance(branch.get("properties"), dict) else ())
    }
    required: set[str] = (
        {n for n in branch["required"] if isinstance(n, str)} if isinstance(branch.get("required"), list) else set()
    )
    kind = branch.get("type")
    nullable = branch.get("nullable") is True or (isinstance(kind, list) and "null" in kind)
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if not isinstance(kind, str):  # absent, or not a type name (reported where the branch is converted)
        kind = None
    for i, part in enumerate(branch["allOf"] if isinstance(branch.get("allOf"), list) else []):
        sub = _shape(ctx, part, None if base is None else jp.to_fragment(jp.join(base, "allOf", i)), depth + 1)
        if sub.kind == "object":
            kind = kind or "object"
        for name, value in sub.props.items():
            props.setdefault(name, value)
        required |= sub.required
    if kind is None and (props or "additionalProperties" in branch):
        kind = "object"
    enum = branch["enum"] if isinstance(branch.get("enum"), list) else None
    return _Shape(kind, props, required, enum, nullable)


IN_BRANCH = "x-branch"  # in `inlining`: converting a oneOf/anyOf branch (never a ref: refs start with '#')
# Keyword values that are data, not schemas: a property schema holding only these is copied into a merge
DATA_VALUED = frozenset({"enum", "example", "examples", "default", "const", "required", "type", "xml", "externalDocs"})


def _merge_objects(
    ctx: Context,
    shapes: list[_Shape],
    converted: list[Any],
    ptrs: list[str],
    out: dict[str, Any],
    inlining: frozenset[str],
) -> None:
    """Every branch's properties on one object, each accepting what any branch accepts there."""
    out.setdefault("type", "object")
    own: dict[str, Any] = dict(out.get("properties") or {})
    found: dict[str, list[Any]] = {}
    for shape, branch, bptr in zip(shapes, converted, ptrs, strict=True):
        done = branch.get("properties") if isinstance(branch, dict) else None
        for name, (sub, ref) in shape.props.items():
            if name in own:
                continue
            if ref is None and isinstance(done, dict) and name in done and done[name] is not None:
                found.setdefault(name, []).append(done[name])  # the branch's own property, converted once
                continue
            found.setdefault(name, []).append(
                _merged_property(ctx, sub, ref, jp.join(bptr, "properties", name), inlining)
            )
    props = {**own, **{name: union_schemas(variants) for name, variants in found.items()}}
    if props:
        out["properties"] = props
    common = set.intersection(*[s.required for s in shapes])
    required = list(out.get("required") or []) + sorted(common - set(out.get("required") or []))
    if required:
        out["required"] = required


def _merged_property(ctx: Context, sub: Any, ref: str | None, ptr: str, inlining: frozenset[str]) -> Any:
    """A branch's property converted for the merge. A property of a branch reached through a $ref is copied
    when it is flat (no schema below it), else referenced where it lives (schema_ref): copying nested
    schemas at every merge that reaches them grows the output with the square of the nesting, or
    forever through recursion."""
    if ref is None or _flat(sub):
        return convert_schema(ctx, sub, ptr, inlining)
    return schema_ref(ctx, ref, ptr)


def _flat(schema: Any) -> bool:
    return isinstance(schema, bool) or (
        isinstance(schema, dict)
        and "$ref" not in schema
        and all(k in DATA_VALUED or not isinstance(v, (dict, list)) for k, v in schema.items())
    )


# Keywords that only describe: the merge takes the first branch's
ANNOTATIONS = frozenset({"title", "description", "example", "readOnly", "xml", "externalDocs"})


def union_schemas(variants: list[Any]) -> Any:
    """One 2.0 schema accepting every value any of the variants accepts (as tight as that allows)."""
    first = variants[0]
    if all(v == first for v in variants[1:]):
        return first
    if not all(isinstance(v, dict) and v and "$ref" not in v for v in variants):
        return {}  # a reference or an open schema among them: accept any value
    out: dict[str, Any] = {}
    for key in first:
        values = [v.get(key, _ABSENT) for v in variants]
        if key.startswith("x-") or key in ANNOTATIONS:
            out[key] = first[key]
        elif _ABSENT in values:
            continue  # a variant without the constraint: it does not hold for the union
        elif key == "enum":
            out[key] = _unique([x for v in values for x in v])
        elif key == "required":
            out[key] = [n for n in first[key] if all(n in v for v in values)]
            if not out[key]:
                del out[key]
        elif key == "properties":
            names = _unique([n for v in values for n in v])
            out[key] = {n: union_schemas([v[n] for v in values if n in v]) for n in names}
        elif key in ("items", "additionalProperties") and all(isinstance(v, dict) for v in values):
            out[key] = union_schemas(values)
        elif all(v == values[0] for v in values[1:]):
            out[key] = values[0]
    if any(v.get("x-nullable") is True for v in variants):
        out["x-nullable"] = True
    return out


_ABSENT = object()


def _drop_undefined_required(ctx: Context, schema: dict[str, Any], out: dict[str, Any], ptr: str) -> None:
    """Beside allOf, `required` may only name properties the schema or its parts define (Swagger 2.0
    validators refuse others): such names are dropped, which accepts more, never less."""
    defined = _defined_properties(ctx, schema, set())
    undefined = [n for n in out["required"] if n not in defined]
    if not undefined:
        return
    kept = [n for n in out["required"] if n in defined]
    if kept:
        out["required"] = kept
    else:
        del out["required"]
    ctx.warning(
        "XT591",
        f"required names {undefined}, which neither this schema nor its allOf parts define: dropped "
        "(2.0 validators refuse it); define the properties to keep them required",
        ptr,
    )


def _defined_properties(ctx: Context, schema: Any, seen: set[str]) -> set[str]:
    """Property names reachable as openapi-spec-validator collects them (properties, composition, items, not)."""
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        ref = schema["$ref"]
        if ref in seen:
            return set()
        seen.add(ref)
        try:
            schema = ctx.lookup(ref)
        except KeyError:
            return set()
    if not isinstance(schema, dict):
        return set()
    names = set(schema["properties"]) if isinstance(schema.get("properties"), dict) else set()
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema[key] if isinstance(schema.get(key), list) else []:
            names |= _defined_properties(ctx, part, seen)
    for key in ("items", "not"):
        if key in schema:
            names |= _defined_properties(ctx, schema[key], seen)
    return names


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
