"""Security presets: the exact definition of every preset and flow, options, user preset files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from xtgen import Options, Severity, XtgenError
from xtgen.model import PresetOptions
from xtgen.target.presets import build_definition, builtin_presets, load_preset, preset_table, resolve_preset
from xtgen.target.presets.format import NINTEX_PRESETS, parse_preset
from xtgen.target.presets.offline import SCOPE_RULE_CODES, offline_rules

from .conftest import ROOT, assert_valid_swagger2

TENANT = "contoso.onmicrosoft.com"
V1 = "https://login.microsoftonline.com/{}/oauth2/{}"
V2 = "https://login.microsoftonline.com/{}/oauth2/v2.0/{}"


def wrap(definitions: dict[str, Any]) -> dict[str, Any]:
    """A minimal Swagger 2.0 document around securityDefinitions, to validate them."""
    return {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, "securityDefinitions": definitions}


def described(preset: str, nintex: str) -> str:
    return f"{preset}: at import, choose the Nintex security preset '{nintex}'"


# (preset, options, expected definition): one case per preset and flow, written out in full.
CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "azure-ad-v1",
        {"resource": "https://api.contoso.com"},
        {
            "type": "oauth2",
            "description": described("Azure Active Directory v1", "Azure Active Directory version 1"),
            "flow": "accessCode",
            "authorizationUrl": V1.format("common", "authorize") + "?resource=https://api.contoso.com",
            "tokenUrl": V1.format("common", "token"),
            "scopes": {},
            "x-resource": "https://api.contoso.com",
        },
    ),
    (
        "azure-ad-v1",
        {"flow": "application", "tenant": TENANT, "resource": "https://api.contoso.com"},
        {
            "type": "oauth2",
            "description": described("Azure Active Directory v1", "Azure Active Directory version 1"),
            "flow": "application",
            "tokenUrl": V1.format(TENANT, "token"),
            "scopes": {},
            "x-resource": "https://api.contoso.com",
        },
    ),
    (
        "azure-ad-v2",
        {},
        {
            "type": "oauth2",
            "description": described("Microsoft identity platform (Azure AD v2)", "Azure Active Directory version 2"),
            "flow": "accessCode",
            "authorizationUrl": V2.format("common", "authorize"),
            "tokenUrl": V2.format("common", "token"),
            "scopes": {
                "https://graph.microsoft.com/.default": "Every permission the app registration has for https://graph.microsoft.com",
                "offline_access": "Keep access while the user is away (refresh token)",
            },
        },
    ),
    (
        "azure-ad-v2",
        {"flow": "application", "tenant": TENANT, "resource": "api://files.contoso.com"},
        {
            "type": "oauth2",
            "description": described("Microsoft identity platform (Azure AD v2)", "Azure Active Directory version 2"),
            "flow": "application",
            "tokenUrl": V2.format(TENANT, "token"),
            "scopes": {
                "api://files.contoso.com/.default": "Every permission the app registration has for api://files.contoso.com"
            },
        },
    ),
    (
        "microsoft-graph",
        {"tenant": TENANT},
        {
            "type": "oauth2",
            "description": described("Microsoft Graph (Azure AD v1)", "Microsoft Graph"),
            "flow": "accessCode",
            "authorizationUrl": V1.format(TENANT, "authorize") + "?resource=https://graph.microsoft.com",
            "tokenUrl": V1.format(TENANT, "token"),
            "scopes": {},
            "x-resource": "https://graph.microsoft.com",
        },
    ),
    (
        "microsoft-graph",
        {"flow": "application", "tenant": TENANT},
        {
            "type": "oauth2",
            "description": described("Microsoft Graph (Azure AD v1)", "Microsoft Graph"),
            "flow": "application",
            "tokenUrl": V1.format(TENANT, "token"),
            "scopes": {},
            "x-resource": "https://graph.microsoft.com",
        },
    ),
    (
        "salesforce",
        {},
        {
            "type": "oauth2",
            "description": described("Salesforce", "Salesforce"),
            "flow": "accessCode",
            "authorizationUrl": "https://login.salesforce.com/services/oauth2/authorize",
            "tokenUrl": "https://login.salesforce.com/services/oauth2/token",
            "scopes": {
                "api": "Access and manage your data (REST API)",
                "refresh_token": "Perform requests at any time (refresh token, offline access)",
            },
        },
    ),
    (
        "salesforce",
        {"flow": "application", "salesforce_domain": "acme"},
        {
            "type": "oauth2",
            "description": described("Salesforce", "Salesforce"),
            "flow": "application",
            "tokenUrl": "https://acme.my.salesforce.com/services/oauth2/token",
            "scopes": {"api": "Access and manage your data (REST API)"},
        },
    ),
    (
        "sharepoint-online",
        {"sharepoint_host": "contoso.sharepoint.com"},
        {
            "type": "oauth2",
            "description": described("SharePoint Online (Azure AD v1)", "SharePoint Online"),
            "flow": "accessCode",
            "authorizationUrl": V1.format("common", "authorize") + "?resource=https://contoso.sharepoint.com",
            "tokenUrl": V1.format("common", "token"),
            "scopes": {},
            "x-resource": "https://contoso.sharepoint.com",
        },
    ),
    (
        "sharepoint-online",
        {"flow": "application", "tenant": TENANT, "sharepoint_host": "contoso"},
        {
            "type": "oauth2",
            "description": described("SharePoint Online (Azure AD v1)", "SharePoint Online"),
            "flow": "application",
            "tokenUrl": V1.format(TENANT, "token"),
            "scopes": {},
            "x-resource": "https://contoso.sharepoint.com",
        },
    ),
    (
        "generic-oauth2",
        {
            "authorization_url": "https://id.example.com/authorize",
            "token_url": "https://id.example.com/token",
            "scopes": ("read", "write"),
        },
        {
            "type": "oauth2",
            "description": described("Any OAuth 2.0 provider", "Generic OAuth 2"),
            "flow": "accessCode",
            "authorizationUrl": "https://id.example.com/authorize",
            "tokenUrl": "https://id.example.com/token",
            "scopes": {"read": "Scope read", "write": "Scope write"},
        },
    ),
    (
        "generic-oauth2",
        {"flow": "application", "token_url": "https://id.example.com/token"},
        {
            "type": "oauth2",
            "description": described("Any OAuth 2.0 provider", "Generic OAuth 2"),
            "flow": "application",
            "tokenUrl": "https://id.example.com/token",
            "scopes": {},
        },
    ),
]


@pytest.mark.parametrize(
    ("name", "options", "expected"), CASES, ids=[f"{n}-{o.get('flow', 'accessCode')}" for n, o, _ in CASES]
)
def test_exact_definition(name: str, options: dict[str, Any], expected: dict[str, Any]) -> None:
    built = build_definition(load_preset(name), PresetOptions(**options))
    definitions = built.security_definitions()
    assert json.dumps(definitions) == json.dumps({name: expected})  # values and key order
    assert_valid_swagger2(wrap(definitions))
    assert built.diagnostics[0].code == "XT801"
    assert f"'{load_preset(name).nintex_preset}'" in built.diagnostics[0].message


def test_every_preset_and_flow_is_covered() -> None:
    covered = {(n, o.get("flow", "accessCode")) for n, o, _ in CASES}
    assert covered == {(p.name, f) for p in builtin_presets().values() for f in p.flows}


def test_builtin_presets_name_their_nintex_preset() -> None:
    presets = builtin_presets()
    assert {n: p.nintex_preset for n, p in presets.items()} == {
        "azure-ad-v1": "Azure Active Directory version 1",
        "azure-ad-v2": "Azure Active Directory version 2",
        "generic-oauth2": "Generic OAuth 2",
        "microsoft-graph": "Microsoft Graph",
        "salesforce": "Salesforce",
        "sharepoint-online": "SharePoint Online",
    }
    assert set(NINTEX_PRESETS) == {p.nintex_preset for p in presets.values()}
    for preset in presets.values():
        assert Path(preset.source).name == f"{preset.name}.toml"
        assert preset.summary and "\n" not in preset.summary
        assert preset.import_fields[0][0].startswith(("Client ID", "Consumer Key"))


def test_offline_rules_come_from_the_preset_data() -> None:
    with_offline = {n for n, p in builtin_presets().items() if p.flow_spec("accessCode").offline_scope}
    assert with_offline == set(SCOPE_RULE_CODES), "a preset with an offline scope needs a code in SCOPE_RULE_CODES"
    for name in with_offline:
        preset = load_preset(name)
        spec, rule = preset.flow_spec("accessCode"), offline_rules()[name]
        assert (rule.scope, rule.aliases, rule.provider) == (spec.offline_scope, spec.offline_aliases, preset.provider)
        assert rule.description == dict(preset.scope_descriptions)[rule.scope]
    assert offline_rules()["google"].query == ("access_type", "offline")


def test_generic_describes_offline_scopes_as_their_presets_do() -> None:
    generic = load_preset("generic-oauth2")
    assert not {s for s, _ in generic.scope_descriptions} & {"offline_access", "refresh_token"}
    for url, scope, preset in (
        ("https://login.microsoftonline.com/common/oauth2/v2.0/authorize", "offline_access", "azure-ad-v2"),
        ("https://login.salesforce.com/services/oauth2/authorize", "refresh_token", "salesforce"),
    ):
        options = PresetOptions(authorization_url=url, token_url=url.replace("authorize", "token"))
        built = build_definition(generic, options)
        assert built.definition["scopes"][scope] == dict(load_preset(preset).scope_descriptions)[scope]


def test_preset_table_lists_name_provider_summary() -> None:
    lines = preset_table(builtin_presets().values())
    assert lines[0].split() == ["NAME", "PROVIDER", "SUMMARY"]
    assert [line.split()[0] for line in lines[1:]] == list(builtin_presets())
    start = lines[0].index("SUMMARY")
    assert all(line[start:] == p.summary for line, p in zip(lines[1:], builtin_presets().values(), strict=True))


# ---- variants --------------------------------------------------------------------------------------------


def build(name: str, **options: Any) -> Any:
    built = build_definition(load_preset(name), PresetOptions(**options))
    assert_valid_swagger2(wrap(built.security_definitions()))
    return built


def test_salesforce_sandbox_and_my_domain_forms() -> None:
    assert (
        build("salesforce", sandbox=True).definition["tokenUrl"] == "https://test.salesforce.com/services/oauth2/token"
    )
    for given in ("acme", "acme.my.salesforce.com", "https://acme.my.salesforce.com/"):
        assert (
            build("salesforce", salesforce_domain=given).definition["authorizationUrl"]
            == "https://acme.my.salesforce.com/services/oauth2/authorize"
        )
    sandbox = build("salesforce", salesforce_domain="acme--dev.sandbox.my.salesforce.com")
    assert sandbox.definition["tokenUrl"] == "https://acme--dev.sandbox.my.salesforce.com/services/oauth2/token"


def test_salesforce_scopes_keep_the_offline_alias() -> None:
    built = build("salesforce", scopes=("api", "web", "offline_access"))
    assert list(built.definition["scopes"]) == ["api", "web", "offline_access"]
    assert built.offline_scope == "offline_access"


def test_v2_scopes_are_resource_qualified() -> None:
    built = build("azure-ad-v2", scopes=("Mail.Read", "openid", "https://graph.microsoft.com/User.Read"))
    assert list(built.definition["scopes"]) == [
        "https://graph.microsoft.com/Mail.Read",
        "openid",
        "https://graph.microsoft.com/User.Read",
        "offline_access",
    ]
    note = next(d for d in built.diagnostics if d.code == "XT812")
    assert "'Mail.Read' -> 'https://graph.microsoft.com/Mail.Read'" in note.message
    other = build("azure-ad-v2", resource="https://contoso.sharepoint.com/", scopes=("AllSites.Read",))
    assert list(other.definition["scopes"]) == ["https://contoso.sharepoint.com/AllSites.Read", "offline_access"]


def test_no_offline_access_leaves_the_scope_out_and_warns() -> None:
    built = build("azure-ad-v2", scopes=("Mail.Read",), offline_access=False)
    assert list(built.definition["scopes"]) == ["https://graph.microsoft.com/Mail.Read"]
    warning = next(d for d in built.diagnostics if d.code == "XT805")
    assert warning.severity is Severity.WARNING and "'offline_access'" in warning.message
    salesforce = build("salesforce", offline_access=False)
    assert list(salesforce.definition["scopes"]) == ["api"]
    assert any(d.code == "XT805" and "'refresh_token'" in d.message for d in salesforce.diagnostics)


def test_v1_resource_is_query_encoded() -> None:
    built = build("azure-ad-v1", resource="https://api.contoso.com/a&b")
    assert built.definition["authorizationUrl"].endswith("?resource=https://api.contoso.com/a%26b")
    assert built.definition["x-resource"] == "https://api.contoso.com/a&b"


@pytest.mark.parametrize(
    ("urls", "scopes", "offline"),
    [
        (
            (V2.format("common", "authorize"), V2.format("common", "token")),
            ["https://graph.microsoft.com/Mail.Read", "offline_access"],
            "offline_access",
        ),
        (
            (
                "https://login.salesforce.com/services/oauth2/authorize",
                "https://login.salesforce.com/services/oauth2/token",
            ),
            ["https://graph.microsoft.com/Mail.Read", "refresh_token"],
            "refresh_token",
        ),
        (
            ("https://id.example.com/authorize", "https://id.example.com/token"),
            ["https://graph.microsoft.com/Mail.Read"],
            None,
        ),
    ],
)
def test_generic_adds_the_offline_scope_of_a_recognised_provider(
    urls: tuple[str, str], scopes: list[str], offline: str | None
) -> None:
    built = build(
        "generic-oauth2",
        authorization_url=urls[0],
        token_url=urls[1],
        scopes=("https://graph.microsoft.com/Mail.Read",),
    )
    assert list(built.definition["scopes"]) == scopes
    assert built.offline_scope == offline
    assert any(d.code == "XT804" for d in built.diagnostics) == (offline is not None)


def test_generic_google_gets_access_type_offline_unless_disabled() -> None:
    urls = {
        "authorization_url": "https://accounts.google.com/o/oauth2/v2/auth",
        "token_url": "https://oauth2.googleapis.com/token",
    }
    on = build("generic-oauth2", **urls)
    assert on.definition["authorizationUrl"] == "https://accounts.google.com/o/oauth2/v2/auth?access_type=offline"
    off = build("generic-oauth2", offline_access=False, **urls)
    assert off.definition["authorizationUrl"] == urls["authorization_url"]
    assert [d.code for d in off.diagnostics if d.severity is Severity.WARNING] == ["XT805"]


def test_sharepoint_application_warns_about_the_certificate() -> None:
    built = build("sharepoint-online", flow="application", tenant=TENANT, sharepoint_host="contoso")
    warnings = [d for d in built.diagnostics if d.severity is Severity.WARNING]
    assert [d.code for d in warnings] == ["XT810"] and "certificate" in warnings[0].message
    assert not [
        d for d in build("sharepoint-online", sharepoint_host="contoso").diagnostics if d.severity is Severity.WARNING
    ]


def test_definition_name_option() -> None:
    built = build("salesforce", definition_name="oauth2")
    assert list(built.security_definitions()) == ["oauth2"]
    assert built.diagnostics[0].pointer == "/securityDefinitions/oauth2"


@pytest.mark.parametrize(
    ("name", "options", "flag"),
    [
        ("azure-ad-v1", {}, "missing --resource"),
        ("sharepoint-online", {}, "missing --sharepoint-host"),
        ("generic-oauth2", {"token_url": "https://id.example.com/token"}, "missing --authorization-url"),
        ("generic-oauth2", {"authorization_url": "https://id.example.com/a"}, "missing --token-url"),
        ("salesforce", {"flow": "application"}, "missing --salesforce-domain"),
        ("azure-ad-v2", {"flow": "application"}, "--tenant common (the default)"),
        ("azure-ad-v1", {"resource": "x", "scopes": ("a",)}, "--scope does not apply"),
        ("microsoft-graph", {"resource": "x"}, "--resource does not apply"),
        (
            "generic-oauth2",
            {"flow": "application", "token_url": "https://a.example/t", "authorization_url": "https://a.example/a"},
            "--authorization-url does not apply to --flow",
        ),
        ("salesforce", {"sandbox": True, "salesforce_domain": "acme"}, "--salesforce-domain and --sandbox exclude"),
        ("azure-ad-v2", {"flow": "application", "tenant": TENANT, "scopes": ("User.Read",)}, "ending in /.default"),
        (
            "generic-oauth2",
            {"authorization_url": "http://a.example/a", "token_url": "https://a.example/t"},
            "--authorization-url must be an https:// URL",
        ),
        (
            "salesforce",
            {"flow": "implicit"},
            "PresetOptions.flow must be one of accessCode, application",
        ),  # refused on entry
    ],
)
def test_unusable_options_name_their_flag(name: str, options: dict[str, Any], flag: str) -> None:
    with pytest.raises(XtgenError, match=flag.replace("(", r"\(").replace(")", r"\)")):
        build_definition(load_preset(name), PresetOptions(**options))


def test_unknown_preset_lists_the_known_ones() -> None:
    with pytest.raises(XtgenError, match="unknown preset 'okta'; known presets: azure-ad-v1, azure-ad-v2"):
        load_preset("okta")


def test_preset_options_without_a_preset() -> None:
    assert resolve_preset(Options()) is None
    with pytest.raises(XtgenError, match="--tenant, --scope only work with a preset"):
        resolve_preset(Options(preset_options=PresetOptions(tenant="x", scopes=("a",))))


# ---- user preset files -----------------------------------------------------------------------------------

USER_PRESET = ROOT / "fixtures" / "preset-user-file" / "acme.toml"


def test_user_preset_file_toml_and_json_agree(tmp_path: Path) -> None:
    import tomllib

    as_json = tmp_path / "acme.json"
    as_json.write_text(json.dumps(tomllib.loads(USER_PRESET.read_text())))
    for path in (USER_PRESET, as_json):
        built = build_definition(load_preset("acme-idp", path), PresetOptions())
        assert_valid_swagger2(wrap(built.security_definitions()))
        assert built.security_definitions() == {
            "acme-idp": {
                "type": "oauth2",
                "description": "Acme Identity: at import, choose the Nintex security preset 'Generic OAuth 2'",
                "flow": "accessCode",
                "authorizationUrl": "https://id.eu.acme.example/authorize",
                "tokenUrl": "https://id.eu.acme.example/token",
                "scopes": {"invoices.read": "Read invoices", "offline": "Refresh token"},
            }
        }


def test_user_preset_file_can_replace_a_builtin(tmp_path: Path) -> None:
    path = tmp_path / "salesforce.toml"
    path.write_text(
        (ROOT / "xtgen" / "target" / "presets" / "data" / "salesforce.toml")
        .read_text()
        .replace('scopes = ["api"]\noffline_scope', 'scopes = ["api", "web"]\noffline_scope')
    )
    built = build_definition(load_preset("salesforce", path), PresetOptions())
    assert_valid_swagger2(wrap(built.security_definitions()))
    assert list(built.definition["scopes"]) == ["api", "web", "refresh_token"]


def base_preset() -> dict[str, Any]:
    return {
        "format": 1,
        "name": "mine",
        "provider": "Mine",
        "summary": "mine",
        "nintex_preset": "Generic OAuth 2",
        "flows": ["application"],
        "token_url": "https://id.example.com/token",
    }


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"format": 2}, "format: must be 1"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"nintex_preset": "Okta"}, "'Okta' is not a Nintex import preset"),
        ({"flows": ["implicit"]}, "'implicit' is not one of accessCode, application"),
        ({"flows": ["accessCode"]}, "authorization_url: is required"),
        ({"token_url": "https://{region}.example.com/token"}, "the placeholder {region} names nothing"),
        ({"options": {"region": {}}}, "'region' is not an option"),
        ({"options": {"scope": {"default": "x"}}}, "--scope takes no default"),
        ({"extensions": {"resource": "x"}}, "must start with 'x-'"),
        ({"name": "List"}, "must be lowercase"),
    ],
)
def test_broken_preset_files_are_named(change: dict[str, Any], problem: str) -> None:
    with pytest.raises(XtgenError) as caught:
        parse_preset({**base_preset(), **change}, "mine.toml")
    assert str(caught.value).startswith("mine.toml: ") and problem in str(caught.value)


def test_minimal_user_preset_parses() -> None:
    built = build_definition(parse_preset(base_preset(), "mine.toml"), PresetOptions())
    assert_valid_swagger2(wrap(built.security_definitions()))
    assert built.security_definitions()["mine"]["tokenUrl"] == "https://id.example.com/token"
