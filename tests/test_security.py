"""The Nintex OAuth 2.0 help page's two examples come out exactly as the page shows them."""

from __future__ import annotations

import json

import pytest

from xtgen import Options, convert_file

from .conftest import FIXTURES, assert_valid_swagger2

# Copied from the help page (nintex-oauth2-seed.txt): the parts conversion produces.
PAGE_OPERATION = {"summary": "Example operation", "security": [{"myOauth": []}]}
PAGE_DEFINITIONS = {
    "accessCode": {
        "myOauth": {
            "type": "oauth2",
            "flow": "accessCode",
            "authorizationUrl": "https://www.example.com/oauth2/auth",
            "tokenUrl": "https://www.example.com/oauth2/token",
            "scopes": {"https://www.www/example.com/auth/users": "access to user profiles"},
        }
    },
    "application": {
        "myOauth": {
            "type": "oauth2",
            "flow": "application",
            "tokenUrl": "https://www.example.com/oauth2/token",
            "scopes": {"https://www.www/example.com/auth/users": "access to user profiles"},
        }
    },
}


@pytest.mark.parametrize("flow", ["accessCode", "application"])
def test_help_page_examples(flow: str) -> None:
    case = FIXTURES / f"security-seed-{flow.lower()}"
    result = convert_file(case / "input.yaml", Options())
    assert result.ok and result.document is not None
    doc = result.document
    assert_valid_swagger2(doc)
    # same keys in the same order as the page, key by key
    assert json.dumps(doc["securityDefinitions"]) == json.dumps(PAGE_DEFINITIONS[flow])
    op = doc["paths"]["/example"]["post"]
    assert [k for k in op if k != "operationId"][:2] == ["summary", "security"]
    assert {k: op[k] for k in PAGE_OPERATION} == PAGE_OPERATION
    assert op["responses"] == {"200": {"description": "OK"}}
    assert (doc["host"], doc["schemes"], doc["produces"], doc["consumes"]) == (
        "api.example.com",
        ["https"],
        ["application/json"],
        ["application/json"],
    )
    # the page's example has no operationId: the nintex target generates one (an info)
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("XT753", "info")]


def test_multiflow_requirements_become_alternatives() -> None:
    result = convert_file(FIXTURES / "security-multiflow-swagger2" / "input.yaml", Options(target="swagger2"))
    doc = result.document
    assert doc is not None
    assert [(n, d["flow"]) for n, d in doc["securityDefinitions"].items() if d["type"] == "oauth2"] == [
        ("oauth", "accessCode"),
        ("oauth_application", "application"),
        ("oauth_implicit", "implicit"),
        ("oauth_password", "password"),
    ]
    assert doc["security"] == [
        {"oauth": ["read"]},
        {"oauth_application": ["read"]},
        {"oauth_implicit": ["read"]},
        {"oauth_password": ["read"]},
    ]
    assert doc["paths"]["/health"]["get"]["security"] == []


def test_input_is_never_mutated() -> None:
    from xtgen import convert
    from xtgen.read.load import load_document

    source, _ = load_document(FIXTURES / "security-multiflow-swagger2" / "input.yaml")
    before = json.dumps(source)
    convert(source, Options())
    convert(source, Options(target="swagger2"))
    assert json.dumps(source) == before


def test_unexpressible_scheme_alone_is_an_error() -> None:
    from xtgen.pipeline import convert
    from xtgen.read.load import load_document

    source, _ = load_document(FIXTURES / "security-cookie-alone" / "input.yaml")
    errors = [d.code for d in convert(source, Options()).diagnostics if d.severity.value == "error"]
    assert errors == ["XT114"]
