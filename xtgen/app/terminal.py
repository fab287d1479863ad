"""Text on its way to a terminal: every byte a spec controls is shown, never obeyed.

File names, pointers, validator and lint messages and limit messages can carry ESC, BEL, a carriage
return or Unicode direction overrides from the input; written raw, they would recolour, retitle or rewrite
the user's terminal. `escape_terminal` turns each such character into a visible escape (`\\x1b`, `\\u202e`),
and is applied where lines leave for stderr (cli.py, console.py), the narrowest points.
"""

from __future__ import annotations

import functools
import re

# C0 controls (newline and tab included: a diagnostic is one line), DEL, C1 controls, Unicode direction
# marks, embeddings, overrides and isolates, line and paragraph separators, and lone surrogates (which no
# terminal encoding can write).
UNSAFE_CHARACTERS = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


@functools.cache
def unsafe() -> re.Pattern[str]:
    """UNSAFE_CHARACTERS compiled, on first need (its ranges take about 0.6 ms to compile, and most runs print
    only printable ASCII)."""
    return re.compile(UNSAFE_CHARACTERS)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_terminal(text: str) -> str:
    """text with every character a terminal would act on shown as an escape; plain text is unchanged."""
    if text.isascii() and text.isprintable():  # within ASCII exactly the characters UNSAFE_CHARACTERS leaves
        return text
    pattern = unsafe()
    return pattern.sub(_escape, text) if pattern.search(text) else text
