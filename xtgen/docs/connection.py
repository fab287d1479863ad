"""How to connect: the security definition Nintex will use, explained for the person importing it.

`preset_advice` is the one place that decides which Nintex security preset to recommend and what to
type into it. It recognises Microsoft and Salesforce endpoints today; a preset object (anything with
`name`, `nintex_preset` and `import_fields`, like xtgen.presets.Preset) overrides it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from ..model import XtgenError
from .contract import Connection, Field, ImportField, Offline, RegionUrl, Scope
from .escape import to_text
from .schema import FieldWalker

REGIONS = ("us", "eu", "au", "ca", "uk")
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
OFFLINE_SCOPES = ("offline_access", "refresh_token")
MICROSOFT_HOSTS = ("login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "login.microsoftonline.us")

GENERIC = "Generic OAuth 2"


class PresetLike(Protocol):
    """What the docs need from a preset (xtgen.presets.Preset satisfies it)."""

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
    """Recognise a provider from the definition's endpoint hosts."""
    hosts = [urlsplit(to_text(definition.get(k))).hostname or "" for k in ("authorizationUrl", "tokenUrl")]
    if any(h in MICROSOFT_HOSTS or h.endswith(".microsoftonline.com") for h in hosts):
        return "microsoft"
    if any(h.endswith(("salesforce.com", "force.com")) for h in hosts):
        return "salesforce"
    if any(h in ("accounts.google.com", "oauth2.googleapis.com", "www.googleapis.com") for h in hosts):
        return "google"
    return None


def _oauth_fields(client: str, secret: str, *extra: ImportField) -> tuple[ImportField, ...]:
    return (ImportField(label="Client ID", value=client), ImportField(label="Client secret", value=secret), *extra)


_CLIENT = "the client (application) ID the provider gave you when you registered the client"
_SECRET = "the secret from the same registration (never put it in the spec or in source control)"
_ENTRA_ID = "the Application (client) ID of your Microsoft Entra app registration"
_ENTRA_SECRET = "a client secret of the same app registration"

# xtgen's built-in advice, by preset name; `--preset NAME` picks one, `recognise_preset` guesses one.
BUILTIN_PRESETS: dict[str, PresetAdvice] = {
    "generic-oauth2": PresetAdvice("generic-oauth2", GENERIC, _oauth_fields(_CLIENT, _SECRET)),
    "microsoft-generic": PresetAdvice("microsoft-generic", GENERIC, _oauth_fields(_ENTRA_ID, _ENTRA_SECRET), (
        "Nintex recommends Generic OAuth 2 for Microsoft Graph APIs such as Outlook; the Azure Active Directory "
        "version 2 preset is an alternative for other Microsoft APIs.")),
    "azure-ad-v1": PresetAdvice("azure-ad-v1", "Azure Active Directory version 1", _oauth_fields(
        _ENTRA_ID, _ENTRA_SECRET,
        ImportField(label="Resource", value="the App ID URI of the API, e.g. https://graph.microsoft.com")), (
        "These are Azure AD v1 endpoints, which name the API by a resource instead of scopes; for Microsoft Graph "
        "the Microsoft Graph preset (on Azure AD v1) also fits. Check the field names on the import screen.")),
    "azure-ad-v2": PresetAdvice("azure-ad-v2", "Azure Active Directory version 2",
                                _oauth_fields(_ENTRA_ID, _ENTRA_SECRET)),
    "microsoft-graph": PresetAdvice("microsoft-graph", "Microsoft Graph", _oauth_fields(_ENTRA_ID, _ENTRA_SECRET)),
    "sharepoint-online": PresetAdvice("sharepoint-online", "SharePoint Online",
                                      _oauth_fields(_ENTRA_ID, _ENTRA_SECRET)),
    "salesforce": PresetAdvice("salesforce", "Salesforce", _oauth_fields(
        "the Consumer Key of your Salesforce connected app", "the Consumer Secret of the same connected app")),
}


def recognise_preset(definition: Mapping[str, Any]) -> str:
    """The built-in advice that fits an oauth2 definition: by its endpoints, Generic OAuth 2 otherwise."""
    provider = provider_of(definition)
    if provider == "salesforce":
        return "salesforce"
    if provider == "microsoft":
        urls = " ".join(to_text(definition.get(k)) for k in ("authorizationUrl", "tokenUrl"))
        return "microsoft-generic" if "/v2.0/" in urls else "azure-ad-v1"
    return "generic-oauth2"


def preset_advice(definition: Mapping[str, Any], preset: str | PresetLike | None = None) -> PresetAdvice:
    """Which Nintex security preset to choose at import and what to type into it.

    THE swap point for xtgen.presets: `preset` is a name (`--preset NAME`) or a preset object whose
    `name`, `nintex_preset` and `import_fields` are used as they are; without one, the definition's
    endpoints decide, and anything unrecognised gets Generic OAuth 2.
    """
    if isinstance(preset, str):
        if preset not in BUILTIN_PRESETS:
            raise XtgenError(f"--preset {preset}: unknown preset; choose from {', '.join(BUILTIN_PRESETS)}")
        return BUILTIN_PRESETS[preset]
    if preset is not None:
        return PresetAdvice(preset.name, preset.nintex_preset,
                            tuple(ImportField(label=label, value=value) for label, value in preset.import_fields))
    if definition.get("type") != "oauth2":
        return PresetAdvice(None, None, ())
    return BUILTIN_PRESETS[recognise_preset(definition)]


def redirect_urls(region: str) -> list[RegionUrl]:
    return [RegionUrl(region=r, url=f"https://{r}.nintex.io{REDIRECT_PATH}", documented=r == DOCUMENTED_REGION,
                      selected=r == region) for r in REGIONS]


def offline_advice(definition: Mapping[str, Any], provider: str | None) -> Offline:
    """Does the connection keep working after the first access token expires, and what to do if not."""
    flow = definition.get("flow")
    scopes = _dict(definition.get("scopes"))
    if flow == "application":
        return Offline(needed=False, scope=None, declared=True, advice=(
            "Not needed: with client credentials Nintex asks for a new token itself whenever one expires."))
    if flow == "implicit":
        return Offline(needed=False, scope=None, declared=True, advice=(
            "The implicit flow returns an access token without a refresh token; the connection must be "
            "re-authorised when the token expires."))
    if provider == "google":
        query = parse_qs(urlsplit(to_text(definition.get("authorizationUrl"))).query)
        declared = "offline" in query.get("access_type", [])
        return Offline(needed=True, scope=None, declared=declared, advice=(
            "Google issues a refresh token only when the authorization URL carries access_type=offline "
            "(add prompt=consent to get one again after a first consent)." + (
                " The authorization URL already asks for it." if declared else
                " Add ?access_type=offline&prompt=consent to the authorization URL and re-import.")))
    wanted = "refresh_token" if provider == "salesforce" else "offline_access"
    present = next((s for s in OFFLINE_SCOPES if s in scopes), None)
    if present:
        return Offline(needed=True, scope=present, declared=True, advice=(
            f"The definition declares the {present} scope, so Nintex receives a refresh token and keeps the "
            "connection alive. Keep it selected when you register the client."))
    if provider in ("microsoft", "salesforce"):
        return Offline(needed=True, scope=wanted, declared=False, advice=(
            f"This provider issues a refresh token only for the {wanted} scope, which the definition does not "
            f"declare: add \"{wanted}\" to its scopes and re-import, or connections stop working when the first "
            "access token expires."))
    return Offline(needed=True, scope=None, declared=False, advice=(
        "If the provider issues refresh tokens only on request, add the scope it documents for that (often "
        "offline_access) to the definition's scopes and re-import; otherwise connections stop working when "
        "the first access token expires."))


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def choose_definition(document: Mapping[str, Any]) -> str | None:
    """The definition Nintex uses: the only one; else the first accessCode, then application; else the
    one most operations use (the rule `xtgen convert --target nintex` applies)."""
    definitions = _dict(document.get("securityDefinitions"))
    if not definitions:
        return None
    for flow in ("accessCode", "application"):
        for name, d in definitions.items():
            if _dict(d).get("type") == "oauth2" and _dict(d).get("flow") == flow:
                return str(name)
    usage: Counter[str] = Counter()
    for item in _dict(document.get("paths")).values():
        for op in _dict(item).values():
            security = _dict(op).get("security", document.get("security"))
            for requirement in security if isinstance(security, list) else []:
                usage.update(k for k in _dict(requirement))
    names = [str(n) for n in definitions]
    return max(names, key=lambda n: (usage[n], -names.index(n)))


def _connection_properties(document: Mapping[str, Any], definition: Mapping[str, Any]) -> list[Field]:
    schema = definition.get("x-ntx-connection-properties")
    if not isinstance(schema, dict):
        return []
    walker = FieldWalker(document, {}, "connection")
    walker.walk(schema)
    return walker.rows


def build_connection(document: Mapping[str, Any], region: str = DOCUMENTED_REGION,
                     preset: str | PresetLike | None = None) -> Connection:
    """The connection section's data for the definition Nintex will use."""
    definitions = _dict(document.get("securityDefinitions"))
    name = choose_definition(document)
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
        bearer=kind == "apiKey" and (definition.get("x-bearer-format") is not None or (
            (key_name or "").lower() == "authorization" and definition.get("in") == "header")),
        flow=to_text(definition.get("flow")) if oauth else None,
        flow_label=FLOW_LABELS.get(to_text(definition.get("flow"))) if oauth else None,
        authorization_url=to_text(definition["authorizationUrl"]) if oauth and "authorizationUrl" in definition
        else None,
        token_url=to_text(definition["tokenUrl"]) if oauth and "tokenUrl" in definition else None,
        refresh_url=to_text(definition["x-refresh-url"]) if oauth and "x-refresh-url" in definition else None,
        scopes=[Scope(name=to_text(s), description=to_text(d or ""), offline=s in OFFLINE_SCOPES)
                for s, d in scopes.items()],
        provider=provider,
        redirect_url=selected["url"] if selected else None,
        redirect_documented=bool(selected and selected["documented"]),
        redirect_urls=urls,
        offline=offline_advice(definition, provider) if oauth else None,
        preset=advice.name,
        nintex_preset=advice.nintex_preset,
        import_fields=list(advice.import_fields),
        preset_note=advice.note,
        connection_properties=_connection_properties(document, definition),
        others=others,
    )
