"""Locations: which document a pointer is in, line:column in JSON and YAML, and the text form."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from xtgen.app.locate import INPUT, OUTPUT, JsonText, document_of, positions
from xtgen.app.report import Location, format_line
from xtgen.model import Diagnostic, Severity

from .conftest import FIXTURES, every_pointer

TEXT_FORM = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info) (?P<code>XT\d{3}) "
    r"(?P<msg>.*) \[(?P<ptr>/.*)\]$"
)

DOC = {"paths": {"/a/b": {"get": {"tags": ["x", "y"], "x~y": 1}}}, "info": {"title": "Ünïcode"}}


def test_json_positions_follow_the_pointer_to_the_member_name() -> None:
    text = json.dumps(DOC, indent=2, ensure_ascii=False)
    lines = text.split("\n")
    found = positions(text, ["/paths/~1a~1b/get", "/paths/~1a~1b/get/tags/1", "/paths/~1a~1b/get/x~0y", "/info/title"])
    for pointer, expected in [
        ("/paths/~1a~1b/get", '"get": {'),
        ("/paths/~1a~1b/get/tags/1", '"y"'),
        ("/paths/~1a~1b/get/x~0y", '"x~y": 1'),
        ("/info/title", '"title": "Ünïcode"'),
    ]:
        at = found[pointer]
        assert lines[at.line - 1][at.column - 1 :].startswith(expected), (pointer, at)


def test_json_on_one_line_and_missing_parts() -> None:
    text = json.dumps(DOC)
    found = positions(text, ["/info", "/info/missing", "/nothing", ""])
    assert found["/info"].line == 1 and text[found["/info"].column - 1 :].startswith('"info"')
    assert found["/info/missing"] == found["/info"]  # the deepest part that exists
    assert found["/nothing"] == found[""] and (found[""].line, found[""].column) == (1, 1)


def test_json_containers_are_read_once() -> None:
    scanner = JsonText(json.dumps(DOC))
    scanner.offset("/paths/~1a~1b/get/tags/0")
    scanner.offset("/paths/~1a~1b/get/tags/1")
    assert len(scanner._scans) == 5  # root, paths, the path item, the operation, tags; not info


def test_yaml_positions_and_numeric_keys() -> None:
    text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: x\n"
    found = positions(text, ["/paths/~1a/get/responses/200", "/paths/~1a/get/nope", "/paths/~1a"])
    assert (found["/paths/~1a/get/responses/200"].line, found["/paths/~1a/get/responses/200"].column) == (6, 9)
    assert (found["/paths/~1a/get/nope"].line, found["/paths/~1a/get/nope"].column) == (4, 5)
    assert (found["/paths/~1a"].line, found["/paths/~1a"].column) == (3, 3)


def test_unscannable_text_gives_no_positions() -> None:
    assert positions("{not json", ["/a"]) == {}
    assert positions("{}", []) == {}


def test_document_of() -> None:
    assert document_of("XT102", "/components/securitySchemes/x") == INPUT
    assert document_of("XT121", "/securityDefinitions/x") == OUTPUT  # the nintex target's choice, in the output
    assert document_of("XT753", "/paths/~1a/get/operationId") == OUTPUT
    assert document_of("XT709", "/paths/~1a/get/responses/200") == INPUT  # checked on a Swagger 2.0 input
    assert document_of("XT753", "/paths/~1a/get", linted=True) == INPUT


def test_text_form_parses_with_a_windows_drive_letter() -> None:
    d = Diagnostic("XT730", Severity.WARNING, "arrays: see x:y", "/paths/~1tasks/get")
    line = format_line("", d, Location(INPUT, r"C:\specs\api.json", 12, 5))
    match = TEXT_FORM.match(line)
    assert match is not None, line
    assert match["file"] == r"C:\specs\api.json" and (match["line"], match["col"]) == ("12", "5")
    assert match["code"] == "XT730" and match["ptr"] == "/paths/~1tasks/get" and match["msg"] == "arrays: see x:y"


def test_empty_pointer_names_the_document_itself() -> None:
    d = Diagnostic("XT780", Severity.INFO, "migration on", "")
    assert format_line("", d, Location(OUTPUT, "out.json", 1, 1)) == "out.json: info XT780 migration on"
    assert "::" not in format_line("api.json", d)


def test_xtgens_own_json_is_located_as_the_general_scanner_does() -> None:
    """IndentedJson (str.find on xtgen's layout) agrees with JsonText on every node of every golden output,
    and on pointers that do not resolve."""
    from xtgen.app.locate import IndentedJson
    from xtgen.app.write import serialize

    checked = 0
    for expected in sorted(FIXTURES.glob("*/expected.json")):
        document = json.loads(expected.read_text(encoding="utf-8"))
        text = serialize(document)
        general, fast = JsonText(text), IndentedJson(text)
        for pointer in [*every_pointer(document), "/paths/~1nope/get", "/info/title/x", "/tags/99"]:
            assert fast.offset(pointer) == general.offset(pointer), (expected.parent.name, pointer)
            checked += 1
    assert checked > 5000


def test_json_scanner_in_any_order_on_compact_text() -> None:
    """JsonText resumes partly read containers: asked in a shuffled order, on JSON without any layout, every
    offset still names the right member or item."""
    import random

    shuffle = random.Random(13)
    checked = 0
    for expected in sorted(FIXTURES.glob("*/expected.json")):
        document = json.loads(expected.read_text(encoding="utf-8"))
        text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
        pointers = every_pointer(document)[1:]
        shuffle.shuffle(pointers)
        scanner = JsonText(text)
        for pointer in pointers:
            at = scanner.offset(pointer)
            *parents, last = pointer[1:].split("/")
            parent = document
            for token in parents:
                token = token.replace("~1", "/").replace("~0", "~")
                parent = parent[int(token)] if isinstance(parent, list) else parent[token]
            if isinstance(parent, dict):
                name = last.replace("~1", "/").replace("~0", "~")
                assert text.startswith(json.dumps(name, ensure_ascii=False) + ":", at), (expected.parent.name, pointer)
            else:
                assert json.JSONDecoder().raw_decode(text, at)[0] == parent[int(last)], (expected.parent.name, pointer)
            checked += 1
    assert checked > 3000


_KEYS = st.text(alphabet=st.sampled_from(list('ab/~ é😀\u2028"\\')), max_size=4)
_DOCS = st.recursive(
    st.none() | st.integers() | st.text(alphabet=st.sampled_from(list('x é😀\n"')), max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _DOCS, max_size=4), st.booleans(), st.booleans(), st.booleans())
def test_positions_in_bytes_are_those_in_text(
    document: dict[str, object], indent: bool, ascii_: bool, bom: bool
) -> None:
    """Located from the UTF-8 bytes (read as Latin-1, one byte per character, to keep a large input small in
    memory), every pointer has the line and column (in characters) it has in the decoded text: non-ASCII
    names and values before it, escaped names (ensure_ascii), a byte-order mark."""
    text = json.dumps(document, indent=2 if indent else None, ensure_ascii=ascii_)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    pointers = every_pointer(document)
    assert positions(data, pointers) == positions(text, pointers)
    if indent:
        assert positions(data, pointers, written=True) == positions(text, pointers, written=True)


def test_yaml_bytes_are_decoded() -> None:
    text = "openapi: 3.0.3\ninfo:\n  title: é😀\n  version: '1'\n"
    assert positions(text.encode(), ["/info/version"]) == positions(text, ["/info/version"])
