"""Markdown escaping for text that comes from a spec: it is data, so it never changes the page's structure.

Every value a Markdown template prints goes through `md_finalize`, which escapes plain strings as
inline text (the strictest form: safe in a heading, a paragraph or a table cell). The filters below
return `MdSafe`, text already escaped for a particular place, which `md_finalize` leaves alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any


class MdSafe(str):
    """Text already escaped for Markdown (or written by a template author): printed as is."""

    __slots__ = ()


# CommonMark lets any ASCII punctuation be backslash-escaped. These are the characters that can start
# emphasis, code, links, HTML, entities, tables, strikethrough, headings or (on GitHub) math.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#$!])")
# At the start of a line these would make a list item, a numbered list item, a setext heading underline
# or a thematic break.
_LINE_START = re.compile(r"^([-+])(?=\s|$)|^(\d{1,9})([.)])(?=\s|$)|^([-=])(?=[-=\s]*$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029")


def to_text(value: Any) -> str:
    """A value from the spec as display text: strings as they are, anything else as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)


def _escape_line(line: str) -> str:
    line = _CONTROL.sub("", line.replace("\t", " ")).strip()
    line = _INLINE_SPECIAL.sub(r"\\\1", line)
    return _LINE_START.sub(_escape_start, line)


def _escape_start(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(2)}\\{match.group(3)}"
    return "\\" + (match.group(1) or match.group(4))


def md_inline(value: Any) -> MdSafe:
    """One line of inline text: specials escaped, line breaks turned into spaces."""
    if isinstance(value, MdSafe):
        return value
    return MdSafe(" ".join(_escape_line(line) for line in _NEWLINES.split(to_text(value)) if line.strip()))


def md_cell(value: Any) -> MdSafe:
    """Text for a table cell: inline escaping (pipes included), line breaks as <br>."""
    if isinstance(value, MdSafe):
        return value
    lines = [_escape_line(line) for line in _NEWLINES.split(to_text(value))]
    return MdSafe("<br>".join(line for line in lines if line))


def md_block(value: Any) -> MdSafe:
    """Multi-line text as paragraphs: blank lines separate paragraphs, single line breaks are kept."""
    if isinstance(value, MdSafe):
        return value
    paragraphs: list[list[str]] = [[]]
    for line in _NEWLINES.split(to_text(value)):
        if line.strip():
            paragraphs[-1].append(_escape_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return MdSafe("\n\n".join("\\\n".join(p) for p in paragraphs if p))


def md_code(value: Any, cell: bool = False) -> MdSafe:
    """An inline code span that no backtick in the text can close; `cell=True` inside a table."""
    text = " ".join(line for line in _NEWLINES.split(_CONTROL.sub("", to_text(value))))
    if not text:
        return MdSafe("")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")):
        text = f" {text} "
    if cell:
        text = text.replace("|", "\\|")
    return MdSafe(f"{fence}{text}{fence}")


def md_join(values: Iterable[Any], separator: str = "") -> MdSafe:
    """Jinja's `join` for Markdown: items not yet escaped are escaped as inline text; the separator
    comes from the template and is kept as written."""
    return MdSafe(separator.join(md_inline(v) for v in values))


def md_finalize(value: Any) -> Any:
    """Applied to every `{{ ... }}` of a Markdown template: plain text is escaped, MdSafe is kept."""
    if isinstance(value, MdSafe):
        return value
    return md_inline(value)
