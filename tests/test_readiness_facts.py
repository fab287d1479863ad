"""The readiness stages' pointer-free pass (walk.key_facts) and the bounded site walks it allows: the same
sites, pointers and diagnostics as the exhaustive walks they replace, on every fixture and on edge cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from xtgen import pointer as jp
from xtgen.model import Options
from xtgen.pipeline import convert
from xtgen.read.load import load_document
from xtgen.target.lint import walk
from xtgen.target.lint.checks import Index, check_external_refs, lint_document
from xtgen.target.lint.fixups import fix_file_uploads, fix_operations
from xtgen.target.lint.migrate import has_power_automate_extensions, power_automate_names
from xtgen.target.lint.walk import iter_sites, key_facts, key_facts_by_walk

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _documents() -> list[tuple[str, Any]]:
    found = []
    for case in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for name in ("input.json", "input.yaml", "expected.json"):
            if (case / name).is_file():
                document, _ = load_document(case / name)
                if isinstance(document, dict):
                    found.append((f"{case.name}/{name}", document))
    return found


EDGE: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "t", "version": "1", "x-ms-api-annotation": {"status": "Preview"}},
    "paths": {
        "/a~b/{id}": {
            "get": {
                "x-ms-summary": "Get",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "type": "string", "x-ntx-visibility": "x"},
                    {"name": "b", "in": "body", "schema": {"$ref": "other.json#/B", "x-ntx-summary": "B"}},
                ],
                "responses": {
                    "200": {"description": "ok", "examples": {"application/json": {"x-ms-not-an-extension": 1}}}
                },
                "x-ntx-query-builder": {"schema": {"type": "object", "x-ntx-dynamic-schema": {"operationId": "a"}}},
            }
        }
    },
    "definitions": {"D": {"type": "object", "example": {"$ref": "data.json", "x-ntx-data": True}}},
}


def _old_external_refs(doc: Any) -> list[str]:
    """The exhaustive walk check_external_refs did before the pointer-free pass (its pointers)."""
    found, stack = [], [("", doc)]
    while stack:
        ptr, node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                found.append(ptr + "/$ref")
            stack.extend((jp.join(ptr, k), v) for k, v in reversed(list(node.items())) if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend((jp.join(ptr, i), v) for i, v in reversed(list(enumerate(node))) if isinstance(v, dict | list))
    return found


CASES = [*_documents(), ("edge", EDGE), ("empty", {})]


@pytest.mark.parametrize(("name", "doc"), CASES, ids=[c[0] for c in CASES])
def test_bounded_walks_find_what_the_exhaustive_ones_found(name: str, doc: Any) -> None:
    facts = key_facts(doc)
    every = list(iter_sites(doc))
    by_walk = key_facts_by_walk(doc)
    assert facts.external_ref is by_walk.external_ref
    for prefix, bound, walked in (("x-ms-", facts.x_ms, by_walk.x_ms), ("x-ntx-", facts.x_ntx, by_walk.x_ntx)):
        holding = [s for s in every if any(isinstance(k, str) and k.startswith(prefix) for k in s.node)]
        keys = sum(1 for s in holding for k in s.node if isinstance(k, str) and k.startswith(prefix))
        assert bound >= walked >= keys, name
        assert list(iter_sites(doc, having=prefix)) == holding
        assert list(iter_sites(doc, having=prefix, at_most=bound)) == holding
    exhaustive = any(str(k).startswith("x-ms-") for s in every for k in s.node)
    assert has_power_automate_extensions(doc) is exhaustive
    assert facts.external_ref is bool(_old_external_refs(doc))
    if "swagger" in doc:
        assert [d.pointer for d in check_external_refs(Index.build(doc))] == _old_external_refs(doc)


def test_the_edge_document_exercises_every_fact() -> None:
    facts = key_facts(EDGE)
    # data counts too (the example's x-ms- key and x-ntx- key), so the counts bound the keys from above
    assert (facts.x_ms, facts.x_ntx, facts.external_ref) == (3, 5, True)
    assert facts == key_facts_by_walk(EDGE)
    assert key_facts({1: {"$ref": "a.json"}}) == key_facts_by_walk({1: {"$ref": "a.json"}})  # no text: walked
    assert [s.pointer for s in iter_sites(EDGE, having="x-ms-")] == ["/info", "/paths/~1a~0b~1{id}/get"]
    assert [s.pointer for s in iter_sites(EDGE, having="x-ntx-")] == [
        "/paths/~1a~0b~1{id}/get",
        "/paths/~1a~0b~1{id}/get/parameters/0",
        "/paths/~1a~0b~1{id}/get/parameters/1/schema",
        "/paths/~1a~0b~1{id}/get/x-ntx-query-builder/schema",
    ]
    assert [name for name, _, _ in power_automate_names(EDGE, at_most=facts.x_ms)] == [
        "x-ms-api-annotation",
        "x-ms-summary",
    ]
    assert _old_external_refs(EDGE) == [
        "/paths/~1a~0b~1{id}/get/parameters/1/schema/$ref",
        "/definitions/D/example/$ref",
    ]
    codes = [d.code for d in lint_document(EDGE)]
    assert codes.count("XT707") == 2 and "XT770" in codes


def test_text_facts_ignore_look_alikes_inside_strings() -> None:
    doc = {"description": 'write "$ref":"other.json" for that', "$ref": "#/definitions/A"}
    assert not key_facts(doc).external_ref and not key_facts_by_walk(doc).external_ref
    assert key_facts({"$ref": "a.json#/B"}).external_ref


def test_a_document_without_the_keys_is_proven_empty() -> None:
    doc = json.loads('{"swagger": "2.0", "paths": {"/a": {"get": {"responses": {"200": {"description": "x"}}}}}}')
    assert key_facts(doc) == key_facts({}) and key_facts(doc).x_ms == 0
    assert list(iter_sites(doc, having="x-ntx-", at_most=0)) == []


@pytest.mark.parametrize(("name", "doc"), CASES, ids=[c[0] for c in CASES])
def test_key_facts_from_before_the_fixups_bound_the_fixed_document(name: str, doc: Any) -> None:
    """The readiness stage lints the fixed document with the key facts of the document it received (the fix-ups
    set operationId, summary and consumes only): the same diagnostics as facts found on the fixed document."""
    if "swagger" not in doc:
        return
    fixed = doc
    for fix in (fix_operations, fix_file_uploads):
        fixed, _ = fix(fixed)
    before, after = key_facts(doc), key_facts(fixed)
    assert before.x_ms >= after.x_ms and before.x_ntx >= after.x_ntx
    assert before.external_ref is after.external_ref
    assert lint_document(fixed, before) == lint_document(fixed)


def test_a_run_finds_the_key_facts_of_a_document_once(monkeypatch: Any) -> None:
    """Power Automate detection and the readiness rules share one run's key facts (walk.KeyFactsOf) while they
    are asked about the same document; another document (here --render-version 2's) gets its own."""
    found: list[int] = []
    real = walk.key_facts

    def counted(doc: Any) -> Any:
        found.append(id(doc))
        return real(doc)

    monkeypatch.setattr(walk, "key_facts", counted)
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"x-ntx-summary": "A", "responses": {"200": {"description": "ok"}}}}},
    }
    plain = convert(spec, Options(validate=False))
    assert plain.document is not None and len(found) == 1
    found.clear()
    rendered = convert(spec, Options(validate=False, render_version=2))
    assert rendered.document is not None and len(found) == 2 and found[0] != found[1]


def test_a_bounded_walk_skips_only_what_cannot_hold_the_prefix() -> None:
    """iter_sites(having=...) passes over a path item or definition whose compact JSON lacks `"` + the prefix;
    one orjson cannot write (a key that is not a string) and one that holds it only in a string value are
    walked, so the sites are those of the exhaustive walk."""
    doc: dict[Any, Any] = {
        "swagger": "2.0",
        "paths": {
            "/a": {"get": {"description": 'say "x-ntx-host" here', "responses": {}}},
            "/b": {"get": {"x-ntx-summary": "B", "responses": {1: {"description": "int key"}}}},
            "/c": {"post": {"parameters": [{"in": "body", "name": "b", "schema": {"x-ntx-summary": "S"}}]}},
        },
        "definitions": {"D": {"properties": {"p": {"x-ntx-visibility": "x"}}}, "E": {"type": "string"}},
    }
    every = list(iter_sites(doc))
    holding = [s for s in every if any(isinstance(k, str) and k.startswith("x-ntx-") for k in s.node)]
    assert [s.pointer for s in holding] == [
        "/paths/~1b/get",
        "/paths/~1c/post/parameters/0/schema",
        "/definitions/D/properties/p",
    ]
    assert list(iter_sites(doc, having="x-ntx-")) == holding
    assert list(iter_sites(doc, having="x-ntx-", at_most=3)) == holding
