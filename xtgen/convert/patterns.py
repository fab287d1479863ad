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
    checker = _ecma_checker()
    return checker is None or bool(checker.is_valid(pattern))


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
