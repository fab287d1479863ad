"""The orjson path of the JSON writer (write._orjson_text): the bytes of json.dumps(indent=2, ensure_ascii=False)
or None (then the exact writer runs), on every golden output and on the values where orjson's text differs."""

from __future__ import annotations

import datetime
import enum
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xtgen.app.write import _indented, _orjson_text, dumps_indented

pytest.importorskip("orjson")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOLDEN_OUTPUTS = sorted(FIXTURES.glob("*/expected.json"))


def exact(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("path", GOLDEN_OUTPUTS, ids=[p.parent.name for p in GOLDEN_OUTPUTS])
def test_orjson_path_is_taken_and_byte_identical_on_goldens(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert _orjson_text(doc) == _indented(doc) == exact(doc)


class Colour(enum.IntEnum):
    RED = 1


class Text(str):
    pass


class Number(float):
    pass


DIFFERENT = [
    1e-05,
    -1.5e-07,
    9.999e-05,
    1e-09,
    {"minimum": 0.00001},
    [1, 2.5e-06],
    {"a": [{"b": 3e-08}]},
    float("nan"),
    {"a": float("inf")},
    [None, float("-inf")],
    2**64,
    -(2**63) - 1,
    {"a": 10**30},
    "\ud800",
    {"\udfff": 1},
    {2: "a", None: "b", True: "c", 2.5: "d"},
    {"a": Text("x")},
    {Text("k"): 1},
    {"a": Number(0.5)},
    {"a": 10.00001},
]


@pytest.mark.parametrize("value", DIFFERENT, ids=[repr(v)[:40] for v in DIFFERENT])
def test_values_orjson_writes_differently_fall_back(value: Any) -> None:
    assert _orjson_text(value) is None
    assert dumps_indented(value) == exact(value)


SAME = [
    {"a": None},
    {"a": "1e-5 and 0.00001 inside a string", "b": "2e-1"},
    {"a": 1e-10, "b": 1e-4, "c": 1e16, "d": 5e-324, "e": -0.0, "f": 1.7976931348623157e308},
    {"a": 2**64 - 1, "b": -(2**63)},
    {"a": "é\u2028\u2029\x7f\x00\x1f😀"},
    {"a": [], "b": {}, "c": [{}, []], "d": (1, "x")},
    {"a": Colour.RED},
]


@pytest.mark.parametrize("value", SAME, ids=[repr(v)[:40] for v in SAME])
def test_values_orjson_writes_alike_take_the_fast_path(value: Any) -> None:
    assert _orjson_text(value) == exact(value)


def test_a_tuple_beside_a_null_is_left_to_the_exact_writer() -> None:
    value = {"d": (1, None)}  # read back, the tuple is a list: unequal, so the (conservative) fall-back
    assert _orjson_text(value) is None
    assert dumps_indented(value) == exact(value)


def test_errors_stay_those_of_json_dumps() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"when": datetime.date(2026, 1, 1)})
    deep: Any = []
    for _ in range(300):  # deeper than orjson goes
        deep = [deep]
    assert dumps_indented(deep) == exact(deep)


SMALL_FLOATS = st.floats(min_value=1e-12, max_value=1e-3) | st.floats(min_value=-1e-3, max_value=-1e-12)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | SMALL_FLOATS | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_orjson_text_is_exact_or_absent(value: Any) -> None:
    text = _orjson_text(value)
    assert text is None or text == exact(value)
    assert dumps_indented(value) == exact(value)


def test_an_orjson_writing_other_float_text_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """orjson before 3.11.7 writes 1e+16 as `1e16` (found by CI's lower-bounds job): such a build is probed
    once and left unused, so the bytes stay json.dumps's whatever orjson a user has."""
    import sys
    import types

    from xtgen.app import write

    fake = types.ModuleType("orjson")
    fake.dumps = lambda value, *a, **k: b"1e16" if value == 1e16 else json.dumps(value).encode()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "orjson", fake)
    write._usable_orjson.cache_clear()
    try:
        assert write._usable_orjson() is None
        document = {"big": 1e16, "list": [1.5e300, 0.1]}
        assert write.dumps_indented(document) == json.dumps(document, indent=2, ensure_ascii=False)
    finally:
        write._usable_orjson.cache_clear()


@pytest.mark.parametrize(
    "value",
    [
        {"a": [{"b": [1.5, float("nan")]}]},
        {"a": None, "b": {"c": float("-inf")}},
        [[[float("inf")]]],
        {"d": (1, float("nan"))},  # orjson writes the tuple as a list, its NaN as null
        float("nan"),
    ],
    ids=["nan-deep", "inf-beside-null", "inf-in-lists", "nan-in-tuple", "bare-nan"],
)
def test_a_non_finite_number_anywhere_is_left_to_the_exact_writer(value: Any) -> None:
    """orjson writes NaN and infinities as null; json.dumps as NaN and Infinity. The fast path searches the
    document for them instead of reading its own text back, and must find them at any depth."""
    assert _orjson_text(value) is None
    assert dumps_indented(value) == exact(value)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.sampled_from(["json", "yaml"]))
def test_the_bytes_written_are_the_text_encoded(value: Any, fmt: str) -> None:
    """encode_document (what the CLI writes, without a str of the whole text) is serialize()'s text as UTF-8."""
    from xtgen.app.write import encode_document, serialize

    document = {"root": value}
    assert encode_document(document, fmt) == serialize(document, fmt).encode("utf-8")


def test_a_text_that_cannot_be_utf8_stays_text() -> None:
    from xtgen.app.write import encode_document

    assert encode_document({"a": "\ud800"}) == '{\n  "a": "\ud800"\n}\n'
