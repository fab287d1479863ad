"""The one walk of a converted output (xtgen.validate.refs.survey_output) against the two it replaced.

validate_swagger2 used to walk its output twice: `xtgen.read.limits.survey` for the Facts its checks use, then,
when some local ref did not resolve (GitHub's output keeps `#/components/...` refs in examples and `x-`
extensions), `xtgen.validate.refs._ref_sites` (through `dangling_refs`) for the refs that count. The reference
kept here is exactly those functions, unchanged: `survey(document)` and `dangling_refs(document)` (no facts,
so its own `_ref_sites` walk), and the set of refs `_ref_sites(document)` yields. On every fixture's converted
output, on hand-built outputs and on generated ones with containers shared across the three contexts (schema,
named, data) and dangling refs in each, the new walk must give the same Facts (the same pattern pairs and
allOf holders, the very objects, in the same order) and the same dangling refs (same refs, pointers, order).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xtgen.model import Options
from xtgen.pipeline import convert_file
from xtgen.read.limits import MAX_DEPTH, MAX_KEY_CHARS, survey
from xtgen.validate import _dangling
from xtgen.validate.refs import DATA_KEYS, NAMED_KEYS, _ref_sites, dangling_refs, survey_output

from .test_golden import CASES, case_options


def assert_same_as_reference(document: Any) -> tuple[Any, Any]:
    """survey_output(document) against survey(document), _ref_sites(document) and dangling_refs(document)."""
    facts, sites = survey_output(document)
    expected = survey(document)
    assert facts == expected
    if expected is not None:
        assert facts is not None
        assert [(id(s), p, d) for s, p, d in facts.pattern_pairs] == [
            (id(s), p, d) for s, p, d in expected.pattern_pairs
        ]
        assert [id(h) for h in facts.allof_holders] == [id(h) for h in expected.allof_holders]
        assert facts.document is document
    if sites is not None:
        assert sites == frozenset(ref for ref, _ in _ref_sites(document))
    assert dangling_refs(document, facts, sites) == dangling_refs(document)
    assert _dangling(document, facts, sites) == _dangling(document, expected)
    return facts, sites


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_fixture_output_surveys_as_before(case: Path) -> None:
    options = case_options(case)
    ref_root = case / options["ref-root"] if "ref-root" in options else None  # what reads its input at all
    result = convert_file(next(case.glob("input.*")), Options(validate=False, ref_root=ref_root))
    if result.document is None:  # a run that ends without a document: the fixture says so (no expected.json)
        assert not (case / "expected.json").exists()
        return
    facts, sites = assert_same_as_reference(result.document)
    assert facts is not None and sites is not None  # a converted output takes the one-walk path


def _output(**extra: Any) -> dict[str, Any]:
    return {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, "definitions": {"A": {}}, **extra}


def test_a_container_seen_first_as_data_is_walked_again_where_its_refs_count() -> None:
    shared = {"$ref": "#/definitions/Missing", "example": {"$ref": "#/definitions/Gone"}}
    # depth first, last child first: x-ext (data) is met before definitions (named, then schema)
    document = _output(**{"x-ext": {"kept": shared}})
    document["definitions"]["B"] = shared
    document["definitions"]["C"] = {"properties": {"p": {"allOf": [shared]}}}
    facts, sites = assert_same_as_reference(document)
    assert sites == {"#/definitions/Missing"}
    assert dangling_refs(document, facts, sites) == [
        ("#/definitions/Missing", "/definitions/B"),
        ("#/definitions/Missing", "/definitions/C/properties/p/allOf/0"),
    ]


def test_a_container_seen_as_a_schema_and_as_names_yields_the_refs_of_both() -> None:
    shared = {"$ref": "#/definitions/Missing", "example": {"$ref": "#/definitions/Gone"}}
    document = _output(definitions={"A": {"properties": shared}, "B": shared})
    facts, sites = assert_same_as_reference(document)
    assert sites == {"#/definitions/Missing", "#/definitions/Gone"}
    assert dangling_refs(document, facts, sites) == [
        ("#/definitions/Gone", "/definitions/A/properties/example"),
        ("#/definitions/Missing", "/definitions/B"),
    ]


def test_refs_only_in_data_are_not_dangling_and_need_no_second_walk() -> None:
    document = _output(
        definitions={"A": {"example": {"$ref": "#/components/schemas/A"}, "x-a": [{"$ref": "#/nowhere"}]}}
    )
    facts, sites = assert_same_as_reference(document)
    assert facts is not None and facts.local_refs == {"#/components/schemas/A", "#/nowhere"}
    assert sites == frozenset()
    assert dangling_refs(document, facts, sites) == []


def test_what_the_fast_path_does_not_vouch_for_falls_back_to_survey() -> None:
    accented = _output(definitions={"Café": {"$ref": "#/definitions/A"}, "A": {"x-é": {"$ref": "#/nowhere"}}})
    facts, sites = assert_same_as_reference(accented)  # a key _Walk.run looks at more closely, and accepts
    assert facts is not None and sites == {"#/definitions/A"}
    for key in ("lone\udc00", 3, "k" * (MAX_KEY_CHARS + 1)):
        assert survey_output(_output(definitions={key: {}})) == (None, None)
    assert_same_as_reference(_output(definitions={"é": {}, 3: {"$ref": "#/x"}}))
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(MAX_DEPTH + 1):
        node["items"] = node = {}
    assert survey_output(_output(definitions={"D": deep})) == (None, None)
    assert_same_as_reference(_output(definitions={"T": {"default": b"bytes"}}))
    assert_same_as_reference(_output(definitions={"T": {"default": float("nan")}}))
    assert_same_as_reference(_output(definitions={"T": {"enum": ["lone\ud800"]}}))


# ---- generated outputs with shared containers ------------------------------------------------------------

KEYS = st.sampled_from(
    [
        *sorted(NAMED_KEYS | DATA_KEYS),
        "$ref",
        "x-a",
        "x-ref",
        "allOf",
        "pattern",
        "type",
        "items",
        "schema",
        "a",
        "b",
        "é",
    ]
)
REFS = ["#/definitions/A", "#/definitions/Missing", "#/paths", "other.json#/X", "#/definitions/A/properties/x"]
SCALARS = st.one_of(
    st.sampled_from([*REFS, "^a$", "(a+)+$", "a", "ok"]),
    st.integers(-2, 2),
    st.sampled_from([1.5, 2.0**64, -(2.0**70)]),
    st.booleans(),
    st.none(),
)
TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(KEYS, children, max_size=5),
        st.fixed_dictionaries({"$ref": st.sampled_from(REFS)}),
        st.fixed_dictionaries({"pattern": st.sampled_from(["^a$", 3]), "default": st.sampled_from(["a", None])}),
        st.fixed_dictionaries({"allOf": st.lists(children, max_size=3)}),
    ),
    max_leaves=40,
)


def _containers(node: Any) -> list[Any]:
    found: list[Any] = []
    seen: set[int] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if not isinstance(item, (dict, list)) or id(item) in seen:
            continue
        seen.add(id(item))
        found.append(item)
        stack.extend(item.values() if isinstance(item, dict) else item)
    return found


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, TREES, max_size=6), st.data())
def test_generated_outputs_with_shared_containers_survey_as_before(extra: dict[str, Any], data: st.DataObject) -> None:
    document = _output(**{k: v for k, v in extra.items() if k != "definitions"})
    document["definitions"].update({"B": extra.get("definitions", {})})
    for _ in range(data.draw(st.integers(0, 6))):  # one container placed again elsewhere, never inside itself
        containers = _containers(document)
        moved = data.draw(st.sampled_from(containers))
        holders = [c for c in containers if all(c is not inner for inner in _containers(moved))]
        if not holders:
            continue
        holder = data.draw(st.sampled_from(holders))
        if isinstance(holder, dict):
            holder[data.draw(KEYS)] = moved
        else:
            holder.append(moved)
    facts, sites = assert_same_as_reference(document)
    assert facts is not None and sites is not None
