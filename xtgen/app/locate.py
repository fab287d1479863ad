"""Where a diagnostic is: which document its pointer is in, and the line and column there.

Lazy by design: nothing here runs unless a diagnostic is about to be shown, and then the text is scanned
only along the pointers asked for. JSON: each object or array on the way is read once (its members'
offsets remembered), every value that is not on the way is skipped by the C JSON decoder. YAML: the
text is composed into nodes once (ruamel.yaml), which carry their marks.

A pointer that does not resolve (a key the document lacks, e.g. a missing `/host`) is placed at the
deepest part that does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from xtgen import pointer as jp
from xtgen.read.load import BOM, looks_like_json, read_bytes

INPUT, OUTPUT = "input", "output"

# Keys only a Swagger 2.0 document has at its root: a pointer there is in the converted output.
_SWAGGER2_ROOT = frozenset(
    {"swagger", "host", "basePath", "schemes", "consumes", "produces", "definitions", "securityDefinitions"}
)
# Readiness codes reported against a Swagger 2.0 input before anything is changed (rules.py's "input" stage).
_INPUT_STAGE_7XX = frozenset({"XT708", "XT709", "XT717"})


# internal failures without a pointer: about the run on this input, not about an output that was never written
_ABOUT_THE_RUN = frozenset({"XT902", "XT903"})


def document_of(code: str, pointer: str, *, linted: bool = False) -> str:
    """Which document a diagnostic's pointer is in: 'input' or 'output'.

    `xtgen lint` reads one document, the input. Conversion: loading, validation and the conversion stages
    (XT0xx-XT6xx) point into the input, unless the pointer starts at a key only Swagger 2.0 has (the
    nintex target's choice among security definitions, for one); readiness, presets and output validation
    (XT7xx-XT9xx) point into the output, except the checks made on a Swagger 2.0 input as read.
    """
    if linted or (code in _ABOUT_THE_RUN and not pointer):
        return INPUT
    digit = code[2:3]
    if digit in "789" and code not in _INPUT_STAGE_7XX:
        return OUTPUT
    first = pointer.split("/", 2)[1] if pointer.startswith("/") else ""
    return OUTPUT if first in _SWAGGER2_ROOT else INPUT


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in characters


_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def _key(text: str, quote: int, raw: bool) -> tuple[str, int]:
    """The JSON string at `quote` (a member's name) and the offset after it. `raw`: the text is UTF-8 bytes
    read as Latin-1 (one character per byte, so offsets are byte offsets): a name that is not ASCII there is
    decoded from its own bytes."""
    key, after = scanstring(text, quote + 1)
    if raw and not key.isascii():
        key = scanstring(text[quote:after].encode("latin-1").decode("utf-8", "replace"), 1)[0]
    return key, after


def as_text(data: str | bytes) -> tuple[str, bool]:
    """(text to scan, whether it is raw): JSON bytes are read as Latin-1, one byte per character, so a 13 MB
    text with one emoji costs 13 MB instead of 52 (what str takes for a text with any character past U+FFFF);
    a UTF-8 byte-order mark is dropped. Anything else is decoded as UTF-8."""
    if isinstance(data, str):
        return data, False
    if data.startswith(BOM):
        data = data[len(BOM) :]
    if looks_like_json(data):
        return data.decode("latin-1"), True
    return data.decode("utf-8", "replace"), False


@dataclass
class _Scan:
    """How far the members of one container have been read: what was found, and where to go on."""

    members: dict[str, tuple[int, int]]
    next: int  # the offset of the next member, or of the closing bracket
    pending: int | None = None  # the value of the last member found, not yet skipped
    end: int | None = None  # the offset after the closing bracket, once every member has been read


class JsonText:
    """Offsets of JSON pointers in a JSON text. A container's members are read only as far as the member
    asked for, and each value off the way is skipped by the C decoder; a container read before is resumed,
    so no part of the text is decoded twice."""

    def __init__(self, text: str, raw: bool = False) -> None:
        self.text = text
        self.raw = raw  # UTF-8 bytes read as Latin-1 (as_text)
        self._scans: dict[int, _Scan] = {}  # container offset -> how far its members have been read

    def _ws(self, i: int) -> int:
        match = _WS.match(self.text, i)
        return match.end() if match else i

    def _after(self, value: int) -> int:
        """The offset after the value at `value` (and the whitespace and comma after it)."""
        scan = self._scans.get(value)
        if scan is not None:
            end = scan.end if scan.end is not None else self._read(value, None)
        else:
            end = _DECODER.raw_decode(self.text, value)[1]
        assert end is not None
        i = self._ws(end)
        return self._ws(i + 1) if i < len(self.text) and self.text[i] == "," else i

    def _read(self, start: int, token: str | None) -> int | None:
        """Read the container at `start` until `token` is found (None: to the end); return its end offset
        when the end was reached, else None."""
        text = self.text
        scan = self._scans.get(start)
        if scan is None:
            scan = self._scans[start] = _Scan({}, self._ws(start + 1))
        if scan.end is not None:
            return scan.end
        is_object = text[start] == "{"
        close = "}" if is_object else "]"
        i = scan.next
        if scan.pending is not None:
            i = self._after(scan.pending)
            scan.pending = None
        while i < len(text) and text[i] != close:
            if is_object:
                key, after = _key(text, i, self.raw)
                value = self._ws(self._ws(after) + 1)
            else:
                key, value = str(len(scan.members)), i
            scan.members[key] = (i, value)
            if key == token:
                scan.next, scan.pending = i, value
                return None
            i = self._after(value)
        scan.next, scan.end = i, i + 1
        return scan.end

    def member(self, start: int, token: str) -> tuple[int, int] | None:
        """(offset of the member's name or the item, offset of its value) for `token` in the container."""
        scan = self._scans.get(start)
        if scan is None or (token not in scan.members and scan.end is None):
            self._read(start, token)
            scan = self._scans[start]
        return scan.members.get(token)

    def offset(self, pointer: str) -> int:
        """Offset of the member name (or array item) the pointer names, or of its deepest existing part."""
        at = value = self._ws(0)
        for token in jp.split(pointer):
            if value >= len(self.text) or self.text[value] not in "{[":
                break
            found = self.member(value, token)
            if found is None:
                break
            at, value = found
        return at


class IndentedJson:
    """Offsets of JSON pointers in JSON that xtgen wrote (`json.dumps(indent=2)`: one member or item per
    line, two spaces per level, newlines inside strings escaped). A container's members are the lines at
    its depth between its brackets, found with str.find: nothing is decoded."""

    def __init__(self, text: str, raw: bool = False) -> None:
        self.text = text
        self.raw = raw  # UTF-8 bytes read as Latin-1 (as_text)
        self._members: dict[int, dict[str, tuple[int, int]]] = {}

    def members(self, start: int, indent: str) -> dict[str, tuple[int, int]]:
        """Token -> (offset of the member's name or the item, offset of its value), for the non-empty
        container opened at `start`, whose members are indented by `indent`."""
        known = self._members.get(start)
        if known is not None:
            return known
        text, out = self.text, {}
        is_object = text[start] == "{"
        closing = "\n" + indent[:-2] + ("}" if is_object else "]")
        end = text.find(closing, start)
        end = len(text) if end < 0 else end
        if is_object:  # a member's line: exactly `indent`, then its name (deeper lines have more spaces)
            mark = "\n" + indent + '"'
            at = text.find(mark, start, end)
            while at >= 0:
                first = at + len(indent) + 1
                key, after = _key(text, first, self.raw)
                out[key] = (first, after + 2)
                at = text.find(mark, after, end)
        else:  # an item: a line at `indent`; a container item ends at its bracket at the same depth
            at = start + 1
            while at < end and text.startswith("\n" + indent, at) and text[at + 1 + len(indent)] != " ":
                first = at + 1 + len(indent)
                out[str(len(out))] = (first, first)
                if text[first] in "{[" and not text.startswith(("{}", "[]"), first):
                    closed = text.find("\n" + indent + ("}" if text[first] == "{" else "]"), first)
                    first = closed + 1 + len(indent) if closed >= 0 else end
                at = text.find("\n", first, end + 1)
                if at < 0:
                    break
        self._members[start] = out
        return out

    def offset(self, pointer: str) -> int:
        text = self.text
        at = value = 0
        indent = ""
        for token in jp.split(pointer):
            if value >= len(text) or text[value] not in "{[" or text.startswith(("{}", "[]"), value):
                break
            indent += "  "
            found = self.members(value, indent).get(token)
            if found is None:
                break
            at, value = found
        return at


def positions_of_offsets(text: str, offsets: Iterable[int], raw: bool = False) -> dict[int, Position]:
    """Line and column of many offsets in one pass over the text (counting from the start for each offset
    would read a 13 MB text hundreds of times). `raw`: UTF-8 read as Latin-1 (as_text); columns still
    count characters."""
    found: dict[int, Position] = {}
    line, line_start, at = 1, 0, 0
    for offset in sorted(set(offsets)):
        newlines = text.count("\n", at, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", at, offset) + 1
        at = offset
        before = text[line_start:offset]
        if raw and not before.isascii():
            before = before.encode("latin-1").decode("utf-8", "replace")
        found[offset] = Position(line, len(before) + 1)
    return found


def _json_positions(
    text: str, pointers: Iterable[str], written: bool = False, raw: bool = False
) -> dict[str, Position]:
    scanner: JsonText | IndentedJson = IndentedJson(text, raw) if written else JsonText(text, raw)
    offsets = {p: scanner.offset(p) for p in pointers}
    found = positions_of_offsets(text, offsets.values(), raw)
    return {p: found[offset] for p, offset in offsets.items()}


def _yaml_positions(text: str, pointers: Iterable[str]) -> dict[str, Position]:
    from ruamel.yaml import YAML

    from xtgen.read.yaml_fast import compose_fast

    root = compose_fast(text)  # libyaml through PyYAML: the same nodes and marks, a third of the time
    if root is not None:
        return {p: _yaml_position(root, p) for p in pointers}
    try:
        root = YAML(typ="safe", pure=False).compose(text)
    except Exception:  # the C parser refuses some YAML 1.2 that ruamel's own parser reads
        root = YAML(typ="safe", pure=True).compose(text)
    return {p: _yaml_position(root, p) for p in pointers}


def _yaml_position(root: Any, pointer: str) -> Position:
    node = mark = root
    for token in jp.split(pointer):
        value = getattr(node, "value", None)
        found = None
        if node.tag.endswith(":map") and isinstance(value, list):
            found = next(((k, v) for k, v in reversed(value) if str(k.value) == token), None)
        elif node.tag.endswith(":seq") and isinstance(value, list) and token.isdigit() and int(token) < len(value):
            found = (value[int(token)], value[int(token)])
        if found is None:
            break
        mark, node = found
    start = mark.start_mark
    return Position(start.line + 1, start.column + 1)


def positions(data: str | bytes, pointers: Iterable[str], *, written: bool = False) -> dict[str, Position]:
    """Line and column of each pointer in a JSON or YAML text, given as text or as its UTF-8 bytes (JSON when
    it starts with '{' or '['); `written`: the text is xtgen's own JSON output, laid out by its serializer.
    An unreadable text gives no positions rather than an error: locations are a help, not a verdict."""
    wanted = sorted(set(pointers))
    if not wanted:
        return {}
    try:
        text, raw = as_text(data)
        if raw or looks_like_json(text):
            return _json_positions(text, wanted, written and text.startswith("{\n"), raw)
        return _yaml_positions(text, wanted)
    except Exception:  # a text the loader accepted but this scanner cannot follow
        return {}


def read_for_positions(path: str) -> bytes | None:
    """The input's bytes again (only when something is shown), or None for stdin and unreadable files."""
    if path == "-":
        return None
    from xtgen.model import XtgenError

    try:
        return read_bytes(path, allow_pipe=True)
    except XtgenError:
        return None
