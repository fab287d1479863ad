"""The Nintex readiness rules: a failing and a passing document for every check, and the rules table.

Documents are small and inline, written in the image of Nintex's samples (never copied from them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from xtgen.codes import CATALOGUE, Basis, lookup
from xtgen.target.lint import RULES, lint_document, lint_file
from xtgen.target.lint.rules import BY_CODE, diagnostic

from .conftest import ROOT, assert_valid_swagger2, run_cli

Doc = dict[str, Any]
OP = "/paths/~1items/get"


def base() -> Doc:
    """A document every rule accepts."""
    return {
        "swagger": "2.0",
        "info": {"title": "Items", "version": "1.0"},
        "host": "api.example.com",
        "basePath": "/v1",
        "schemes": ["https"],
        "produces": ["application/json"],
        "paths": {
            "/items": {
                "get": {
                    "summary": "List items",
                    "operationId": "listItems",
                    "security": [{"oauth": ["read"]}],
                    "parameters": [{"name": "folder", "in": "query", "type": "string"}],
                    "responses": {"200": {"description": "OK", "schema": {"$ref": "#/definitions/Item"}}},
                },
                "post": {
                    "summary": "Add an item",
                    "operationId": "addItem",
                    "security": [{"oauth": ["read"]}],
                    "parameters": [{"name": "item", "in": "body", "schema": {"$ref": "#/definitions/Item"}}],
                    "responses": {"200": {"description": "OK"}},
                },
            }
        },
        "definitions": {"Item": {"type": "object", "properties": {"id": {"type": "string"}}}},
        "securityDefinitions": {
            "oauth": {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://login.example.com/authorize",
                "tokenUrl": "https://login.example.com/token",
                "scopes": {"read": "Read items"},
            }
        },
    }


def op(doc: Doc, method: str = "get") -> Doc:
    result: Doc = doc["paths"]["/items"][method]
    return result


def param(doc: Doc, method: str = "get") -> Doc:
    result: Doc = op(doc, method)["parameters"][0]
    return result


def set_root(key: str, value: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        doc[key] = value

    return change


def drop_root(key: str, **extra: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        del doc[key]
        doc.update(extra)

    return change


def second_definition(doc: Doc) -> None:
    doc["securityDefinitions"]["key"] = {"type": "apiKey", "name": "X-Key", "in": "header"}


def oauth(**fields: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        definition = doc["securityDefinitions"]["oauth"]
        definition.update(fields)
        for key in [k for k, v in fields.items() if v is None]:
            del definition[key]

    return change


def root_security_only(doc: Doc) -> None:
    doc["security"] = [{"oauth": ["read"]}]
    del op(doc)["security"]


def root_security_everywhere(doc: Doc) -> None:
    doc["security"] = [{"oauth": ["read"]}]


def requirement(value: dict[str, list[str]]) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        op(doc)["security"] = [value]

    return change


def array_of_objects_body(render_version: int | None, nested: bool = False) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        items = {"type": "array", "items": {"$ref": "#/definitions/Item"}}
        schema = {"type": "object", "properties": {"list": items}} if nested else items
        param(doc, "post")["schema"] = schema
        if render_version:
            doc["x-ntx-render-version"] = render_version

    return change


def file_upload(consumes: list[str] | None, render_version: int | None = None) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        post = op(doc, "post")
        post["parameters"] = [{"name": "file", "in": "formData", "type": "file"}]
        if consumes is not None:
            post["consumes"] = consumes
        if render_version:
            doc["x-ntx-render-version"] = render_version

    return change


def without(key: str, method: str = "get") -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        del op(doc, method)[key]

    return change


def same_operation_ids(doc: Doc) -> None:
    op(doc, "post")["operationId"] = "listItems"


def on_param(key: str, value: Any, method: str = "get") -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        param(doc, method)[key] = value

    return change


def on(where: Callable[[Doc], Doc], key: str, value: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        where(doc)[key] = value

    return change


def dynamic_values(**fields: Any) -> Callable[[Doc], None]:
    """The post's body property `folder` gets a drop-down from listItems (whose parameter is `folder`)."""

    def change(doc: Doc) -> None:
        value = {"operationId": "listItems", "value-collection": "items", "value-path": "id", "value-title": "id"}
        value.update(fields)
        for key in [k for k, v in fields.items() if v is None]:
            del value[key]
        post = op(doc, "post")
        post["parameters"].append({"name": "folder", "in": "query", "type": "string", "x-ntx-dynamic-values": value})

    return change


def dynamic_schema(on_body: bool, value_path: bool = True) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        value: Doc = {"operationId": "listItems", "parameters": {"folder": "root"}}
        if value_path:
            value["value-path"] = "schema"
        body = param(doc, "post")
        if on_body:
            body["x-ntx-dynamic-schema"] = value
        else:
            body["schema"] = {"type": "object", "x-ntx-dynamic-schema": value}

    return change


def external_ref(doc: Doc) -> None:
    param(doc, "post")["schema"] = {"$ref": "common.json#/definitions/Item"}


# code -> (make the document fail the rule, make it pass again) applied to base(); lint_document checks
CASES: dict[str, tuple[Callable[[Doc], None], Callable[[Doc], None]]] = {
    "XT700": (set_root("swagger", "3.0"), set_root("swagger", "2.0")),
    "XT703": (drop_root("host"), drop_root("host", **{"x-ntx-host": "{{tenant}}.example.com"})),
    "XT704": (set_root("host", "api.example.com "), set_root("host", "api.example.com:8443")),
    "XT705": (set_root("schemes", ["http"]), set_root("schemes", ["http", "https"])),
    "XT706": (set_root("host", "localhost:8080"), set_root("host", "intranet.example.com")),
    "XT707": (external_ref, lambda doc: None),
    "XT710": (second_definition, lambda doc: None),
    "XT711": (oauth(flow="implicit", tokenUrl=None), oauth(flow="accessCode")),
    "XT712": (oauth(flow="password", authorizationUrl=None), oauth(flow="application", authorizationUrl=None)),
    "XT713": (oauth(tokenUrl="http://login.example.com/token"), oauth(tokenUrl="https://login.example.com/t")),
    "XT714": (root_security_only, root_security_everywhere),
    "XT715": (requirement({"other": []}), requirement({"oauth": []})),
    "XT716": (requirement({"oauth": ["write"]}), requirement({"oauth": ["read"]})),
    "XT720": (set_root("produces", ["application/xml"]), set_root("produces", ["application/json; charset=utf-8"])),
    "XT721": (set_root("produces", ["application/json", "text/xml"]), set_root("produces", ["application/json"])),
    "XT730": (array_of_objects_body(None, nested=True), array_of_objects_body(2, nested=True)),
    "XT731": (file_upload(["multipart/form-data"], render_version=2), file_upload(["multipart/form-data"])),
    "XT740": (file_upload(["application/json"]), file_upload(["multipart/form-data"])),
    "XT750": (without("operationId"), lambda doc: None),
    "XT751": (same_operation_ids, lambda doc: None),
    "XT752": (without("summary"), on(op, "summary", "List the items")),
    "XT760": (on_param("x-ntx-sumary", "Folder"), on_param("x-ntx-summary", "Folder")),
    "XT761": (on(op, "x-ntx-render-version", 2), set_root("x-ntx-render-version", 2)),
    "XT762": (dynamic_values(operationId="listitem"), dynamic_values()),
    "XT763": (dynamic_values(**{"value-path": None}), dynamic_values()),
    "XT764": (dynamic_values(parameters={"nope": "x"}), dynamic_values(parameters={"folder": "root"})),
    "XT765": (dynamic_schema(on_body=True), dynamic_schema(on_body=False)),
    "XT766": (
        on(op, "x-ntx-connection-properties", {"type": "object"}),
        on(lambda d: d["securityDefinitions"]["oauth"], "x-ntx-connection-properties", {"type": "object"}),
    ),
    "XT767": (on_param("x-ntx-visibility", "hidden"), on_param("x-ntx-visibility", "internal")),
    "XT768": (dynamic_schema(on_body=False, value_path=False), dynamic_schema(on_body=False)),
    "XT770": (on_param("x-ms-summary", "Folder"), on_param("x-ntx-summary", "Folder")),
    "XT771": (on_param("x-ms-visibility", "internal"), on_param("x-ntx-visibility", "internal")),
    "XT718": (without("security"), on(op, "security", [])),
    "XT772": (on(op, "x-ms-docs-operation-type", "operation"), lambda doc: None),
}
FILE_CODES = {"XT701", "XT702"}  # checked on files, by lint_file (test_lint_file_codes)


def codes(doc: Doc) -> list[str]:
    return [d.code for d in lint_document(doc)]


def test_base_document_is_clean_and_valid() -> None:
    assert lint_document(base()) == []
    assert_valid_swagger2(base())


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fails_and_passes(code: str) -> None:
    failing, passing = base(), base()
    CASES[code][0](failing)
    CASES[code][1](passing)
    before = json.dumps(failing)
    found = lint_document(failing)
    assert code in [d.code for d in found], found
    assert json.dumps(failing) == before, "lint_document must not change its input"
    assert code not in codes(passing), lint_document(passing)
    assert all(d.pointer == "" or d.pointer.startswith("/") for d in found), found


def test_every_check_has_cases() -> None:
    lint_codes = {r.code for r in RULES if r.kind == "lint"}
    assert lint_codes == set(CASES) | FILE_CODES


def test_samples_only_rules_say_so() -> None:
    for rule in RULES:
        if rule.basis is not Basis.NINTEX_SAMPLES or rule.code not in CASES:
            continue
        failing = base()
        CASES[rule.code][0](failing)
        messages = [d.message for d in lint_document(failing) if d.code == rule.code]
        assert messages and all("samples" in m for m in messages), (rule.code, messages)


def test_unknown_extension_names_the_closest() -> None:
    doc = base()
    param(doc)["x-ntx-sumary"] = "Folder"
    (found,) = [d for d in lint_document(doc) if d.code == "XT760"]
    assert "did you mean x-ntx-summary?" in found.message
    assert found.pointer == OP + "/parameters/0/x-ntx-sumary"


def test_array_of_objects_at_any_depth_and_once_per_parameter() -> None:
    doc = base()
    doc["definitions"]["Folder"] = {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/definitions/Item"}},
            "parent": {"$ref": "#/definitions/Folder"},
        },
    }
    param(doc, "post")["schema"] = {"$ref": "#/definitions/Folder"}
    doc["paths"]["/other"] = {
        "put": {
            "summary": "Other",
            "operationId": "other",
            "security": [{"oauth": []}],
            "parameters": [{"$ref": "#/parameters/folder"}],
            "responses": {"200": {"description": "OK"}},
        }
    }
    doc["parameters"] = {"folder": {"name": "folder", "in": "body", "schema": {"$ref": "#/definitions/Folder"}}}
    found = [d.pointer for d in lint_document(doc) if d.code == "XT730"]
    assert found == ["/paths/~1items/post/parameters/0", "/parameters/folder"]
    assert_valid_swagger2(doc)


def test_extension_keys_in_name_maps_are_names() -> None:
    doc = base()
    op(doc)["responses"]["200"]["headers"] = {"x-ms-request-id": {"type": "string"}}
    doc["definitions"]["Item"]["properties"]["x-ntx-thing"] = {"type": "string"}
    assert lint_document(doc) == []


def test_dynamic_parameter_from_the_operation() -> None:
    doc = base()
    dynamic_values(parameters={"folder": {"parameter": "parent"}})(doc)
    found = [d for d in lint_document(doc) if d.code == "XT764"]
    assert len(found) == 1 and "'parent', which is neither a parameter nor a body property" in found[0].message
    op(doc, "post")["parameters"].append({"name": "parent", "in": "query", "type": "string"})
    assert "XT764" not in codes(doc)
    dynamic_values(parameters={"folder": {"parameter": "id"}})(doc)  # a property of the body (Item)
    assert "XT764" not in codes(doc)


def test_not_swagger2_reports_only_that() -> None:
    assert codes({"openapi": "3.0.3", "info": {}, "paths": {}}) == ["XT700"]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_lint_file_codes(tmp_path: Path) -> None:
    good = write(tmp_path, "good.json", json.dumps(base()))
    assert lint_file(good).diagnostics == ()
    yaml_text = "\n".join(f"{k}: {json.dumps(v)}" for k, v in base().items()) + "\n"
    assert [d.code for d in lint_file(write(tmp_path, "good.yaml", yaml_text)).diagnostics] == ["XT701"]
    broken = base()
    del op(broken)["responses"]
    result = lint_file(write(tmp_path, "broken.json", json.dumps(broken)))
    assert [d.code for d in result.diagnostics] == ["XT702"] and not result.ok


def test_validity_is_not_reported_twice(tmp_path: Path) -> None:
    doc = base()
    doc["host"] = "api.example.com "
    same_operation_ids(doc)
    found = [d.code for d in lint_file(write(tmp_path, "twice.json", json.dumps(doc))).diagnostics]
    assert found == ["XT704", "XT751"]


def test_cli_lint_exit_codes_and_report(tmp_path: Path) -> None:
    good = write(tmp_path, "good.json", json.dumps(base()))
    assert run_cli(["lint", str(good)]).exit_code == 0
    warned = base()
    warned["produces"] = ["text/plain"]
    warned_path = write(tmp_path, "warned.json", json.dumps(warned))
    result = run_cli(["lint", str(warned_path)])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"{warned_path}:1:") and ": warning XT720 " in result.stderr
    assert result.stderr.splitlines()[0].endswith("[/produces]")
    assert run_cli(["lint", str(warned_path), "--strict"]).exit_code == 1
    failing = base()
    failing["host"] = "localhost "
    report = tmp_path / "report.json"
    failing_path = write(tmp_path, "failing.json", json.dumps(failing))
    assert run_cli(["lint", str(failing_path), "--report", str(report)]).exit_code == 1
    entry = json.loads(report.read_text())["inputs"][0]
    assert (entry["input"], entry["output"], entry["ok"]) == (str(failing_path), None, False)
    assert [d["code"] for d in entry["diagnostics"]] == ["XT704"]
    bad = write(tmp_path, "bad.json", '{"swagger": "2.0",, }')
    result = run_cli(["lint", str(bad)])
    assert result.exit_code == 2 and result.stderr.startswith("xtgen: ") and "malformed JSON" in result.stderr
    assert run_cli(["lint", str(tmp_path / "missing.json")]).exit_code == 2


EMITTED = re.compile(r'"(XT7\d\d)"')


def emitted_codes() -> set[str]:
    """Every XT7xx code the source can emit, read from the code itself."""
    files = [
        *sorted((ROOT / "xtgen" / "target" / "lint").glob("*.py")),
        ROOT / "xtgen" / "accept.py",
        ROOT / "xtgen" / "validate" / "validity.py",
    ]
    found: set[str] = set()
    for path in files:
        if path.name == "rules.py":
            continue
        found |= set(EMITTED.findall(path.read_text(encoding="utf-8")))
    return found


def test_rules_lists_every_code_the_linter_can_emit() -> None:
    result = run_cli(["rules"])
    assert result.exit_code == 0
    listed = set(re.findall(r"^(XT7\d\d) ", result.stdout, flags=re.M))
    emitted = emitted_codes()
    assert emitted <= listed, emitted - listed
    assert listed == {r.code for r in RULES}
    assert listed <= emitted, f"rules nothing emits: {listed - emitted}"


def test_every_readiness_code_is_a_rule_and_takes_the_catalogue_severity() -> None:
    assert {c for c in CATALOGUE if c.startswith("XT7")} == set(BY_CODE)
    for rule in RULES:
        assert rule.severity is lookup(rule.code).severity
        assert diagnostic(rule.code, "m").severity is rule.severity
        assert set(rule.covered_by) <= set(CATALOGUE), rule


def test_content_types_in_effect_per_operation() -> None:
    doc = base()
    doc["consumes"] = ["application/xml"]  # no operation sends a body: not in effect
    op(doc, "post")["parameters"] = []
    doc["produces"] = ["text/plain"]
    op(doc, "post")["produces"] = ["application/json", "text/json"]
    found = [(d.code, d.pointer) for d in lint_document(doc) if d.code in ("XT720", "XT721")]
    assert found == [("XT720", "/produces"), ("XT721", "/paths/~1items/post/produces/1")]
    op(doc, "post")["parameters"] = [{"name": "note", "in": "formData", "type": "string"}]
    assert ("XT720", "/consumes") in [(d.code, d.pointer) for d in lint_document(doc)]
