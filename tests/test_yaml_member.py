"""One key of a YAML mapping found by its own line (locate.YamlText.member) against the mapping read whole (the
enumeration members() made before, kept here as the reference) and against composition (libyaml's marks):
with one, two and many keys of the same mapping asked for, on every YAML fixture re-laid out (indentation,
indentless sequences, quoted keys, comments and blank lines put in), on generated block YAML and on lines
chosen to mislead a scanner.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xtgen.app import locate
from xtgen.read import load, yaml_fast

from .conftest import FIXTURES, YAML_FIXTURES
from .test_yaml_positions import BLOCK_TEXTS, MISLEADING_TEXTS, _composed, _document, _dump, _pointers

pytestmark = [
    pytest.mark.skipif(not yaml_fast.available(), reason="PyYAML's C extension (libyaml) is not installed"),
    pytest.mark.filterwarnings("ignore::ruamel.yaml.composer.ReusedAnchorWarning"),
]


class _Whole(locate.YamlText):
    """The reference: every key asked for is looked up in its mapping read whole, by the enumeration members()
    made before the key's own line was searched for (one _member_line match per line of the mapping's span)."""

    def member(self, first: int, token: str, many: bool = False) -> int | None:
        found = self._maps.get(first)
        if found is None:
            key, after = self._first_key(first)
            found = {key: first}
            for line in locate._member_line(locate._column(self.text, first)).finditer(self.text, after):
                member = self._member_key(line)
                if member is locate._END:
                    break
                if member is not None:
                    found[member[0]] = member[1]
            self._maps[first] = found
        return found.get(token)


def _offset(scanner: locate.YamlText, pointer: str) -> int | None:
    """The scanner's offset, None where it declines."""
    try:
        return scanner.offset(pointer)
    except locate._Unsure:
        return None


def _groups(pointers: list[str]) -> tuple[list[list[str]], list[list[str]]]:
    """Pointers one by one, and in pairs of siblings (two keys of the same mapping)."""
    children: dict[str, list[str]] = {}
    for pointer in pointers:
        if pointer:
            children.setdefault(pointer.rsplit("/", 1)[0], []).append(pointer)
    pairs = [[a, b] for siblings in children.values() for a, b in itertools.pairwise(siblings)]
    pairs += [[b, a] for siblings in children.values() for a, b in zip(siblings, siblings[2:], strict=False)]
    return [[p] for p in pointers], pairs


def check(text: str, limit: int = 400) -> int:
    """Asked for one key, two keys or every key of each mapping, the scanner gives the reference's offset
    wherever the reference answers, and composition's position wherever it answers; how many answered."""
    document = _document(text)
    if document is None or not locate._yaml_scannable(text):
        return 0
    pointers = _pointers(document)[:limit]
    composed = _composed(text, pointers)
    reference = _Whole(text)
    expected = {p: _offset(reference, p) for p in pointers}
    ones, pairs = _groups(pointers)
    answered = 0
    for group in [*ones, *pairs, pointers]:
        scanner = locate.YamlText(text, group)
        for pointer in group:
            found = _offset(scanner, pointer)
            if expected[pointer] is not None:
                assert found == expected[pointer], (text, group, pointer)
            if found is not None:
                answered += 1
                at = locate.positions_of_offsets(text, [found])[found]
                assert at == composed[pointer], (text, group, pointer, at, composed[pointer])
    return answered


_KEY_LINE = re.compile(r"(?m)^([ ]*(?:- )*)([A-Za-z0-9_./{}$]+)(:(?: |$))")


def _relaid(text: str, rnd: random.Random) -> str:
    """The text with keys quoted now and then, and comments and blank lines put between lines (in a block or
    quoted scalar these change its content: the text is still YAML, read again by check)."""

    def quote(match: re.Match[str]) -> str:
        roll = rnd.random()
        key = match.group(2)
        if roll < 0.25:
            key = "'" + key + "'"
        elif roll < 0.4:
            key = '"' + key + '"'
        elif roll < 0.5:
            key += " "
        return match.group(1) + key + match.group(3)

    lines = []
    for line in _KEY_LINE.sub(quote, text).split("\n"):
        roll = rnd.random()
        if roll < 0.05:
            lines.append(" " * rnd.randint(0, 8) + "# a: 'b [ {")
        elif roll < 0.1:
            lines.append(" " * rnd.randint(0, 3))
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("path", YAML_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_yaml_fixture_one_two_and_many_keys(path: Path) -> None:
    text = load.decode_text(path.read_bytes(), str(path))
    if not check(text, limit=250):
        pytest.skip("the scanner declines every pointer of this fixture (flow collections): composing answers")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(YAML_FIXTURES),
    st.sampled_from([None, (2, 2, 0), (2, 4, 2), (4, 4, 2), (3, 5, 1), (4, 2, 0)]),
    st.sampled_from([40, 80, 4096]),
    st.randoms(use_true_random=False),
    st.booleans(),
)
def test_fixtures_relaid_out(
    path: Path, indent: tuple[int, int, int] | None, width: int, rnd: random.Random, crlf: bool
) -> None:
    """Each fixture's document dumped again in block style at other indentations (sequences indentless or
    not), narrow or wide (quoted scalars folded over lines), then with keys quoted, comments and blank lines."""
    document = _document(load.decode_text(path.read_bytes(), str(path)))
    if document is None:
        return
    text = _relaid(_dump(document, False, width, indent), rnd)
    check(text.replace("\n", "\r\n") if crlf else text, limit=150)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BLOCK_TEXTS)
def test_generated_block_yaml(text: str) -> None:
    check(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MISLEADING_TEXTS)
def test_misleading_lines(text: str) -> None:
    check(text)


def _mapping(size: int, wanted: int) -> str:
    """A mapping of `size` keys in several forms, each holding a deeper mapping with a key like the wanted one,
    followed by the wanted key at other indentations and in the next mapping."""
    forms = ["k{}", "'k{}'", '"k{}"', "k{} "]
    lines = ["top:", "  first: 1", f"  k{wanted}0: a key the wanted one's plain form begins"]
    for n in range(size):
        lines.append("  " + forms[n % len(forms)].format(n) + ":")
        lines.append(f"    k{wanted}: deeper")
        lines.append("    # k{wanted}: a comment")
    lines += [f"k{wanted}: after", "other:", f"  'k{wanted}': in the next mapping"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("size", [1, 5, 4000])  # 4000 members: past the first window of the search
def test_a_key_is_found_in_its_mapping_only(size: int) -> None:
    """The key's line is taken in its own mapping, not in a deeper one nor after the mapping's end; a key the
    mapping lacks is not found (the pointer's deepest existing part is located)."""
    for wanted in sorted({0, 1, size - 1, size // 2, size + 7}):
        text = _mapping(size, wanted)
        pointer = f"/top/k{wanted}"
        scanner = locate.YamlText(text, [pointer])
        at = scanner.offset(pointer)
        assert at == _Whole(text).offset(pointer)
        assert locate.positions_of_offsets(text, [at])[at] == _composed(text, [pointer])[pointer]
        if wanted >= size:
            assert at == 0  # the deepest part that exists: `top`
        else:
            assert scanner._key(at)[0] == f"k{wanted}" and at < text.index("\nk")


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ("a:\n  b: 1\n  &x c: 2\n  d: 3\n", "/a/d"),  # an anchor before the key
        ("a:\n  b: 1\n  ? c\n  : 2\n  d: 3\n", "/a/d"),  # an explicit key before the key
        ("a:\n  b: 1\n  c #x: 2\n  d: 3\n", "/a/d"),  # a comment before a colon
        ('a:\n  b: 1\n  "c\\"": 2\n  d: 3\n', "/a/d"),  # an escape in a double-quoted key
        ("a:\n  b: 1\n\t\n  d: 3\n", "/a/c"),  # a tab line: blank, read on
        ("a:\n  b: 1\n  d #x: 2\n", "/a/d"),  # the wanted key's own line, refused
        ("a:\n  b: 1\nc:\n  d #x: 2\n", "/a/d"),  # a line like it after the mapping's end
    ],
)
def test_what_members_refuses_before_the_key_is_refused(text: str, pointer: str) -> None:
    """A line before the wanted key that the mapping read whole refuses is refused alike (or read alike)."""
    whole = _offset(_Whole(text), pointer)
    assert _offset(locate.YamlText(text, [pointer]), pointer) == whole
    if whole is None:
        assert locate._yaml_scanned(text, [pointer]) is None


def test_a_duplicate_key_does_not_load() -> None:
    """member() takes the first line of a key, the mapping read whole the last: they differ only for a key
    given twice in one mapping, which xtgen's loader refuses (so such a text is never located)."""
    for text in ("a:\n  b: 1\n  b: 2\n", "a:\n  b: 1\n  'b': 2\n", 'a:\n  "b": 1\n  c: 0\n  b: 2\n'):
        assert _document(text) is None


def test_many_keys_read_the_mapping_whole() -> None:
    text = "a:\n  b: 1\n  c: 2\n  d: 3\n  e: 4\n"
    few = locate.YamlText(text, ["/a/b", "/a/c"])
    assert [few.offset(p) for p in ("/a/b", "/a/c")] == [5, 12]
    assert not few._maps  # each key searched for by its own line
    many = locate.YamlText(text, ["/a/b", "/a/c", "/a/d"])
    assert [many.offset(p) for p in ("/a/b", "/a/c", "/a/d")] == [5, 12, 19]
    assert list(many._maps.values()) == [{"b": 5, "c": 12, "d": 19, "e": 26}]


@pytest.mark.parametrize("shift", range(-3, 12))
def test_lines_at_the_edge_of_a_search_window(shift: int) -> None:
    """The key's line, or the line that ends the mapping, just before, on or after the end of the first
    window searched (locate._WINDOW from the first key's colon): neither is missed nor read twice."""
    pad = "x" * (locate._WINDOW - shift - 1)  # the line break after it at the window's end, minus `shift`
    for text, pointer, expected in [
        (f"top:\n  a: {pad}\n  k: 1\n", "/top/k", f"top:\n  a: {pad}\n  "),
        (f"top:\n  a: {pad}\n  'k': 1\n", "/top/k", f"top:\n  a: {pad}\n  "),
        (f"top:\n  a: {pad}\nother:\n  k: 1\n", "/top/k", ""),  # not in `top`: `top` is located (offset 0)
    ]:
        at = locate.YamlText(text, [pointer]).offset(pointer)
        assert at == len(expected) == _Whole(text).offset(pointer)


@pytest.mark.parametrize(
    ("text", "scannable"),
    [
        ("a: 1\n---\nb: 2\n", False),
        ("a: 1\n--- # c\n", False),
        ("a: 1\n---", False),  # at the end of the text
        ("a: 1\n...\n", False),
        ("a: 1\r\n...\r\n", False),
        ("a: 1\n...\tx\n", False),
        ("a: 1\n----\n", True),  # a plain scalar, not a marker
        ("a: 1\n---x: 2\n", True),
        ("a: |\n  x\n....\n", True),
        ("a: 1\n  ---\n", True),  # indented: not a marker
        ("a: x...\n", True),
    ],
)
def test_document_markers(text: str, scannable: bool) -> None:
    """A document marker (`---` or `...` at a line's start, then a blank or the end) after the first line is
    composed; a line that only begins like one is not a marker."""
    assert locate._yaml_scannable(text) is scannable
