"""Response Objects: schema from the best media type, headers lifted, examples kept, links dropped."""

from __future__ import annotations

import re
from typing import Any

from xtgen import pointer as jp
from xtgen.convert.bodies import media_rank
from xtgen.convert.context import Context
from xtgen.convert.parameters import convert_header
from xtgen.convert.refs import component_of
from xtgen.convert.schemas import convert_schema
from xtgen.model import Severity

STATUS = re.compile(r"^[1-5][0-9][0-9]$")
RANGE = re.compile(r"^([1-5])XX$", re.IGNORECASE)


def convert_responses(ctx: Context, responses: Any, ptr: str) -> tuple[dict[str, Any], list[str]]:
    """An operation's responses -> (2.0 responses, media types produced)."""
    out: dict[str, Any] = {}
    produces: list[str] = []
    if not isinstance(responses, dict) or not responses:
        severity = Severity.INFO if ctx.version == "3.1" else Severity.WARNING  # optional in 3.1
        ctx.emit("XT401", severity, "operation has no responses: a default response was added (2.0 needs one)", ptr)
        return {"default": {"description": "Response"}}, produces
    for code, response in responses.items():
        rptr = jp.join(ptr, code)
        if str(code).startswith("x-"):
            out[code] = response
            continue
        key = str(code)
        if not (STATUS.match(key) or key == "default"):
            match = RANGE.match(key)
            if match and f"{match.group(1)}00" not in responses and f"{match.group(1)}00" not in out:
                key = f"{match.group(1)}00"
                ctx.warning("XT402", f"status range {code!r} has no 2.0 form: used {key}", rptr)
            else:
                ctx.warning("XT402", f"response key {code!r} has no 2.0 form: dropped", rptr)
                continue
        converted, media = convert_response_ref(ctx, response, rptr)
        out[key] = converted
        for m in media:
            if m not in produces:
                produces.append(m)
    if not any(not k.startswith("x-") for k in out):
        out["default"] = {"description": "Response"}
    return out, produces


def convert_response_ref(ctx: Context, response: Any, ptr: str) -> tuple[dict[str, Any], list[str]]:
    """A response or a $ref to one: refs to components.responses stay refs."""
    if isinstance(response, dict) and isinstance(response.get("$ref"), str):
        ref = response["$ref"]
        parts = component_of(ref)
        target, tptr = ctx.deref(response, ptr)
        media = list((target.get("content") or {}).keys()) if isinstance(target, dict) else []
        if parts and parts[0] == "responses" and not parts[2] and target:
            return {"$ref": "#/responses/" + jp.escape(parts[1])}, media
        return convert_response(ctx, target, tptr)
    return convert_response(ctx, response, ptr)


def convert_response(ctx: Context, response: Any, ptr: str) -> tuple[dict[str, Any], list[str]]:
    if not isinstance(response, dict):
        ctx.error("XT400", "a response must be an object", ptr)
        return {"description": ""}, []
    out: dict[str, Any] = {"description": ""}
    ctx.copy_fields(response, ("description",), out, ptr)
    if "description" not in response:
        ctx.warning("XT403", "response has no description: an empty one was added", ptr)
    content = response.get("content")
    media_types: list[str] = []
    if isinstance(content, dict) and content:
        media_types = list(content)
        chosen = min(content, key=lambda m: (media_rank(m), media_types.index(m)))
        media = content[chosen] if isinstance(content[chosen], dict) else {}
        mptr = jp.join(ptr, "content", chosen)
        if "schema" in media:
            out["schema"] = convert_schema(ctx, media["schema"], jp.join(mptr, "schema"))
            others = [
                m
                for m in media_types
                if m != chosen
                and isinstance(content[m], dict)
                and "schema" in content[m]
                and content[m]["schema"] != media["schema"]
            ]
            if others:
                ctx.info(
                    "XT404",
                    f"2.0 has one schema per response: kept the one for {chosen}; "
                    f"{', '.join(others)} described differently",
                    jp.join(ptr, "content"),
                )
        examples = _examples(ctx, content, ptr)
        if examples:
            out["examples"] = examples
    headers = response.get("headers")
    if isinstance(headers, dict) and headers:
        converted = {}
        for name, header in headers.items():
            h = convert_header(ctx, header, jp.join(ptr, "headers", name))
            if h is not None:
                converted[name] = h
        if converted:
            out["headers"] = converted
    if response.get("links"):
        ctx.info("XT601", "response links have no 2.0 form: dropped", jp.join(ptr, "links"))
    for key, value in response.items():
        if key.startswith("x-"):
            out[key] = value
    return out, media_types


def _examples(ctx: Context, content: dict[str, Any], ptr: str) -> dict[str, Any]:
    examples: dict[str, Any] = {}
    for media, value in content.items():
        if not isinstance(value, dict):
            continue
        if "example" in value:
            examples[media] = value["example"]
        elif isinstance(value.get("examples"), dict) and value["examples"]:
            first_name, first = next(iter(value["examples"].items()))
            resolved, _ = ctx.deref(first, jp.join(ptr, "content", media, "examples", first_name))
            if isinstance(resolved, dict) and "value" in resolved:
                examples[media] = resolved["value"]
                if len(value["examples"]) > 1:
                    ctx.info(
                        "XT405",
                        f"2.0 keeps one example per media type: kept {first_name!r}",
                        jp.join(ptr, "content", media, "examples"),
                    )
    return examples
