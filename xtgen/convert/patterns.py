"""Regular expressions in `pattern`: kept when every validator compiles them, rewritten to an equivalent
where one exists, otherwise moved aside by the caller (x-pattern, XT590).

A pattern is kept as it is only when it is valid ECMA-262 (what JSON Schema specifies, checked with
jsonschema-rs, which openapi-spec-validator may use) and compiles with Python's `re` (what
openapi-spec-validator's Python backend checks with): the same verdict wherever the pattern sits.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import Any

# Java/ICU/Python spellings with an exact ECMA-262 equivalent, outside character classes
ANCHORS = {"A": "^", "z": "$", "Z": "$"}
CLASS_ESCAPES = frozenset("wWdDsS")


@lru_cache(maxsize=4096)
def pattern_fits(pattern: str) -> bool:
    """Whether both Python's `re` and an ECMA-262 engine accept the pattern."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Possible nested set" and the like: a verdict, not a message
        try:
            re.compile(pattern)
        except (re.error, OverflowError, RecursionError, ValueError):
            return False
    return _ecma_fits(pattern)


@lru_cache(maxsize=1)
def _ecma_checker() -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # not on this platform: Python's verdict alone
        return None
    return jsonschema_rs.validator_for({"type": "string", "format": "regex"}, validate_formats=True)


def _ecma_fits(pattern: str) -> bool:
    if _plain_pattern(pattern):  # no need to import jsonschema-rs (about 20 ms) for most real patterns
        return True
    checker = _ecma_checker()
    return checker is None or bool(checker.is_valid(pattern))


# The pieces of a plain pattern: ASCII literals (no brace or bracket alone), the escapes every ECMA-262 engine
# reads (class escapes, and syntax characters and / escaped), `.`, classes of literals, escapes and ascending
# ranges of letters or digits (a hyphen last), groups (capturing or `(?:`), alternation, anchors and quantifiers.
_PLAIN_PIECE = re.compile(
    r"""(?P<atom>[A-Za-z0-9 _,:;!@#%&=<>'"/~-]|\\[dDwWsS^$\\.*+?()\[\]{}|/]|\.
      |\[\^?(?:[a-z]-[a-z]|[A-Z]-[A-Z]|[0-9]-[0-9]|[A-Za-z0-9 _,:;!@#%&=<>'"/~.+*?(){}|$]
               |\\[dDwWsS^$\\.*+?()\[\]{}|/-])+-?\])
    |(?P<open>\((?:\?:)?)|(?P<close>\))|(?P<alt>\|)|(?P<anchor>[\^$])
    |(?P<quantifier>(?:[*+?]|\{(?P<least>[0-9]{1,4})(?:,(?P<most>[0-9]{0,4}))?\})\??)""",
    re.VERBOSE,
)
_CLASS_PIECE = re.compile(r"\\.|([A-Za-z0-9])-([A-Za-z0-9])|.")  # an escape, a range, or a character


def _plain_pattern(pattern: str) -> bool:
    """True only for a pattern made of the plain pieces above, its groups balanced, each quantifier after an
    atom or a group with its bounds in order, each range ascending: what every ECMA-262 engine compiles, with
    or without the u flag (tests/test_format_fast_path.py holds it to jsonschema-rs). False is "ask"."""
    depth, at, quantifiable = 0, 0, False
    while at < len(pattern):
        piece = _PLAIN_PIECE.match(pattern, at)
        if piece is None:
            return False
        kind, at = piece.lastgroup, piece.end()
        if kind == "quantifier":
            least, most = piece["least"], piece["most"]
            if not quantifiable or (most and int(most) < int(least or 0)):
                return False
            quantifiable = False
            continue
        if kind == "atom" and piece[0].startswith("[") and not _ranges_ascend(piece[0]):
            return False
        depth += {"open": 1, "close": -1}.get(kind or "", 0)
        if depth < 0:
            return False
        quantifiable = kind in ("atom", "close")
    return depth == 0


def _ranges_ascend(bracketed: str) -> bool:
    return all(low <= high for low, high in (m.groups() for m in _CLASS_PIECE.finditer(bracketed, 1)) if low)


def rewrite_pattern(pattern: str) -> str | None:
    """An equivalent pattern both engines accept, or None when there is none.

    Rewritten: the anchors `\\A`, `\\z`, `\\Z` (as ^ and $), and a hyphen next to a class escape inside
    brackets (`[\\w-.]`, which Java reads as a literal hyphen) escaped as `\\-`.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if not in_class and nxt in ANCHORS:
                out.append(ANCHORS[nxt])
            else:
                out.append(char + nxt)
            i += 2
            continue
        if in_class and char == "-" and _next_to_class_escape(pattern, i, out):
            out.append("\\-")
        else:
            if char == "[" and not in_class:
                in_class = True
                if pattern.startswith("^", i + 1):
                    out.append("[^")
                    i += 2
                    continue
            elif char == "]" and in_class and not (out and out[-1] in ("[", "[^")):
                in_class = False
            out.append(char)
        i += 1
    rewritten = "".join(out)
    return rewritten if rewritten != pattern and pattern_fits(rewritten) else None


def _next_to_class_escape(pattern: str, i: int, out: list[str]) -> bool:
    before = out[-1] if out else ""
    after = pattern[i + 1 : i + 3]
    return (len(before) == 2 and before[1] in CLASS_ESCAPES) or (
        len(after) == 2 and after[0] == "\\" and after[1] in CLASS_ESCAPES
    )
