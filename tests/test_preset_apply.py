"""Applying presets to documents (library, `preset --into`, `convert --preset`), the preset CLI, and the
offline-access check and provider recognition for specs converted without a preset."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from xtgen import Options, convert_file
from xtgen.model import PresetOptions
from xtgen.target.presets import apply_preset, build_definition, check_offline_access, load_preset, recognise_provider

from .conftest import FIXTURES, ROOT, assert_valid_swagger2, run_cli

GRAPH_MAIL = FIXTURES / "preset-graph-mail" / "input.yaml"
USER_PRESET = FIXTURES / "preset-user-file" / "acme.toml"


def swagger(**extra: Any) -> dict[str, Any]:
    """A Swagger 2.0 spec of our own: one definition, a root requirement, a public and a private operation."""
    doc: dict[str, Any] = {
        "swagger": "2.0",
        "info": {"title": "Orders", "version": "1"},
        "host": "orders.contoso.com",
        "schemes": ["https"],
        "paths": {
            "/orders": {
                "get": {"operationId": "list", "summary": "List", "responses": {"200": {"description": "OK"}}},
                "post": {"operationId": "add", "security": [{"key": []}], "responses": {"201": {"description": "OK"}}},
            },
            "/health": {"get": {"operationId": "health", "security": [], "responses": {"200": {"description": "OK"}}}},
        },
        "securityDefinitions": {"key": {"type": "apiKey", "name": "X-Key", "in": "header"}},
        "security": [{"key": []}],
    }
    doc.update(extra)
    return doc


def salesforce() -> Any:
    return build_definition(load_preset("salesforce"), PresetOptions(salesforce_domain="acme"))


def test_apply_replaces_definitions_and_requirements_without_mutating_input() -> None:
    source = swagger()
    before = copy.deepcopy(source)
    out, diagnostics = apply_preset(source, salesforce())
    assert source == before
    assert_valid_swagger2(out)
    assert list(out["securityDefinitions"]) == ["salesforce"]
    assert "security" not in out
    orders = out["paths"]["/orders"]
    assert orders["get"]["security"] == [{"salesforce": ["api", "refresh_token"]}]
    assert list(orders["get"]) == ["operationId", "summary", "security", "responses"]
    assert orders["post"]["security"] == [{"salesforce": ["api", "refresh_token"]}]
    assert out["paths"]["/health"] is source["paths"]["/health"]  # untouched parts are shared, not copied
    assert out["paths"]["/health"]["get"]["security"] == []
    assert [d.code for d in diagnostics] == ["XT800", "XT801", "XT803"]
    assert "(replaced 'key')" in diagnostics[0].message
    assert list(out) == ["swagger", "info", "host", "schemes", "paths", "securityDefinitions"]


def test_apply_keeps_the_scopes_an_operation_asked_for() -> None:
    built = build_definition(load_preset("azure-ad-v2"), PresetOptions(scopes=("Mail.Read", "User.Read")))
    doc = swagger()
    doc["paths"]["/orders"]["post"]["security"] = [{"key": ["User.Read"]}]
    out, _ = apply_preset(doc, built)
    assert out["paths"]["/orders"]["post"]["security"] == [
        {"azure-ad-v2": ["https://graph.microsoft.com/User.Read", "offline_access"]}
    ]
    assert out["paths"]["/orders"]["get"]["security"] == [
        {
            "azure-ad-v2": [
                "https://graph.microsoft.com/Mail.Read",
                "https://graph.microsoft.com/User.Read",
                "offline_access",
            ]
        }
    ]
    assert_valid_swagger2(out)


def test_apply_to_a_spec_without_any_security_covers_every_operation() -> None:
    doc = swagger()
    del doc["security"], doc["securityDefinitions"], doc["paths"]["/orders"]["post"]["security"]
    del doc["paths"]["/health"]["get"]["security"]
    out, diagnostics = apply_preset(doc, salesforce())
    assert_valid_swagger2(out)
    assert all(
        op["security"] == [{"salesforce": ["api", "refresh_token"]}]
        for item in out["paths"].values()
        for op in item.values()
    )
    assert [d.code for d in diagnostics] == ["XT800", "XT801", "XT802"]


def test_graph_mail_paths_warn_only_under_microsoft_graph() -> None:
    result = convert_file(GRAPH_MAIL, Options(preset="microsoft-graph"))
    warnings = [d for d in result.diagnostics if d.code == "XT811"]
    assert len(warnings) == 1 and "Generic OAuth 2" in warnings[0].message
    assert "(/me/messages, /me/events)" in warnings[0].message
    assert result.document is not None
    assert_valid_swagger2(result.document)
    other = convert_file(GRAPH_MAIL, Options(preset="azure-ad-v2"))
    assert not [d for d in other.diagnostics if d.code == "XT811"]
    doc = swagger(host="graph.microsoft.com")
    doc["paths"] = {"/me/drive/root/children": doc["paths"]["/orders"]}
    built = build_definition(load_preset("microsoft-graph"), PresetOptions())
    assert not [d for d in apply_preset(doc, built)[1] if d.code == "XT811"]


# ---- CLI ---------------------------------------------------------------------------------------------------


def test_cli_preset_prints_definitions_json_and_yaml() -> None:
    from ruamel.yaml import YAML

    result = run_cli(["preset", "azure-ad-v2", "--tenant", "contoso.com", "--scope", "Mail.Read"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    expected = build_definition(load_preset("azure-ad-v2"), PresetOptions(tenant="contoso.com", scopes=("Mail.Read",)))
    assert printed == expected.security_definitions()
    assert_valid_swagger2(
        {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, "securityDefinitions": printed}
    )
    assert "azure-ad-v2: info XT801 " in result.stderr and "[/securityDefinitions/azure-ad-v2]" in result.stderr
    yaml_result = run_cli(
        [
            "preset",
            "azure-ad-v2",
            "--tenant",
            "contoso.com",
            "--scope",
            "Mail.Read",
            "--format",
            "yaml",
            "--name",
            "oauth2",
        ]
    )
    assert yaml_result.exit_code == 0
    assert YAML(typ="safe").load(yaml_result.stdout) == {"oauth2": printed["azure-ad-v2"]}


def test_cli_preset_list(tmp_path: Path) -> None:
    result = run_cli(["preset", "list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [
        "NAME",
        "azure-ad-v1",
        "azure-ad-v2",
        "generic-oauth2",
        "microsoft-graph",
        "salesforce",
        "sharepoint-online",
    ]
    with_file = run_cli(["preset", "list", "--preset-file", str(USER_PRESET)])
    assert "acme-idp" in with_file.stdout and "Acme Identity" in with_file.stdout


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["preset", "azure-ad-v1"], "--resource"),
        (["preset", "sharepoint-online", "--flow", "application", "--tenant", "contoso.com"], "--sharepoint-host"),
        (["preset", "generic-oauth2", "--authorization-url", "https://a.example/a"], "--token-url"),
        (["preset", "salesforce", "--flow", "application"], "--salesforce-domain"),
        (["preset", "microsoft-graph", "--flow", "application"], "--tenant"),
        (["preset", "salesforce", "--flow", "implicit"], "--flow"),
        (["preset", "azure-ad-v1", "--scope", "x", "--resource", "y"], "--scope"),
        (["convert", str(GRAPH_MAIL), "--preset", "azure-ad-v1"], "--resource"),
        (["convert", str(GRAPH_MAIL), "--tenant", "contoso.com"], "--tenant"),
        (["convert", str(GRAPH_MAIL), "--preset", "okta"], "known presets"),
    ],
)
def test_cli_unusable_preset_options_exit_2_with_one_line(args: list[str], flag: str, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run_cli([*args, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("xtgen: ") and flag in lines[0]
    assert not out.exists()


def test_cli_into_stdout_and_file(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(swagger()))
    result = run_cli(["preset", "salesforce", "--salesforce-domain", "acme", "--into", str(spec)])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert_valid_swagger2(printed)
    assert printed == apply_preset(swagger(), salesforce())[0]
    assert f"{spec}: info XT800 " in result.stderr and "[/securityDefinitions]\n" in result.stderr
    out = tmp_path / "out.json"
    report = tmp_path / "report.json"
    assert (
        run_cli(
            [
                "preset",
                "salesforce",
                "--salesforce-domain",
                "acme",
                "--into",
                str(spec),
                "-o",
                str(out),
                "--report",
                str(report),
            ]
        ).exit_code
        == 0
    )
    assert json.loads(out.read_text()) == printed
    assert json.loads(report.read_text())["inputs"][0]["output"] == str(out)


def test_cli_into_never_writes_over_the_input(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(swagger()))
    before = spec.read_text()
    result = run_cli(["preset", "salesforce", "--into", str(spec), "-o", str(spec)])
    assert result.exit_code == 2 and "over the input" in result.stderr
    assert spec.read_text() == before


def test_cli_into_wants_swagger2() -> None:
    result = run_cli(["preset", "salesforce", "--into", str(GRAPH_MAIL)])
    assert result.exit_code == 2
    assert "--into wants a Swagger 2.0 spec" in result.stderr and "xtgen convert" in result.stderr


def test_cli_into_strict_fails_on_preset_warnings(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(swagger()))
    out = tmp_path / "out.json"
    args = [
        "preset",
        "sharepoint-online",
        "--flow",
        "application",
        "--tenant",
        "contoso.com",
        "--sharepoint-host",
        "contoso",
        "--into",
        str(spec),
        "-o",
        str(out),
    ]
    assert run_cli(args).exit_code == 0
    assert_valid_swagger2(json.loads(out.read_text()))
    out.unlink()
    result = run_cli([*args, "--strict"])
    assert result.exit_code == 1 and "XT810" in result.stderr
    assert not out.exists()


def test_cli_convert_with_user_preset_file() -> None:
    result = run_cli(["convert", str(GRAPH_MAIL), "--preset", "acme-idp", "--preset-file", str(USER_PRESET)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert_valid_swagger2(doc)
    assert doc["securityDefinitions"]["acme-idp"]["tokenUrl"] == "https://id.eu.acme.example/token"


def test_cli_broken_user_preset_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(USER_PRESET.read_text().replace("format = 1", "format = 1\ncolour = 'red'"))
    result = run_cli(["preset", "acme-idp", "--preset-file", str(broken)])
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"xtgen: {broken}: unknown key 'colour' (allowed: " + result.stderr.strip().split("(allowed: ", 1)[1]
    )
    bad = tmp_path / "bad.toml"
    bad.write_text("format = ")
    assert "malformed TOML" in run_cli(["preset", "x", "--preset-file", str(bad)]).stderr


def test_presets_data_is_package_data() -> None:
    files = sorted(p.name for p in (ROOT / "xtgen" / "target" / "presets" / "data").iterdir())
    assert files == [
        f"{n}.toml"
        for n in ("azure-ad-v1", "azure-ad-v2", "generic-oauth2", "microsoft-graph", "salesforce", "sharepoint-online")
    ]


# ---- offline access on specs converted without a preset ------------------------------------------------------


def oauth(
    authorization_url: str, token_url: str, scopes: dict[str, str] | None = None, flow: str = "accessCode", **extra: Any
) -> dict[str, Any]:
    definition = {
        "type": "oauth2",
        "flow": flow,
        "authorizationUrl": authorization_url,
        "tokenUrl": token_url,
        "scopes": scopes or {},
        **extra,
    }
    if flow == "application":
        del definition["authorizationUrl"]
    return definition


V1 = "https://login.microsoftonline.com/common/oauth2/"


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        (oauth(V1 + "authorize?resource=https%3A%2F%2Fgraph.microsoft.com", V1 + "token"), "microsoft-graph"),
        (
            oauth(V1 + "authorize", V1 + "token", **{"x-resource": "https://contoso.sharepoint.com"}),
            "sharepoint-online",
        ),
        (oauth(V1 + "authorize?resource=https://api.contoso.com", V1 + "token"), "azure-ad-v1"),
        (oauth(V1 + "v2.0/authorize", V1 + "v2.0/token"), "azure-ad-v2"),
        (
            oauth(
                "https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/oauth2/v2.0/authorize",
                "https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/oauth2/v2.0/token",
            ),
            "azure-ad-v2",
        ),
        (oauth("", V1 + "v2.0/token", flow="application"), "azure-ad-v2"),
        (
            oauth(
                "https://acme.my.salesforce.com/services/oauth2/authorize",
                "https://acme.my.salesforce.com/services/oauth2/token",
            ),
            "salesforce",
        ),
        (oauth("https://accounts.google.com/o/oauth2/v2/auth", "https://www.googleapis.com/oauth2/v4/token"), "google"),
        (oauth("https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token"), None),
        ({"type": "apiKey", "name": "k", "in": "header"}, None),
    ],
)
def test_recognise_provider(definition: dict[str, Any], expected: str | None) -> None:
    assert recognise_provider(definition) == expected


def test_recognise_provider_knows_every_builtin_definition() -> None:
    cases = {
        "azure-ad-v1": {"resource": "https://api.contoso.com"},
        "sharepoint-online": {"sharepoint_host": "c"},
        "azure-ad-v2": {},
        "microsoft-graph": {},
        "salesforce": {},
    }
    for name, options in cases.items():
        built = build_definition(load_preset(name), PresetOptions(**options))
        assert_valid_swagger2(
            {
                "swagger": "2.0",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "securityDefinitions": built.security_definitions(),
            }
        )
        assert recognise_provider(built.definition) == name


def test_offline_check_says_exactly_what_to_add() -> None:
    doc = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "securityDefinitions": {
            "ms": oauth(V1 + "v2.0/authorize", V1 + "v2.0/token", {"User.Read": "r"}),
            "ms_app": oauth("", V1 + "v2.0/token", flow="application"),
            "sf": oauth(
                "https://login.salesforce.com/services/oauth2/authorize",
                "https://login.salesforce.com/services/oauth2/token",
                {"api": "a"},
            ),
            "g": oauth("https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token"),
            "v1": oauth(V1 + "authorize?resource=x", V1 + "token"),
            "other": oauth("https://id.example.com/a", "https://id.example.com/t"),
        },
    }
    found = check_offline_access(doc)
    assert [(d.code, d.pointer) for d in found] == [
        ("XT820", "/securityDefinitions/ms/scopes"),
        ("XT821", "/securityDefinitions/sf/scopes"),
        ("XT822", "/securityDefinitions/g/authorizationUrl"),
    ]
    assert "'offline_access'" in found[0].message and "--preset azure-ad-v2" in found[0].message
    assert "'refresh_token'" in found[1].message
    assert "https://accounts.google.com/o/oauth2/v2/auth?access_type=offline" in found[2].message
    assert "not a scope" in found[2].message


def test_converted_spec_gets_the_offline_warning_but_not_with_a_preset() -> None:
    case = FIXTURES / "preset-offline-microsoft-v2" / "input.yaml"
    assert [d.code for d in convert_file(case, Options()).diagnostics] == ["XT820"]
    with_preset = convert_file(case, Options(preset="azure-ad-v2", preset_options=PresetOptions(scopes=("User.Read",))))
    assert "XT820" not in [d.code for d in with_preset.diagnostics]
    assert with_preset.document is not None
    assert_valid_swagger2(with_preset.document)
    op = with_preset.document["paths"]["/me"]["get"]
    assert op["security"] == [{"azure-ad-v2": ["https://graph.microsoft.com/User.Read", "offline_access"]}]


def readme_examples() -> list[tuple[str, str]]:
    """(command, stdout) pairs of the README's `$ xtgen preset ...` examples."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    examples = []
    for i, line in enumerate(lines):
        if line.startswith("    $ xtgen preset "):
            block = []
            for following in lines[i + 1 :]:
                if not following.startswith("    ") or following.startswith("    $ "):
                    break
                block.append(following[4:] + "\n")
            examples.append((line[len("    $ xtgen ") :], "".join(block)))
    return examples


def test_readme_shows_one_true_example_per_preset() -> None:
    import shlex

    examples = readme_examples()
    assert sorted(cmd.split()[1] for cmd, _ in examples) == sorted(
        ["azure-ad-v1", "azure-ad-v2", "generic-oauth2", "microsoft-graph", "salesforce", "sharepoint-online"]
    )
    for command, shown in examples:
        result = run_cli(shlex.split(command))
        assert result.exit_code == 0, command
        assert result.stdout == shown, command
        assert_valid_swagger2(
            {
                "swagger": "2.0",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "securityDefinitions": json.loads(shown),
            }
        )
