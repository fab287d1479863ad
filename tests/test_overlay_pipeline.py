"""The build-pipeline loop of issue 18: a FastAPI export regenerated upstream, a preset, and a reviewed overlay
whose Nintex touches (labels, a hidden helper, a dynamic drop-down, removed paths) survive every rebuild.

FastAPI's OAuth2PasswordBearer writes a relative `tokenUrl: token`; until relative OAuth URLs resolve against
the server (another branch), this export carries an absolute server and tokenUrl. The preset replaces the
password flow anyway.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from .conftest import assert_valid_swagger2, run_cli

SECURITY = [{"OAuth2PasswordBearer": []}]


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


VALIDATION_ERROR = {
    "description": "Validation Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}},
}

FASTAPI_EXPORT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Inventory API", "version": "0.1.0"},
    "servers": [{"url": "https://inventory.example.com"}],
    "paths": {
        "/token": {
            "post": {
                "summary": "Login For Access Token",
                "operationId": "login_for_access_token_token_post",
                "requestBody": {
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {"$ref": "#/components/schemas/Body_login_for_access_token_token_post"}
                        }
                    },
                    "required": True,
                },
                "responses": {"200": _ok("Successful Response", {"$ref": "#/components/schemas/Token"})},
            }
        },
        "/items/": {
            "get": {
                "summary": "Read Items",
                "operationId": "read_items_items__get",
                "security": SECURITY,
                "parameters": [
                    {
                        "name": "category_id",
                        "in": "query",
                        "required": False,
                        "schema": {"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "Category Id"},
                    },
                    {"name": "skip", "in": "query", "required": False, "schema": {"type": "integer", "default": 0}},
                ],
                "responses": {
                    "200": _ok(
                        "Successful Response", {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
                    ),
                    "422": VALIDATION_ERROR,
                },
            },
            "post": {
                "summary": "Create Item",
                "operationId": "create_item_items__post",
                "security": SECURITY,
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                    "required": True,
                },
                "responses": {
                    "200": _ok("Successful Response", {"$ref": "#/components/schemas/Item"}),
                    "422": VALIDATION_ERROR,
                },
            },
        },
        "/categories/": {
            "get": {
                "summary": "Read Categories",
                "operationId": "read_categories_categories__get",
                "security": SECURITY,
                "responses": {
                    "200": _ok(
                        "Successful Response", {"type": "array", "items": {"$ref": "#/components/schemas/Category"}}
                    )
                },
            }
        },
        "/admin/reindex": {
            "post": {
                "summary": "Reindex",
                "operationId": "reindex_admin_reindex_post",
                "security": SECURITY,
                "responses": {"200": _ok("Successful Response", {})},
            }
        },
    },
    "components": {
        "schemas": {
            "Body_login_for_access_token_token_post": {
                "type": "object",
                "required": ["username", "password"],
                "properties": {"username": {"type": "string"}, "password": {"type": "string", "format": "password"}},
                "title": "Body_login_for_access_token_token_post",
            },
            "Category": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                "title": "Category",
            },
            "HTTPValidationError": {
                "type": "object",
                "properties": {"detail": {"type": "array", "items": {"type": "object"}}},
                "title": "HTTPValidationError",
            },
            "Item": {
                "type": "object",
                "required": ["name", "category_id"],
                "properties": {
                    "name": {"type": "string", "title": "Name"},
                    "category_id": {"type": "integer", "title": "Category Id"},
                },
                "title": "Item",
            },
            "Token": {
                "type": "object",
                "required": ["access_token", "token_type"],
                "properties": {"access_token": {"type": "string"}, "token_type": {"type": "string"}},
                "title": "Token",
            },
        },
        "securitySchemes": {
            "OAuth2PasswordBearer": {
                "type": "oauth2",
                "flows": {"password": {"scopes": {}, "tokenUrl": "https://inventory.example.com/token"}},
            }
        },
    },
}

OVERLAY = """\
# Nintex customisations for the inventory API: reviewed here, applied on every build.
overlay: 1.1.0
info:
  title: Nintex customisations for the inventory API
  version: 1.0.0
actions:
  - target: $.paths["/items/"].get
    description: label the search action
    update:
      x-ntx-summary: Find items
  - target: $.paths["/items/"].post
    update:
      x-ntx-summary: Add an item
  - target: $.paths["/categories/"].get
    description: a helper for the drop-down, hidden from the designer
    update:
      x-ntx-summary: List categories
      x-ntx-visibility: internal
  - target: $.paths["/items/"].get.parameters[?@.name == 'category_id']
    description: pick the category from a drop-down
    update:
      x-ntx-summary: Category
      x-ntx-dynamic-values:
        operationId: read_categories_categories__get
        value-path: id
        value-title: name
  - target: $.paths["/admin/reindex"]
    description: not for workflow designers
    remove: true
  - target: $.paths["/token"]
    description: the login endpoint is not an action (Nintex signs in with OAuth)
    remove: true
"""

CONFIG = """\
out-dir = "build"
docs = true
overlays = ["nintex.overlay.yaml"]

[[spec]]
input = "openapi.json"
preset = "generic-oauth2"
authorization-url = "https://auth.example.com/authorize"
token-url = "https://auth.example.com/token"
scope = ["inventory"]
"""


def _project(folder: Path, spec: dict[str, Any]) -> Path:
    (folder / "openapi.json").write_text(json.dumps(spec, indent=2), encoding="utf-8")
    (folder / "nintex.overlay.yaml").write_text(OVERLAY, encoding="utf-8")
    config = folder / "xtgen.toml"
    config.write_text(CONFIG, encoding="utf-8")
    return config


def _build(config: Path, *flags: str) -> tuple[int, dict[str, Any], str]:
    report = config.parent / "report.json"
    result = run_cli(["build", "--config", str(config), "--jobs", "1", "--quiet", "--report", str(report), *flags])
    return result.exit_code, json.loads(report.read_text(encoding="utf-8")), result.output


def _operation(document: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    operation: dict[str, Any] = document["paths"][path][method]
    return operation


def _assert_touches_kept(document: dict[str, Any]) -> None:
    assert_valid_swagger2(document)
    assert sorted(document["paths"]) == sorted(p for p in document["paths"] if p not in ("/token", "/admin/reindex"))
    assert "/token" not in document["paths"] and "/admin/reindex" not in document["paths"]
    assert _operation(document, "/items/", "get")["x-ntx-summary"] == "Find items"
    assert _operation(document, "/items/", "post")["x-ntx-summary"] == "Add an item"
    helper = _operation(document, "/categories/", "get")
    assert (helper["x-ntx-summary"], helper["x-ntx-visibility"]) == ("List categories", "internal")
    (category,) = [p for p in _operation(document, "/items/", "get")["parameters"] if p["name"] == "category_id"]
    assert category["x-ntx-dynamic-values"] == {
        "operationId": "read_categories_categories__get",
        "value-path": "id",
        "value-title": "name",
    }
    assert list(document["securityDefinitions"]) == ["generic-oauth2"]


def test_overlay_touches_survive_an_upstream_regeneration(tmp_path: Path) -> None:
    config = _project(tmp_path, FASTAPI_EXPORT)
    code, report, output = _build(config)
    assert code == 0, output
    diagnostics = report["inputs"][0]["diagnostics"]
    assert [d["code"] for d in diagnostics if d["code"] == "XT068"] == ["XT068"] * 6
    # the readiness rules ran on the overlaid document and found nothing wrong with its x-ntx touches
    assert not [d for d in diagnostics if d["code"].startswith("XT76") or d["severity"] == "error"], diagnostics
    built = tmp_path / "build" / "openapi.json"
    _assert_touches_kept(json.loads(built.read_text(encoding="utf-8")))
    readme = (tmp_path / "build" / "openapi" / "README.md").read_text(encoding="utf-8")
    assert "### Overlay actions applied (6)" in readme and "('pick the category from a drop-down')" in readme
    assert "Find items" in readme and "List categories" in readme
    html = (tmp_path / "build" / "openapi" / "index.html").read_text(encoding="utf-8")
    assert "<h3>Overlay actions applied (6)</h3>" in html
    assert html.count("<li>overlay nintex.overlay.yaml: actions[") == 6
    assert "parameters[?@.name == &#39;category_id&#39;]" in html, "spec text is escaped in HTML"

    assert _build(config, "--check")[0] == 0, "a build is up to date right after it ran"

    upstream = copy.deepcopy(FASTAPI_EXPORT)  # the next release: a new endpoint, new wording, a new parameter
    items = upstream["paths"]["/items/"]["get"]
    items["summary"] = "Read Items Paginated"
    items["description"] = "Items, newest first."
    items["parameters"].append({"name": "limit", "in": "query", "schema": {"type": "integer", "default": 100}})
    upstream["paths"]["/items/{item_id}"] = {
        "get": {
            "summary": "Read Item",
            "operationId": "read_item_items__item_id__get",
            "security": SECURITY,
            "parameters": [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"200": _ok("Successful Response", {"$ref": "#/components/schemas/Item"})},
        }
    }
    (tmp_path / "openapi.json").write_text(json.dumps(upstream, indent=2), encoding="utf-8")
    code, _, output = _build(config, "--check")
    assert code == 1 and "openapi.json" in output, "the regenerated spec makes the build stale"
    assert _build(config)[0] == 0
    rebuilt = json.loads(built.read_text(encoding="utf-8"))
    _assert_touches_kept(rebuilt)
    assert _operation(rebuilt, "/items/", "get")["description"] == "Items, newest first."
    assert _operation(rebuilt, "/items/{item_id}", "get")["summary"] == "Read Item"
    assert [p["name"] for p in _operation(rebuilt, "/items/", "get")["parameters"]] == ["category_id", "skip", "limit"]
    assert _build(config, "--check")[0] == 0


def test_config_overlays_are_global_then_per_spec_relative_to_the_config(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "overlays").mkdir(parents=True)
    _project(project, FASTAPI_EXPORT)
    (project / "overlays" / "title.yaml").write_text(
        "overlay: 1.1.0\ninfo: {title: t, version: '1'}\nactions:\n"
        "  - {target: $.info, update: {title: Inventory}}\n"
        "  - {target: '$.paths[\"/items/\"].get', update: {x-ntx-summary: Search items}}\n",
        encoding="utf-8",
    )
    config = project / "xtgen.toml"
    config.write_text(CONFIG + 'overlays = ["overlays/title.yaml"]\n', encoding="utf-8")
    code, report, output = _build(config)
    assert code == 0, output
    document = json.loads((project / "build" / "openapi.json").read_text(encoding="utf-8"))
    assert document["info"]["title"] == "Inventory"
    assert _operation(document, "/items/", "get")["x-ntx-summary"] == "Search items", "the spec's overlay runs last"
    names = [d["message"].split(":")[0] for d in report["inputs"][0]["diagnostics"] if d["code"] == "XT068"]
    assert names == ["overlay nintex.overlay.yaml"] * 6 + ["overlay overlays/title.yaml"] * 2
    config.write_text(CONFIG.replace('"nintex.overlay.yaml"', '"missing.yaml"'), encoding="utf-8")
    code, _, output = _build(config)
    assert code == 2 and "missing.yaml: no such file" in output
