"""Property: every value an original schema accepts, its conversion accepts (issue 14: soundness 100%).

Instances are generated from each OpenAPI 3.0 component schema of the fixtures with hypothesis-jsonschema and
checked against the Swagger 2.0 definition xtgen wrote (both read as JSON Schema draft 4). Recursive
references are followed twice in the original (tests/soundness.py `bounded`): instances of a subset of it.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, Unsatisfiable
from referencing.exceptions import Unresolvable

from .conftest import FIXTURES
from .soundness import schema_pairs

PAIRS = list(schema_pairs(FIXTURES))


def _strategy(schema: dict[str, Any]) -> Any:
    from hypothesis_jsonschema import from_schema

    try:
        return from_schema(schema)
    except (InvalidArgument, Unresolvable, RecursionError) as exc:
        pytest.skip(f"hypothesis-jsonschema cannot generate from this schema: {exc}")


def test_the_fixtures_have_schemas_to_check() -> None:
    assert len(PAIRS) >= 40
    assert any(name.startswith("schemas-merge-union/") for name, _, _ in PAIRS)


@pytest.mark.parametrize(("name", "original", "converted"), PAIRS, ids=[p[0] for p in PAIRS])
def test_converted_schema_accepts_what_the_original_accepts(
    name: str, original: dict[str, Any], converted: dict[str, Any]
) -> None:
    strategy = _strategy(original)
    validator = jsonschema.Draft4Validator(converted)

    @settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data: st.DataObject) -> None:
        try:
            instance = data.draw(strategy)
        except (InvalidArgument, Unresolvable) as exc:  # raised lazily by some
            pytest.skip(f"hypothesis-jsonschema cannot generate from this schema: {exc}")
        errors = [e.message for e in validator.iter_errors(instance)]
        assert not errors, f"{name}: the original accepts {instance!r}, the conversion rejects it: {errors[:3]}"

    try:
        check()
    except Unsatisfiable:
        pytest.skip("hypothesis-jsonschema found no instance of this schema")


def test_the_merge_fix_is_needed_here() -> None:
    """The instance the issue names (mode: assumeRole, under oneOf) fails against the first branch alone."""
    pair = next(p for p in PAIRS if p[0] == "schemas-merge-union/Target")
    instance = {"auth": {"mode": "assumeRole", "role": "r"}, "endpoint": {"queueId": "q", "retries": "3"}}
    assert jsonschema.Draft4Validator(pair[1]).is_valid(instance)
    assert jsonschema.Draft4Validator(pair[2]).is_valid(instance)
    first_branch_only = {"properties": {"auth": {"properties": {"mode": {"enum": ["credentials"]}}}}}
    assert not jsonschema.Draft4Validator(first_branch_only).is_valid(instance)
