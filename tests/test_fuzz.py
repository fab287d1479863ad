"""Property-based fuzzing of the conversion (hypothesis).

Properties, for every generated document and options:
- `convert` never raises and never mutates its input;
- every output it would write (no error diagnostic) is valid Swagger 2.0, in JSON and in YAML;
- every failure carries at least one error diagnostic, and no diagnostic reports an internal failure
  (XT901 invalid output, XT902 validator crash);
- conversion is deterministic: the same input and options give the same bytes and diagnostics.

The default run is quick (XTGEN_FUZZ_EXAMPLES, default 20 examples per source). A long campaign:

    XTGEN_FUZZ_EXAMPLES=3400 python -m pytest tests/test_fuzz.py -p no:cacheprovider

(3 sources x 3400 = 10,200 documents). Findings become regression cases in fixtures/fuzz-*/.
"""

from __future__ import annotations

import json
import os
import re
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xtgen import Options, convert
from xtgen.app.write import serialize
from xtgen.model import Severity, XtgenError
from xtgen.read.limits import check_limits
from xtgen.read.load import parse_text

from .conftest import assert_valid_swagger2
from .fuzz_strategies import (
    SCHEME_NAMES,
    deep_nesting_texts,
    merge_key_texts,
    mutated_fixtures,
    oas30_documents,
    ref_fan_out_documents,
    targeted_documents,
)

EXAMPLES = int(os.environ.get("XTGEN_FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 20,
    print_blob=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)
CODE = re.compile(r"^XT\d{3}$")
INTERNAL = ("XT901", "XT902", "XT903")


@st.composite
def options(draw: st.DrawFn) -> Options:
    target = draw(st.sampled_from(["nintex", "swagger2"]))
    security = draw(st.one_of(st.none(), st.sampled_from(SCHEME_NAMES), st.just("oauth:application")))
    server_url = draw(st.one_of(st.none(), st.just("https://api.example.com/v1")))
    validate = draw(st.integers(0, 3)) == 0  # input validation is slow; the output is always validated below
    return Options(target=target, security=security, server_url=server_url, validate=validate)


def check_conversion(document: Any, opts: Options) -> None:
    """The fuzz properties, for one document and one set of options."""
    before = json.dumps(document)
    first = convert(document, opts)
    assert json.dumps(document) == before, "convert mutated its input"
    for d in first.diagnostics:
        assert CODE.match(d.code) and isinstance(d.severity, Severity), d
        assert isinstance(d.message, str) and d.message and "\n" not in d.message, d
        assert isinstance(d.pointer, str) and (d.pointer == "" or d.pointer.startswith("/")), d
    internal = [d for d in first.diagnostics if d.code in INTERNAL]
    assert not internal, f"internal failure: {internal}"
    if first.ok:
        assert first.document is not None
        text = serialize(first.document, "json")
        assert_valid_swagger2(json.loads(text))
        from ruamel.yaml import YAML

        assert YAML(typ="safe").load(serialize(first.document, "yaml")) == json.loads(text)
    else:
        assert first.count(Severity.ERROR) >= 1, "a failed conversion must say why with an error"
    second = convert(document, opts)
    assert second.diagnostics == first.diagnostics
    assert (serialize(second.document) if second.document is not None else None) == (
        serialize(first.document) if first.document is not None else None
    )


@FUZZ
@given(document=oas30_documents(), opts=options())
def test_fuzz_documents_from_the_oas30_schema(document: Any, opts: Options) -> None:
    check_conversion(document, opts)


@FUZZ
@given(document=targeted_documents(), opts=options())
def test_fuzz_targeted_documents(document: Any, opts: Options) -> None:
    check_conversion(document, opts)


@FUZZ
@given(document=mutated_fixtures(), opts=options())
def test_fuzz_mutated_fixtures(document: Any, opts: Options) -> None:
    check_conversion(document, opts)


# ---- hostile shapes: bounded work, one clean refusal, never a crash ----------------------------------

HOSTILE = settings(FUZZ, max_examples=max(5, EXAMPLES // 4))


@HOSTILE
@given(text=deep_nesting_texts())
def test_fuzz_deep_nesting_is_refused_before_any_parser_recurses(text: str) -> None:
    """A crash in the C parser would end this process: reaching the assertions is the property."""
    with pytest.raises(XtgenError):
        parse_text(text, "deep.yaml")


@HOSTILE
@given(text=merge_key_texts())
def test_fuzz_merge_keys_cost_bounded_time(text: str) -> None:
    start = time.perf_counter()
    try:
        document = parse_text(text, "merge.yaml")
    except XtgenError as exc:
        assert "merge" in str(exc) or "values" in str(exc), exc
    else:
        assert check_limits(document) == []
    assert time.perf_counter() - start < 10


@HOSTILE
@given(document=ref_fan_out_documents(), validate=st.booleans())
def test_fuzz_ref_fan_out_costs_bounded_time(document: Any, validate: bool) -> None:
    start = time.perf_counter()
    result = convert(document, Options(validate=validate))
    assert time.perf_counter() - start < 20
    assert not [d for d in result.diagnostics if d.code in INTERNAL and d.code != "XT904"], result.diagnostics
    if result.ok:
        assert result.document is not None
        assert len(serialize(result.document)) < 50 * 2**20
