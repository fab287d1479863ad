"""Defaults that contradict their own schema: coerced when the intent is clear, else dropped.

Real specs carry defaults such as "0" on an integer or Power Automate expressions on a date-time;
Swagger 2.0 validators reject them. This pass walks only schema-bearing places of the output (never
examples or vendor extensions), so it stays linear in the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from xtgen import pointer as jp
from xtgen.convert.context import Context
from xtgen.default_fits import PY_TYPES, surely_fits
from xtgen.formats import METHODS_2

# keys that make a schema node hold a default or lead to nodes that may
HOLDER_KEYS = frozenset({"default", "properties", "items", "allOf", "additionalProperties"})
NEEDS_FULL_CHECK = ("$ref", "allOf", "format", "properties", "items", "pattern", "required")


def _schema_holders(schema: Any, ptr: str) -> Iterator[tuple[str, dict[str, Any]]]:
    # A node's pointer is built only when it is needed (a default, or children to visit): most schema
    # nodes are leaves without a default.
    stack: list[tuple[str, tuple[str | int, ...], Any]] = [(ptr, (), schema)]
    while stack:
        base, tokens, s = stack.pop()
        if not isinstance(s, dict) or s.keys().isdisjoint(HOLDER_KEYS):
            continue
        if (
            "default" not in s
            and not s.get("properties")
            and not isinstance(s.get("items"), (dict, list))
            and not s.get("allOf")
            and not isinstance(s.get("additionalProperties"), dict)
        ):
            continue
        p = jp.join(base, *tokens)
        if "default" in s:
            yield p, s
        for name, sub in (s.get("properties") or {}).items() if isinstance(s.get("properties"), dict) else ():
            stack.append((p, ("properties", name), sub))
        items = s.get("items")
        if isinstance(items, dict):
            stack.append((p, ("items",), items))
        elif isinstance(items, list):
            stack.extend((p, ("items", i), sub) for i, sub in enumerate(items))
        for i, sub in enumerate(s.get("allOf") or []):
            stack.append((p, ("allOf", i), sub))
        if isinstance(s.get("additionalProperties"), dict):
            stack.append((p, ("additionalProperties",), s["additionalProperties"]))


def _parameter_holders(param: Any, ptr: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(param, dict) or "$ref" in param:
        return
    if param.get("in") == "body":
        yield from _schema_holders(param.get("schema"), jp.join(ptr, "schema"))
        return
    cur: Any = param
    p = ptr
    while isinstance(cur, dict):
        if "default" in cur:
            yield p, cur
        cur, p = cur.get("items"), jp.join(p, "items")


def _response_holders(response: Any, ptr: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(response, dict) or "$ref" in response:
        return
    yield from _schema_holders(response.get("schema"), jp.join(ptr, "schema"))
    for name, header in (response.get("headers") or {}).items():
        yield from _parameter_holders(header, jp.join(ptr, "headers", name))


def default_holders(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(output pointer, object) for every schema, parameter, header or items object with a default."""
    for name, schema in (doc.get("definitions") or {}).items():
        yield from _schema_holders(schema, jp.join("/definitions", name))
    for name, param in (doc.get("parameters") or {}).items():
        yield from _parameter_holders(param, jp.join("/parameters", name))
    for name, response in (doc.get("responses") or {}).items():
        yield from _response_holders(response, jp.join("/responses", name))
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict) or str(path).startswith("x-"):  # an extension, not a path item
            continue
        for i, param in enumerate(item.get("parameters") or []):
            yield from _parameter_holders(param, jp.join("/paths", path, "parameters", i))
        for method in METHODS_2:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            optr = jp.join("/paths", path, method)
            for i, param in enumerate(op.get("parameters") or []):
                yield from _parameter_holders(param, jp.join(optr, "parameters", i))
            for code, response in (op.get("responses") or {}).items():
                yield from _response_holders(response, jp.join(optr, "responses", code))


def _quick_ok(holder: dict[str, Any]) -> bool | None:
    """True/False when a simple check decides; None when the full validator must."""
    value = holder["default"]
    if any(k in holder for k in NEEDS_FULL_CHECK):
        return None
    kind = holder.get("type")
    if kind in PY_TYPES and (
        not isinstance(value, PY_TYPES[kind]) or (kind in ("integer", "number") and isinstance(value, bool))
    ):
        return False
    return not ("enum" in holder and value not in holder["enum"])


def _coerce(value: Any, kind: Any) -> Any:
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            number = float(text)
            return int(number) if number.is_integer() and "." not in text else number
    except ValueError:
        return None
    if kind == "boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return None


class _FullCheck:
    """The validator openapi-spec-validator uses for defaults, with the output's refs resolvable."""

    def __init__(self, doc: dict[str, Any]) -> None:
        from openapi_schema_validator import OAS30Validator, oas30_format_checker
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4

        self._cls = OAS30Validator
        self._formats = oas30_format_checker
        self._registry = Registry().with_resource(
            "urn:xtgen:output", Resource.from_contents(doc, default_specification=DRAFT4)
        )

    def first_error(self, ptr: str, value: Any) -> str | None:
        validator = self._cls(
            {"$ref": "urn:xtgen:output#" + ptr}, registry=self._registry, format_checker=self._formats
        )
        try:
            error = next(iter(validator.iter_errors(value)), None)
        except Exception as exc:  # an unresolvable ref: the output validator reports it
            return f"cannot check ({exc})"
        return None if error is None else str(error.message)


def fit_defaults(ctx: Context, doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every default its own schema rejects, coerced or dropped: {pointer: a copy of its holder with the
    default fitted}, for the holders that change only (`doc` is left untouched; most documents need none)."""
    fixed: dict[str, dict[str, Any]] = {}
    full: _FullCheck | None = None
    for ptr, holder in default_holders(doc):
        value = holder["default"]
        if value is None:
            fixed[ptr] = _without_default(holder)
            ctx.info("XT520", "default null has no 2.0 form: dropped", ptr)
            continue
        verdict = _quick_ok(holder)
        if verdict is True:
            continue
        if verdict is None:
            if surely_fits(holder, value):
                continue
            full = full or _FullCheck(doc)
            problem = full.first_error(ptr, value)
            if problem is None:
                continue
        else:
            problem = (
                f"{value!r} does not fit type {holder.get('type')!r}"
                if "enum" not in holder or value in holder["enum"]
                else f"{value!r} is not one of the enum values"
            )
        coerced = _coerce(value, holder.get("type"))
        if coerced is not None and ("enum" not in holder or coerced in holder["enum"]):
            fixed[ptr] = {**holder, "default": coerced}
            ctx.info("XT521", f"default {value!r} coerced to {coerced!r} to fit type {holder.get('type')!r}", ptr)
            continue
        fixed[ptr] = _without_default(holder)
        ctx.warning("XT522", f"default dropped: its own schema rejects it ({problem})", ptr)
    return fixed


def _without_default(holder: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in holder.items() if key != "default"}
