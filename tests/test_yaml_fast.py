"""The fast YAML path (xtgen/read/yaml_fast.py) against ruamel.yaml, the loader it stands in for.

For every text: the fast path gives exactly ruamel's documents (types, key order, shared objects), or it
declines. Where ruamel refuses a text, the fast path must decline (ruamel words the error).
"""

from __future__ import annotations

import datetime
import math
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.error import MarkedYAMLError

from xtgen.model import XtgenError
from xtgen.read import load, yaml_fast

from .conftest import YAML_FIXTURES, every_pointer

pytestmark = [
    pytest.mark.skipif(not yaml_fast.available(), reason="PyYAML's C extension (libyaml) is not installed"),
    # generated texts reuse anchors, which ruamel's pure composer warns about (libyaml refuses them)
    pytest.mark.filterwarnings("ignore::ruamel.yaml.composer.ReusedAnchorWarning"),
]


def ruamel_docs(text: str) -> list[Any]:
    """What parse_yaml loaded before the fast path: ruamel's C parser, its pure parser where that refuses."""
    try:
        return load._load_yaml(text, pure=False)
    except MarkedYAMLError:
        return load._load_yaml(text, pure=True)


def fast_docs(text: str) -> list[Any] | None:
    try:
        return yaml_fast.load_all_fast(text)
    except yaml_fast.Declined:
        return None


def same(a: Any, b: Any, seen: dict[int, int] | None = None) -> bool:
    """Equal values of equal types, dicts in the same order, NaN equal to NaN, and aliases shared alike."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, (dict, list)):
        seen = {} if seen is None else seen
        if id(a) in seen:
            return seen[id(a)] == id(b)
        seen[id(a)] = id(b)
        if isinstance(a, dict):
            return len(a) == len(b) and all(
                same(ka, kb, seen) and same(va, vb, seen)
                for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True)
            )
        return len(a) == len(b) and all(same(x, y, seen) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def check(text: str) -> str:
    """'fast' when the fast path built ruamel's documents, 'declined' when it declined; fails otherwise."""
    fast = fast_docs(text)
    try:
        reference = ruamel_docs(text)
    except Exception as exc:  # ruamel refuses the text (or a constructor fails): the fast path must not load it
        assert fast is None, f"ruamel refuses {text!r} ({type(exc).__name__}) but the fast path gave {fast!r}"
        return "declined"
    if fast is None:
        return "declined"
    assert same(fast, reference), f"{text!r}: fast {fast!r} != ruamel {reference!r}"
    return "fast"


# (text, what the fast path must do): "fast" = it loads it (and equals ruamel), "declined" = ruamel loads it.
TABLE: list[tuple[str, str]] = [
    # YAML 1.1 booleans are strings in 1.2; 1.2 booleans in every case ruamel accepts
    ("a: [off, on, yes, no, y, n, Y, N, Yes, NO, On, OFF]", "fast"),
    ("a: [true, True, TRUE, false, False, FALSE, tRUE, fAlse]", "fast"),
    # integers: octal, hex, binary, underscores, signs, leading zeros, 1.1 sexagesimal (a string in 1.2)
    ("a: [0o17, 017, 0x1F, 0X1F, 0b101, 1_000, +12, -12, -0, 00, 0, 09, 0o8, 0x, +_1]", "fast"),
    ("a: -_", "declined"),  # resolved as an integer; ruamel's int() fails on it
    ("a:\n- 190:20:30\n- 1:30\n- -1:30\n- 0:0", "fast"),
    ("a: 123456789012345678901234567890", "fast"),
    ("a: " + "9" * 5000, "declined"),  # more digits than int() converts: ruamel raises, parse_yaml words it
    # floats: exponents, dots, 1.1-only forms, infinities and NaN in every spelling
    ("a: [1.5, -1.5, .5, -.5, 1., 1e3, 1E3, 1e+3, 1.0e-3, 6.8523015e+5, 685.230_15e+03, 1_0.5, .1e3, .1e+3]", "fast"),
    ("a: [.inf, .Inf, .INF, -.inf, +.inf, .nan, .NaN, .NAN, .iNf, -.NaN, 0.]\nb: 190:20:30.15", "fast"),
    # null and empty values
    ("a: [~, null, Null, NULL, nULL, '', '~']\nb:\nc: ~", "fast"),
    ("~: a", "fast"),
    ("", "fast"),
    ("---\n", "fast"),
    ("--- \n...\n--- a\n", "fast"),
    ("a: 1\n---\nb: 2\n", "fast"),
    # timestamps and dates: whatever ruamel's constructor makes of them
    ("a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: 2001-12-14 21:59:43.10 -5\nd: 2001-12-15T02:59:43.1Z", "fast"),
    ("a:\n- 2002-12-14\n- 2001-12-15 2:59:43.10\n- 1999-1-1\n- 2001-13-45", "declined"),  # month 13: ruamel fails
    ("2001-12-14: a\n2001-12-15: b", "fast"),
    # keys of every scalar type, and ones that collide in a Python dict
    ("200: ok\n'201': created\n1.5: x\ntrue: y\nnull: z\n.nan: n", "fast"),
    ("1: a\ntrue: b", "declined"),
    ("a: 1\na: 2", "declined"),
    (".nan: 1\n.nan: 2", "declined"),
    ("a: {b: 1, b: 1}", "declined"),
    # merge keys and the value key
    ("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2", "declined"),
    ("a: {<<: [{x: 1}], y: 2}", "declined"),
    ("a: =", "declined"),
    ("a: '<<'\n'=': b", "fast"),
    ("!!str <<: a", "fast"),
    # anchors and aliases: shared objects, scalar aliases, a recursive alias
    ("a: &x [1, 2]\nb: *x\nc: &s hello\nd: *s", "fast"),
    ("a: &m {k: v}\nb: [*m, *m]", "fast"),
    ("&r a: [*r]", "fast"),  # an alias to a scalar key
    ("a: &r [*r]", "declined"),
    # complex keys
    ("? [a, b]\n: 1", "declined"),
    ("? {a: b}\n: 1", "declined"),
    ("? a\n: 1", "fast"),
    # tags
    ("a: !!str 12\nb: !!str true\nc: !!str\nd: !!map {x: 1}\ne: !!seq [1]", "fast"),
    ("a: !!int '12'", "declined"),
    ("a: !!float 1", "declined"),
    ("a: !!binary aGVsbG8=", "declined"),
    ("a: !!set {x, y}", "declined"),
    ("a: !!omap [{x: 1}]", "declined"),
    ("a: !!timestamp 2001-12-14", "declined"),
    ("a: !custom x", "declined"),
    ("a: !!str [1]", "declined"),
    ("a: ! 12\nb: ! '12'\nc: ! [1]", "fast"),
    ("%YAML 1.1\n---\na: 017\nb: on\n", "declined"),
    ("%YAML 1.2\n---\na: 017\n", "declined"),
    ("%TAG ! tag:example.com,2000:\n---\na: !x 1\n", "declined"),
    # `:` and `?` in plain scalars in flow collections: ruamel's C parser refuses them, its pure parser reads some
    # (`[{url: https://x}]`) and refuses others (`[0\t:0]`); PyYAML's libyaml 0.2.5 reads all: declined
    ("[{url: https://x}]", "declined"),
    ("servers: [{url: https://api.example.com/v1}]", "declined"),
    ("servers:\n- {url: 'https://api.example.com/v1'}", "fast"),
    ("servers:\n- url: https://api.example.com/v1", "fast"),
    ("a: {b: https://x.y/z}", "declined"),
    ("a: [0\t:0]", "declined"),
    ("a: [a?b, c:d, e? f]", "declined"),
    ("a: {x?: 1}", "declined"),
    # a tab in a plain scalar in a flow collection: ruamel refuses `[0\t0, ?]` (both of its parsers), reads
    # `[0\t0]` and `[0, ?]`; libyaml reads all three: declined
    ("a: [0\t0, ?]", "declined"),
    ("a: [0\t0]", "declined"),
    # an empty plain scalar with a tag: libyaml ends `!` at a flow indicator, ruamel reads the tag `!,`
    ("a: [!, 0]", "declined"),
    ("a: {!: x}", "declined"),
    ("a: ''\nb: [a, '']\n'': c", "fast"),
    # quoting, escapes, block scalars, flow style, comments
    ("a: 'it''s'\nb: \"tab\\there \\u00e9 \\x41\"\nc: |\n  line 1\n   line 2\nd: >-\n  folded\n  text\n", "fast"),
    ("a: |+\n  keep\n\nb: x", "fast"),
    ("a: {x: 1, y: [2, {z: 3}]}  # comment\n# end", "fast"),
    ("a: 'multi\n  line'\nb: plain\n  continued", "fast"),
    ("a: #not a comment\nb: x #comment", "fast"),
    ("- a\n- - b\n  - c\n- {d: e}", "fast"),
    ("a: [1, 2,]", "fast"),
    ('a: "\\ud800"', "declined"),  # a lone surrogate: both refuse
    # BOM, tabs, CRLF, unusual line breaks, very long lines, non-ASCII
    ("\ufeffa: 1", "fast"),
    ("a: 1\r\nb: [x,\r\n  y]\r\n", "fast"),
    ("a: 1\rb: 2", "fast"),
    ("a:\tb", "fast"),
    ("a: b\tc", "fast"),
    ("a:\n\t- b", "declined"),  # a tab in indentation: refused
    ("a: " + "x" * 200_000, "fast"),
    ("a: " + " ".join(["word"] * 30_000), "fast"),
    ("é: ü\n日本: 語\n😀: [a]", "fast"),
    ("a: b\u2028c", "declined"),  # a YAML 1.1 line break to libyaml, content to ruamel's pure parser
    ("a: b\x85c", "declined"),
    ("a: \x07", "declined"),  # a non-printable character: refused
    ("a: \ud800", "declined"),  # a lone surrogate in the text (not from a file: decode_text refuses it)
    # malformed
    ("a: [1, 2", "declined"),
    ("a: b: c", "declined"),
    ("a:\n  - b\n c: d", "declined"),
    ("*unknown", "declined"),
    ("a: 'unterminated", "declined"),
    # plain scalars that look like other things
    ("a: [1.2.3, 1e, e3, 0x, 0o, 0b2, 1-2, '-', -, +, ., .., ..., 1__0, _1, 1_, 0._1]\nb: 1:2:3:4\nc: 12:60", "fast"),
    ("a: [=x, x=, <<x, <, 'y', ~x, nulls, truey, 2001-12-14x, 2001-1-14]\nb: 12:30:45", "fast"),
    ("a: [1 2, 3 .inf, 'a' ]", "fast"),
]


@pytest.mark.parametrize(("text", "expect"), TABLE, ids=[repr(t[:40]) for t, _ in TABLE])
def test_table_fast_equals_ruamel_or_declines(text: str, expect: str) -> None:
    assert check(text) == expect


def test_types_match_yaml_1_2_not_1_1() -> None:
    """The facts the table relies on, spelled out: YAML 1.2 resolution as ruamel does it."""
    docs = yaml_fast.load_all_fast(
        "a: off\nb: 017\nc: 0o17\nd: 1_000\ne: 1:30\nf: .NaN\ng: 2001-12-14\nh: 0x1F\ni: Yes\nj: true"
    )
    (doc,) = docs
    assert doc["a"] == "off" and doc["i"] == "Yes" and doc["j"] is True
    assert doc["b"] == 17 and doc["c"] == 15 and doc["d"] == 1000 and doc["h"] == 31
    assert doc["e"] == "1:30"
    assert math.isnan(doc["f"])
    assert doc["g"] == datetime.date(2001, 12, 14)


def test_aliases_share_objects_like_ruamel() -> None:
    (doc,) = yaml_fast.load_all_fast("a: &x {k: [1]}\nb: *x\n")
    assert doc["a"] is doc["b"]


def test_mapping_keys_are_interned() -> None:
    """Keys are shared with the converter's literals ("type", "properties"), so its lookups compare by identity
    (about 0.07 s of converting GitHub's description as YAML); values are left alone."""
    (doc,) = yaml_fast.load_all_fast("type: object\nproperties: {name: {type: string}}\nx-" + "k" * 80 + ": 1\n")
    keys = [*doc, *doc["properties"], *doc["properties"]["name"]]
    assert all(key is sys.intern(key) for key in keys)
    assert doc["properties"]["name"]["type"] == "string"


def test_deep_nesting_declines_past_the_limit() -> None:
    from xtgen.read.limits import MAX_DEPTH

    assert check("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)) == "fast"
    with pytest.raises(yaml_fast.Declined):
        yaml_fast.load_all_fast("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))


def _yaml_fixtures() -> list[Path]:
    return YAML_FIXTURES


def test_every_yaml_fixture_loads_alike() -> None:
    paths = _yaml_fixtures()
    assert len(paths) > 50
    outcomes = {}
    for path in paths:
        text = load.decode_text(path.read_bytes(), str(path))
        outcomes[path] = check(text)
    # the fast path carries the ordinary case: nearly every fixture is loaded by it
    assert sum(1 for v in outcomes.values() if v == "fast") >= 0.8 * len(paths), outcomes


def test_parse_yaml_same_with_and_without_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """parse_yaml's result, or its error message, is the same whichever loader runs."""
    deep = ["a: " + "[" * depth + "]" * depth for depth in (100, 127, 128, 129, 200, 5000)] + [
        "a:\n" + "".join(" " * i + "- \n" for i in range(depth)) for depth in (126, 127, 128, 300)
    ]
    texts = [t for t, _ in TABLE] + deep + [load.decode_text(p.read_bytes(), str(p)) for p in _yaml_fixtures()[:40]]

    def outcome(text: str) -> Any:
        try:
            return ("ok", load.parse_yaml(text, "spec.yaml"))
        except XtgenError as exc:
            return ("error", str(exc))

    with_fast = [outcome(t) for t in texts]
    monkeypatch.setattr(yaml_fast, "available", lambda: False)
    without = [outcome(t) for t in texts]
    for text, a, b in zip(texts, with_fast, without, strict=True):
        assert a[0] == b[0] and same(a[1], b[1]), text[:80]


def test_a_merge_bomb_is_still_refused() -> None:
    """Merges go to ruamel's counting constructor, which stops a chain of merges past its budget."""
    lines = ["a0: &a0 {k0: 0, k1: 1, k2: 2, k3: 3}"]
    lines += [f"a{i}: &a{i} {{<<: *a{i - 1}, x{i}: {i}}}" for i in range(1, 500)]
    with pytest.raises(XtgenError, match=r"merge keys \(<<\) copy more than"):
        load.parse_yaml("\n".join(lines), "bomb.yaml")


# Plain scalars built from the characters that decide YAML types.
PLAIN_ALPHABET = "0123456789_.:+-eEoxXbBtTrRuUfFaAlLsSnNyYiI~=<!@&*%, -#'\"[]{}?|>\t"
plain_scalars = st.text(alphabet=PLAIN_ALPHABET, min_size=1, max_size=12)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | plain_scalars
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8) | plain_scalars, children, max_size=4)
    ),
    max_leaves=25,
)


def _ruamel_dump(value: Any, flow: bool | None) -> str:
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    out = io.StringIO()
    yaml.dump(value, out)
    return out.getvalue()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values, flow=st.sampled_from([False, True, None]))
def test_generated_documents_load_alike(value: Any, flow: bool | None) -> None:
    check(_ruamel_dump({"root": value}, flow))


@settings(max_examples=500, deadline=None)
@given(scalars=st.lists(plain_scalars, min_size=1, max_size=6), style=st.sampled_from(["block", "flow", "keys"]))
def test_generated_plain_scalars_load_alike(scalars: list[str], style: str) -> None:
    """Random text emitted plain (unquoted), as keys, block items and flow items: libyaml may refuse it."""
    if style == "block":
        text = "\n".join(f"k{i}: {s}" for i, s in enumerate(scalars))
    elif style == "flow":
        text = "a: [" + ", ".join(scalars) + "]"
    else:
        text = "\n".join(f"{s}: v{i}" for i, s in enumerate(scalars))
    check(text)


def _pointers(value: Any) -> list[str]:
    """Every JSON pointer into a loaded document (the first 3,000), plus a few that lead nowhere."""
    return [*every_pointer(value, 3000), "/nowhere", "/0/x"]


def test_positions_by_the_fast_composer_equal_ruamels(monkeypatch: pytest.MonkeyPatch) -> None:
    """Line and column of every pointer into every YAML fixture (and the table's texts) are the same whether
    libyaml composes through PyYAML (`compose_fast`) or through ruamel."""
    from xtgen.app import locate

    texts = [load.decode_text(p.read_bytes(), str(p)) for p in _yaml_fixtures()] + [t for t, _ in TABLE if t]
    wanted = []
    for text in texts:
        docs = fast_docs(text) or ruamel_docs_or_none(text)
        wanted.append(_pointers(docs[0]) if docs else ["", "/a", "/a/0"])
    composed = sum(1 for text in texts if yaml_fast.compose_fast(text) is not None)
    assert composed >= 0.8 * len(texts)
    fast = [locate.positions(text, pointers) for text, pointers in zip(texts, wanted, strict=True)]
    monkeypatch.setattr(yaml_fast, "compose_fast", lambda text: None)
    slow = [locate.positions(text, pointers) for text, pointers in zip(texts, wanted, strict=True)]
    for text, a, b in zip(texts, fast, slow, strict=True):
        assert a == b, text[:80]


def ruamel_docs_or_none(text: str) -> list[Any] | None:
    try:
        return ruamel_docs(text)
    except Exception:
        return None
