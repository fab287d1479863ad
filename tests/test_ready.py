"""`xtgen convert` making a document ready: Swagger 2.0 input, fix-ups, Power Automate migration."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from xtgen import Options, convert
from xtgen.model import Result, Severity
from xtgen.target.lint.fixups import generated_operation_id, humanized

from .conftest import assert_valid_swagger2, run_cli

Doc = dict[str, Any]


def connector() -> Doc:
    """A Power Platform custom connector in miniature (Swagger 2.0 with x-ms-* extensions)."""
    return {
        "swagger": "2.0",
        "info": {"title": "Tasks", "version": "1.0"},
        "host": "tasks.example.com",
        "basePath": "/api",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "paths": {
            "/lists": {
                "get": {
                    "summary": "Get lists",
                    "operationId": "GetLists",
                    "x-ms-visibility": "internal",
                    "parameters": [
                        {"name": "site", "in": "query", "type": "string", "x-ms-summary": "Site"},
                        {"name": "kind", "in": "query", "type": "string"},
                    ],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "schema": {"$ref": "#/definitions/Lists"},
                            "headers": {"x-ms-request-id": {"type": "string"}},
                        }
                    },
                }
            },
            "/lists/{list}/tasks": {
                "post": {
                    "summary": "Create task",
                    "operationId": "CreateTask",
                    "parameters": [
                        {
                            "name": "site",
                            "in": "query",
                            "type": "string",
                            "x-ms-summary": "Site",
                            "x-ms-visibility": "advanced",
                        },
                        {
                            "name": "list",
                            "in": "path",
                            "required": True,
                            "type": "string",
                            "x-ms-summary": "List",
                            "x-ms-dynamic-values": {
                                "operationId": "GetLists",
                                "value-collection": "value",
                                "value-path": "id",
                                "value-title": "name",
                                "parameters": {"site": {"parameter": "site"}},
                            },
                            "x-ms-dynamic-list": {
                                "operationId": "GetLists",
                                "itemsPath": "value",
                                "itemValuePath": "id",
                                "itemTitlePath": "name",
                                "parameters": {"site": {"parameterReference": "site"}},
                            },
                        },
                        {"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Task"}},
                    ],
                    "responses": {"200": {"description": "OK"}},
                    "x-ms-trigger": "single",
                }
            },
        },
        "definitions": {
            "Lists": {
                "type": "object",
                "properties": {
                    "value": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                        },
                    }
                },
            },
            "Task": {
                "type": "object",
                "properties": {
                    "title": {"type": "string", "x-ms-summary": "Title"},
                    "priority": {
                        "type": "string",
                        "enum": ["1", "2"],
                        "x-ms-enum-values": [
                            {"value": "1", "displayName": "High"},
                            {"value": "2", "displayName": "Low"},
                        ],
                    },
                    "fields": {
                        "type": "object",
                        "x-ms-dynamic-properties": {
                            "operationId": "GetLists",
                            "itemValuePath": "schema",
                            "parameters": {"site": {"parameterReference": "site"}, "kind": {"value": "task"}},
                        },
                    },
                },
            },
        },
    }


def run(doc: Doc, **options: Any) -> Result:
    before = json.dumps(doc)
    result = convert(doc, Options(**options))
    assert json.dumps(doc) == before, "the input must never change"
    if result.ok:
        assert result.document is not None
        assert_valid_swagger2(result.document)
    return result


def by_code(result: Result, code: str) -> list[str]:
    return [d.message for d in result.diagnostics if d.code == code]


def test_power_automate_migration() -> None:
    result = run(connector())
    assert result.ok, result.diagnostics
    doc = result.document
    assert doc is not None
    get = doc["paths"]["/lists"]["get"]
    assert get["x-ntx-visibility"] == "internal" and "x-ms-visibility" not in get
    assert list(get["parameters"][0]) == ["name", "in", "type", "x-ntx-summary"]  # renamed in place
    assert get["responses"]["200"]["headers"] == {"x-ms-request-id": {"type": "string"}}  # a header name
    post = doc["paths"]["/lists/{list}/tasks"]["post"]
    site, lst = post["parameters"][0], post["parameters"][1]
    assert site["x-ms-visibility"] == "advanced"  # nothing to translate: kept
    assert lst["x-ntx-dynamic-values"] == {
        "operationId": "GetLists",
        "value-collection": "value",
        "value-path": "id",
        "value-title": "name",
        "parameters": {"site": {"parameter": "site"}},
    }
    assert "x-ms-dynamic-list" not in lst and "x-ms-dynamic-values" not in lst
    task = doc["definitions"]["Task"]["properties"]
    assert task["title"] == {"type": "string", "x-ntx-summary": "Title"}
    assert task["priority"]["x-ntx-oneOf"] == [{"const": "1", "title": "High"}, {"const": "2", "title": "Low"}]
    assert task["fields"]["x-ntx-dynamic-schema"] == {
        "operationId": "GetLists",
        "value-path": "schema",
        "parameters": {"site": {"parameter": "site"}, "kind": "task"},
    }
    assert post["x-ms-trigger"] == "single"
    assert by_code(result, "XT780")[0].startswith("Power Automate (x-ms-*) extensions found")
    translated = {m.split()[1] for m in by_code(result, "XT781")}
    assert translated == {
        "x-ms-visibility",
        "x-ms-summary",
        "x-ms-dynamic-values",
        "x-ms-enum-values",
        "x-ms-dynamic-properties",
    }
    assert any("x-ms-summary" in m and "(4 places" in m for m in by_code(result, "XT781"))
    assert by_code(result, "XT784") == [
        "dropped x-ms-dynamic-list (1 place): x-ms-dynamic-values beside it became x-ntx-dynamic-values"
    ]
    assert [m.split()[0] for m in by_code(result, "XT782")] == ["x-ms-trigger"]
    assert by_code(result, "XT785")[0].startswith("x-ms-visibility: advanced kept as is")
    # what the migration could do it did: the readiness checks find nothing about extensions left
    assert not [d for d in result.diagnostics if d.code in ("XT770", "XT771", "XT772", "XT762", "XT764")]


def test_shared_parts_are_not_copied() -> None:
    doc = connector()
    result = run(doc)
    assert result.document is not None
    assert result.document["definitions"]["Lists"] is doc["definitions"]["Lists"]  # untouched: shared
    assert result.document["info"] is doc["info"]


def test_dynamic_list_alone_and_untranslatable_forms() -> None:
    doc = connector()
    lst = doc["paths"]["/lists/{list}/tasks"]["post"]["parameters"][1]
    del lst["x-ms-dynamic-values"]
    result = run(doc)
    assert result.document is not None
    translated = result.document["paths"]["/lists/{list}/tasks"]["post"]["parameters"][1]["x-ntx-dynamic-values"]
    assert translated == {
        "operationId": "GetLists",
        "value-collection": "value",
        "value-path": "id",
        "value-title": "name",
        "parameters": {"site": {"parameter": "site"}},
    }
    lst["x-ms-dynamic-list"]["operationId"] = "GetListz"
    result = run(doc)
    kept = result.document["paths"]["/lists/{list}/tasks"]["post"]["parameters"][1]  # type: ignore[index]
    assert "x-ms-dynamic-list" in kept and "x-ntx-dynamic-values" not in kept
    (message,) = by_code(result, "XT783")
    assert "operationId 'GetListz', which this file does not define" in message


def test_capability_pickers_are_not_translated() -> None:
    doc = connector()
    lst = doc["paths"]["/lists/{list}/tasks"]["post"]["parameters"][1]
    lst["x-ms-dynamic-values"] = {"capability": "file-picker", "parameters": {"isFolder": True}}
    del lst["x-ms-dynamic-list"]
    result = run(doc)
    assert "it carries capability, parameters" not in " ".join(by_code(result, "XT783"))
    assert "it carries capability" in by_code(result, "XT783")[0]


def test_misspelled_extension_gets_a_suggestion() -> None:
    doc = connector()
    doc["paths"]["/lists"]["get"]["parameters"][0]["x-ms-summmary"] = "Site"
    result = run(doc)
    assert any(
        m.startswith("x-ms-summmary kept as is") and "misspelling of x-ms-summary" in m
        for m in by_code(result, "XT782")
    )


def test_migration_is_opt_in_for_swagger2_target() -> None:
    plain = run(connector(), target="swagger2")
    assert plain.document is not None and not by_code(plain, "XT780")
    assert plain.document["paths"]["/lists"]["get"]["x-ms-visibility"] == "internal"
    asked = run(connector(), target="swagger2", from_power_automate=True)
    assert asked.document is not None and by_code(asked, "XT780")[0].startswith("--from-power-automate")
    assert asked.document["paths"]["/lists"]["get"]["x-ntx-visibility"] == "internal"
    # the swagger2 target has no fix-ups and no readiness checks
    assert not [d for d in asked.diagnostics if d.code in ("XT753", "XT754", "XT770", "XT771", "XT772")]


def test_existing_x_ntx_form_wins() -> None:
    doc = connector()
    param = doc["paths"]["/lists"]["get"]["parameters"][0]
    param["x-ntx-summary"] = "Site URL"
    result = run(doc)
    assert result.document is not None
    out = result.document["paths"]["/lists"]["get"]["parameters"][0]
    assert out["x-ntx-summary"] == "Site URL" and "x-ms-summary" not in out
    assert "already has x-ntx-summary" in by_code(result, "XT784")[0]


def operation_doc(**op: Any) -> Doc:
    return {
        "swagger": "2.0",
        "info": {"title": "T", "version": "1"},
        "host": "api.example.com",
        "schemes": ["https"],
        "paths": {"/users/{id}/tasks": {"get": {**op, "responses": {"200": {"description": "OK"}}}}},
    }


def test_generated_operation_id_and_summary() -> None:
    result = run(
        operation_doc(
            description="Lists the user's tasks. Paged.",
            parameters=[{"name": "id", "in": "path", "required": True, "type": "string"}],
        )
    )
    assert result.document is not None
    op = result.document["paths"]["/users/{id}/tasks"]["get"]
    assert list(op)[:3] == ["summary", "description", "operationId"]
    assert op["operationId"] == "getUsersIdTasks"
    assert op["summary"] == "Lists the user's tasks"
    assert [d.code for d in result.diagnostics] == ["XT753", "XT754"]
    assert all(d.severity is Severity.INFO for d in result.diagnostics)
    named = run(
        operation_doc(
            operationId="list_HTTP_logs",
            description="A very long description that goes on and on well past sixty characters in its first sentence.",
        )
    )
    assert named.document is not None
    assert named.document["paths"]["/users/{id}/tasks"]["get"]["summary"] == "List HTTP logs"


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [("get", "/", "getRoot"), ("post", "/v1/items:batch", "postV1ItemsBatch"), ("DELETE", "/a-b/{c_d}", "deleteABCD")],
)
def test_generated_ids(method: str, path: str, expected: str) -> None:
    assert generated_operation_id(method, path) == expected


def test_humanized() -> None:
    assert humanized("getUsersIdTasks") == "Get users id tasks"
    assert humanized("XMLExport") == "XML export"


def test_duplicate_and_colliding_operation_ids() -> None:
    doc = operation_doc(operationId="getUsersIdTasks", summary="A")
    doc["paths"]["/users/{id}/tasks"]["put"] = {
        "operationId": "getUsersIdTasks",
        "summary": "B",
        "responses": {"200": {"description": "OK"}},
    }
    doc["paths"]["/users/{id}/tasks"]["post"] = {"summary": "C", "responses": {"200": {"description": "OK"}}}
    doc["paths"]["/users/{id}/tasks"]["get"]["parameters"] = [
        {"name": "id", "in": "path", "required": True, "type": "string"}
    ]
    for method in ("put", "post"):
        doc["paths"]["/users/{id}/tasks"][method]["parameters"] = [
            {"name": "id", "in": "path", "required": True, "type": "string"}
        ]
    result = run(doc)
    assert result.ok, result.diagnostics
    assert result.document is not None
    ids = [o["operationId"] for o in result.document["paths"]["/users/{id}/tasks"].values()]
    assert ids == ["getUsersIdTasks", "getUsersIdTasks_2", "postUsersIdTasks"]
    assert [d.code for d in result.diagnostics] == ["XT755", "XT753"]


def test_render_version_option() -> None:
    doc = operation_doc(
        operationId="t",
        summary="T",
        parameters=[
            {
                "name": "body",
                "in": "body",
                "schema": {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string"}}}},
            }
        ],
    )
    doc["paths"]["/users/{id}/tasks"]["post"] = doc["paths"]["/users/{id}/tasks"].pop("get")
    doc["paths"]["/users/{id}/tasks"]["post"]["parameters"].append(
        {"name": "id", "in": "path", "required": True, "type": "string"}
    )
    warned = run(doc)
    assert [d.code for d in warned.diagnostics] == ["XT730"] and warned.ok
    fixed = run(doc, render_version=2)
    assert fixed.document is not None and fixed.document["x-ntx-render-version"] == 2
    assert list(fixed.document)[-1] == "x-ntx-render-version"
    assert [d.code for d in fixed.diagnostics] == ["XT732"]
    doc["x-ntx-render-version"] = 2
    back = run(doc, render_version=1)
    assert back.document is not None and "x-ntx-render-version" not in back.document
    assert [d.code for d in back.diagnostics] == ["XT732", "XT730"]


def test_upload_consumes_fixed() -> None:
    doc = operation_doc(
        operationId="up",
        summary="Up",
        consumes=["application/form-data"],
        parameters=[
            {"name": "file", "in": "formData", "type": "file"},
            {"name": "id", "in": "path", "required": True, "type": "string"},
        ],
    )
    result = run(doc)
    assert result.ok and result.document is not None
    op = result.document["paths"]["/users/{id}/tasks"]["get"]
    assert op["consumes"] == ["multipart/form-data"]
    assert [d.code for d in result.diagnostics] == ["XT741"]


def test_swagger2_input_security_shaping_and_validity_fixes() -> None:
    doc = operation_doc(
        operationId="t",
        summary="T",
        parameters=[
            {"name": "id", "in": "path", "required": True, "type": "string"},
            {"name": "limit", "in": "query", "type": "integer", "default": "10"},
            {"name": "flag", "in": "query", "type": "boolean", "default": None},
        ],
    )
    doc["paths"]["/files"] = {
        "get": {
            "operationId": "f",
            "summary": "F",
            "responses": {"200": {"description": "OK", "schema": {"type": "file"}}},
        },
        "put": {"operationId": "g", "summary": "G"},
    }
    doc["security"] = [{"key": []}]
    doc["securityDefinitions"] = {"basic": {"type": "basic"}, "key": {"type": "apiKey", "name": "k", "in": "header"}}
    result = run(doc, security="key")
    assert result.ok, result.diagnostics
    out = result.document
    assert out is not None
    assert list(out["securityDefinitions"]) == ["key"] and "security" not in out
    op = out["paths"]["/users/{id}/tasks"]["get"]
    assert op["security"] == [{"key": []}]
    assert op["parameters"][1]["default"] == 10 and "default" not in op["parameters"][2]
    assert out["paths"]["/files"]["get"]["responses"]["200"]["schema"] == {"type": "string", "format": "binary"}
    assert out["paths"]["/files"]["put"]["responses"] == {"default": {"description": "Response"}}
    assert sorted({d.code for d in result.diagnostics}) == ["XT121", "XT401", "XT520", "XT521", "XT709"]


def test_swagger2_input_left_invalid_is_reported_as_the_inputs() -> None:
    doc = operation_doc(operationId="t", summary="T")
    doc["paths"]["/users/{id}/tasks"]["get"]["parameters"] = [{"name": "id", "in": "path", "type": "string"}]
    result = run(doc, target="swagger2")
    assert not result.ok
    assert {d.code for d in result.diagnostics} == {"XT702"}


def test_swagger2_input_ignores_openapi3_options() -> None:
    doc = operation_doc(
        operationId="t", summary="T", parameters=[{"name": "id", "in": "path", "required": True, "type": "string"}]
    )
    result = run(doc, server_url="https://other.example.com")
    assert result.ok
    assert by_code(result, "XT708")[0].startswith("--server-url applies to OpenAPI 3 input only")


def test_lint_findings_convert_already_reported_are_not_repeated() -> None:
    source = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "a", "summary": "A", "responses": {"200": {"description": "OK"}}}}},
    }
    result = run(source)
    assert [d.code for d in result.diagnostics] == ["XT204"]  # no host: not repeated as XT703


def test_cli_convert_swagger2_input(tmp_path: Path) -> None:
    spec = tmp_path / "connector.json"
    spec.write_text(json.dumps(connector()), encoding="utf-8")
    out = tmp_path / "out.json"
    result = run_cli(["convert", str(spec), "-o", str(out), "--render-version", "2"])
    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["x-ntx-render-version"] == 2
    assert_valid_swagger2(written)
    assert run_cli(["convert", str(spec), "--render-version", "3"]).exit_code == 2


def test_swagger2_requirements_naming_undefined_definitions() -> None:
    doc = operation_doc(
        operationId="t",
        summary="T",
        security=[{"nd_auth": ["read"]}],
        parameters=[{"name": "id", "in": "path", "required": True, "type": "string"}],
    )
    doc["securityDefinitions"] = {
        "oauth": {
            "type": "oauth2",
            "flow": "application",
            "tokenUrl": "https://login.example.com/token",
            "scopes": {"read": "R"},
        }
    }
    for target in ("nintex", "swagger2"):
        result = run(doc, target=target)
        assert result.ok and result.document is not None
        assert result.document["paths"]["/users/{id}/tasks"]["get"]["security"] == [{"oauth": ["read"]}]
        assert [d.code for d in result.diagnostics] == ["XT717"]
    del doc["securityDefinitions"]
    result = run(doc)
    assert result.document is not None
    assert result.document["paths"]["/users/{id}/tasks"]["get"]["security"] == []
    assert [d.code for d in result.diagnostics] == ["XT112"]


def test_a_ready_document_passes_through_unchanged() -> None:
    from .test_lint import base

    doc = base()
    result = run(doc)
    assert result.ok and result.diagnostics == ()
    assert result.document == doc
    assert run(doc, target="swagger2").diagnostics == ()
