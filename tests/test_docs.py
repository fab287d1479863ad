"""Docs: golden README.md / index.html per fixtures/docs-*/, template overrides, injection, the context.

Regenerate the goldens with `pytest tests/test_docs.py --update-goldens`, then read `git diff fixtures/`.
A docs case is a folder fixtures/docs-<name>/ with docs.json (CLI flags for `xtgen docs`, plus "input":
the spec, relative to the folder, default input.*) and expected-docs/ (the files the run must write).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from xtgen.docs import build_context, docs_context, load_docs_source, preset_advice, render_docs
from xtgen.docs.escape import md_cell, md_code, md_inline
from xtgen.model import Diagnostic, Severity, XtgenError

from .conftest import FIXTURES, assert_valid_swagger2, run_cli
from .test_golden import cli_args

DOC_CASES = sorted(p for p in FIXTURES.glob("docs-*") if (p / "docs.json").is_file())
OUTPUT_FILES = ("README.md", "index.html")


def case_input(case: Path, options: dict[str, Any]) -> Path:
    if "input" in options:
        return (case / options["input"]).resolve()
    return next(case.glob("input.*"))


@pytest.mark.parametrize("case", DOC_CASES, ids=[c.name for c in DOC_CASES])
def test_docs_golden(case: Path, tmp_path: Path, update_goldens: bool) -> None:
    options = json.loads((case / "docs.json").read_text())
    source = case_input(case, options)
    flags = cli_args(case, {k: v for k, v in options.items() if k != "input"})
    out = tmp_path / "docs"
    result = run_cli(["docs", str(source), "--out-dir", str(out), *flags])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    expected = case / "expected-docs"
    if update_goldens:
        expected.mkdir(exist_ok=True)
        for name in OUTPUT_FILES:
            (expected / name).write_text((out / name).read_text(encoding="utf-8"), encoding="utf-8")
    for name in OUTPUT_FILES:
        assert (out / name).read_text(encoding="utf-8") == (expected / name).read_text(encoding="utf-8"), name
    document = load_docs_source(source).document
    assert document is not None
    assert_valid_swagger2(document)


def swagger(description: str = "", **extra: Any) -> dict[str, Any]:
    """A small Swagger 2.0 document; `description` lands in every place the docs print text from."""
    return {
        "swagger": "2.0",
        "info": {"title": "Probe", "version": "1", "description": description},
        "host": "api.example.com",
        "schemes": ["https"],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "getThings",
                    "summary": "Get things",
                    "description": description,
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "type": "string",
                            "description": description,
                            "default": description,
                            "enum": [description, "plain"],
                        }
                    ],
                    "responses": {"200": {"description": description, "schema": {"$ref": "#/definitions/Thing"}}},
                }
            }
        },
        "definitions": {
            "Thing": {"type": "object", "properties": {"name": {"type": "string", "description": description}}}
        },
        **extra,
    }


def render(document: dict[str, Any], diagnostics: tuple[Diagnostic, ...] = (), **kwargs: Any) -> dict[str, str]:
    assert_valid_swagger2(document)
    return render_docs(build_context(document, diagnostics, **kwargs))


def table_rows(markdown: str, first_cell: str) -> list[list[str]]:
    """The cells of the Markdown table rows whose first cell contains `first_cell` (unescaped pipes split)."""
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if cells and first_cell in cells[0]:
                rows.append(cells)
    return rows


def test_template_syntax_in_spec_text_is_printed_as_written() -> None:
    files = render(swagger("{{ 7*7 }} {% raw %} {# c #}"))
    assert "49" not in files["README.md"] and "49" not in files["index.html"]
    assert "{{ 7*7 }} {% raw %} {# c #}" in files["index.html"]
    assert r"{{ 7\*7 }} {% raw %} {\# c \#}" in files["README.md"]


def test_script_in_description_is_escaped() -> None:
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    files = render(swagger(payload), (Diagnostic("XT020", Severity.WARNING, payload, "/info"),))
    html, md = files["index.html"], files["README.md"]
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    outside_code = re.sub(r"(`+).*?\1", "", md)  # a code span shows <script> as text
    assert not re.search(r"(?<!\\)<(script|img|/script)", outside_code)
    assert r"\<script\>alert(1)\</script\>\<img src=x onerror=alert(2)\>" in md


def test_pipe_and_newline_stay_inside_their_table_cell() -> None:
    text = "left | right\nsecond line"
    md = render(swagger(text))["README.md"]
    rows = table_rows(md, "`q`")
    assert rows, md
    assert len(rows[0]) == 5  # Field | In | Type | Required | Description
    assert rows[0][4].startswith(r"left \| right<br>second line")
    name_rows = table_rows(md, "`name`")
    assert len(name_rows[0]) == 3 and name_rows[0][2] == r"left \| right<br>second line"


def test_markdown_structure_in_spec_text_stays_text() -> None:
    text = "# Heading\n- item\n1. first\n---\n[link](javascript:alert(1))\n`code` *em* _em_ ~~del~~ $x$ &amp;"
    md = render(swagger(text))["README.md"]
    assert "\n# Heading" not in md and "\n- item" not in md and "\n1. first" not in md
    assert "\\# Heading\\\n\\- item\\\n1\\. first\\\n\\---\\\n" in md  # hard breaks, markers escaped
    assert r"\[link\](javascript:alert(1))" in md
    assert r"\`code\` \*em\* \_em\_ \~\~del\~\~ \$x\$ \&amp;" in md


def test_names_with_backticks_and_pipes_keep_the_table_intact() -> None:
    document = swagger()
    document["paths"]["/things"]["get"]["parameters"][0]["name"] = "a`b|c"
    md = render(document)["README.md"]
    rows = table_rows(md, "a`b")
    assert len(rows[0]) == 5 and rows[0][0] == r"``a`b\|c``"


def test_action_anchors_are_safe_and_unique() -> None:
    document = swagger()
    get = document["paths"]["/things"]["get"]
    document["paths"]["/things"]["post"] = {**get, "operationId": '"><script>x</script>'}
    document["paths"]["/things"]["put"] = {**get, "operationId": '"><script>x</script>'}
    context = build_context(document)
    anchors = [a["anchor"] for a in context["actions"]]
    assert anchors == ["action-getthings", "action-script-x-script", "action-script-x-script-2"]
    assert all(re.fullmatch(r"[a-z0-9-]+", a) for a in anchors)


def test_escape_filters() -> None:
    assert md_inline("1. a\n- b") == r"1\. a \- b"
    assert md_inline("version 1.0") == "version 1.0"
    assert md_cell("a|b\r\nc") == r"a\|b<br>c"
    assert md_code("x`y") == "``x`y``"
    assert md_code("`x`") == "`` `x` ``"
    assert md_code("a|b", cell=True) == r"`a\|b`"


def test_override_one_template_falls_back_for_the_rest(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "style.css").write_text("body { color: rebeccapurple; }\n")
    (templates / "README.md.j2").write_text("# {{ title }} has {{ actions | length }} action(s)\n")
    case = FIXTURES / "security-seed-accesscode" / "input.yaml"
    out = tmp_path / "out"
    result = run_cli(["docs", str(case), "--out-dir", str(out), "--templates", str(templates)])
    assert result.exit_code == 0, result.output
    assert (out / "README.md").read_text() == "# Example has 1 action(s)\n"
    html = (out / "index.html").read_text()
    assert "rebeccapurple" in html and "<h2>Contents</h2>" in html  # built-in page, user stylesheet
    golden = (FIXTURES / "docs-seed-accesscode" / "expected-docs" / "index.html").read_text()
    assert "rebeccapurple" not in golden


def test_sandbox_and_strict_undefined_reject_bad_templates(tmp_path: Path) -> None:
    document = swagger()
    cases = {
        "{{ title.__class__.__mro__[1].__subclasses__() }}": "unsafe",
        "{{ no_such_variable }}": "undefined",
        "{% for %}": r"README\.md\.j2:1: Expected an expression",
    }
    for source, expected in cases.items():
        (tmp_path / "README.md.j2").write_text(source)
        with pytest.raises(XtgenError, match=expected):
            render_docs(build_context(document), ["md"], tmp_path)


def test_docs_cli_formats_and_errors(tmp_path: Path) -> None:
    seed = FIXTURES / "security-seed-accesscode" / "input.yaml"
    result = run_cli(["docs", str(seed), "--out-dir", str(tmp_path / "md"), "--format", "md"])
    assert result.exit_code == 0 and [p.name for p in (tmp_path / "md").iterdir()] == ["README.md"]
    assert run_cli(["docs", str(seed), "--region", "mars"]).exit_code == 2
    assert run_cli(["docs", str(seed), "--format", "pdf"]).exit_code == 2
    assert run_cli(["docs", str(seed), "--templates", str(tmp_path / "missing")]).exit_code == 2
    failing = FIXTURES / "security-cookie-alone" / "input.yaml"
    result = run_cli(["docs", str(failing), "--out-dir", str(tmp_path / "fail")])
    assert result.exit_code == 1 and "error XT114" in result.stderr
    assert not (tmp_path / "fail").exists()


def test_convert_writes_docs_alongside(tmp_path: Path) -> None:
    case = FIXTURES / "docs-many-diagnostics" / "input.yaml"
    out, docs = tmp_path / "out.json", tmp_path / "docs"
    result = run_cli(["convert", str(case), "-o", str(out), "--docs", str(docs)])
    assert result.exit_code == 0, result.output
    assert_valid_swagger2(json.loads(out.read_text()))
    readme = (docs / "README.md").read_text()
    assert "XT121" in readme and "from OpenAPI 3.0.3 to Swagger 2.0" in readme  # the version the input declares
    assert (docs / "index.html").read_text().startswith("<!DOCTYPE html>")


def test_convert_docs_not_written_when_conversion_fails(tmp_path: Path) -> None:
    failing = FIXTURES / "security-cookie-alone" / "input.yaml"
    result = run_cli(["convert", str(failing), "-o", str(tmp_path / "o.json"), "--docs", str(tmp_path / "d")])
    assert result.exit_code == 1 and not (tmp_path / "d").exists()


def test_docs_never_overwrite_the_input(tmp_path: Path) -> None:
    spec = tmp_path / "README.md"
    spec.write_text(json.dumps(swagger()))
    result = run_cli(["docs", str(spec), "--out-dir", str(tmp_path), "--format", "md"])
    assert result.exit_code == 2 and "over the input" in result.stderr
    assert json.loads(spec.read_text())["swagger"] == "2.0"


def test_context_is_plain_json_data() -> None:
    source = load_docs_source(FIXTURES / "docs-many-diagnostics" / "input.yaml")
    assert source.document is not None
    context = docs_context(source)
    assert json.loads(json.dumps(context)) == context
    assert context["report"]["counts"] == {"error": 0, "warning": 7, "info": 5}
    folder = next(a for a in context["actions"] if a["operation_id"] == "listFolders")
    assert folder["hidden"] and context["hidden_actions"] == 1
    children = next(f for f in folder["outputs"][0]["fields"] if f["name"] == "children")
    assert any("Recursive" in note for note in children["notes"])
    send = next(a for a in context["actions"] if a["operation_id"] == "sendMessage")
    assert [f["path"] for f in send["inputs"] if f["depth"] == 2] == [
        "body.contentType",
        "body.content",
        "to[].name",
        "to[].email",
        "replyTo.name",
        "replyTo.email",
    ]


def test_recursion_and_size_are_bounded() -> None:
    document = swagger()
    document["definitions"] = {
        "Node": {
            "type": "object",
            "properties": {
                "next": {"$ref": "#/definitions/Node"},
                "items": {"type": "array", "items": {"$ref": "#/definitions/Node"}},
            },
        },
        "Loop": {"$ref": "#/definitions/Loop"},
        "Wide": {"type": "object", "properties": {f"p{i}": {"$ref": "#/definitions/Wide2"} for i in range(40)}},
        "Wide2": {"type": "object", "properties": {f"q{i}": {"type": "string"} for i in range(40)}},
    }
    get = document["paths"]["/things"]["get"]
    get["responses"] = {
        "200": {"description": "a", "schema": {"$ref": "#/definitions/Node"}},
        "201": {"description": "b", "schema": {"$ref": "#/definitions/Loop"}},
        "202": {"description": "c", "schema": {"$ref": "#/definitions/Wide"}},
    }
    outputs = build_context(document)["actions"][0]["outputs"]
    assert [f["path"] for f in outputs[0]["fields"]] == ["next", "items"]
    assert outputs[1]["type"] == "unresolved (#/definitions/Loop)" and outputs[1]["fields"] == []
    assert len(outputs[2]["fields"]) == 300 and outputs[2]["fields_truncated"]
    render_docs(build_context(document))


@pytest.mark.parametrize(
    ("urls", "preset"),
    [
        (
            (
                "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
                "https://login.microsoftonline.com/common/oauth2/v2.0/token",
            ),
            "Azure Active Directory version 2",
        ),
        (
            ("https://login.windows.net/common/oauth2/authorize", "https://login.windows.net/common/oauth2/token"),
            "Azure Active Directory version 1",
        ),
        (
            (
                "https://login.salesforce.com/services/oauth2/authorize",
                "https://login.salesforce.com/services/oauth2/token",
            ),
            "Salesforce",
        ),
        (("https://auth.example.com/a", "https://auth.example.com/t"), "Generic OAuth 2"),
    ],
)
def test_preset_advice_recognises_providers(urls: tuple[str, str], preset: str) -> None:
    definition = {
        "type": "oauth2",
        "flow": "accessCode",
        "authorizationUrl": urls[0],
        "tokenUrl": urls[1],
        "scopes": {},
    }
    assert preset_advice(definition).nintex_preset == preset


def test_graph_scopes_on_v2_get_generic_oauth2_as_nintex_recommends() -> None:
    definition = {
        "type": "oauth2",
        "flow": "accessCode",
        "authorizationUrl": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        "tokenUrl": "https://login.microsoftonline.com/common/oauth2/v2.0/token",
        "scopes": {"Mail.Read": "Read mail", "offline_access": "Stay signed in"},
    }
    advice = preset_advice(definition)
    assert advice.nintex_preset == "Generic OAuth 2" and "Outlook" in advice.note


def test_preset_option_and_object_override_the_advice(tmp_path: Path) -> None:
    class Preset:
        name = "custom"
        nintex_preset = "SharePoint Online"
        import_fields = (("Client ID", "from Entra"), ("Client secret", "from Entra"))

    definition = {
        "type": "oauth2",
        "flow": "accessCode",
        "authorizationUrl": "https://a.example/a",
        "tokenUrl": "https://a.example/t",
        "scopes": {},
    }
    advice = preset_advice(definition, Preset())
    assert advice.nintex_preset == "SharePoint Online" and advice.import_fields[0]["value"] == "from Entra"
    assert preset_advice(definition, "azure-ad-v2").nintex_preset == "Azure Active Directory version 2"
    with pytest.raises(XtgenError, match="unknown preset"):
        preset_advice(definition, "nope")
    seed = FIXTURES / "security-seed-accesscode" / "input.yaml"
    args = ["docs", str(seed), "--out-dir", str(tmp_path), "--format", "md", "--import-preset", "microsoft-graph"]
    assert run_cli(args).exit_code == 0
    assert "choose the preset **Microsoft Graph**" in (tmp_path / "README.md").read_text()
    assert run_cli(["docs", str(seed), "--out-dir", str(tmp_path), "--import-preset", "nope"]).exit_code == 2
    # --preset applies a preset (convert, build, preset); docs only recommends one, under another name
    assert run_cli(["docs", str(seed), "--out-dir", str(tmp_path), "--preset", "microsoft-graph"]).exit_code == 2


@pytest.mark.parametrize(
    ("scopes", "url", "expected"),
    [
        ({"Mail.Read": ""}, "https://login.microsoftonline.com/x/oauth2/v2.0/authorize", 'add "offline_access"'),
        ({"api": ""}, "https://login.salesforce.com/services/oauth2/authorize", 'add "refresh_token"'),
        ({"offline_access": ""}, "https://auth.example.com/a", "declares the offline_access scope"),
        ({}, "https://accounts.google.com/o/oauth2/v2/auth", "access_type=offline"),
    ],
)
def test_offline_access_advice(scopes: dict[str, str], url: str, expected: str) -> None:
    document = swagger(
        securityDefinitions={
            "o": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": url, "tokenUrl": url, "scopes": scopes}
        }
    )
    connection = build_context(document)["connection"]
    assert connection["offline"] is not None and expected in connection["offline"]["advice"]


def test_regions_mark_undocumented_redirect_urls() -> None:
    document = swagger(
        securityDefinitions={
            "o": {"type": "oauth2", "flow": "application", "tokenUrl": "https://a.example/t", "scopes": {}}
        }
    )
    connection = build_context(document, region="ca")["connection"]
    assert connection["redirect_url"] == "https://ca.nintex.io/connection/api/Token"
    assert not connection["redirect_documented"]
    assert [(r["region"], r["documented"]) for r in connection["redirect_urls"]] == [
        ("us", True),
        ("eu", False),
        ("au", False),
        ("ca", False),
        ("uk", False),
    ]
    md = render_docs(build_context(document, region="ca"), ["md"])["README.md"]
    assert "*Verify in your tenant:*" in md


def test_bearer_and_none_connections() -> None:
    bearer = swagger(
        securityDefinitions={"b": {"type": "apiKey", "name": "Authorization", "in": "header", "x-bearer-format": "JWT"}}
    )
    md = render(bearer)["README.md"]
    assert "type `Bearer` and a space" in md
    assert "there is nothing to set up" in render(swagger())["README.md"]


def test_power_automate_only_visibility_is_explained() -> None:
    document = swagger()
    document["definitions"]["Thing"]["properties"]["name"]["x-ms-visibility"] = "internal"
    document["paths"]["/things"]["get"]["x-ms-visibility"] = "internal"
    action = build_context(document)["actions"][0]
    name = next(f for f in action["outputs"][0]["fields"] if f["name"] == "name")
    assert not name["hidden"] and any("x-ms-visibility" in n for n in name["notes"])
    assert not action["hidden"] and any("x-ms-visibility" in n for n in action["notes"])


def test_preset_import_fields_are_filled_from_the_definition() -> None:
    """Every built-in preset gives its Nintex label, and its placeholders are filled from the spec's
    definition (tenant, resource, scopes, login host) or replaced by a hint, never shown raw."""
    from xtgen.target.presets import builtin_presets

    definition = {
        "type": "oauth2",
        "flow": "accessCode",
        "authorizationUrl": "https://login.microsoftonline.com/contoso.com/oauth2/authorize"
        "?resource=https://contoso.sharepoint.com",
        "tokenUrl": "https://login.microsoftonline.com/contoso.com/oauth2/token",
        "scopes": {"AllSites.Read": "Read sites"},
    }
    for preset in builtin_presets().values():
        advice = preset_advice(definition, preset.name)
        assert advice.nintex_preset == preset.nintex_preset
        values = {f["label"]: f["value"] for f in advice.import_fields}
        assert [f["label"] for f in advice.import_fields] == [label for label, _ in preset.import_fields]
        assert not any("{" in v for v in values.values())
        assert values.get("Tenant", "contoso.com") == "contoso.com"
        assert values.get("Resource", "https://contoso.sharepoint.com") == "https://contoso.sharepoint.com"
    assert preset_advice(definition).nintex_preset == "SharePoint Online"
