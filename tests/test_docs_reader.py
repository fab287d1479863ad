"""Docs as a workflow builder reads them: where to register the app for a recognised provider, which file
to upload, where each change happened (in words, the pointer secondary), field names that never break
inside a word, and `--import-preset` (docs) apart from `--preset` (convert: applies one)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from xtgen.docs import build_context, render_docs
from xtgen.docs.where import describe_pointer
from xtgen.model import Diagnostic, Severity

from .conftest import FIXTURES, assert_valid_swagger2, run_cli

DOC: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "Shop", "version": "1"},
    "host": "api.example.com",
    "schemes": ["https"],
    "paths": {
        "/orders/{id}": {
            "post": {
                "operationId": "updateOrder",
                "summary": "Update an order",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "type": "string"},
                    {
                        "name": "body",
                        "in": "body",
                        "schema": {
                            "type": "object",
                            "properties": {
                                "shippingAddress": {"type": "object", "properties": {"postalCode": {"type": "string"}}},
                                "lineItems": {
                                    "type": "array",
                                    "items": {"type": "object", "properties": {"stockKeepingUnit": {"type": "string"}}},
                                },
                            },
                        },
                    },
                ],
                "responses": {"200": {"description": "ok", "headers": {"X-Rate-Limit": {"type": "integer"}}}},
            }
        }
    },
}


@pytest.mark.parametrize(
    ("pointer", "by_position", "words"),
    [
        ("", False, "The whole document"),
        ("/paths/~1orders~1{id}/post/summary", False, "Action “Update an order” (POST /orders/{id}) › summary"),
        (
            "/paths/~1orders~1{id}/post/parameters/0",
            True,
            "Action “Update an order” (POST /orders/{id}) › parameter “id”",
        ),
        # an OpenAPI 3 input's parameter index may not be the output's: no name is guessed from it
        (
            "/paths/~1orders~1{id}/post/parameters/0",
            False,
            "Action “Update an order” (POST /orders/{id}) › parameter 1",
        ),
        (
            "/paths/~1orders~1{id}/post/requestBody/content/application~1json/schema/properties/lineItems/items"
            "/properties/stockKeepingUnit/type",
            False,
            "Action “Update an order” (POST /orders/{id}) › request body › field “lineItems[].stockKeepingUnit” › type",
        ),
        (
            "/paths/~1orders~1{id}/post/responses/200/headers/X-Rate-Limit",
            False,
            "Action “Update an order” (POST /orders/{id}) › response 200 › header “X-Rate-Limit”",
        ),
        ("/paths/~1gone/get/callbacks", False, "Action GET /gone › callbacks"),
        ("/paths/~1orders~1{id}/servers", False, "Path /orders/{id} › servers"),
        ("/components/schemas/Pet/properties/tags/oneOf/1", False, "Schema “Pet” › field “tags” › oneOf branch 2"),
        ("/definitions/Pet/properties/owner/properties/name", False, "Schema “Pet” › field “owner.name”"),
        (
            "/components/securitySchemes/oauth/flows/authorizationCode/refreshUrl",
            False,
            "Security scheme “oauth” › flow authorizationCode › refreshUrl",
        ),
        ("/securityDefinitions/oauth/scopes", False, "Security definition “oauth” › scopes"),
        ("/servers/1/url", False, "Server 2 › url"),
        ("/info/title", False, "Info › title"),
        ("input.yaml", False, ""),
    ],
)
def test_pointer_in_words(pointer: str, by_position: bool, words: str) -> None:
    assert describe_pointer(DOC, pointer, by_position=by_position) == words


def test_report_shows_where_first_and_the_pointer_second() -> None:
    diagnostics = (
        Diagnostic(
            "XT301", Severity.WARNING, "cookie parameter 'session' dropped", "/paths/~1orders~1{id}/post/parameters/1"
        ),
        Diagnostic("XT753", Severity.INFO, "generated an operationId", "/paths/~1orders~1{id}/post/operationId"),
    )
    context = build_context(DOC, diagnostics, source_format="openapi3", source_version="3.0.3")
    items = [d for g in context["report"]["groups"] for d in g["diagnostics"]]
    assert [d["where"] for d in items] == [
        "Action “Update an order” (POST /orders/{id}) › parameter 2",
        "Action “Update an order” (POST /orders/{id}) › operationId",
    ]
    files = render_docs(context)
    assert "| Where | What happened | Code |" in files["README.md"]
    assert (
        "| Action “Update an order” (POST /orders/{id}) › parameter 2<br>`/paths/~1orders~1{id}/post/parameters/1` |"
        in (files["README.md"])
    )
    html = files["index.html"]
    assert "<th>Where</th><th>What happened</th><th>Code</th>" in html
    where = html.index('<span class="where">Action “Update an order” (POST /orders/{id}) › parameter 2</span>')
    assert where < html.index('<code class="pointer">/paths/~1orders~1{id}/post/parameters/1</code>', where)


def oauth(authorization_url: str, token_url: str, scopes: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        **DOC,
        "securityDefinitions": {
            "oauth": {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": authorization_url,
                "tokenUrl": token_url,
                "scopes": scopes or {"read": "Read"},
            }
        },
        "security": [{"oauth": ["read"]}],
    }


@pytest.mark.parametrize(
    ("urls", "step_one", "redirect_field"),
    [
        (
            (
                "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                "https://login.microsoftonline.com/common/oauth2/v2.0/token",
            ),
            "Azure portal > Microsoft Entra ID > App registrations > New registration",
            "Redirect URI (platform Web)",
        ),
        (
            (
                "https://login.salesforce.com/services/oauth2/authorize",
                "https://login.salesforce.com/services/oauth2/token",
            ),
            "Salesforce Setup > App Manager > New Connected App",
            "Callback URL",
        ),
        (
            ("https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token"),
            "Google Cloud console > APIs & Services > Credentials > Create credentials > OAuth client ID",
            "Authorized redirect URIs",
        ),
    ],
)
def test_step_one_names_the_providers_console_and_page(
    urls: tuple[str, str], step_one: str, redirect_field: str
) -> None:
    document = oauth(*urls)
    assert_valid_swagger2(document)
    files = render_docs(build_context(document))
    md, html = files["README.md"], files["index.html"]
    steps = md.split("### Step by step", 1)[1]
    escaped = step_one.replace("&", "\\&")  # the Markdown template escapes & in text
    assert f"Go to {escaped}" in steps.split("\n2. ", 1)[0]
    assert "developer console" not in md
    assert f"as the app's {redirect_field}" in steps
    assert f'<span class="menu">{step_one.replace(" > ", " › ").replace("&", "&amp;")}</span>' in html


def test_an_unrecognised_provider_keeps_the_general_step() -> None:
    context = build_context(oauth("https://auth.example.com/authorize", "https://auth.example.com/token"))
    assert context["connection"]["registration"] is None
    assert "In the provider's developer console" in render_docs(context, ["md"])["README.md"]


def test_import_step_names_the_file_to_upload(tmp_path: Path) -> None:
    named = render_docs(build_context(DOC, xtension_file="shop.swagger.json"), ["md"])["README.md"]
    assert "upload the file `shop.swagger.json`" in named
    converted = render_docs(build_context(DOC, source_format="openapi3", source_version="3.0.3"), ["md"])["README.md"]
    assert "upload the Swagger 2.0 JSON file `xtgen convert` writes from this spec" in converted

    spec = tmp_path / "crm api.yaml"
    shutil.copy(FIXTURES / "docs-preset-salesforce" / "input.yaml", spec)
    out = tmp_path / "build"
    result = run_cli(["convert", str(spec), "-o", str(tmp_path / "crm.swagger.json"), "--docs", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "upload the file `crm.swagger.json`" in (out / "README.md").read_text()
    assert "upload the file <code>crm.swagger.json</code>" in (out / "index.html").read_text()

    swagger = tmp_path / "shop.json"
    swagger.write_text(json.dumps(DOC))
    result = run_cli(["docs", str(swagger), "--out-dir", str(tmp_path / "shop-docs"), "--format", "md"])
    assert result.exit_code == 0, result.stderr
    assert "upload the file `shop.json`" in (tmp_path / "shop-docs" / "README.md").read_text()


def test_field_names_break_between_parts_never_inside_a_name() -> None:
    html = render_docs(build_context(DOC), ["html"])["index.html"]
    paths = re.findall(r'<code class="path">(.*?)</code>', html)
    assert "lineItems[].<wbr>stockKeepingUnit" in paths and "shippingAddress.<wbr>postalCode" in paths
    assert all("." not in part and "<wbr>" not in part for p in paths for part in p.split(".<wbr>"))
    assert "code.path { overflow-wrap: break-word; word-break: normal; }" in html


def test_docs_import_preset_recommends_while_convert_preset_applies(tmp_path: Path) -> None:
    seed = FIXTURES / "security-seed-accesscode" / "input.yaml"
    result = run_cli(
        ["docs", str(seed), "--out-dir", str(tmp_path / "d"), "--format", "md", "--import-preset", "salesforce"]
    )
    assert result.exit_code == 0, result.stderr
    md = (tmp_path / "d" / "README.md").read_text()
    assert "choose the preset **Salesforce**" in md and "login.salesforce.com" not in md  # recommended, not applied
    refused = run_cli(["docs", str(seed), "--out-dir", str(tmp_path / "e"), "--preset", "salesforce"])
    assert refused.exit_code == 2 and "--preset" in refused.stderr
