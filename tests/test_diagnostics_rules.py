"""Issue 13's rule changes: XT718 (an operation called without credentials) and one meaning, one severity, per
x-ms-* extension in lint and convert; Microsoft Graph's x-ms-docs-* metadata is not a Power Automate connector."""

from __future__ import annotations

import copy
from typing import Any

from xtgen import Options, convert
from xtgen.model import Severity
from xtgen.target.lint.checks import lint_document

from .conftest import assert_valid_swagger2
from .test_lint import base


def codes(doc: dict[str, Any]) -> list[str]:
    return [d.code for d in lint_document(doc)]


def test_xt718_at_each_operation_without_security() -> None:
    doc = base()
    del doc["paths"]["/items"]["get"]["security"]
    del doc["paths"]["/items"]["post"]["security"]
    found = [d for d in lint_document(doc) if d.code == "XT718"]
    assert [d.pointer for d in found] == ["/paths/~1items/get", "/paths/~1items/post"]
    assert all(d.severity is Severity.WARNING and "'oauth'" in d.message for d in found)
    assert '"security": []' in found[0].message


def test_xt718_silenced_by_root_requirements_and_absent_without_definitions() -> None:
    inheriting = base()
    del inheriting["paths"]["/items"]["get"]["security"]
    inheriting["security"] = [{"oauth": ["read"]}]
    assert "XT718" not in codes(inheriting) and "XT714" in codes(inheriting)  # XT714 says the rest
    public = copy.deepcopy(inheriting)
    public["security"] = []
    assert "XT718" not in codes(public)
    anonymous = base()
    del anonymous["securityDefinitions"]
    for method in ("get", "post"):
        del anonymous["paths"]["/items"][method]["security"]
    assert "XT718" not in codes(anonymous)


def openapi3(extensions: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Graph", "version": "1.0"},
        "servers": [{"url": "https://graph.microsoft.com/v1.0"}],
        "paths": {
            "/me": {
                "get": {
                    "operationId": "me.get",
                    "summary": "Get me",
                    **extensions,
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
    }


def test_graph_docs_metadata_does_not_turn_migration_on() -> None:
    result = convert(openapi3({"x-ms-docs-operation-type": "operation"}), Options())
    assert result.ok and result.document is not None
    assert_valid_swagger2(result.document)
    found = {d.code: d for d in result.diagnostics}
    assert "XT780" not in found  # no Power Automate migration notice
    assert found["XT772"].severity is Severity.INFO
    assert found["XT772"].pointer == "/paths/~1me/get/x-ms-docs-operation-type"


def test_one_severity_per_extension_in_convert_and_lint() -> None:
    """The same x-ms-* extension has the same severity in `convert` (migration) and `lint`."""
    spec = openapi3({"x-ms-docs-key-type": "user", "x-ms-trigger": "single", "x-ms-visibility": "important"})
    converted = convert(spec, Options(from_power_automate=True))
    assert converted.ok and converted.document is not None
    convert_severity = {
        d.message.split(" ")[0]: d.severity for d in converted.diagnostics if d.code in ("XT782", "XT785")
    }
    linted = base()
    linted["paths"]["/items"]["get"].update({"x-ms-docs-key-type": "user", "x-ms-trigger": "single"})
    linted["paths"]["/items"]["get"]["x-ms-visibility"] = "important"
    lint_severity = {d.message.split(" ")[0]: d.severity for d in lint_document(linted) if d.code in ("XT772", "XT782")}
    assert (
        convert_severity
        == lint_severity
        == {
            "x-ms-docs-key-type": Severity.INFO,
            "x-ms-trigger": Severity.WARNING,
            "x-ms-visibility:": Severity.INFO,
        }
    )
