"""JSON read from its bytes by orjson (xtgen.read.load.fast_json) against the exact reader it stands in for.

For every text: the fast path gives the very value the exact reader (json.loads refusing duplicate keys) gives,
types included (1 is not 1.0, a 20-digit integer is not a float), or it declines and the exact reader decides,
with the same error. Generated texts aim at where the two readers differ: duplicate keys (also where an
escaped colon could hide one), integers past 64 bits, NaN and Infinity, lone surrogates, byte-order marks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xtgen.model import XtgenError
from xtgen.read.load import decode_text, fast_json, load_measured, parse_measured

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def typed(value: Any) -> Any:
    """The value with every scalar's type kept, for comparing (1 == 1.0 == True in Python)."""
    if isinstance(value, dict):
        return [(k, typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, repr(value))


def exact(data: bytes) -> tuple[str, Any]:
    try:
        return "ok", typed(parse_measured(decode_text(data, "f.json"), "f.json")[0])
    except XtgenError as exc:
        return "error", str(exc)


def fast(path: Path) -> tuple[str, Any]:
    try:
        return "ok", typed(load_measured(path)[0])
    except XtgenError as exc:
        return "error", str(exc).replace(str(path), "f.json")


def assert_same(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(data)
    assert fast(path) == exact(data)


SCALARS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.sampled_from(list('a:"\\é😀\u2028')), max_size=5),
    st.booleans(),
    st.none(),
)
KEYS = st.text(alphabet=st.sampled_from(list("ab:é")), max_size=3)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3), max_leaves=15
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=4), st.booleans(), st.booleans())
def test_generated_json_reads_alike(
    tmp_path_factory: Any, document: dict[str, Any], indent: bool, ascii_: bool
) -> None:
    text = json.dumps(document, indent=2 if indent else None, ensure_ascii=ascii_)
    assert_same(tmp_path_factory.mktemp("j"), text.encode())


SPECIAL = [
    b'{"a": 1, "a": 2}',  # a duplicate key: refused by both
    b'{"a": {"x": 1}, "b": 2, "a": {"x": 1}}',
    b'{"a": "\\u003a", "a": 2}',  # an escaped colon beside a duplicate: the fast path declines
    b'{"k\\u003Ak": 1}',
    b'{"a": 18446744073709551616, "b": -9223372036854775809}',  # past 64 bits: orjson would give floats
    b'{"a": 18446744073709551615, "b": -9223372036854775808}',  # the edges orjson keeps as int
    b'{"a": 1e19, "b": 9.3e18}',  # large floats: declined, then read alike
    b'{"a": NaN}',
    b'{"a": Infinity}',
    b'{"a": 1e400}',
    b'{"a": "\\ud800"}',
    b'\xef\xbb\xbf{"a": 1}',
    b'\xef\xbb\xbf  \n{"a": "\xc3\xa9"}',
    b'{"a": "\xed\xa0\x80"}',  # a surrogate written as UTF-8 bytes: not UTF-8
    b'{"a": 1,}',
    b'{"a": 1} x',
    b"[1, 2]",
    b'{"a": "\\u0000", "b": -0, "c": -0.0, "d": 1E2}',
    b'{"a": ' + b"[" * 1100 + b"]" * 1100 + b"}",  # deeper than orjson reads
    b"{\n" + b",\n".join(b'"k%d": "v:%d"' % (i, i) for i in range(2000)) + b"\n}",
]


@pytest.mark.parametrize("data", SPECIAL, ids=[repr(d[:30]) for d in SPECIAL])
def test_where_the_readers_differ_the_result_is_the_exact_one(tmp_path: Path, data: bytes) -> None:
    assert_same(tmp_path, data)


def test_the_fast_reader_declines_what_it_cannot_vouch_for() -> None:
    assert fast_json(b'{"a": 1, "a": 2}') is None
    assert fast_json(b'{"a": "\\u003a"}') is None
    assert fast_json(b'{"a": NaN}') is None
    assert fast_json(b'{"a": {"b": [1, "x:y"]}}') == {"a": {"b": [1, "x:y"]}}


def test_every_json_fixture_reads_alike(tmp_path: Path) -> None:
    files = sorted(FIXTURES.rglob("*.json"))
    assert len(files) > 100
    for file in files:
        assert_same(tmp_path, file.read_bytes())
