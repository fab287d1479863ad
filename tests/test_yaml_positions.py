"""Line and column in YAML by the scanner (locate.YamlText) against composition (libyaml's marks), pointer by
pointer: on every YAML fixture, on documents dumped in many layouts, and on texts put together from lines
chosen to mislead a scanner (quoted scalars and flow collections over several lines, block scalars holding
keys, comments, tabs, indentless sequences). Wherever the scanner answers, it gives composition's answer;
where it cannot be sure it declines, and composition answers as before.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xtgen.app import locate
from xtgen.read import load, yaml_fast

from .conftest import YAML_FIXTURES, every_pointer

pytestmark = [
    pytest.mark.skipif(not yaml_fast.available(), reason="PyYAML's C extension (libyaml) is not installed"),
    pytest.mark.filterwarnings("ignore::ruamel.yaml.composer.ReusedAnchorWarning"),
]


def _document(text: str) -> Any:
    """The document as xtgen reads it, or None when it does not read (nothing to locate then)."""
    try:
        docs = yaml_fast.load_all_fast(text)
    except yaml_fast.Declined:
        try:
            docs = load._load_yaml(text, pure=True)
        except Exception:
            return None
    return docs[0] if len(docs) == 1 else None


def _pointers(value: Any) -> list[str]:
    """Every pointer into the document, each also with a token past it, and some that lead nowhere."""
    return [*(p + tail for p in every_pointer(value) for tail in ("", "/0", "/nope")), "/nowhere", "/0/x", "/0"]


def _composed(text: str, pointers: list[str]) -> dict[str, locate.Position]:
    """Positions as before the scanner: composition only."""
    scanned = locate._yaml_scanned
    locate._yaml_scanned = lambda text, pointers: None  # type: ignore[assignment]
    try:
        return locate.positions(text, pointers)
    finally:
        locate._yaml_scanned = scanned  # type: ignore[assignment]


def check(text: str) -> bool:
    """The scanner agrees with composition on every pointer, or declines; True when it answered."""
    document = _document(text)
    if document is None:
        return False
    pointers = _pointers(document)
    scanned = locate._yaml_scanned(text, pointers)
    if scanned is None:
        return False
    composed = _composed(text, pointers)
    wrong = {p: (scanned[p], composed[p]) for p in pointers if scanned[p] != composed[p]}
    assert not wrong, (text, wrong)
    return True


def test_every_yaml_fixture() -> None:
    paths = YAML_FIXTURES
    answered = sum(check(load.decode_text(p.read_bytes(), str(p))) for p in paths)
    assert answered >= 0.6 * len(paths)  # hand-written fixtures use flow mappings, which are composed


def _dump(value: Any, flow: bool | None, width: int, indent: tuple[int, int, int] | None) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.width = width
    if indent:
        yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    out = io.StringIO()
    yaml.dump(value, out)
    return out.getvalue()


_KEYS = st.text(alphabet=st.sampled_from(list("ab: #'\"-?[]{},&*!|>%@`\\é\t")), min_size=1, max_size=6)
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(alphabet=st.sampled_from(list("ab :#'\"-[]{}\n é\\\t")), max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=5),
    st.sampled_from([False, None, True]),
    st.sampled_from([8, 20, 80, 4096]),
    st.sampled_from([None, (2, 2, 0), (2, 4, 2), (4, 4, 2), (3, 5, 1)]),
)
def test_dumped_documents(
    document: dict[str, Any],
    flow: bool | None,
    width: int,
    indent: tuple[int, int, int] | None,
) -> None:
    """ruamel's emitter folds long quoted scalars over lines (narrow widths), indents in several ways."""
    check(_dump({"root": document, "after": [1, {"k": "v"}]}, flow, width, indent))


# Lines that mislead a scanner reading lines by their indentation, put together at random indentations.
_LINES = [
    "k{i}: v",
    "k{i}:",
    "k{i} : v",
    "- k{i}: v",
    "- v{i}",
    "-",
    "- - v",
    "'q{i}': v",
    "'it''s {i}': v",
    '"q{i}": v',
    '"e\\"{i}": v',
    "k{i}: 'open",
    'k{i}: "open',
    "'still open",
    "closed'",
    'closed"',
    "k{i}: 'a ''b",
    "k{i}: |",
    "k{i}: >-",
    "- |",
    "k{i}: looks: like a key",
    "text k{i}: v",
    "# k{i}: comment",
    "",
    "   ",
    "\t",
    "k{i}: [a, b]",
    "k{i}: []",
    "k{i}: {{}}",
    "k{i}: [a,",
    "  b]",
    "k{i}: {{a: 1}}",
    "k{i}: &a{i} v",
    "k{i}: &m{i}",
    "k{i}: *a0",
    "? k{i}",
    ": v",
    "k{i}: v # c",
    "k{i} # c: v",
    "k{i}:\tv",
    "\tk{i}: v",
    "k{i}: !!str v",
    "http://x{i}: v",
    "k{i}:x: v",
    "---",
    "k{i}: 'x' # 'y",
    "- 'open item",
    "- [a, b]",
    "- {{}}",
    "- &a{i} v",
    "-  v{i}",
]


def _misleading_text(lines: list[tuple[int, int]], crlf: bool) -> str:
    text = "\n".join(" " * indent + _LINES[choice].format(i=n) for n, (choice, indent) in enumerate(lines))
    return text.replace("\n", "\r\n") if crlf else text


# texts of lines that look like what the scanner reads, each at an indentation (with CRLF line breaks or not)
MISLEADING_TEXTS = st.builds(
    _misleading_text,
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(_LINES) - 1), st.sampled_from([0, 0, 1, 2, 2, 3, 4, 6])),
        min_size=1,
        max_size=14,
    ),
    st.booleans(),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MISLEADING_TEXTS)
def test_misleading_lines(text: str) -> None:
    check(text)


@pytest.mark.parametrize(
    "text",
    [
        'a:\n  b: "x\nc: y"\n  d: 1\nc: 2\n',  # a double-quoted scalar going on at column 0 (libyaml allows it)
        "a:\n  b: 'x\nc: y'\n  d: 1\nc: 2\n",
        "a:\n  b: [1,\nc: 2]\n  d: 1\nc: 2\n",  # a flow collection over lines
        "a:\n  b: x\n--- \nc: 1\n",
        "%YAML 1.2\n---\na: 1\n",
    ],
)
def test_texts_a_scanner_would_misread_are_composed(text: str) -> None:
    pointers = ["/a/b", "/a/d", "/c", "/a"]
    assert locate._yaml_scanned(text, pointers) is None
    assert locate.positions(text, pointers) == _composed(text, pointers)


def test_block_yaml_is_scanned_not_composed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The layout ruamel and PyYAML write (and most hand-written specs): quoted scalars folded over deeper
    lines, block scalars, indentless sequences, comments, empty flow collections."""
    text = (
        "openapi: 3.0.3  # a comment\n"
        "info:\n"
        "  title: 'A title that goes on\n"
        "\n"
        "    over lines: it''s folded'\n"
        "  description: |\n"
        "    paths:\n"
        "    x: 1\n"
        "tags:\n"
        "- name: a\n"
        '  description: "one\n    two"\n'
        "- name: b\n"
        "paths:\n"
        "  /a/{id}:\n"
        "    get:\n"
        "      parameters: []\n"
        "      responses:\n"
        "        '200':\n"
        "          description: ok\n"
        "        default: {}\n"
    )

    def refuse(text: str) -> None:
        raise AssertionError("composed")

    pointers = ["", "/info/description", "/tags/1/name", "/paths/~1a~1{id}/get/responses/200", "/paths/x/y"]
    with monkeypatch.context() as patch:
        patch.setattr(yaml_fast, "compose_fast", refuse)
        found = locate.positions(text, pointers)
    assert {p: (at.line, at.column) for p, at in found.items()} == {
        "": (1, 1),
        "/info/description": (6, 3),
        "/tags/1/name": (13, 3),
        "/paths/~1a~1{id}/get/responses/200": (19, 9),
        "/paths/x/y": (14, 1),
    }
    assert found == _composed(text, pointers)


class _BlockWriter:
    """Block YAML written line by line at random: key styles, inline and multi-line scalars of every style
    (continuation lines at random deeper indentations, sometimes shallower: libyaml reads quoted ones so),
    block scalars holding key-like lines, flow collections, anchors and aliases, indentless sequences,
    comments and blank lines anywhere."""

    def __init__(self, rnd: Any) -> None:
        self.rnd = rnd
        self.lines: list[str] = []
        self.count = 0
        self.anchors: list[str] = []
        self.pending: list[str] = []  # the further lines of the scalar begun last

    def name(self) -> str:
        self.count += 1
        return f"k{self.count}"

    def noise(self, indent: int) -> None:
        roll = self.rnd.random()
        if roll < 0.08:
            self.lines.append(" " * self.rnd.randint(0, indent + 3) + "# k: 'x [ {")
        elif roll < 0.14:
            self.lines.append(" " * self.rnd.randint(0, 6))

    def key(self) -> str:
        name = self.name()
        return self.rnd.choice(
            [name, name, name, f"'{name}'", f'"{name}"', f"{name} ", f"'it''s {name}'", f"http://{name}", f"{name}:x"]
        )

    def continuation(self, indent: int) -> str:
        """Indentation of a continuation line: deeper than `indent`, now and then not."""
        if self.rnd.random() < 0.02:
            return " " * self.rnd.randint(0, indent)
        return " " * self.rnd.randint(indent + 1, indent + 4)

    def scalar(self, indent: int) -> str:
        """An inline scalar (its first line); any further lines are written by the caller's next appends."""
        choice = self.rnd.randrange(14)
        words = self.rnd.choice(["v", "a: b", "k: v", "'q'", "x #y", "[a", "{b}", "it's", '"d"', "- z"])
        if choice == 0:
            return "v # comment: 'x"
        if choice == 1:
            return "'" + words.replace("'", "''") + "'"
        if choice == 2:
            return '"' + words.replace('"', '\\"') + '"'
        if choice in (3, 4):  # a quoted scalar over lines
            quote = self.rnd.choice("'\"")
            body = [self.continuation(indent) + self.rnd.choice(["k: v", "- x", "'", "[a,", "text", ""])]
            body = [line.replace(quote, quote * 2 if quote == "'" else '\\"') for line in body]
            self.pending = [*body, self.continuation(indent) + "end" + quote]
            return quote + "start"
        if choice == 5:  # a plain scalar over lines
            self.pending = [" " * self.rnd.randint(indent + 1, indent + 4) + "more text"]
            return "plain"
        if choice in (6, 7):  # a block scalar holding lines that look like keys and quotes
            content = " " * self.rnd.randint(indent + 1, indent + 4)
            self.pending = [content + line for line in ["k: v", "'open", "- x", "", "  [a,"]]
            return self.rnd.choice(["|", ">-", "|+"])
        if choice == 8:  # now and then one over which the whole text is composed
            return self.rnd.choice(["[a, b]", "[]", "{}", "[ a ,b, ]"] * 6 + ["[a, 'b']", "{a: 1}"])
        if choice == 9:
            self.anchors.append(f"a{len(self.anchors)}")
            return f"&{self.anchors[-1]} v"
        if choice == 10 and self.anchors:
            return "*" + self.rnd.choice(self.anchors)
        if choice == 11:
            return "!!str 12"
        return self.rnd.choice(["v", "12", "null", "x y z", "a-b", "é"])

    def emit(self, line: str) -> None:
        self.lines.append(line)

    def flush(self) -> None:
        self.lines += self.pending
        self.pending = []

    def mapping(self, indent: int, depth: int, first: str | None = None) -> None:
        """Members at `indent`; `first`: the text before the first key on its line (`- ` of an item)."""
        for n in range(self.rnd.randint(1, 4)):
            self.noise(indent)
            start = first if (first is not None and n == 0) else " " * indent
            self.value(start + self.key() + ":", indent, depth)

    def value(self, head: str, indent: int, depth: int) -> None:
        roll = self.rnd.random()
        if depth > 3 or roll < 0.5:
            self.emit(head + " " + self.scalar(indent))
            self.flush()
        elif roll < 0.7:
            self.anchors.append(f"a{len(self.anchors)}")
            self.emit(head + self.rnd.choice(["", " # c", " &" + self.anchors[-1]]))
            self.mapping(indent + self.rnd.randint(1, 4), depth + 1)
        else:
            self.emit(head)
            self.sequence(indent + self.rnd.choice([0, 0, 2, 3]), depth + 1)

    def sequence(self, indent: int, depth: int) -> None:
        for _ in range(self.rnd.randint(1, 4)):
            self.noise(indent)
            roll = self.rnd.random()
            dash = " " * indent + self.rnd.choice(["- ", "- ", "-  "])
            if depth > 3 or roll < 0.4:
                self.emit(dash + self.scalar(indent))
                self.flush()
            elif roll < 0.7:
                self.mapping(len(dash), depth + 1, first=dash)
            elif roll < 0.85:
                self.emit(dash.rstrip())
                self.mapping(indent + self.rnd.randint(1, 3), depth + 1)
            else:
                self.sequence_inline(dash, depth)

    def sequence_inline(self, dash: str, depth: int) -> None:
        self.emit(dash + "- " + self.scalar(len(dash)))
        self.flush()
        for _ in range(self.rnd.randint(0, 2)):
            self.emit(" " * len(dash) + "- " + self.scalar(len(dash)))
            self.flush()


def _block_text(rnd: Any, crlf: bool) -> str:
    writer = _BlockWriter(rnd)
    writer.mapping(0, 0)
    text = "\n".join(writer.lines) + "\n"
    return text.replace("\n", "\r\n") if crlf else text


# block YAML written by _BlockWriter (with CRLF line breaks or not)
BLOCK_TEXTS = st.builds(_block_text, st.randoms(use_true_random=False), st.booleans())


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BLOCK_TEXTS)
def test_generated_block_yaml(text: str) -> None:
    check(text)
