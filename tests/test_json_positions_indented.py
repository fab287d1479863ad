"""line:column in JSON laid out one member per line, two spaces a level (orjson's OPT_INDENT_2, json.dumps(indent=2,
ensure_ascii=False), JSON.stringify(x, null, 2)): the load proves the layout (read/load._fast_json), and IndentedJson
then finds a member by its own line. Every answer must be the one the general scanner (JsonText) gives."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any
from unittest.mock import patch

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xtgen import Options, convert_file
from xtgen import pointer as jp
from xtgen.app import locate as locator
from xtgen.app.locate import IndentedJson, JsonText, as_text, positions
from xtgen.app.show import Case, locate
from xtgen.model import Diagnostic, Severity
from xtgen.read.load import _fast_json, fast_json, load_measured

from .conftest import FIXTURES, every_pointer

INDENT_2 = orjson.OPT_INDENT_2


def _absent(value: Any) -> list[str]:
    """Pointers that do not resolve, below every container and scalar: a missing name (one that a later sibling
    or a deeper member has, too), an index past the end, an index written with a leading zero, `-`."""
    found = []
    for pointer in every_pointer(value):
        for token in ("nope", "a", "0", "01", "-", "9", "", "é", 'q"'):
            found.append(jp.join(pointer, token))
    return found


def _same_as_general(text: str, raw: bool, pointers: list[str]) -> None:
    """Asked one by one, and told every pointer first (an object many are asked in is read whole at once)."""
    general, fast, told = JsonText(text, raw), IndentedJson(text, raw), IndentedJson(text, raw, pointers)
    for pointer in pointers:
        assert fast.offset(pointer) == general.offset(pointer), pointer
        assert told.offset(pointer) == general.offset(pointer), pointer


# names with JSON escapes (quote, backslash, control characters), pointer escapes (~ /), non-ASCII (two, three and
# four UTF-8 bytes), U+2028, and names that are prefixes or suffixes of each other
_NAMES = st.text(alphabet=st.sampled_from(list('ab/~ é€😀\u2028"\\\x01\n\t:{}[],')), max_size=4)
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.text(alphabet=st.sampled_from(list('x é😀\n"\\{}[]:,')), max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_NAMES, inner, max_size=4),
    max_leaves=25,
)
_DOCS = st.dictionaries(_NAMES, _VALUES, max_size=5)


@settings(max_examples=500, deadline=None)
@given(_DOCS, st.booleans(), st.booleans(), st.randoms(use_true_random=False), st.sampled_from([1, 5, 64, None]))
def test_indented_json_finds_what_the_general_scanner_finds(
    document: dict[str, Any], newline: bool, bom: bool, shuffle: random.Random, window: int | None
) -> None:
    """Every pointer of a generated document and many that do not resolve, in any order (each object remembers
    where its last member was found, what of its members' values was read, and is read whole once searched
    again too often), from the bytes (Latin-1 view) and from the text; with windows small enough to take many
    steps in these small documents."""
    data = (b"\xef\xbb\xbf" if bom else b"") + orjson.dumps(document, option=INDENT_2) + (b"\n" if newline else b"")
    assert _fast_json(data) == (document, bool(document))  # `{}` is not worth proving
    pointers = every_pointer(document) + _absent(document)
    shuffle.shuffle(pointers)
    text, raw = as_text(data)
    with patch.object(locator, "_WINDOW", window or locator._WINDOW):
        _same_as_general(text, raw, pointers)
        _same_as_general(data.decode("utf-8-sig"), False, pointers)
        assert positions(data, pointers, indented=len(data)) == positions(data, pointers)


@settings(max_examples=200, deadline=None)
@given(_DOCS)
def test_other_writers_of_two_spaces_agree(document: dict[str, Any]) -> None:
    """json.dumps(indent=2) with ensure_ascii (names escaped as \\uXXXX) is not proven by the load, but xtgen's
    own output is read by IndentedJson unproven (written=True): a name it cannot find as written is looked for
    among the decoded names."""
    text = json.dumps(document, indent=2, ensure_ascii=True)
    pointers = every_pointer(document) + _absent(document)
    _same_as_general(text, False, pointers)
    data = text.encode()
    assert _fast_json(data)[1] == (bool(document) and data == orjson.dumps(document, option=INDENT_2))


def _json_fixtures() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*.json") if p.name != "options.json")


def test_every_json_fixture_laid_out_is_located_as_the_general_scanner_does() -> None:
    checked = 0
    for path in _json_fixtures():
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict) or not document:
            continue
        data = orjson.dumps(document, option=INDENT_2) + b"\n"
        pointers = every_pointer(document) + _absent(document)[:200]
        _same_as_general(*as_text(data), pointers)
        assert positions(data, pointers, indented=len(data)) == positions(data, pointers), path
        checked += len(pointers)
    assert checked > 20_000


def test_the_fixtures_as_written_are_proven_only_when_laid_out_so() -> None:
    """The files themselves: proven exactly when their bytes are orjson's two-space text of their value, and
    then located alike."""
    proven = 0
    for path in _json_fixtures():
        data = path.read_bytes()
        value, indented = _fast_json(data)
        if value is None:
            continue
        body = data.removeprefix(b"\xef\xbb\xbf")
        laid_out = orjson.dumps(value, option=INDENT_2)
        assert indented == (bool(value) and isinstance(value, dict) and body in (laid_out, laid_out + b"\n")), path
        if indented:
            proven += 1
            pointers = every_pointer(value)
            assert positions(data, pointers, indented=len(data)) == positions(data, pointers), path
    assert proven > 0


LAID_OUT = {"b": {"x": [1, {"y": "é"}], "z": {}}, "a": []}


@pytest.mark.parametrize(
    ("data", "proven"),
    [
        (orjson.dumps(LAID_OUT, option=INDENT_2), True),
        (orjson.dumps(LAID_OUT, option=INDENT_2) + b"\n", True),
        (b"\xef\xbb\xbf" + orjson.dumps(LAID_OUT, option=INDENT_2), True),
        (json.dumps(LAID_OUT, indent=2, ensure_ascii=False).encode(), True),  # the same bytes
        (orjson.dumps(LAID_OUT, option=INDENT_2) + b"\n\n", False),
        (orjson.dumps(LAID_OUT, option=INDENT_2).replace(b"\n", b"\r\n"), False),
        (orjson.dumps(LAID_OUT), False),  # minified
        (json.dumps(LAID_OUT, indent=4).encode(), False),
        (json.dumps(LAID_OUT, indent="\t").encode(), False),
        (json.dumps(LAID_OUT, indent=2).encode(), False),  # ensure_ascii: \u00e9
        (json.dumps(LAID_OUT, indent=2, ensure_ascii=False).replace(": {}", ": { }").encode(), False),
    ],
)
def test_the_load_proves_the_layout(data: bytes, proven: bool) -> None:
    assert _fast_json(data) == (LAID_OUT, proven)
    assert fast_json(data) == LAID_OUT


def test_a_duplicate_key_is_still_refused_when_laid_out() -> None:
    data = b'{\n  "a": 1,\n  "a": 1\n}'
    assert _fast_json(data) == (None, False)


def test_the_proof_reaches_the_locator(tmp_path: Path) -> None:
    """load -> Facts -> Source -> Case: the input's size, and the located diagnostics are those of the general
    scanner; bytes of another size (the file changed since) are read by the general scanner."""
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    laid_out = tmp_path / "laid_out.json"
    laid_out.write_bytes(orjson.dumps(document, option=INDENT_2) + b"\n")
    minified = tmp_path / "minified.json"
    minified.write_bytes(orjson.dumps(document))
    assert load_measured(laid_out)[2].indented == laid_out.stat().st_size
    assert load_measured(minified)[2].indented is None
    result = convert_file(laid_out, Options())
    assert result.source is not None and result.source.indented == laid_out.stat().st_size
    assert convert_file(minified, Options()).source.indented is None  # type: ignore[union-attr]

    pointers = ["/paths/~1a/get/responses/200", "/paths/~1a/get/nope", "/info/version", "/nothing"]
    wanted = tuple(Diagnostic("XT102", Severity.WARNING, "m", p) for p in pointers)
    size = laid_out.stat().st_size
    general = positions(laid_out.read_bytes(), pointers)
    assert [(general[p].line, general[p].column) for p in pointers] == [(11, 11), (9, 7), (5, 5), (1, 1)]
    for indented in (size, None, size + 1):
        case = Case("in", str(laid_out), None, None, True, wanted, indented=indented)
        assert [(loc.line, loc.column) for loc in locate(case, wanted)] == [
            (general[p].line, general[p].column) for p in pointers
        ]
