"""Each pain point users report against other converters (shared/reference/peers.md) is a test here.

The cases are golden fixtures (so their full output and diagnostics are pinned too); these tests name
the one property each pain point is about.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from xtgen import Options, convert_file

from .conftest import FIXTURES, assert_valid_swagger2


def run(case: str, **options: Any) -> tuple[dict[str, Any], list[str]]:
    result = convert_file(FIXTURES / case / next(p.name for p in (FIXTURES / case).glob("input.*")), Options(**options))
    assert result.document is not None
    if result.ok:
        assert_valid_swagger2(result.document)
    return result.document, [d.code for d in result.diagnostics]


def test_relative_server_url_does_not_crash() -> None:  # OpenAPI.NET #440, #497
    doc, codes = run("servers-relative-swagger2", target="swagger2")
    assert "host" not in doc and doc["basePath"] == "/api/v3" and "XT205" in codes


def test_extra_servers_are_reported_not_silently_dropped() -> None:
    doc, codes = run("servers-schemes-merged", target="swagger2")
    assert doc["schemes"] == ["https", "http"] and "XT208" in codes


def test_uploads_become_type_file() -> None:  # api-spec-converter #193
    doc, _ = run("body-multipart-file")
    params = doc["paths"]["/documents"]["post"]["parameters"]
    assert params[0] == {
        "name": "file",
        "in": "formData",
        "description": "The document",
        "required": True,
        "type": "file",
    }


def test_several_bodies_keep_the_best_and_say_so() -> None:  # kin-openapi keeps one in map order
    doc, codes = run("body-several-media-types", target="swagger2")
    op = doc["paths"]["/notes"]["post"]
    assert op.get("consumes", doc.get("consumes")) == ["application/xml", "application/json"] and "XT311" in codes


def test_ref_schema_on_query_parameter_is_inlined() -> None:  # api-spec-converter #164, OpenAPI.NET #225 #425
    doc, _ = run("params-ref-schema-inlined")
    params = doc["paths"]["/pets"]["get"]["parameters"]
    assert params[0] == {"name": "status", "in": "query", "type": "string", "enum": ["available", "pending", "sold"]}
    assert params[3]["type"] == "string"  # an object schema becomes a string, with a warning
    assert "$ref" not in json.dumps(params[:2])


def test_cookie_parameters_are_dropped() -> None:  # all peers leave them in
    doc, codes = run("params-content-cookie")
    assert "cookie" not in json.dumps(doc["paths"]) and "parameters" not in doc and codes.count("XT301") == 3


def test_produces_includes_default_response_types() -> None:  # api-spec-converter #175
    doc, _ = run("responses-media-and-headers", target="swagger2")
    assert "application/problem+json" in doc["produces"]


def test_components_are_not_parked_under_x_components() -> None:
    doc, _ = run("components-all-kinds", target="swagger2")
    assert "x-components" not in doc and set(doc) >= {"definitions", "parameters", "responses"}


def test_oneof_is_not_silently_cut() -> None:  # api-spec-converter #183 #228, OpenAPI.NET #205
    doc, codes = run("schemas-composition")
    pet = doc["definitions"]["Pet"]
    assert set(pet["properties"]) == {"petType", "name", "indoor", "bark"} and len(pet["x-oneOf"]) == 2
    assert "XT509" in codes


def test_nullable_false_is_removed() -> None:  # api-spec-converter #291
    doc, _ = run("schemas-nullable-const-readonly")
    text = json.dumps(doc["definitions"])
    assert '"nullable"' not in text and '"x-nullable": true' in text


@pytest.mark.parametrize("case", ["dropped-callbacks-links-trace", "schemas-openapi31"])
def test_callbacks_links_webhooks_do_not_leak(case: str) -> None:  # api-spec-converter #292
    doc, _ = run(case)
    text = json.dumps(doc)
    assert all(k not in text for k in ('"callbacks"', '"links"', '"webhooks"', '"trace"'))


def test_every_flow_of_a_multiflow_scheme_is_kept() -> None:  # every peer keeps one
    doc, _ = run("security-multiflow-swagger2", target="swagger2")
    flows = sorted(d["flow"] for d in doc["securityDefinitions"].values() if d["type"] == "oauth2")
    assert flows == ["accessCode", "application", "implicit", "password"]


def test_bearer_does_not_become_empty() -> None:  # OpenAPI.NET gives {}, kin aborts
    doc, _ = run("security-bearer")
    assert doc["securityDefinitions"]["token"]["in"] == "header"


def test_openapi_31_is_accepted() -> None:  # api-spec-converter #348
    doc, _ = run("schemas-openapi31")
    assert doc["swagger"] == "2.0"


def test_losses_are_reported() -> None:  # OpenAPI.NET #224
    _, codes = run("schemas-openapi31")
    assert {"XT503", "XT603", "XT606"} <= set(codes)


def test_output_is_validated_by_default() -> None:  # api-spec-converter: -c is off by default
    assert Options().validate is True
