"""Local $ref rewriting: where an OpenAPI 3 component lives in Swagger 2.0."""

from __future__ import annotations

from functools import lru_cache

from xtgen import pointer as jp

# OpenAPI 3 component folder -> Swagger 2.0 root key that holds the same thing
COMPONENT_HOMES = {
    "schemas": "definitions",
    "parameters": "parameters",
    "responses": "responses",
}


@lru_cache(maxsize=4096)  # pure, and the same few refs come back thousands of times in a large spec
def component_of(ref: str) -> tuple[str, str, str] | None:
    """'#/components/schemas/Pet/properties/x' -> ('schemas', 'Pet', '/properties/x'); else None."""
    if not ref.startswith("#/components/"):
        return None
    tokens = jp.split(jp.fragment_pointer(ref))
    if len(tokens) < 3:
        return None
    rest = "".join("/" + jp.escape(t) for t in tokens[3:])
    return tokens[1], tokens[2], rest


@lru_cache(maxsize=4096)
def rewrite_component_ref(ref: str) -> str | None:
    """The Swagger 2.0 ref for a ref into a component that keeps its place, or None."""
    parts = component_of(ref)
    if parts is None:
        return None
    kind, name, rest = parts
    home = COMPONENT_HOMES.get(kind)
    if home is None:
        return None
    return jp.to_fragment("/" + home + "/" + jp.escape(name) + rest)
