"""RFC 6901 JSON pointers: building, escaping and resolving."""

from __future__ import annotations

from typing import Any


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
        base = base + "/" + text
    return base


def split(pointer: str) -> list[str]:
    """'/a/b~1c' -> ['a', 'b/c']; '' -> []."""
    if not pointer:
        return []
    return [unescape(t) for t in pointer.lstrip("/").split("/")] if pointer != "/" else [""]


_MISSING = object()


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
