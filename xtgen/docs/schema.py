"""Schemas and parameters of a Swagger 2.0 document as readable field rows for the docs.

Local `$ref`s are resolved (chains followed, cycles cut); nested objects become rows with a deeper
`depth`; recursion, depth and the number of rows are bounded so that any real document renders.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xtgen import pointer as jp
from xtgen.docs.contract import Field
from xtgen.docs.escape import to_text
from xtgen.formats import first_use

MAX_DEPTH = 8  # nested objects deeper than this are summarised by a note
MAX_FIELDS = 300  # rows per table; more are cut and the table says so
MAX_CHAIN = 32  # $ref -> $ref -> ... hops followed before giving up
MS_INTERNAL = (
    "Marked x-ms-visibility: internal, which hides it in Power Automate; Nintex hides only "
    "x-ntx-visibility: internal, so it shows."
)
# where a field's label comes from: connection properties are JSON schemas, labelled by their title
LABEL_KEYS = {"connection": ("x-ntx-summary", "x-ms-summary", "title"), "*": ("x-ntx-summary", "x-ms-summary")}

COLLECTION_FORMATS = {
    "csv": "Several values are sent comma-separated.",
    "ssv": "Several values are sent space-separated.",
    "tsv": "Several values are sent tab-separated.",
    "pipes": "Several values are sent separated by |.",
    "multi": "Several values are sent by repeating the parameter.",
}


@dataclass(frozen=True)
class Resolved:
    """A schema with its $ref chain followed: the schema, the last ref's name, or why it failed."""

    schema: Mapping[str, Any]
    name: str | None = None
    broken: str | None = None  # the $ref that could not be followed


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def resolve(document: Mapping[str, Any], value: Any) -> Resolved:
    """Follow local $refs ("#/definitions/Pet"); anything else is returned as it is."""
    current, name, seen = _dict(value), None, set[str]()
    while isinstance(current.get("$ref"), str):
        ref = current["$ref"]
        if not ref.startswith("#") or ref in seen or len(seen) >= MAX_CHAIN:
            return Resolved({}, name, ref)
        seen.add(ref)
        try:
            target = jp.resolve_ref(document, ref)
        except KeyError:
            return Resolved({}, name, ref)
        name = jp.split(jp.fragment_pointer(ref))[-1] if ref != "#" else name
        # keys beside a $ref (x-ntx-summary, description) win over the target's
        extra = {k: v for k, v in current.items() if k != "$ref"}
        current = {**_dict(target), **extra} if extra else _dict(target)
    return Resolved(current, name)


def _object_parts(
    document: Mapping[str, Any], schema: Mapping[str, Any], depth: int = 0, seen: set[Any] | None = None
) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names of an object schema, allOf branches merged in order (each distinct
    branch once: a branch including itself ends, and n levels that use a schema twice cost n merges)."""
    seen = set() if seen is None else seen
    properties: dict[str, Any] = {}
    required: set[str] = set()
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and depth < MAX_DEPTH:
        for part in all_of:
            if not first_use(part, seen):
                continue
            p, r = _object_parts(document, resolve(document, part).schema, depth + 1, seen)
            properties.update(p)
            required |= r
    own = schema.get("properties")
    if isinstance(own, dict):
        properties.update({str(k): v for k, v in own.items()})
    names = schema.get("required")
    if isinstance(names, list):
        required |= {n for n in names if isinstance(n, str)}
    return properties, required


def _has_fields(document: Mapping[str, Any], schema: Mapping[str, Any]) -> bool:
    return bool(_object_parts(document, schema)[0])


def type_label(document: Mapping[str, Any], value: Any, depth: int = 0) -> str:
    """A readable type: "string (date-time)", "array of object (Pet)", "map of integer", "any"."""
    r = resolve(document, value)
    if r.broken:
        return f"unresolved ({r.broken})"
    s = r.schema
    kind = s.get("type")
    if depth > MAX_DEPTH:
        return "…"
    if isinstance(kind, list):
        base = " or ".join(to_text(k) for k in kind)
    elif kind == "array":
        items = s.get("items")
        base = f"array of {type_label(document, items, depth + 1)}" if isinstance(items, dict) else "array"
    elif kind == "object" or (kind is None and ("properties" in s or "allOf" in s)):
        extra = s.get("additionalProperties")
        if not _has_fields(document, s) and isinstance(extra, dict):
            base = f"map of {type_label(document, extra, depth + 1)}"
        else:
            base = f"object ({r.name})" if r.name else "object"
    elif isinstance(kind, str):
        base = kind
    else:
        base = "any"
    fmt = s.get("format")
    if isinstance(fmt, str) and fmt and kind not in ("array", "object"):
        base += f" ({fmt})"
    return base


def _label(*sources: Mapping[str, Any], fallback: str, keys: tuple[str, ...]) -> str:
    for key in keys:
        for source in sources:
            value = source.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return fallback


def _first(key: str, *sources: Mapping[str, Any]) -> Any:
    for source in sources:
        if key in source:
            return source[key]
    return None


def _choices(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    result = []
    for choice in value:
        if isinstance(choice, dict):
            title, const = choice.get("title"), choice.get("const")
            text = to_text(const)
            result.append(f"{to_text(title)} ({text})" if title is not None and to_text(title) != text else text)
        else:
            result.append(to_text(choice))
    return result


def _constraint_notes(s: Mapping[str, Any]) -> list[str]:
    notes = []
    for key, text in (
        ("minimum", "Minimum"),
        ("maximum", "Maximum"),
        ("minLength", "Minimum length"),
        ("maxLength", "Maximum length"),
        ("minItems", "Minimum items"),
        ("maxItems", "Maximum items"),
        ("multipleOf", "Multiple of"),
        ("pattern", "Pattern"),
    ):
        if key in s and s[key] is not None and not isinstance(s[key], dict | list):
            exclusive = key in ("minimum", "maximum") and s.get(f"exclusive{key.capitalize()}") is True
            notes.append(f"{text} {to_text(s[key])}{' (exclusive)' if exclusive else ''}.")
    if s.get("uniqueItems") is True:
        notes.append("Items must be unique.")
    return notes


def field_notes(s: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    """Plain sentences for what a field's keywords and Nintex extensions mean to a workflow builder."""
    notes: list[str] = []
    dynamic = s.get("x-ntx-dynamic-values")
    if isinstance(dynamic, dict):
        op = to_text(dynamic.get("operationId"))
        notes.append(f"A drop-down filled by the action “{labels.get(op, op)}”.")
    dynamic_schema = s.get("x-ntx-dynamic-schema")
    if isinstance(dynamic_schema, dict):
        op = to_text(dynamic_schema.get("operationId"))
        notes.append(f"Its fields are loaded at design time by the action “{labels.get(op, op)}”.")
    for key, how in (("x-ntx-oneOf", "Choose one of"), ("x-ntx-anyOf", "Choose any of")):
        choices = _choices(s.get(key))
        if choices:
            notes.append(f"{how}: {', '.join(choices)}.")
    for key in ("x-oneOf", "x-anyOf"):
        if isinstance(s.get(key), list):
            notes.append(f"Accepts {'one' if key == 'x-oneOf' else 'any'} of {len(s[key])} shapes ({key} in the spec).")
    if "x-ntx-query-builder" in s:
        notes.append("Built with Nintex's OData condition builder.")
    if s.get("x-ntx-variables") is False:
        notes.append("Pick from the options; workflow variables are not accepted.")
    fmt, kind = s.get("format"), s.get("type")
    if fmt == "x-ntx-file-reference":
        notes.append("A file, passed by URL (file reference).")
    elif kind == "file":
        notes.append("A file, uploaded as multipart form data.")
    elif fmt == "binary":
        notes.append("File content, sent as binary data.")
    elif fmt == "byte":
        notes.append("File content, base64 encoded.")
    if kind == "array" and isinstance(s.get("collectionFormat"), str):
        text = COLLECTION_FORMATS.get(s["collectionFormat"])
        if text:
            notes.append(text)
    notes += _constraint_notes(s)
    if s.get("x-nullable") is True:
        notes.append("May be null.")
    if s.get("readOnly") is True:
        notes.append("Read only: set by the service.")
    if s.get("x-ms-visibility") == "internal" and s.get("x-ntx-visibility") != "internal":
        notes.append(MS_INTERNAL)
    placeholder = s.get("x-ntx-placeholder")
    if isinstance(placeholder, str) and placeholder:
        notes.append(f"Placeholder: {placeholder}")
    return notes


def _enum(s: Mapping[str, Any]) -> list[str]:
    values = s.get("enum")
    if not isinstance(values, list) and s.get("type") == "array":
        values = _dict(s.get("items")).get("enum")
    return [to_text(v) for v in values] if isinstance(values, list) else []


def make_field(
    *,
    name: str,
    path: str,
    depth: int,
    location: str,
    raw: Mapping[str, Any],
    resolved: Resolved,
    required: bool,
    type_text: str,
    labels: Mapping[str, str],
) -> Field:
    """One row. `raw` is what the parent holds (may carry x-ntx-summary beside a $ref), `resolved` its target."""
    s = resolved.schema
    default = _first("default", raw, s)
    example = _first("example", raw, s)
    if example is None:
        example = _first("x-example", raw, s)
    notes = field_notes({**s, **raw}, labels)
    if resolved.broken:
        notes.append(f"Its schema {resolved.broken} could not be resolved.")
    return Field(
        name=name,
        path=path,
        label=_label(raw, s, fallback=name, keys=LABEL_KEYS.get(location, LABEL_KEYS["*"])),
        depth=depth,
        location=location,
        type=type_text,
        required=required,
        description=to_text(_first("description", raw, s) or ""),
        default=None if default is None else to_text(default),
        example=None if example is None else to_text(example),
        enum=_enum({**s, **raw}),
        hidden=_first("x-ntx-visibility", raw, s) == "internal",
        notes=notes,
    )


@dataclass
class FieldWalker:
    """Flattens the fields of one schema into rows, within the row budget."""

    document: Mapping[str, Any]
    labels: Mapping[str, str]
    location: str
    limit: int = MAX_FIELDS
    rows: list[Field] = field(default_factory=list)
    truncated: bool = False

    def walk(self, value: Any, prefix: str = "", depth: int = 0, chain: tuple[str, ...] = ()) -> None:
        """Rows for the properties of `value` (an object, or an array of objects) and everything inside."""
        r = resolve(self.document, value)
        schema, chain = r.schema, chain + ((r.name,) if r.name else ())
        while schema.get("type") == "array" and isinstance(schema.get("items"), dict):
            r = resolve(self.document, schema["items"])
            schema, chain, prefix = r.schema, chain + ((r.name,) if r.name else ()), prefix + "[]."
        properties, required = _object_parts(self.document, schema)
        for name, raw in properties.items():
            if len(self.rows) >= self.limit:
                self.truncated = True
                return
            self._walk_property(name, _dict(raw), prefix, depth, chain, name in required)

    def _walk_property(
        self, name: str, raw: Mapping[str, Any], prefix: str, depth: int, chain: tuple[str, ...], required: bool
    ) -> None:
        resolved = resolve(self.document, raw)
        row = make_field(
            name=name,
            path=prefix + name,
            depth=depth,
            location=self.location,
            raw=raw,
            resolved=resolved,
            required=required,
            type_text=type_label(self.document, raw),
            labels=self.labels,
        )
        self.rows.append(row)
        inner, inner_names, inner_prefix = resolved.schema, [resolved.name], prefix + name + "."
        for _ in itertools.repeat(None, MAX_DEPTH):
            if inner.get("type") != "array" or not isinstance(inner.get("items"), dict):
                break
            item = resolve(self.document, inner["items"])
            inner, inner_prefix = item.schema, inner_prefix[:-1] + "[]."
            inner_names.append(item.name)
        if not _has_fields(self.document, inner):
            return
        repeated = next((n for n in inner_names if n and n in chain), None)
        if repeated:
            row["notes"].append(f"Recursive: holds the same fields as {repeated} above.")
        elif depth + 1 > MAX_DEPTH:
            row["notes"].append(f"Nested more than {MAX_DEPTH} levels deep: its fields are not listed.")
        else:
            self.walk(inner, inner_prefix, depth + 1, chain + tuple(n for n in inner_names if n))


def schema_fields(
    document: Mapping[str, Any],
    schema: Any,
    location: str,
    labels: Mapping[str, str],
    depth: int = 0,
    limit: int = MAX_FIELDS,
) -> tuple[list[Field], bool]:
    """(rows, truncated) for the fields of a body schema."""
    walker = FieldWalker(document, labels, location, limit)
    walker.walk(schema, "", depth)
    return walker.rows, walker.truncated


def parameter_type(document: Mapping[str, Any], parameter: Mapping[str, Any]) -> str:
    if parameter.get("in") == "body":
        return type_label(document, parameter.get("schema"))
    return type_label(document, {k: v for k, v in parameter.items() if k != "$ref"})
