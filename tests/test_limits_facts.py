"""The one walk of a loaded document (xtgen.read.limits.measure) against the walks it replaced.

`measure` checks the limits and collects, in the same pass, the facts later stages used to walk the whole
document again for: whether a $ref leaves the document (bundling), the distinct local $refs (the ref-chain
check), the (pattern, default) pairs the slow-pattern guard tries, the allOf holders the fan-out bound starts
from and whether the document is plain JSON (the validation pre-check). The output's validation asks the same
walk (`survey`) for those and for its dangling-ref check. These tests keep the reference
implementations of those walks (as they were before the merge, path-carrying and one concern each) and
assert, on generated documents (hostile ones included: non-string keys, lone surrogates, NaN, dates, long
keys, deep nesting, shared and recursive containers), that the merged walk reports the same first problem
(code, message, pointer) and the same facts.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xtgen import pointer as jp
from xtgen.model import Diagnostic, Options
from xtgen.pipeline import convert, convert_file
from xtgen.read import limits
from xtgen.read.bundle import _refs
from xtgen.read.limits import (
    MAX_DEPTH,
    MAX_KEY_CHARS,
    MAX_NODES,
    SURROGATE,
    check_limits,
    facts_for,
    measure,
    survey,
)
from xtgen.read.load import load_measured, parse_measured
from xtgen.validate.fanout import _allof_holders, fanout_problem
from xtgen.validate.patterns import walk_pairs
from xtgen.validate.refs import dangling_refs

# ---- the reference walks ---------------------------------------------------------------------------------


def reference_first_problem(document: Any) -> tuple[Diagnostic | None, bool]:
    """The limits walk as it was: a path carried with every container, every key checked in Python."""
    seen: set[int] = set()
    shared = False
    count = 0
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(document, 1, ())]

    def at(path: tuple[Any, ...]) -> str:
        return jp.join("", *[str(t) for t in path])

    surrogate = limits.SURROGATE_MESSAGE
    while stack:
        node, depth, path = stack.pop()
        if id(node) in seen:
            shared = True
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            return Diagnostic(
                "XT030",
                "error",
                f"the document nests more than {MAX_DEPTH} levels deep; xtgen reads "
                "at most that many (flatten it with $refs to named components)",
                at(path),
            ), shared
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            count += 1
            if isinstance(node, dict) and not isinstance(key, str):
                return Diagnostic("XT033", "error", f"mapping key {key!r} is not a string; quote it", at(path)), shared
            if isinstance(key, str) and not key.isascii() and SURROGATE.search(key):
                return Diagnostic("XT034", "error", surrogate, at(path)), shared
            if isinstance(key, str) and len(key) > MAX_KEY_CHARS:
                message = (
                    f"a key of {len(key):,} characters ({key[:40]!r}...); xtgen reads keys of at most "
                    f"{MAX_KEY_CHARS:,} (every diagnostic under it repeats it in its pointer)"
                )
                return Diagnostic("XT037", "error", message, at(path)), shared
            if type(value) is str:
                if not value.isascii() and SURROGATE.search(value):
                    return Diagnostic("XT034", "error", surrogate, at((*path, key))), shared
            elif isinstance(value, (dict, list)):
                stack.append((value, depth + 1, (*path, key)))
            elif isinstance(value, float) and not math.isfinite(value):
                message = f"the number {value} has no JSON form; write a finite number"
                return Diagnostic("XT034", "error", message, at((*path, key))), shared
            elif value is not None and not isinstance(value, (str, int, float)):
                message = f"a {type(value).__name__} value has no JSON form; quote it as a string"
                return Diagnostic("XT034", "error", message, at((*path, key))), shared
        if count > MAX_NODES:
            message = f"the document holds more than {MAX_NODES:,} values; xtgen reads at most that many"
            return Diagnostic("XT031", "error", message, ""), shared
    return None, shared


def reference_plain_json(document: Any) -> bool:
    """validate/fast.plain_json as it was: only dicts, lists and values of exactly the JSON scalar types."""
    if type(document) is not dict:
        return False
    stack = [document]
    while stack:
        node = stack.pop()
        for value in node.values() if type(node) is dict else node:
            if type(value) in (dict, list):
                stack.append(value)
            elif type(value) not in (str, int, float, bool, type(None)):
                return False
    return True


def reference_pairs(document: Any) -> list[tuple[Any, str, str]]:
    """The slow-pattern guard's own walk as it was (validate/patterns.py)."""
    found: list[tuple[Any, str, str]] = []
    stack: list[Any] = [document]
    while stack and len(found) < limits.MAX_PATTERN_PAIRS:
        node = stack.pop()
        if isinstance(node, dict):
            if "pattern" in node and "default" in node:
                pattern, default = node["pattern"], node["default"]
                if isinstance(pattern, str) and isinstance(default, str):
                    found.append((node, pattern, default))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


# ---- generated documents ---------------------------------------------------------------------------------


class Tag(str):
    """A str subclass (what some YAML loaders give): no surrogate check, as before."""


class Mapping(dict[Any, Any]):
    """A dict subclass (what ruamel's round-trip loader gives): walked, but not plain JSON."""


KEYS = st.one_of(
    st.sampled_from(["$ref", "pattern", "default", "type", "properties", "items", "allOf", "a/b", "~x", "é"]),
    st.text(max_size=6),
    st.just("k" * (MAX_KEY_CHARS + 1)),
    st.just("bad\ud800key"),
    st.integers(-3, 3),
    st.booleans(),
    st.none(),
)
SCALARS = st.one_of(
    st.sampled_from(["#/components/schemas/A", "other.yaml#/X", "^(a+)+$", "aaaa", "lone\udc00", "ok"]),
    st.text(max_size=5),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.just(datetime.date(2024, 1, 31)),
    st.builds(Tag, st.sampled_from(["t", "t\ud800"])),
    st.just(b"bytes"),
)


def documents() -> st.SearchStrategy[Any]:
    tree = st.recursive(
        SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(KEYS, children, max_size=5),
            st.fixed_dictionaries(
                {"pattern": st.sampled_from(["^a$", "(a+)+$", 3]), "default": st.sampled_from(["a", "b", None])}
            ),
            st.fixed_dictionaries({"allOf": st.lists(children, max_size=3)}),
            st.builds(Mapping, st.dictionaries(st.sampled_from(["$ref", "allOf", "a"]), children, max_size=2)),
        ),
        max_leaves=30,
    )
    return st.dictionaries(st.sampled_from(["openapi", "paths", "components", "x"]), tree, max_size=4)


def _share(document: dict[str, Any], draw_index: int) -> dict[str, Any]:
    """The same container used twice (what a YAML alias gives), or inside itself (a recursive alias)."""
    containers = [v for v in document.values() if isinstance(v, (dict, list))]
    if not containers:
        return document
    target = containers[draw_index % len(containers)]
    document["shared"] = target
    if draw_index % 3 == 0 and isinstance(target, list):
        target.append(target)  # recursive
    return document


def _same(found: Diagnostic | None, expected: Diagnostic | None) -> None:
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert (found.code, found.message, found.pointer) == (expected.code, expected.message, expected.pointer)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.integers(0, 5), st.booleans())
def test_measure_reports_what_the_reference_walk_reports(document: dict[str, Any], index: int, share: bool) -> None:
    if share:
        document = _share(document, index)
    expected, shared = reference_first_problem(document)
    facts = measure(document)
    if expected is None and shared:  # the expansion pass is the same code in both; only its trigger is compared
        expected = limits._expanded_pass(document)
    _same(facts.problem, expected)
    if facts.problem is None and not shared:
        external, local = _refs(document)
        assert facts.external_refs is external
        assert facts.local_refs == frozenset(local)
        assert [(id(s), p, d) for s, p, d in facts.pattern_pairs] == [
            (id(s), p, d) for s, p, d in reference_pairs(document)
        ]
        assert [id(node) for node in facts.allof_holders] == [id(node) for node in _allof_holders(document)]
        assert facts.plain is reference_plain_json(document)
        assert survey(document) == facts  # the same walk, and the same facts, without the expansion pass
        assert [(id(s), p, d) for s, p, d in survey(document).pattern_pairs] == [  # type: ignore[union-attr]
            (id(s), p, d) for s, p, d in facts.pattern_pairs
        ]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.integers(0, 5), st.booleans())
def test_checks_of_an_output_answer_the_same_from_its_survey(document: dict[str, Any], index: int, share: bool) -> None:
    """validate_swagger2 asks survey() once for the fan-out bound, the slow-pattern pairs, the dangling refs and
    plain JSON: each answers what its own walk answers (shared containers too, as a converted output has)."""
    if share:
        document = _share(document, index)
    facts = survey(document)
    if facts is None or _recursive(document):
        return  # stopped at a problem: every check walks for itself, as before
    assert fanout_problem(document, facts) == fanout_problem(document)
    assert dangling_refs(document, facts) == dangling_refs(document)
    assert facts.plain is reference_plain_json(document)
    assert [id(s) for s, _, _ in facts.pattern_pairs] == [id(s) for s, _, _ in walk_pairs(document)]


def _recursive(document: Any) -> bool:
    """A container inside itself: the reference walks (no memory of what they saw) would never end."""
    problem = limits._expanded_pass(document)
    return problem is not None and problem.code == "XT032"


def test_a_problem_deep_in_a_shared_and_recursive_document_is_named_without_looping() -> None:
    loop: list[Any] = []
    loop.append(loop)
    document = {"a": loop, "b": {"c": [1, float("nan")]}}
    (problem,) = check_limits(document)
    assert (problem.code, problem.pointer) == ("XT034", "/b/c/1")


def test_facts_serve_only_the_document_they_were_measured_on() -> None:
    document = {"openapi": "3.0.3", "x": {"$ref": "other.yaml#/A"}}
    facts = measure(document)
    assert facts.external_refs and facts_for(facts, document) is facts
    assert facts_for(facts, dict(document)) is None  # an equal copy is another document: walked again
    assert facts_for(None, document) is None


def test_loading_measures_once_and_the_run_uses_those_facts(tmp_path: Any, monkeypatch: Any) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": '
        '{"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string", '
        '"pattern": "^a+$", "default": "aaa"}}}}}}}}}'
    )
    text = spec.read_text()
    document, facts = parse_measured(text, "spec.json")
    assert facts.problem is None and len(facts.pattern_pairs) == 1 and not facts.external_refs
    walks: list[int] = []
    real = limits._Walk.run

    def counted(self: Any, doc: Any) -> Any:
        walks.append(id(doc))
        return real(self, doc)

    monkeypatch.setattr(limits._Walk, "run", counted)
    result = convert_file(spec, Options(validate=False, target="swagger2"))
    assert result.ok
    assert len(walks) == 1  # loading measured it; the pipeline, bundling and the pattern guard reused it
    walks.clear()
    assert convert(document, Options(validate=False, target="swagger2")).ok
    assert len(walks) == 1  # a caller's dict is measured once by convert()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_a_tree_is_measured_alike_without_the_set_of_containers_seen(document: dict[str, Any]) -> None:
    """measure(tree=True), which a JSON parser's value gets (no container reachable twice), reports the same
    first problem and the same facts as the walk that remembers every container."""
    tree, walked = measure(document, tree=True), measure(document)
    _same(tree.problem, walked.problem)
    assert tree == walked
    assert [id(s) for s, _, _ in tree.pattern_pairs] == [id(s) for s, _, _ in walked.pattern_pairs]
    assert [id(node) for node in tree.allof_holders] == [id(node) for node in walked.allof_holders]


def test_json_and_yaml_without_aliases_are_measured_as_trees(tmp_path: Any, monkeypatch: Any) -> None:
    """A JSON parser's value skips the set of containers seen, and so does YAML the fast loader read without an
    alias of a collection; an alias shares a container, and ruamel's value (a merge key sends the text there) is
    not looked at, so both keep the set."""
    trees: list[bool] = []
    real = limits._Walk.run

    def noted(self: Any, doc: Any) -> Any:
        trees.append(self.tree)
        return real(self, doc)

    monkeypatch.setattr(limits._Walk, "run", noted)
    (tmp_path / "a.json").write_text('{"openapi": "3.0.3", "x": {"a": [1, 2.5, {}]}}')
    load_measured(tmp_path / "a.json")
    parse_measured((tmp_path / "a.json").read_text(), "a.json")
    assert trees == [True, True]
    texts = {
        "openapi: 3.0.3\nx: &a {a: [1]}\ny: *a\n": False,  # an alias of a mapping
        "openapi: 3.0.3\nx: {a: [1]}\ny: [{b: 2}]\n": True,
        "openapi: 3.0.3\nx: &s text\ny: *s\n": True,  # an alias of a scalar shares no container
        "openapi: 3.0.3\nb: &b {k: 1}\nx: {<<: *b, a: [1]}\n": False,  # a merge key: ruamel reads it
    }
    for text, tree in texts.items():
        trees.clear()
        _, facts = parse_measured(text, "a.yaml")
        assert trees == [tree] and facts.problem is None, text
