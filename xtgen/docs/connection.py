"""How to connect: the security definition Nintex will use, explained for the person importing it.

`preset_advice` is the one place that decides which Nintex security preset to recommend and what to
type into it. It recognises Microsoft and Salesforce endpoints today; a preset object (anything with
`name`, `nintex_preset` and `import_fields`, like xtgen.target.presets.Preset) overrides it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from xtgen.docs.contract import Connection, Field, ImportField, Offline, RegionUrl, Registration, Scope
from xtgen.docs.escape import to_text
from xtgen.docs.schema import FieldWalker
from xtgen.model import Region
from xtgen.target.nintex import default_definition
from xtgen.target.presets.offline import GOOGLE_RULE, has_query, offline_rules, offline_scopes

REGIONS = tuple(r.value for r in Region)  # declared once, in xtgen.model.Region
REDIRECT_PATH = "/connection/api/Token"
DOCUMENTED_REGION = "us"  # the only redirect URL Nintex documents (OAuth 2.0 help page)

TYPE_LABELS = {
    "none": "No authentication",
    "basic": "Basic authentication",
    "apiKey": "API key",
    "oauth2": "OAuth 2.0",
}
FLOW_LABELS = {
    "accessCode": "Authorization code",
    "application": "Client credentials",
    "implicit": "Implicit",
    "password": "Resource owner password",
}


# Where each recognised provider (provider_of) registers OAuth clients: the console, the pages to open, and
# the names its screens use, so step 1 of the docs can say exactly where to go.
REGISTRATIONS: dict[str, Registration] = {
    "microsoft": Registration(
        provider="Microsoft Entra ID (Azure AD)",
        console="Azure portal",
        console_url="https://portal.azure.com",
        path=["Microsoft Entra ID", "App registrations", "New registration"],
        app="an app registration with a Web redirect URI",
        redirect_field="Redirect URI (platform Web)",
        credentials=(
            "The client ID is the Application (client) ID on the app's Overview page; create the client secret "
            "under Certificates & secrets > New client secret and copy its Value (it is shown once)."
        ),
        scopes=(
            "Add them under API permissions > Add a permission; permissions marked as needing admin consent need "
            "an administrator to select Grant admin consent."
        ),
    ),
    "salesforce": Registration(
        provider="Salesforce",
        console="Salesforce Setup",
        console_url=None,
        path=["App Manager", "New Connected App"],
        app="a connected app with Enable OAuth Settings selected",
        redirect_field="Callback URL",
        credentials=(
            "After saving, open the app from App Manager (View > Manage Consumer Details): the Consumer Key is "
            "the client ID and the Consumer Secret the client secret."
        ),
        scopes="Add them to Selected OAuth Scopes in the connected app's OAuth settings.",
    ),
    "google": Registration(
        provider="Google",
        console="Google Cloud console",
        console_url="https://console.cloud.google.com/apis/credentials",
        path=["APIs & Services", "Credentials", "Create credentials", "OAuth client ID"],
        app="an OAuth client ID of application type Web application",
        redirect_field="Authorized redirect URIs",
        credentials="Google shows the Client ID and Client secret when the client is created, and on its page.",
        scopes=(
            "Add them to the OAuth consent screen of the Google Cloud project, and enable each API the actions "
            "call under APIs & Services > Library."
        ),
    ),
}


class PresetLike(Protocol):
    """What the docs need from a preset (xtgen.target.presets.Preset satisfies it)."""

    @property
    def name(self) -> str: ...

    @property
    def nintex_preset(self) -> str: ...

    @property
    def import_fields(self) -> Sequence[tuple[str, str]]: ...


@dataclass(frozen=True)
class PresetAdvice:
    """Which preset to choose in Nintex's import screen and what to type into it."""

    name: str | None  # xtgen's preset name, if any
    nintex_preset: str | None
    import_fields: tuple[ImportField, ...]
    note: str = ""


def provider_of(definition: Mapping[str, Any]) -> str | None:
    """'microsoft', 'salesforce' or 'google' by the definition's endpoints (see xtgen.target.presets.offline)."""
    from xtgen.target.presets.offline import recognise_provider

    name = recognise_provider(definition)
    if name is None or name in ("salesforce", "google"):
        return name
    return "microsoft"


GRAPH_NOTE = (
    "Nintex recommends Generic OAuth 2 for Microsoft Graph APIs such as Outlook; the Azure Active "
    "Directory presets are an alternative for other Microsoft APIs."
)


def _graph_scopes(definition: Mapping[str, Any]) -> bool:
    """Microsoft v2 scopes for Graph: qualified with graph.microsoft.com, or bare (a bare scope means Graph)."""
    scopes = [to_text(s) for s in _dict(definition.get("scopes"))]
    oidc = ("openid", "profile", "email", "offline_access")
    return any("graph.microsoft.com" in s or ("://" not in s and s not in oidc) for s in scopes)


def preset_advice(definition: Mapping[str, Any], preset: str | PresetLike | None = None) -> PresetAdvice:
    """Which Nintex security preset to choose at import and what to type into it.

    `preset` is a name (`--preset NAME`, any of `xtgen preset list`) or a preset object; without one, the
    definition's endpoints decide (xtgen.target.presets.offline.recognise_provider), and anything unrecognised gets
    Generic OAuth 2, as Nintex advises for providers without a preset of their own.
    """
    from xtgen.target.presets import builtin_presets, import_fields_for, load_preset
    from xtgen.target.presets.offline import recognise_provider

    note = ""
    if isinstance(preset, str):
        preset = load_preset(preset)
    elif preset is None:
        if definition.get("type") != "oauth2":
            return PresetAdvice(None, None, ())
        presets = builtin_presets()
        name = recognise_provider(definition)
        if name == "azure-ad-v2" and _graph_scopes(definition):
            name, note = "generic-oauth2", GRAPH_NOTE
        preset = presets.get(name or "", presets["generic-oauth2"])
    fields = import_fields_for(preset.import_fields, definition)
    return PresetAdvice(
        preset.name, preset.nintex_preset, tuple(ImportField(label=label, value=value) for label, value in fields), note
    )


def redirect_urls(region: str) -> list[RegionUrl]:
    return [
        RegionUrl(
            region=r,
            url=f"https://{r}.nintex.io{REDIRECT_PATH}",
            documented=r == DOCUMENTED_REGION,
            selected=r == region,
        )
        for r in REGIONS
    ]


def offline_advice(definition: Mapping[str, Any], provider: str | None) -> Offline:
    """Does the connection keep working after the first access token expires, and what to do if not."""
    flow = definition.get("flow")
    scopes = _dict(definition.get("scopes"))
    if flow == "application":
        return Offline(
            needed=False,
            scope=None,
            declared=True,
            advice=("Not needed: with client credentials Nintex asks for a new token itself whenever one expires."),
        )
    if flow == "implicit":
        return Offline(
            needed=False,
            scope=None,
            declared=True,
            advice=(
                "The implicit flow returns an access token without a refresh token; the connection must be "
                "re-authorised when the token expires."
            ),
        )
    if provider == "google" and GOOGLE_RULE.query is not None:
        parameter = "=".join(GOOGLE_RULE.query)
        declared = has_query(to_text(definition.get("authorizationUrl")), GOOGLE_RULE.query)
        return Offline(
            needed=True,
            scope=None,
            declared=declared,
            advice=(
                f"Google issues a refresh token only when the authorization URL carries {parameter} "
                "(add prompt=consent to get one again after a first consent)."
                + (
                    " The authorization URL already asks for it."
                    if declared
                    else f" Add ?{parameter}&prompt=consent to the authorization URL and re-import."
                )
            ),
        )
    rule = offline_rules()["salesforce" if provider == "salesforce" else "azure-ad-v2"]
    wanted = rule.scopes[0]
    present = next((s for s in offline_scopes() if s in scopes), None)
    if present:
        return Offline(
            needed=True,
            scope=present,
            declared=True,
            advice=(
                f"The definition declares the {present} scope, so Nintex receives a refresh token and keeps the "
                "connection alive. Keep it selected when you register the client."
            ),
        )
    if provider in ("microsoft", "salesforce"):
        return Offline(
            needed=True,
            scope=wanted,
            declared=False,
            advice=(
                f"This provider issues a refresh token only for the {wanted} scope, which the definition does not "
                f'declare: add "{wanted}" to its scopes and re-import, or connections stop working when the first '
                "access token expires."
            ),
        )
    return Offline(
        needed=True,
        scope=None,
        declared=False,
        advice=(
            "If the provider issues refresh tokens only on request, add the scope it documents for that (often "
            "offline_access) to the definition's scopes and re-import; otherwise connections stop working when "
            "the first access token expires."
        ),
    )


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _connection_properties(document: Mapping[str, Any], definition: Mapping[str, Any]) -> list[Field]:
    schema = definition.get("x-ntx-connection-properties")
    if not isinstance(schema, dict):
        return []
    walker = FieldWalker(document, {}, "connection")
    walker.walk(schema)
    return walker.rows


def build_connection(
    document: Mapping[str, Any], region: str = DOCUMENTED_REGION, preset: str | PresetLike | None = None
) -> Connection:
    """The connection section's data for the definition Nintex will use."""
    definitions = _dict(document.get("securityDefinitions"))
    name = default_definition(document)
    definition = _dict(definitions.get(name)) if name is not None else {}
    kind = to_text(definition.get("type")) if name is not None else "none"
    others = [f"{n} ({to_text(_dict(d).get('type'))})" for n, d in definitions.items() if n != name]
    oauth = kind == "oauth2"
    provider = provider_of(definition) if oauth else None
    advice = preset_advice(definition, preset)
    urls = redirect_urls(region) if oauth else []
    selected = next((u for u in urls if u["selected"]), None)
    key_name = to_text(definition.get("name")) if kind == "apiKey" else None
    scopes = _dict(definition.get("scopes"))
    return Connection(
        type=kind,
        type_label=TYPE_LABELS.get(kind, kind),
        name=name,
        description=to_text(definition.get("description") or ""),
        key_name=key_name,
        key_in=to_text(definition.get("in")) if kind == "apiKey" else None,
        bearer=kind == "apiKey"
        and (
            definition.get("x-bearer-format") is not None
            or ((key_name or "").lower() == "authorization" and definition.get("in") == "header")
        ),
        flow=to_text(definition.get("flow")) if oauth else None,
        flow_label=FLOW_LABELS.get(to_text(definition.get("flow"))) if oauth else None,
        authorization_url=to_text(definition["authorizationUrl"])
        if oauth and "authorizationUrl" in definition
        else None,
        token_url=to_text(definition["tokenUrl"]) if oauth and "tokenUrl" in definition else None,
        refresh_url=to_text(definition["x-refresh-url"]) if oauth and "x-refresh-url" in definition else None,
        scopes=[
            Scope(name=to_text(s), description=to_text(d or ""), offline=s in offline_scopes())
            for s, d in scopes.items()
        ],
        provider=provider,
        redirect_url=selected["url"] if selected else None,
        redirect_documented=bool(selected and selected["documented"]),
        redirect_urls=urls,
        offline=offline_advice(definition, provider) if oauth else None,
        preset=advice.name,
        nintex_preset=advice.nintex_preset,
        import_fields=list(advice.import_fields),
        preset_note=advice.note,
        registration=REGISTRATIONS.get(provider) if provider else None,
        connection_properties=_connection_properties(document, definition),
        others=others,
    )
