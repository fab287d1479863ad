"""Overlays (issue 18): the Overlay Specification's own test data, merge semantics, bounds, stages, the CLI."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from xtgen.model import Options, Severity, XtgenError
from xtgen.pipeline import convert
from xtgen.read.limits import check_limits
from xtgen.target.overlay import Overlay, apply_overlays, load_overlay, overlay_from_document
from xtgen.target.overlay import apply as apply_module
from xtgen.target.overlay.starter import operation_target

from .conftest import FIXTURES, assert_valid_swagger2, run_cli

SPEC_DATA = Path(__file__).resolve().parent / "overlay_spec"
COMPLIANT = sorted((SPEC_DATA / "compliant").iterdir())
SCHEMA_PASS = sorted((SPEC_DATA / "schema-tests").glob("v1.*/pass/*.yaml"))
SCHEMA_FAIL = sorted((SPEC_DATA / "schema-tests").glob("v1.*/fail/*.yaml"))


def _yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _overlay(*actions: dict[str, Any], version: str = "1.1.0") -> Overlay:
    document = {"overlay": version, "info": {"title": "t", "version": "1"}, "actions": list(actions)}
    return overlay_from_document(document, "t.yaml", stage="output")


def _apply(document: dict[str, Any], *actions: dict[str, Any]) -> tuple[Any, list[tuple[str, str, str]]]:
    before = json.dumps(document)
    result, diagnostics = apply_overlays(document, [_overlay(*actions)])
    assert json.dumps(document) == before, "the stage changed its input"
    return result, [(d.severity.value, d.code, d.pointer) for d in diagnostics]


# The specification's data ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", COMPLIANT, ids=[c.name for c in COMPLIANT])
def test_compliant_sets_give_the_published_output(case: Path) -> None:
    overlay = load_overlay(case / "overlay.yaml", stage="output")
    source = _yaml(case / "openapi.yaml")
    result, diagnostics = apply_overlays(source, [overlay])
    assert result == _yaml(case / "output.yaml")
    assert source == _yaml(case / "openapi.yaml"), "the input was changed"
    assert all(d.severity is Severity.INFO for d in diagnostics)


@pytest.mark.parametrize("case", SCHEMA_PASS, ids=[f"{c.parent.parent.name}-{c.stem}" for c in SCHEMA_PASS])
def test_schema_suite_valid_overlays_pass(case: Path) -> None:
    from xtgen.target.overlay.load import check_schema

    document = _yaml(case)
    assert check_schema(document, case.name) == case.parent.parent.name.removeprefix("v")


@pytest.mark.parametrize("case", SCHEMA_FAIL, ids=[f"{c.parent.parent.name}-{c.stem}" for c in SCHEMA_FAIL])
def test_schema_suite_invalid_overlays_fail_in_one_line(case: Path) -> None:
    with pytest.raises(XtgenError) as caught:
        load_overlay(case)
    message = str(caught.value)
    assert "\n" not in message and case.name in message


# Merge semantics ------------------------------------------------------------------------------------------

BASE: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "T", "version": "1", "x-tags": ["a"]},
    "paths": {
        "/a": {"get": {"summary": "A", "tags": ["x", "y"], "parameters": [{"name": "p", "in": "query"}]}},
        "/b": {"get": {"summary": "B", "tags": ["x"]}},
    },
}


def test_objects_merge_recursively_arrays_concatenate_primitives_replace() -> None:
    result, diagnostics = _apply(
        copy.deepcopy(BASE),
        {"target": "$", "update": {"info": {"title": "New", "x-tags": ["b"], "x-new": {"k": 1}}}},
    )
    assert result["info"] == {"title": "New", "version": "1", "x-tags": ["a", "b"], "x-new": {"k": 1}}
    assert diagnostics == [("info", "XT068", "")]


def test_update_on_arrays_appends_values_and_concatenates_arrays() -> None:
    result, _ = _apply(
        copy.deepcopy(BASE),
        {"target": "$.paths.*.get.tags", "update": "z"},
        {"target": "$.paths['/b'].get.tags", "update": ["u", "v"]},
        {"target": "$.paths['/a'].get.parameters", "update": {"name": "q", "in": "query"}},
    )
    assert result["paths"]["/a"]["get"]["tags"] == ["x", "y", "z"]
    assert result["paths"]["/b"]["get"]["tags"] == ["x", "z", "u", "v"]
    assert [p["name"] for p in result["paths"]["/a"]["get"]["parameters"]] == ["p", "q"]


def test_primitive_targets_are_replaced() -> None:
    result, _ = _apply(copy.deepcopy(BASE), {"target": "$.paths.*.get.summary", "update": "Same"})
    assert [op["get"]["summary"] for op in result["paths"].values()] == ["Same", "Same"]


def test_unchanged_subtrees_are_shared_not_copied() -> None:
    document = copy.deepcopy(BASE)
    result, _ = _apply(document, {"target": "$.paths['/a'].get", "update": {"x-ntx-summary": "L"}})
    assert result is not document and result["paths"]["/b"] is document["paths"]["/b"]
    assert result["paths"]["/a"]["get"]["parameters"] is document["paths"]["/a"]["get"]["parameters"]


def test_values_inserted_in_several_places_are_independent() -> None:
    result, _ = _apply(
        copy.deepcopy(BASE),
        {"target": "$.paths.*.get", "update": {"x-meta": {"n": [1]}}},
        {"target": "$.paths['/a'].get['x-meta'].n", "update": 2},
    )
    assert result["paths"]["/a"]["get"]["x-meta"] == {"n": [1, 2]}
    assert result["paths"]["/b"]["get"]["x-meta"] == {"n": [1]}


def test_remove_deletes_matched_nodes_including_array_items_and_nested_matches() -> None:
    result, diagnostics = _apply(
        copy.deepcopy(BASE),
        {"target": "$.paths.*.get.tags[?@ == 'x' || @ == 'y']", "remove": True},
        {"target": "$..get[?@ == 'B' || @.name == 'p']", "remove": True},
        {"target": "$.paths['/a']..*", "remove": True},
    )
    assert result["paths"] == {"/a": {}, "/b": {"get": {"tags": []}}}
    assert [code for _, code, _ in diagnostics] == ["XT068"] * 3


def test_remove_with_update_removes() -> None:
    result, _ = _apply(copy.deepcopy(BASE), {"target": "$.paths['/b']", "update": {"x": 1}, "remove": True})
    assert list(result["paths"]) == ["/a"]


def test_copy_merges_the_single_source_node() -> None:
    result, diagnostics = _apply(
        copy.deepcopy(BASE),
        {"target": "$.paths", "update": {"/c": {}}},
        {"target": "$.paths['/c']", "copy": "$.paths['/a']"},
        {"target": "$.paths['/b'].get.summary", "copy": "$.paths['/a'].get.summary"},
    )
    assert result["paths"]["/c"] == BASE["paths"]["/a"]
    assert result["paths"]["/c"]["get"] is not result["paths"]["/a"]["get"]
    assert result["paths"]["/b"]["get"]["summary"] == "A"
    assert [code for _, code, _ in diagnostics] == ["XT068"] * 3


def test_copy_source_matching_nothing_warns_and_several_is_an_error() -> None:
    _, diagnostics = _apply(
        copy.deepcopy(BASE),
        {"target": "$.paths['/a']", "copy": "$.paths['/zz']"},
        {"target": "$.paths['/a']", "copy": "$.paths.*"},
    )
    assert diagnostics == [("warning", "XT064", ""), ("error", "XT065", "/paths/~1a")]


def test_incompatible_values_are_errors_naming_the_node() -> None:
    _, diagnostics = _apply(
        copy.deepcopy(BASE),
        {"target": "$.paths['/a'].get", "update": {"summary": {"text": "x"}}},
        {"target": "$.paths['/a'].get", "update": "text"},
        {"target": "$.paths['/a'].get.summary", "update": ["x"]},
        {"target": "$.paths['/a'].get", "update": {"tags": "x"}},
        {"target": "$.paths['/a'].get.*", "update": {"x": 1}},
    )
    assert diagnostics == [
        ("error", "XT062", "/paths/~1a/get/summary"),
        ("error", "XT062", "/paths/~1a/get"),
        ("error", "XT062", "/paths/~1a/get/summary"),
        ("error", "XT062", "/paths/~1a/get/tags"),
        ("error", "XT063", "/paths/~1a/get/summary"),
    ]


def test_no_match_no_effect_and_root_removal_are_reported() -> None:
    result, diagnostics = _apply(
        copy.deepcopy(BASE),
        {"target": "$.nothing", "update": {"x": 1}, "description": "Old  target"},
        {"target": "$.info"},
        {"target": "$", "remove": True},
    )
    assert result == BASE
    assert diagnostics == [("warning", "XT061", ""), ("warning", "XT069", ""), ("error", "XT067", "")]
    _, found = apply_overlays(
        copy.deepcopy(BASE), [_overlay({"target": "$.nothing", "update": {}, "description": "Old"})]
    )
    assert "actions[0] ('Old'): target $.nothing matches nothing" in found[0].message


def test_matches_are_bounded_per_action_and_in_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apply_module, "MAX_MATCHES_PER_ACTION", 3)
    _, diagnostics = _apply(copy.deepcopy(BASE), {"target": "$..*", "update": 1}, {"target": "$", "update": {}})
    assert diagnostics == [("error", "XT066", "")], "the run stops at the first action over the bound"
    monkeypatch.setattr(apply_module, "MAX_MATCHES_PER_ACTION", 100)
    monkeypatch.setattr(apply_module, "MAX_MATCHES", 3)
    _, diagnostics = _apply(copy.deepcopy(BASE), *[{"target": "$.paths.*", "update": {"x-n": n}} for n in (1, 2)])
    assert [code for _, code, _ in diagnostics] == ["XT068", "XT066"]


def test_what_overlays_add_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apply_module, "MAX_NODES", 50)
    _, diagnostics = _apply(copy.deepcopy(BASE), {"target": "$.paths.*.get", "update": {"x": list(range(30))}})
    assert diagnostics == [("error", "XT066", "")]
    monkeypatch.undo()
    deep: dict[str, Any] = {}
    for _ in range(123):
        deep = {"d": deep}  # 124 levels: within the limit in the overlay, past it 5 levels down in the document
    _, diagnostics = _apply(copy.deepcopy(BASE), {"target": "$.paths['/a'].get.parameters[0]", "update": {"x": deep}})
    assert diagnostics == [("error", "XT030", "/paths/~1a/get/parameters/0")]
    document = {"d": {"d": {"d": deep}}}  # 127 levels
    result, diagnostics = _apply(document, {"target": "$" + ".d" * 126, "update": {"x": {"y": {}}}})
    assert diagnostics == [("error", "XT030", "/d" * 126)] and result is document
    result, diagnostics = _apply(document, {"target": "$" + ".d" * 126, "update": {"x": 1}})
    assert diagnostics == [("info", "XT068", "/d" * 126)] and check_limits(result) == []


# Loading, validation, stages ----------------------------------------------------------------------------


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


HEAD = "overlay: 1.1.0\ninfo: {title: t, version: '1'}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEAD + "actions:\n  - target: $.a\n    remove: 'yes'\n", "actions[0] remove: 'yes' is not of type 'boolean'"),
        (HEAD + "actions:\n  - target: $.a[\n    remove: true\n", "actions[0]: target '$.a[' is not an RFC 9535"),
        (HEAD + "actions:\n  - target: $.a\n    copy: $.b..\n", "actions[0]: copy '$.b..' is not an RFC 9535"),
        (HEAD + "actions:\n  - {target: $.a, update: {}, copy: $.b}\n", "has both update and copy"),
        (HEAD + "actions:\n  - {target: a, update: {}}\n", "actions[0] target: 'a' does not match"),
        (HEAD + "actions: []\n", "actions: [] should be non-empty"),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - {target: $.a, copy: $.b}\n",
            "need `overlay: 1.1.0`",
        ),
        ("overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []\n", "overlay version '2.0.0' is not supported"),
        ("- a\n", "not a mapping"),
    ],
)
def test_bad_overlays_are_one_line_naming_the_action(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, "o.yaml", text)
    with pytest.raises(XtgenError) as caught:
        load_overlay(path)
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_overlays_are_bounded_like_every_input(tmp_path: Path) -> None:
    nested = "x: " + "[" * 200 + "]" * 200
    path = _write(tmp_path, "o.yaml", HEAD + "actions:\n  - {target: $, update: {}}\n" + nested + "\n")
    with pytest.raises(XtgenError, match="nests more than 128 levels"):
        load_overlay(path)


def test_stage_is_chosen_from_targets_and_extends(tmp_path: Path) -> None:
    spec3 = _write(tmp_path, "api.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n")
    _write(tmp_path, "api.json", '{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}')
    paths = HEAD + "actions:\n  - {target: '$.paths[\"/a\"]', update: {}}\n"
    assert load_overlay(_write(tmp_path, "a.yaml", paths)).stage == "output"
    components = HEAD + "actions:\n  - {target: $.components.schemas, update: {}}\n"
    chosen = load_overlay(_write(tmp_path, "b.yaml", components))
    assert (chosen.stage, chosen.reason) == ("input", "actions[0] target $.components.schemas is an OpenAPI 3 path")
    body = HEAD + "actions:\n  - {target: \"$.paths['/a'].post['requestBody']\", update: {}}\n"
    assert load_overlay(_write(tmp_path, "c.yaml", body)).stage == "input"
    extends = HEAD + f"extends: {spec3.name}\n" + paths.removeprefix(HEAD)
    assert (
        load_overlay(_write(tmp_path, "d.yaml", extends)).reason == "its extends (api.yaml) names an OpenAPI 3 document"
    )
    swagger = HEAD + "extends: api.json\n" + components.removeprefix(HEAD)
    assert load_overlay(_write(tmp_path, "e.yaml", swagger)).stage == "output"
    remote = HEAD + "extends: https://example.com/api.yaml\n" + paths.removeprefix(HEAD)
    assert load_overlay(_write(tmp_path, "f.yaml", remote)).stage == "output"
    assert load_overlay(tmp_path / "b.yaml", stage="output").stage == "output"
    both = HEAD + "actions:\n  - {target: $.components, update: {}}\n  - {target: $.definitions, update: {}}\n"
    with pytest.raises(XtgenError, match=r"targets both OpenAPI 3 .* and Swagger 2.0 .*--overlay-stage"):
        load_overlay(_write(tmp_path, "g.yaml", both))


def test_library_convert_applies_both_stages_and_lint_sees_the_result() -> None:
    document = _yaml(FIXTURES / "overlay-update-merge" / "input.yaml")
    before = json.dumps(document)
    to_input = overlay_from_document(
        {
            "overlay": "1.1.0",
            "info": {"title": "t", "version": "1"},
            "actions": [{"target": "$.components.schemas.Task", "update": {"description": "A task"}}],
        },
        "in.yaml",
    )
    to_output = _overlay(
        {"target": "$.paths['/tasks'].get.parameters[0]", "update": {"x-ntx-dynamic-values": {"operationId": "gone"}}}
    )
    result = convert(document, Options(overlays=(to_input, to_output)))
    assert json.dumps(document) == before
    assert result.document is not None
    assert result.document["definitions"]["Task"]["description"] == "A task"
    codes = [d.code for d in result.diagnostics]
    assert codes[0] == "XT060" and "XT762" in codes and "XT763" in codes, codes  # the readiness rules saw it


# CLI ------------------------------------------------------------------------------------------------------


def test_cli_bad_overlay_is_exit_2_in_one_line(tmp_path: Path) -> None:
    overlay = _write(
        tmp_path, "o.yaml", HEAD + "actions:\n  - {target: $.a, update: {}, description: Hide it, extra: 1}\n"
    )
    out = tmp_path / "out.json"
    result = run_cli(
        ["convert", str(FIXTURES / "overlay-remove" / "input.yaml"), "--overlay", str(overlay), "-o", str(out)]
    )
    assert result.exit_code == 2 and not out.exists()
    assert result.output.splitlines() == [
        f"xtgen: {overlay}: actions[0] ('Hide it'): Unevaluated properties are not allowed ('extra' was unexpected)"
    ]


def test_cli_overlay_stage_choice_is_checked(tmp_path: Path) -> None:
    result = run_cli(["convert", str(FIXTURES / "overlay-remove" / "input.yaml"), "--overlay-stage", "middle"])
    assert result.exit_code == 2 and "--overlay-stage must be one of input, output" in result.output


def test_overlay_new_targets_every_operation_and_applies_cleanly(tmp_path: Path) -> None:
    spec = FIXTURES / "overlay-remove" / "input.yaml"
    starter = tmp_path / "nintex.overlay.yaml"
    first = run_cli(["overlay", "new", str(spec), "-o", str(starter)])
    assert first.exit_code == 0, first.output
    text = starter.read_text(encoding="utf-8")
    assert run_cli(["overlay", "new", str(spec)]).output.endswith(text), "stdout and -o give the same bytes"
    refused = run_cli(["overlay", "new", str(spec), "-o", str(starter)])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert text.count("      # x-ntx-visibility: internal\n") == 4
    overlay = load_overlay(starter)
    assert [a["target"] for a in overlay.actions] == [
        '$.paths["/tasks"].get',
        '$.paths["/tasks"].post',
        '$.paths["/tasks/{id}"].get',
        '$.paths["/admin/purge"].post',
    ]
    out, report = tmp_path / "out.json", tmp_path / "report.json"
    applied = run_cli(["convert", str(spec), "--overlay", str(starter), "-o", str(out), "--report", str(report)])
    assert applied.exit_code == 0
    codes = {d["code"] for d in json.loads(report.read_text())["inputs"][0]["diagnostics"]}
    assert codes == {"XT068"}
    document = json.loads(out.read_text())
    assert_valid_swagger2(document)
    labels = [
        op["x-ntx-summary"] for item in document["paths"].values() for op in item.values() if isinstance(op, dict)
    ]
    assert labels == ["List tasks", "Create a task", "Get a task", "Purge every task (internal)"]
    uncommented = text.replace("# x-ntx-visibility", "x-ntx-visibility")
    assert (
        load_overlay(_write(tmp_path, "hidden.yaml", uncommented)).actions[0]["update"]["x-ntx-visibility"]
        == "internal"
    )


def test_operation_targets_survive_odd_path_names() -> None:
    import jsonpath_rfc9535 as jsonpath

    document = {"paths": {'/a"b\\c/{id}': {"get": {}}, "/ü": {"get": {}}}}
    for path in document["paths"]:
        assert [n.location for n in jsonpath.find(operation_target(path, "get"), document)] == [("paths", path, "get")]


def test_a_callers_overlay_dict_is_bounded_too() -> None:
    document = {
        "overlay": "1.1.0",
        "info": {"title": "t", "version": "1"},
        "actions": [{"target": "$", "update": {1: 2}}],
    }
    with pytest.raises(XtgenError, match=r"mem\.yaml at /actions/0/update: mapping key 1 is not a string"):
        overlay_from_document(document, "mem.yaml")


def test_overlay_new_refuses_a_spec_without_operations(tmp_path: Path) -> None:
    spec = _write(
        tmp_path,
        "empty.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://x.example.com'}]\npaths: {}\n",
    )
    result = run_cli(["overlay", "new", str(spec), "-o", str(tmp_path / "o.yaml")])
    assert result.exit_code == 2 and "has no operations" in result.output and not (tmp_path / "o.yaml").exists()
