"""Where a diagnostic is: which document its pointer is in, and the line and column there.

Lazy by design: nothing here runs unless a diagnostic is about to be shown, and then the text is scanned
only along the pointers asked for. JSON laid out one member per line, two spaces a level (xtgen's output;
an input whose load proved it, Source.indented: orjson's and JSON.stringify(x, null, 2)'s layout): a member
is found by its own line, nothing decoded (IndentedJson). Other JSON: each object or array on the way is read
once (its members' offsets remembered), every value that is not on the way is skipped by the C JSON decoder
(JsonText); both give the same offsets. YAML in block style (what YAML writers produce and most specs are
written in): a mapping's members are the lines at its indentation, found with regular expressions along the
pointers only (YamlText), where a check of the whole text (_yaml_scannable) proves no line there is inside a
quoted scalar or a flow collection; anything else is composed into nodes once (libyaml), which carry their
marks. Both give the same line and column.

A pointer that does not resolve (a key the document lacks, e.g. a missing `/host`) is placed at the
deepest part that does.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring
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


_WINDOW = 2**14  # the first stretch searched for a member (JSON: after the one found last; YAML: the first key)
_MANY = 3  # a container in which this many members are asked for is read whole, once (IndentedJson._every_member,
# YamlText.members)


def _asked_often(pointers: Iterable[str]) -> set[str]:
    """The pointers to the containers in which _MANY or more (escaped) names are asked for."""
    asked: dict[str, set[str]] = {}  # a pointer to a container -> the names asked for in it
    for pointer in pointers:
        parts = pointer.split("/")
        for depth in range(1, len(parts)):
            asked.setdefault("/".join(parts[:depth]), set()).add(parts[depth])
    return {prefix for prefix, names in asked.items() if len(names) >= _MANY}


@functools.cache
def _shallower(indent: int) -> re.Pattern[str]:
    """A line indented less than `indent` spaces (a regular expression finds one faster than str.find finds a
    closing line: a needle of spaces skips little in an indented text)."""
    return re.compile(f"\n(?! {{{indent}}})")


@dataclass
class _Object:
    """What is known of one object's extent in an indented text: its members lie between `start` and its
    closing line, found lazily."""

    cursor: int  # the line of the member found last (searched from first: specs are often sorted)
    clear: int  # the object does not close before this offset
    end: int | None = None  # its closing line, once met
    children: list[int] = field(default_factory=list)  # the offsets of the containers among the members found
    members: dict[str, tuple[int, int]] | None = None  # every member, once read in one pass (_every_member)
    again: int = 0  # how much of the object was searched in vain or again (a member asked for out of order)


@dataclass
class _Array:
    """How far the items of one array have been stepped over."""

    items: list[int]  # offset of each item read so far
    next: int | None  # the newline before the next item, None once the array's end was reached
    end: int | None = None  # its closing line, once met


class IndentedJson:
    """Offsets of JSON pointers in JSON laid out as `json.dumps(indent=2, ensure_ascii=False)` writes it (xtgen's
    own output; orjson's OPT_INDENT_2 and JSON.stringify(x, null, 2) are byte for byte the same): one member or
    item per line, two spaces per level, a non-empty container's closing bracket on a line of its own, no raw
    newline in any string. A member is found by its own line, `\\n<indent>"<name>":`, with str.find (a needle
    that long skips quickly), and taken when the object does not close before it (no line indented less in
    between, looked for with a regular expression): nothing is decoded. Each object remembers the member
    found last (searched from there first), how far it does not close, and the members' values that are
    containers: their stretches read already hold no line of the object, and are not read again. An object
    in which many members are asked for (told by `pointers`), or whose members are asked for out of order so
    that searching them again would read it more than once more, is read whole once: its lines indented as its
    members, and as its members' members (kept for them), which also tells where each of its members' values
    closes. The items of an array are stepped over line by line, a container item to its closing line."""

    def __init__(self, text: str, raw: bool = False, pointers: Iterable[str] = ()) -> None:
        """`pointers`: those that will be asked for, if known: an object in which many members are asked for
        is read whole at once."""
        self.text = text
        self.raw = raw  # UTF-8 bytes read as Latin-1 (as_text)
        self._members: dict[int, dict[str, tuple[int, int]]] = {}
        self._objects: dict[int, _Object] = {}
        self._arrays: dict[int, _Array] = {}
        self._found: dict[tuple[int, str], tuple[int, int] | None] = {}
        self._ends: dict[int, int] = {}  # a member's value -> its closing line, known from its object's lines
        self._lines: dict[int, list[int]] = {}  # an object -> its members' lines, read with its object's
        self._many = _asked_often(pointers)

    def members(self, start: int, indent: str) -> dict[str, tuple[int, int]]:
        """Token -> (offset of the member's name or the item, offset of its value), for the non-empty object
        opened at `start`, whose members are indented by `indent`: every line at that depth, decoded."""
        known = self._members.get(start)
        if known is not None:
            return known
        text, out = self.text, {}
        end = text.find("\n" + indent[:-2] + "}", start)
        end = len(text) if end < 0 else end
        mark = "\n" + indent + '"'  # a member's line: exactly `indent`, then its name (deeper lines have more spaces)
        at = text.find(mark, start, end)
        while at >= 0:
            first = at + len(indent) + 1
            key, after = _key(text, first, self.raw)
            out[key] = (first, after + 2)
            at = text.find(mark, after, end)
        self._members[start] = out
        return out

    def _line(self, indent: str, token: str) -> str | None:
        """The line a member named `token` starts with, as this text writes it (json's escaping, which orjson
        shares); None when the name cannot be written (a lone surrogate in UTF-8)."""
        try:
            name = encode_basestring(token)
            if self.raw:
                name = name.encode("utf-8").decode("latin-1")
        except UnicodeEncodeError:
            return None
        return "\n" + indent + name + ":"

    def _inside(self, state: _Object, indent: str, at: int) -> bool:
        """Whether the line at `at` comes before the object's closing line: no line indented less than its
        members in between (each stretch of the text is searched once)."""
        if at < state.clear:
            return True
        if state.end is not None:
            return at < state.end
        pattern, text = _shallower(len(indent)), self.text
        for low, high in self._gaps(state, state.clear, at):
            shallower = pattern.search(text, low, high + len(indent))  # the look-ahead sees past `high`
            if shallower is not None and shallower.start() < high:
                state.end = shallower.start()
                return False
        state.clear = at
        return True

    def _known(self, child: int) -> int:
        """How far the container at `child` (a member's value) is known to hold only lines deeper than its
        member's: its closing line when met, else its last member or item found."""
        state = self._objects.get(child)
        if state is not None:
            return state.clear if state.end is None else state.end + 1
        if child in self._ends:
            return self._ends[child] + 1
        items = self._arrays.get(child)
        if items is not None:
            return (items.next or child) if items.end is None else items.end + 1
        return child

    def _gaps(self, state: _Object, low: int, high: int) -> Iterator[tuple[int, int]]:
        """The stretches from `low` to `high` of the object's text outside what is known of its members' values
        (each read when it was searched): no line there can be one of the object's."""
        first = bisect.bisect_left(state.children, low)
        if first:  # a value that starts before `low` may be known past it
            low = max(low, self._known(state.children[first - 1]))
        for child in state.children[first:]:
            if child >= high:
                break
            yield low, child
            low = max(low, self._known(child))
        if low < high:
            yield low, high

    def _find(self, state: _Object, line: str, low: int, high: int) -> tuple[int, int]:
        """The first member line `line` of the object starting from `low` to `high`, or -1; and how much of
        the text was searched."""
        searched = 0
        for gap_low, gap_high in self._gaps(state, low, high):
            at = self.text.find(line, gap_low, gap_high + len(line) - 1)
            if at >= 0:
                return at, searched + at - gap_low
            searched += gap_high - gap_low
        return -1, searched

    def member(self, start: int, indent: str, token: str, many: bool = False) -> tuple[int, int] | None:
        """(offset of the member's name, offset of its value) in the non-empty object opened at `start`;
        `many`: many members of this object are asked for."""
        key = (start, token)
        if key not in self._found:
            self._found[key] = self._member(start, indent, token, many)
        return self._found[key]

    def _every_member(self, state: _Object, start: int, indent: str) -> dict[str, tuple[int, int]]:
        """Every member of the object (as members() gives them), in one pass over its lines to its closing line,
        leaving out what is known of its members' values. The same pass keeps the lines of the members of its
        members that are objects (read whole in their turn without a pass of their own), and learns where each
        value that is a container closes."""
        text, lead = self.text, "\n" + indent
        names = []  # (a member's line, its name, the offset after its name)
        lines = self._lines.pop(start, None)  # read with the object this one is a member of
        if lines is not None and state.end is not None:
            names = [(at, *_key(text, at + len(lead), self.raw)) for at in lines]
        else:
            inner = lead + '  "'  # a line of a member of a member
            pattern = _shallower(len(inner) - 1)  # a line indented no deeper than the members' members
            for low, high in self._gaps(state, start, len(text) if state.end is None else state.end):
                value = -1  # the member read last, when it is an object whose every line is read here
                for match in pattern.finditer(text, low, high + len(inner)):  # the look-ahead sees past `high`
                    at = match.start()
                    if at >= high:
                        break
                    if not text.startswith(lead, at):  # a line indented less: the closing line
                        state.end = at
                        break
                    if text[at + len(lead)] == '"':
                        key, after = _key(text, at + len(lead), self.raw)
                        names.append((at, key, after))
                        value = after + 2 if text.startswith("{\n", after + 2) else -1
                        known = bisect.bisect_left(state.children, value)
                        if known < len(state.children) and state.children[known] == value:
                            value = -1  # read before: what of it the gaps leave out holds lines of it too
                        if value >= 0:
                            self._lines[value] = []
                    elif value >= 0 and text.startswith(inner, at):
                        self._lines[value].append(at)
                if state.end is not None and state.end <= high:
                    break
        found: dict[str, tuple[int, int]] = {}
        for at, key, after in names:
            found.setdefault(key, (at + len(lead), after + 2))
        # a value that is a container closes on the line before the next member's (or the object's closing line)
        following = [at for at, _, _ in names[1:]] + ([] if state.end is None else [state.end])
        for (_, _, after), below in zip(names, following, strict=False):
            if text.startswith(("{\n", "[\n"), after + 2):
                self._ends[after + 2] = text.rfind("\n", after + 2, below)
        return found

    def _ahead(self, state: _Object, indent: str, line: str) -> tuple[int, int]:
        """The member line `line` after the member found last, or -1: searched in windows that double, the
        object's end looked for in each window the line is not in (a small object is not searched far past its
        end, a large one is searched at most twice as far as the line is); and how much was searched in vain."""
        low, size, text, searched = state.cursor, _WINDOW, self.text, 0
        while True:
            end = len(text) if state.end is None else state.end
            high = min(end, low + size)
            at, more = self._find(state, line, low, high)
            searched += more
            if at >= 0:
                return (at, 0) if self._inside(state, indent, at) else (-1, searched)
            if high >= end or not self._inside(state, indent, high):
                return -1, searched
            low, size = high, size * 2

    def _member(self, start: int, indent: str, token: str, many: bool) -> tuple[int, int] | None:
        text = self.text
        line = self._line(indent, token)
        if line is None or not text.startswith("{\n" + indent + '"', start):
            return self.members(start, indent).get(token)
        state = self._objects.get(start)
        if state is None:
            state = self._objects[start] = _Object(start, start, self._ends.get(start))
            if start == 0:  # the root: its closing line is the text's last
                last = text.rfind("\n}")
                state.end = last if last >= 0 and not text[last + 2 :].strip() else None
            if many:
                state.members = self._every_member(state, start, indent)
        if state.members is not None:
            return state.members.get(token)
        at, searched = self._ahead(state, indent, line)
        state.again += searched
        known = (state.clear if state.end is None else state.end) - start
        if at < 0 and state.again > known:  # asked out of order and searched again and again: its lines are
            state.members = self._every_member(state, start, indent)  # read once instead
            return state.members.get(token)
        if at < 0:
            at, searched = self._find(state, line, start, state.cursor + 1)
            state.again += searched
        if at >= 0:
            state.cursor = at
            value = at + len(line) + 1
            if text.startswith(("{\n", "[\n"), value):
                bisect.insort(state.children, value)
            return at + 1 + len(indent), value
        if token.isascii() and token.isprintable() and '"' not in token and "\\" not in token:
            return None
        state.members = self._every_member(state, start, indent)  # a name another writer may escape (ensure_ascii)
        return state.members.get(token)

    def item(self, start: int, indent: str, token: str) -> tuple[int, int] | None:
        """(offset of the item, the same) in the non-empty array opened at `start`: its items are the lines at
        exactly `indent`; a container item goes on to its closing line at that indentation."""
        if not token.isdigit() or str(int(token)) != token:
            return None
        index, text = int(token), self.text
        state = self._arrays.get(start)
        if state is None:
            state = self._arrays[start] = _Array([], start + 1)
        lead = "\n" + indent
        while len(state.items) <= index and state.next is not None:
            at = state.next
            first = at + len(lead)
            if not text.startswith(lead, at) or first >= len(text) or text[first] == " ":
                state.next, state.end = None, at  # the array's closing line
                break
            state.items.append(first)
            if text[first] in "{[" and not text.startswith(("{}", "[]"), first):
                closed = text.find(lead + ("}" if text[first] == "{" else "]"), first)
                if closed < 0:
                    state.next = None
                    break
                first = closed + len(lead)
            at = text.find("\n", first)
            state.next = at if at >= 0 else None
        if index < len(state.items):
            return state.items[index], state.items[index]
        return None

    def offset(self, pointer: str) -> int:
        text = self.text
        at = value = 0
        indent = ""
        parts = pointer.split("/")
        for depth, token in enumerate(jp.split(pointer), 1):
            if value >= len(text) or text[value] not in "{[" or text.startswith(("{}", "[]"), value):
                break
            indent += "  "
            if text[value] == "{":
                found = self.member(value, indent, token, "/".join(parts[:depth]) in self._many)
            else:
                found = self.item(value, indent, token)
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
    text: str, pointers: Iterable[str], laid_out: bool = False, raw: bool = False
) -> dict[str, Position]:
    pointers = list(pointers)
    scanner: JsonText | IndentedJson = IndentedJson(text, raw, pointers) if laid_out else JsonText(text, raw)
    return _positions_by({p: scanner.offset(p) for p in pointers}, text, raw)


def _positions_by(offsets: dict[str, int], text: str, raw: bool = False) -> dict[str, Position]:
    """Each pointer's position, from its offset in the text."""
    found = positions_of_offsets(text, offsets.values(), raw)
    return {p: found[offset] for p, offset in offsets.items()}


def _yaml_positions(text: str, pointers: Iterable[str]) -> dict[str, Position]:
    from ruamel.yaml import YAML

    from xtgen.read.yaml_fast import compose_fast

    scanned = _yaml_scanned(text, pointers)
    if scanned is not None:
        return scanned
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


# YAML without composing: the lines of block YAML, read only along the pointers asked for -------------------


class _Unsure(Exception):
    """The scanner cannot promise libyaml's marks for this text or this pointer: the text is composed."""


# The scanner trusts a line with exactly a container's indentation to start one of its members (a key, an item,
# a comment), and a line indented less to end it. Plain and block scalars go on only on lines deeper than the
# block collection they are in; a quoted scalar or a flow collection may go on at any indentation in libyaml,
# so a text is scanned only where every quoted scalar left open at the end of a line goes on deeper than its
# collection, and every flow collection closes on its own line with no quote, bracket, comment, `:`, `?` or
# tab inside (some of those libyaml reads and ruamel refuses: compose_fast and this scanner decline them alike).
_OPEN_QUOTES = {  # from a quote: a quoted scalar still open at the line's end (possessive: no backtracking)
    '"': re.compile(r'"(?:[^"\\\n]|\\[^\n])*+\\?$', re.M),
    "'": re.compile(r"'(?:[^'\n]|'')*+$", re.M),
}
_QUOTED = {'"': re.compile(r'"(?:[^"\\]|\\.)*"', re.S), "'": re.compile(r"'(?:[^']|'')*'")}
_FLOW_PLAIN = re.compile(r"[^\[\]{}\"'#:?\t\n]*[\]}]")  # the rest of a flow collection closed on its line, plainly
_KEY_PART = (  # a quoted key, or a plain one: up to the first `: ` (a ` #` would start a comment)
    r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|(?:[^\s\-?:,\[\]{}#&*!|>'"%@`]|[-?:][^\s])"""
    r"""(?:[^:\n#]|:(?![ \t])|(?<![ \t])\#)*?)"""
)
_TOKEN_PREFIX = re.compile(  # what may stand before a token on its line: indicators, a key, properties
    rf"[ \t]*(?:([-?:])[ \t]+)*(?:({_KEY_PART})[ \t]*:[ \t]+)?(?:[&!][^ \t\n]*[ \t]+)*"
)
_DOCUMENT_MARKER = re.compile(r"\n(?:---|\.\.\.)(?=[ \t\r\n]|\Z)")  # a document marker after the first line
_BLOCK_HEADER = re.compile(r"[-+0-9]*[ \t]*(?:#[^\n]*)?\r?$", re.M)  # after `|` or `>`: the rest of a block header
_PLAIN_KEY = re.compile(r"([^\r\n]*?)[ \t]*:(?=[ \t\r\n]|\Z)")
_QUOTED_KEY = {
    '"': re.compile(r'"([^"\\\r\n]*)"[ \t]*:(?=[ \t\r\n]|\Z)'),
    "'": re.compile(r"'((?:[^'\r\n]|'')*)'[ \t]*:(?=[ \t\r\n]|\Z)"),
}
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_SPECIAL = "&*!|>?%@`[{"  # properties, an alias, a block scalar, an explicit key, a flow collection
_BLANK = " \t\r\n"
_NOT_KEY = ("", -1)  # _key: the line does not start with a key
_END = ("", -2)  # YamlText._member_key: the line ends the mapping


_COLON = r"[ \t]*:(?=[ \t\r\n]|\Z)"  # after a key


@functools.cache
def _member_line(indent: int) -> re.Pattern[str]:
    """A line of a block mapping's members at `indent`: a plain or quoted key (in the group named for its kind),
    an item of a sequence at the same indentation, a comment, anything else; or the first line indented less
    that is not a comment (its end)."""
    key = (
        r"""(?P<plain>(?:[^\s'"#\-?:,\[\]{}&*!|>%@`]|[-?:]\S)[^\r\n]*?)"""
        + _COLON
        + r"""|'(?P<single>(?:[^'\r\n]|'')*)'"""
        + _COLON
        + r'''|"(?P<double>[^"\\\r\n]*)"'''
        + _COLON
    )
    line = rf"{key}|(?P<item>-(?=[ \t\r\n]|\Z))|(?P<comment>#)|(?P<other>[^ \r\n])"
    end = rf"| {{0,{indent - 1}}}(?P<end>[^ \r\n#])" if indent else ""
    return re.compile(rf"\n(?= {{0,{indent}}}[^ \r\n])(?: {{{indent}}}(?:{line}){end})")  # deeper lines: one test


@functools.cache
def _lines_up_to(indent: int) -> re.Pattern[str]:
    """A line break, at most `indent` spaces, then a character that is not a space or a line break."""
    return re.compile("\n {0," + str(indent) + "}(?=[^ \r\n])")


def _column(text: str, at: int) -> int:
    return at - text.rfind("\n", 0, at) - 1


def _occurrences(text: str, chars: str) -> list[int]:
    """The offsets of these characters in the text, in order (str.find runs at memory speed where a regular
    expression's character class tests every character)."""
    found = []
    for char in chars:
        at = text.find(char)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1)
    return sorted(found) if len(chars) > 1 else found


def _yaml_scannable(text: str) -> bool:
    """Whether the scanner's reading of lines is sure for this text (see _OPEN_QUOTES)."""
    from xtgen.read.yaml_fast import _LINE_BREAKS, _has_directive

    if text.startswith(("\ufeff", "---", "...")) or any(c in text for c in _LINE_BREAKS if c not in "\n\r"):
        return False  # a byte-order mark, a document marker, line breaks libyaml counts and str.count does not
    if _DOCUMENT_MARKER.search(text):  # one regular expression: str.find of "\n..." skips little in prose
        return False
    if ("\r" in text and text.count("\r") != text.count("\r\n")) or _has_directive(text):
        return False
    quoted = _scalar_extents(text)
    if quoted is None:
        return False
    starts = [start for start, _ in quoted]
    budget = 2 * len(text) + 1000  # many brackets on one long line would each read the line from its start
    for at in _occurrences(text, "[{"):
        if (at and text[at - 1] not in " \t\n") or _FLOW_PLAIN.match(text, at + 1):
            continue  # not where a flow collection starts, or one closed on its line with plain items only
        inside = bisect.bisect_right(starts, at) - 1
        if inside >= 0 and at < quoted[inside][1]:
            continue  # in a quoted scalar's text
        line_start = text.rfind("\n", 0, at) + 1
        budget -= at - line_start
        if budget < 0 or _TOKEN_PREFIX.fullmatch(text, line_start, at):
            return False
    return True


def _scalar_extents(text: str) -> list[tuple[int, int]] | None:
    """The (start, end) of the quoted scalars still open at the end of the line they start on, and of the
    block scalars (`|`, `>`); None when a quoted one goes on at a line no deeper than the block collection it
    is in (its key's column, its `-`'s, or its line's indentation), or the text is too odd to tell at a
    bounded cost.

    Candidates are quotes and block indicators where a token may start. Taken in text order, one inside the
    extent of a candidate taken before is content of it. A candidate that is not a token (a quote at the start
    of a line of a block or plain scalar, whose lines are all deeper than that scalar's collection) either ends
    inside that scalar or reaches a line no deeper than the collection, which refuses the text (a block
    indicator there claims only deeper lines: that scalar's); so no quoted scalar that is a token goes
    unchecked. A block scalar's extent runs to the first line no deeper than its collection (in a document
    that loads, every line before is its content, a blank line or a comment).
    """
    candidates = []
    for at in _occurrences(text, "'\"|>"):
        if at == 0 or text[at - 1] in " \t\n":  # where a token may start
            char = text[at]
            rest = _BLOCK_HEADER.match(text, at + 1) if char in "|>" else _OPEN_QUOTES[char].match(text, at)
            if rest is not None:
                candidates.append((at, rest.end()))
    extents: list[tuple[int, int]] = []
    covered = 0
    budget = 2 * len(text) + 1000
    for start, line_end in candidates:
        if start < covered:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        prefix = _TOKEN_PREFIX.fullmatch(text, line_start, start)
        if prefix is None:
            continue  # inside a plain scalar: not a token
        # The indentation of the innermost block collection the scalar is in: a line no deeper is its end
        if prefix.start(2) >= 0:  # after a key: the key's column
            parent = prefix.start(2) - line_start
        elif prefix.start(1) >= 0:  # after `- `, `? ` or `: `: the indicator's
            parent = prefix.start(1) - line_start
        else:  # alone on its line: no deeper than its parent's
            parent = len(prefix.group(0)) - len(prefix.group(0).lstrip(" "))
        if text[start] in "|>":
            below = _lines_up_to(parent).search(text, line_end)
            end = below.start() if below else len(text)
        else:
            closed = _QUOTED[text[start]].match(text, start)
            end = closed.end() if closed else len(text)
            budget -= end - start
            if budget < 0 or _lines_up_to(parent).search(text, line_end, end):
                return None
        extents.append((start, end))
        covered = end
    return extents


class YamlText:
    """Offsets of JSON pointers in block YAML, for the marks libyaml gives: a mapping's members are the lines at
    its indentation (found with regular expressions, never decoded), a sequence's items the `-` lines there.
    One key of a mapping is found by its own line (member); a mapping in which many keys are asked for (told by
    `pointers`) is read whole (members). Anything but plain or quoted keys, block collections and plain, quoted
    or flow scalars on the way raises _Unsure: properties, aliases, explicit keys, a flow collection to go into."""

    def __init__(self, text: str, pointers: Iterable[str] = ()) -> None:
        """`pointers`: those that will be asked for, if known: a mapping in which many keys are asked for is
        read whole at once."""
        self.text = text
        self._maps: dict[int, dict[str, int]] = {}  # first key's offset -> key -> offset of the key
        self._seqs: dict[int, list[int]] = {}  # first `-`'s offset -> offsets of every item's `-`
        self._found: dict[tuple[int, str], int | None] = {}  # (first key's offset, key) -> member()
        self._many = _asked_often(pointers)  # the pointers to the mappings in which many keys are asked for

    def _line_end(self, at: int) -> int:
        end = self.text.find("\n", at)
        return len(self.text) if end < 0 else end

    def _blank_from(self, at: int) -> bool:
        """Whether the line holds only blanks from `at`."""
        return not self.text[at : self._line_end(at)].strip(" \t\r")

    def _next_content(self, line_start: int) -> int | None:
        """The offset of the first character of the first line from `line_start` that is not blank or a comment."""
        text = self.text
        while line_start < len(text):
            at = line_start
            while at < len(text) and text[at] == " ":
                at += 1
            if at < len(text) and text[at] not in "\r\n#":
                if text[at] != "\t":
                    return at
                if not self._blank_from(at):
                    raise _Unsure("a tab after the indentation")
            line_start = self._line_end(at) + 1
        return None

    def _key(self, at: int) -> tuple[str, int]:
        """The key starting at `at` and the offset after its `:`; _NOT_KEY when the line holds no key there."""
        text = self.text
        first = text[at]
        if first in "\"'":
            if first == '"' and "\\" in text[at : self._line_end(at)]:
                raise _Unsure("an escape in a double-quoted key")
            match = _QUOTED_KEY[first].match(text, at)
            if match is None:
                return _NOT_KEY
            key = match.group(1)
            return (key.replace("''", "'") if first == "'" else key), match.end()
        if first in _INDICATORS and not (first in "-?:" and at + 1 < len(text) and text[at + 1] not in _BLANK):
            raise _Unsure(f"{first!r} where a key may be")  # properties, an alias, an explicit key, a flow key
        match = _PLAIN_KEY.match(text, at)
        if match is None:
            return _NOT_KEY
        key = match.group(1)
        if " #" in key or "\t#" in key:
            raise _Unsure("a comment before a colon")
        return key, match.end()

    def _is_item(self, at: int) -> bool:
        text = self.text
        return text[at] == "-" and (at + 1 == len(text) or text[at + 1] in _BLANK)

    def _member_lines(self, first: int, indent: int) -> Iterable[int]:
        """The offset after the indentation of each line at `indent` after the first member's, up to the first
        line indented less (the container's end), leaving out comments and blank lines."""
        text = self.text
        for match in _lines_up_to(indent).finditer(text, first):
            at = match.end()
            if text[at] == "#":
                continue
            if text[at] == "\t":
                if self._blank_from(at):
                    continue
                raise _Unsure("a tab after the indentation")
            if at - match.start() - 1 < indent:
                return
            yield at

    def _member_key(self, line: re.Match[str]) -> tuple[str, int] | None:
        """What a match of _member_line says, as members() reads it: (key, offset of the key) for a key line;
        None for a line that holds no member (an item of a sequence at the key's indentation, a comment, a
        blank line with a tab); _END for the mapping's end. Raises _Unsure for a line it cannot read."""
        text = self.text
        kind = line.lastgroup or ""
        if kind == "plain":
            key = line.group("plain")
            if " #" in key or "\t#" in key:
                raise _Unsure("a comment before a colon")
        elif kind == "single":
            key = line.group("single").replace("''", "'")
        elif kind == "double":
            key = line.group("double")
        elif kind == "item" or kind == "comment":
            return None  # an item of a sequence at its key's indentation (the value of the member before)
        elif text[line.start(kind)] == "\t":  # at or before the indentation: a blank line, or refused
            if not self._blank_from(line.start(kind)):
                raise _Unsure("a tab in the indentation")
            return None
        elif kind == "end":
            return _END
        else:
            raise _Unsure("a line at a mapping's indentation without a plain or quoted key")
        return key, line.start(kind) - (kind != "plain")  # a quoted key starts at its quote

    def _first_key(self, first: int) -> tuple[str, int]:
        key, after = self._key(first)
        if after < 0:
            raise _Unsure("not a key")
        return key, after

    def members(self, first: int) -> dict[str, int]:
        """Key -> offset, for the block mapping whose first key is at `first` (the last of equal keys)."""
        found = self._maps.get(first)
        if found is not None:
            return found
        key, after = self._first_key(first)
        found = {key: first}
        indent = _column(self.text, first)
        member_line = _member_line(indent)
        for match in _shallower(indent + 1).finditer(self.text, after):  # where _member_line may match: faster
            line = member_line.match(self.text, match.start())
            if line is None:
                continue
            member = self._member_key(line)
            if member is _END:
                break
            if member is not None:
                found[member[0]] = member[1]
        self._maps[first] = found
        return found

    def member(self, first: int, token: str, many: bool = False) -> int | None:
        """The offset of the key `token` in the block mapping whose first key is at `first`, as
        members().get(token) gives it; `many`: many keys of this mapping are asked for (it is read whole)."""
        if many or first in self._maps:
            return self.members(first).get(token)
        asked = (first, token)
        if asked not in self._found:
            self._found[asked] = self._member(first, token)
        return self._found[asked]

    def _member(self, first: int, token: str) -> int | None:
        """members().get(token) without reading the whole mapping: the key's own line is searched for with
        str.find (in each form members() reads: plain, single-quoted, double-quoted), in windows that double;
        every line before it at the mapping's indentation or less is read as members() reads it (so it refuses
        what members() refuses, and a line indented less ends the mapping before the key). The lines after the
        key are not read: a later equal key would be a duplicate, which the loader refuses (a text that loads
        has none)."""
        text = self.text
        key, after = self._first_key(first)
        if key == token:
            return first
        indent = _column(text, first)
        lead = "\n" + " " * indent
        needles = [lead + token] if token else []  # plain first (the usual form); a plain key is not empty
        needles += [lead + "'" + token.replace("'", "''") + "'", lead + '"' + token + '"']
        member_line, shallow = _member_line(indent), _shallower(indent + 1)
        low, size = after, _WINDOW
        while low < len(text):
            high = min(len(text), low + size)
            hit: tuple[int, int | _Unsure] | None = None  # the first line of the window that is the key's (its
            for needle in needles:  # line break, and its key's offset), or that members() refuses (why)
                bound = (high if hit is None else hit[0]) + len(needle) - 1
                at = text.find(needle, low, bound)
                while at >= 0:
                    line = member_line.match(text, at)
                    try:
                        member = self._member_key(line) if line is not None else None
                    except _Unsure as refused:  # refused if it is reached inside the mapping (below)
                        hit = at, refused
                        break
                    if member is not None and member is not _END and member[0] == token:
                        hit = at, member[1]
                        break
                    at = text.find(needle, at + 1, bound)
            for match in shallow.finditer(text, low, high if hit is None else hit[0]):  # every line indented as
                line = member_line.match(text, match.start())  # the keys or less, before the key's
                if line is not None and self._member_key(line) is _END:
                    return None  # the mapping ends before the key: it has no such key
            if hit is not None:
                if isinstance(hit[1], _Unsure):
                    raise hit[1]
                return hit[1]
            low, size = high, size * 2
        return None

    def items(self, first: int) -> list[int]:
        """The offset of each item's `-`, for the block sequence whose first `-` is at `first`."""
        found = self._seqs.get(first)
        if found is not None:
            return found
        found = [first]
        for at in self._member_lines(first, _column(self.text, first)):
            if not self._is_item(at):
                break  # the next key of the mapping an indentless sequence is the value in
            found.append(at)
        self._seqs[first] = found
        return found

    def item(self, dash: int) -> int:
        """The offset where the item after the `-` at `dash` starts (its node's start mark)."""
        text = self.text
        at = dash + 1
        while at < len(text) and text[at] == " ":
            at += 1
        if at < len(text) and text[at] == "\t":
            raise _Unsure("a tab after a `-`")
        if at == len(text) or text[at] in "\r\n#":
            below = self._next_content(self._line_end(at) + 1)
            if below is None or _column(text, below) <= _column(text, dash):
                raise _Unsure("an empty item")
            at = below
        if text[at] in _SPECIAL and text[at] not in "[{|>":
            raise _Unsure(f"an item starting with {text[at]!r}")
        return at

    def flow_items(self, at: int) -> list[int]:
        """The offset of each item of the flow collection at `at`: one line, plain scalars only
        (_yaml_scannable); a non-empty mapping (`{a, b}`) is composed instead."""
        text = self.text
        close = text.find("]" if text[at] == "[" else "}", at)
        inside = text[at + 1 : close]
        if not inside.strip(" \t"):
            return []
        if text[at] == "{":
            raise _Unsure("a flow mapping")
        found, start = [], at + 1
        for part in inside.split(","):
            if part.strip(" \t"):
                found.append(start + len(part) - len(part.lstrip(" \t")))
            elif start + len(part) < close:
                raise _Unsure("an empty flow item")
            start += len(part) + 1
        return found

    def node(self, at: int) -> str:
        """What the node starting at `at` (on a line of its own or after `- `) is: 'map', 'seq', 'flow' or
        'scalar'."""
        if self._is_item(at):
            return "seq"
        if self.text[at] in "[{":
            return "flow"
        if self.text[at] in "|>":
            return "scalar"
        if self.text[at] in _SPECIAL:
            raise _Unsure(f"a node starting with {self.text[at]!r}")
        return "scalar" if self._key(at) == _NOT_KEY else "map"

    def value(self, key: int) -> tuple[str, int]:
        """The kind of the value of the member whose key is at `key`, and where it starts."""
        text = self.text
        after = self._key(key)[1]
        end = self._line_end(after)
        at = after
        while at < end and text[at] in " \t":
            at += 1
        if at < end and text[at] not in "#\r":
            if text[at] in "[{":
                return "flow", at  # closed on this line, with plain items only (_yaml_scannable)
            if text[at] in _SPECIAL and text[at] not in "|>":  # a block scalar is a scalar
                raise _Unsure(f"a value starting with {text[at]!r}")
            return "scalar", at
        below = self._next_content(end + 1)
        if below is None:
            return "scalar", at
        column, indent = _column(text, below), _column(text, key)
        if column > indent or (column == indent and self._is_item(below)):
            return self.node(below), below
        return "scalar", at  # null

    def offset(self, pointer: str) -> int:
        """The offset of the node's start mark: the member's key, the item, or the deepest part that exists."""
        root = self._next_content(0)
        if root is None:
            raise _Unsure("no content")
        mark, kind, node = root, self.node(root), root
        parts = pointer.split("/")
        for depth, token in enumerate(jp.split(pointer), 1):
            if kind == "key":  # what the member found last holds, read only when a token goes into it
                kind, node = self.value(node)
            elif kind == "item":
                kind = self.node(node)
            if kind == "map":
                found = self.member(node, token, "/".join(parts[:depth]) in self._many)
                if found is None:
                    break
                mark, kind, node = found, "key", found
            elif kind == "seq" and token.isdigit() and int(token) < len(self.items(node)):
                mark = node = self.item(self.items(node)[int(token)])
                kind = "item"
            elif kind == "flow" and token.isdigit() and int(token) < len(self.flow_items(node)):
                mark = self.flow_items(node)[int(token)]
                kind = "scalar"
            else:
                break
        return mark


def _yaml_scanned(text: str, pointers: Iterable[str]) -> dict[str, Position] | None:
    """Positions by YamlText, or None where it is not sure (the text is composed then)."""
    try:
        if not _yaml_scannable(text):
            return None
        pointers = list(pointers)
        scanner = YamlText(text, pointers)
        offsets = {p: scanner.offset(p) for p in pointers}
    except Exception:  # _Unsure, or anything unforeseen: composing decides
        return None
    return _positions_by(offsets, text)


def positions(
    data: str | bytes, pointers: Iterable[str], *, written: bool = False, indented: int | None = None
) -> dict[str, Position]:
    """Line and column of each pointer in a JSON or YAML text, given as text or as its UTF-8 bytes (JSON when
    it starts with '{' or '['); `written`: the text is xtgen's own JSON output, laid out by its serializer;
    `indented`: the input's size when its load proved it laid out so (Source.indented), taken when the bytes
    read again still have that size. An unreadable text gives no positions rather than an error: locations
    are a help, not a verdict."""
    wanted = sorted(set(pointers))
    if not wanted:
        return {}
    try:
        laid_out = written or (isinstance(data, bytes) and len(data) == indented)
        text, raw = as_text(data)
        if raw or looks_like_json(text):
            return _json_positions(text, wanted, laid_out and text.startswith("{\n"), raw)
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
