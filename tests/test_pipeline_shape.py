"""One behaviour everywhere: the version rule, the operations iterator, a Result's source, batch results
across worker counts, and the pipeline as tuples of stages (issue 12's drift bugs)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from xtgen import convert, convert_file
from xtgen.app.batch import Job, run_jobs
from xtgen.convert import convert_document
from xtgen.docs import build_context, load_docs_source
from xtgen.formats import SWAGGER2, detect_version, operations, with_swagger_text
from xtgen.model import Diagnostic, Document, Options, PresetOptions, Result, Severity
from xtgen.pipeline import OPENAPI3_INPUT, TARGET_STAGES, Run, apply_preset_file, run, stages_for, target_security
from xtgen.read.limits import check_limits
from xtgen.read.load import parse_text
from xtgen.target.lint import lint_document, lint_file
from xtgen.target.nintex import nintex_security
from xtgen.target.presets import apply_preset, resolve_preset
from xtgen.validate import validate_swagger2

from .conftest import FIXTURES, assert_valid_swagger2, copy_fixture_inputs, run_cli

NUMBER_VERSION = FIXTURES / "version-swagger2-yaml-number" / "input.yaml"
GENERIC = PresetOptions(
    authorization_url="https://login.example.com/authorize", token_url="https://login.example.com/token"
)


def codes(diagnostics: Any) -> list[str]:
    return [d.code for d in diagnostics]


# ---- the version rule -------------------------------------------------------------------------------------


def test_yaml_number_2_0_is_swagger2_for_every_entry_point() -> None:
    text = NUMBER_VERSION.read_text()
    document = parse_text(text, "input.yaml")
    assert document["swagger"] == 2.0 and not isinstance(document["swagger"], str)
    source = detect_version(document)
    assert source is not None and source.format == SWAGGER2 and source.version == "2.0"

    from_file = convert_file(NUMBER_VERSION)
    from_dict = convert(document)
    assert from_file.ok and from_dict.ok
    assert from_file.document == from_dict.document
    assert from_file.document is not None and from_file.document["swagger"] == "2.0"
    assert codes(from_file.diagnostics) == codes(from_dict.diagnostics) == ["XT004"]
    assert from_file.source is not None and from_file.source.format == SWAGGER2
    assert from_file.source.name == str(NUMBER_VERSION)
    assert validate_swagger2(from_file.document) == []
    assert document["swagger"] == 2.0  # convert() never mutates its input

    linted = lint_file(NUMBER_VERSION)
    assert linted.ok and linted.source is not None and linted.source.format == SWAGGER2
    assert "XT004" in codes(linted.diagnostics) and "XT702" not in codes(linted.diagnostics)
    assert not [d for d in lint_document(with_swagger_text(document)[0]) if d.code == "XT700"]

    preset = Options(preset="generic-oauth2", preset_options=GENERIC)
    applied = apply_preset_file(NUMBER_VERSION, preset)
    assert applied.ok and applied.document is not None and applied.document["swagger"] == "2.0"
    assert codes(applied.diagnostics)[0] == "XT004"

    docs = load_docs_source(NUMBER_VERSION)
    assert docs.ok and docs.source is not None and docs.source.format == SWAGGER2
    assert codes(docs.diagnostics) == ["XT004"]


def test_openapi_field_decides_over_swagger() -> None:
    both = {"openapi": "3.1.0", "swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    source = detect_version(both)
    assert source is not None and (source.format, source.version, source.declared) == ("openapi3", "3.1", "3.1.0")
    assert codes(lint_document(both)) == ["XT700"]
    assert detect_version({"swagger": "3.0"}) is None and detect_version({"swagger": 2}) is None


# ---- the operations iterator: x- keys under paths are never operations -----------------------------------

NOTES: Document = {
    "swagger": "2.0",
    "info": {"title": "Notes", "version": "1"},
    "host": "api.example.com",
    "schemes": ["https"],
    "paths": {
        "/items": {"get": {"operationId": "listItems", "summary": "List", "responses": {"200": {"description": "ok"}}}},
        "x-notes": {"get": {"summary": "not an operation"}},
    },
    "securityDefinitions": {
        "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
        "other": {"type": "basic"},
    },
    "security": [{"key": []}],
}


def test_x_notes_under_paths_is_no_operation_anywhere() -> None:
    document = copy.deepcopy(NOTES)
    assert [op.pointer for op in operations(document)] == ["/paths/~1items/get"]

    shaped, _ = nintex_security(document, Options(), {}, given=True)
    assert shaped["paths"]["x-notes"] == NOTES["paths"]["x-notes"]
    assert shaped["paths"]["/items"]["get"]["security"] == [{"key": []}]

    options = Options(preset="generic-oauth2", preset_options=GENERIC)
    preset = resolve_preset(options)
    assert preset is not None
    applied, _ = apply_preset(document, preset)
    assert applied["paths"]["x-notes"] == NOTES["paths"]["x-notes"]

    actions = build_context(document)["actions"]
    assert [a["operation_id"] for a in actions] == ["listItems"]
    assert not [d for d in lint_document(document) if "x-notes" in d.pointer]

    result = convert(document, options)
    assert result.ok and result.document is not None
    assert result.document["paths"]["x-notes"] == NOTES["paths"]["x-notes"]
    assert document == NOTES


# ---- the Result knows its source; docs read it ------------------------------------------------------------


def test_convert_docs_of_swagger2_say_documented_as_given(tmp_path: Path) -> None:
    spec = FIXTURES / "docs-apikey-swagger2" / "swagger.json"
    assert json.loads(spec.read_text())["swagger"] == "2.0"
    run_cli(["convert", str(spec), "-o", str(tmp_path / "out.json"), "--docs", str(tmp_path / "c")])
    run_cli(["docs", str(spec), "--out-dir", str(tmp_path / "d")])
    via_convert = (tmp_path / "c" / "README.md").read_text()
    via_docs = (tmp_path / "d" / "README.md").read_text()
    assert "documented as given" in via_convert and "documented as given" in via_docs
    assert "converted this Xtension from OpenAPI" not in via_convert
    assert_valid_swagger2(json.loads((tmp_path / "out.json").read_text()))


def test_result_source_of_openapi3() -> None:
    result = convert_file(FIXTURES / "docs-many-diagnostics" / "input.yaml")
    assert result.source is not None
    assert (result.source.format, result.source.version, result.source.declared) == ("openapi3", "3.0", "3.0.3")


# ---- batch: the same Result whatever the number of workers -------------------------------------------------


def test_outcome_result_ok_does_not_depend_on_jobs(tmp_path: Path) -> None:
    names = copy_fixture_inputs(tmp_path, ["security-basic", "security-bearer"])
    jobs = [Job(n, tmp_path / "out" / (Path(n).stem + ".json"), Options()) for n in names]
    one, two = run_jobs(jobs, workers=1), run_jobs(jobs, workers=2)
    assert [o.result.ok for o in one if o.result] == [True, True]
    assert [o.result.ok for o in two if o.result] == [True, True]
    assert [o.result for o in one] == [o.result for o in two]


# ---- stages as data ----------------------------------------------------------------------------------------


def test_inserting_a_stage_is_one_line() -> None:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {},
    }
    seen: list[Document] = []

    def stamp(doc: Document, state: Run) -> tuple[Document, list[Diagnostic]]:
        seen.append(doc)
        return {**doc, "x-stamped": True}, [Diagnostic("XT068", Severity.INFO, "stamped", "")]

    at = TARGET_STAGES.index(target_security) + 1
    stages = OPENAPI3_INPUT + TARGET_STAGES[:at] + (stamp,) + TARGET_STAGES[at:]
    source = detect_version(document)
    assert source is not None and stages_for(source) == OPENAPI3_INPUT + TARGET_STAGES
    result = run(document, Run(Options(), source), stages)
    assert isinstance(result, Result) and result.ok and result.document is not None
    assert result.document["x-stamped"] is True and seen and seen[0]["swagger"] == "2.0"
    assert "XT068" in codes(result.diagnostics)


def test_converter_does_not_read_the_preset_option() -> None:
    document = parse_text((FIXTURES / "security-cookie-alone" / "input.yaml").read_text(), "input.yaml")
    plain = convert_document(document, Options())
    with_preset_named = convert_document(document, Options(preset="generic-oauth2"))
    assert plain == with_preset_named
    replaced = convert_document(document, Options(), security_replaced=True)
    assert [d.severity for d in replaced[1] if d.code == "XT114"] == [Severity.INFO]


def test_limits_return_diagnostics() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(200):
        node["a"] = {}
        node = node["a"]
    found = check_limits(deep)
    assert len(found) == 1 and found[0].code == "XT030" and found[0].severity is Severity.ERROR
    assert check_limits({"openapi": "3.0.3"}) == []
    result = convert({"openapi": "3.0.3", "info": deep})
    assert result.document is None and codes(result.diagnostics) == ["XT030"]
