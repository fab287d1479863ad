"""RFC 6901 JSON pointers: building, escaping and resolving."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote

_UNSAFE = re.compile(r"[%\x00-\x1f\x7f]")


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(base: str, *tokens: str | int) -> str:
    # Hot (called for nearly every node converted): no generator, escape only when needed.
    for token in tokens:
        text = token if type(token) is str else str(token)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        base = f"{base}/{text}"
    return base


# A path carried down a walk without building its pointer: None at the root, else (the parent's link, the token
# or the tuple of tokens that lead from the parent). Walks build the pointer only for a node they report.
Link = tuple[Any, str | int | tuple[str | int, ...]] | None


def from_links(link: Link) -> str:
    """The pointer of a linked path (see Link)."""
    tokens: list[str | int] = []
    while link is not None:
        link, step = link
        if type(step) is tuple:
            tokens.extend(reversed(step))
        else:
            tokens.append(step)  # type: ignore[arg-type]
    return join("", *reversed(tokens))


def split(pointer: str) -> list[str]:
    """'/a/b~1c' -> ['a', 'b/c']; '' -> []."""
    if not pointer:
        return []
    return [unescape(t) for t in pointer.lstrip("/").split("/")] if pointer != "/" else [""]


def resolve(document: Any, pointer: str) -> Any:
    """Value at a pointer, or raise KeyError naming the first missing token."""
    cur = document
    for token in split(pointer):
        if isinstance(cur, dict):
            if token not in cur:
                raise KeyError(token)
            cur = cur[token]
        elif isinstance(cur, list):
            try:
                cur = cur[int(token)]
            except (ValueError, IndexError):
                raise KeyError(token) from None
        else:
            raise KeyError(token)
    return cur


def fragment_pointer(ref: str) -> str:
    """The JSON pointer a local ref names: '#/paths/~1a~1%7Bid%7D' -> '/paths/~1a~1{id}' (RFC 6901 section 6:
    a pointer in a URI fragment is percent-encoded)."""
    fragment = ref[1:] if ref.startswith("#") else ref
    return unquote(fragment) if "%" in fragment else fragment


def to_fragment(pointer: str) -> str:
    """A JSON pointer as a local ref: '#' and the pointer, with '%' and control characters percent-encoded.

    That much makes the fragment mean the same to resolvers that percent-decode it (RFC 6901 section 6, as
    jsonschema does) and to those that read it as it is (many 2.0 tools do); every other character, non-ASCII
    included, is written as it is, as specs write their refs."""
    return "#" + _UNSAFE.sub(lambda m: quote(m.group(0), safe=""), pointer)


def resolve_ref(document: Any, ref: str) -> Any:
    """Value a local ref ('#/...') names, percent-encoding decoded; KeyError when it names nothing."""
    return resolve(document, fragment_pointer(ref))


def pointer_of_node(document: Any, target: Any) -> str:
    """The pointer of `target`, found by identity in `document` ('' when it is not there); no recursion."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(document, ())]
    seen: set[int] = set()  # a YAML alias can make a node its own descendant
    while stack:
        node, path = stack.pop()
        if node is target:
            return join("", *path)
        if id(node) in seen:
            continue
        seen.add(id(node))
        items = node.items() if isinstance(node, dict) else enumerate(node)
        stack.extend((v, (*path, str(k))) for k, v in items if isinstance(v, (dict, list)))
    return ""
