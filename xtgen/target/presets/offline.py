"""Offline access: recognise a definition's provider from its URLs, and check that an accessCode definition
lets Nintex get a refresh token (stage 3b for specs converted without a preset). Library only, no printing.

The refresh-token facts have one home each: the scope (and its aliases and description) that a provider
with a preset needs is the preset's own data (`[flow.accessCode] offline_scope`, `offline_aliases` in
data/*.toml: Microsoft v2 `offline_access`, Salesforce `refresh_token` alias `offline_access`);
`offline_rules()` reads them from there. Google, which has no Nintex preset, asks for `access_type=offline`
on the authorization URL (not a scope): that rule lives here. Azure AD v1 returns refresh tokens anyway.
The presets, the offline check and the docs (xtgen/docs/connection.py) all read `offline_rules()`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from xtgen import pointer as jp
from xtgen.model import Diagnostic, Document, Severity

MICROSOFT_LOGIN_HOSTS = (
    "login.microsoftonline.com",
    "login.microsoft.com",
    "login.windows.net",
    "login.microsoftonline.us",
    "login.chinacloudapi.cn",
    "login.partner.microsoftonline.cn",
)
MICROSOFT_V2_SUFFIXES = (".b2clogin.com", ".ciamlogin.com")
SALESFORCE_SUFFIXES = (".salesforce.com", ".force.com")
GOOGLE_HOSTS = ("accounts.google.com", "oauth2.googleapis.com")


@dataclass(frozen=True)
class OfflineRule:
    """How a provider gives a refresh token: a scope (or an alias of it), or a parameter on the
    authorization URL."""

    provider: str
    code: str  # the warning when a definition converted without a preset lacks it
    preset: str | None
    scope: str | None = None
    aliases: tuple[str, ...] = ()
    query: tuple[str, str] | None = None
    description: str = ""  # the scope's description, as the preset describes it

    @property
    def scopes(self) -> tuple[str, ...]:
        """Every scope that yields a refresh token with this provider (the scope first)."""
        return (self.scope, *self.aliases) if self.scope else ()


# The presets whose accessCode flow has an offline scope, and the code of the warning when a spec converted
# without a preset lacks it (the scope itself is the preset's data).
SCOPE_RULE_CODES = {"azure-ad-v2": "XT820", "salesforce": "XT821"}
# Google has no Nintex preset, so its rule is written here: a URL parameter, not a scope.
GOOGLE_RULE = OfflineRule("Google", "XT822", None, query=("access_type", "offline"))


@functools.cache
def offline_rules() -> Mapping[str, OfflineRule]:
    """The offline rule of each provider xtgen recognises, by preset name (or 'google')."""
    from xtgen.target.presets.format import read_builtin_presets

    presets = read_builtin_presets()
    rules: dict[str, OfflineRule] = {}
    for name, code in SCOPE_RULE_CODES.items():
        preset = presets[name]
        spec = preset.flow_spec("accessCode")
        description = dict(preset.scope_descriptions).get(spec.offline_scope or "", "")
        rules[name] = OfflineRule(
            preset.provider, code, name, spec.offline_scope, spec.offline_aliases, None, description
        )
    rules["google"] = GOOGLE_RULE
    return MappingProxyType(rules)


def offline_scopes() -> tuple[str, ...]:
    """Every scope that yields a refresh token with a provider xtgen knows, in rule order."""
    return tuple(dict.fromkeys(s for rule in offline_rules().values() for s in rule.scopes))


def recognise_provider(definition: Mapping[str, Any]) -> str | None:
    """The preset name (or 'google') whose provider a security definition's URLs belong to, else None.

    Microsoft v1 endpoints are told apart by their resource (`x-resource`, or `resource=` on the
    authorization URL): Graph -> 'microsoft-graph', *.sharepoint.com -> 'sharepoint-online'.
    """
    for key in ("authorizationUrl", "tokenUrl"):
        url = definition.get(key)
        if not isinstance(url, str):
            continue
        parts = urlsplit(url.strip())
        host, path = (parts.hostname or "").lower(), parts.path.lower()
        if host.endswith(MICROSOFT_V2_SUFFIXES) or (host in MICROSOFT_LOGIN_HOSTS and "/v2.0/" in path):
            return "azure-ad-v2"
        if host in MICROSOFT_LOGIN_HOSTS and "/oauth2/" in path:
            return _azure_v1_preset(definition)
        if host == "salesforce.com" or host.endswith(SALESFORCE_SUFFIXES):
            return "salesforce"
        if host in GOOGLE_HOSTS or (host == "www.googleapis.com" and path.startswith("/oauth2/")):
            return "google"
    return None


def _azure_v1_preset(definition: Mapping[str, Any]) -> str:
    resource = definition.get("x-resource")
    if not isinstance(resource, str):
        query = parse_qs(urlsplit(str(definition.get("authorizationUrl", ""))).query)
        resource = (query.get("resource") or [""])[0]
    host = (urlsplit(resource if "://" in resource else f"https://{resource}").hostname or "").lower()
    if host == "graph.microsoft.com":
        return "microsoft-graph"
    if host.endswith(".sharepoint.com"):
        return "sharepoint-online"
    return "azure-ad-v1"


def has_query(url: Any, pair: tuple[str, str]) -> bool:
    return isinstance(url, str) and pair[1] in parse_qs(urlsplit(url).query).get(pair[0], [])


def with_query(url: str, key: str, value: str) -> str:
    """The URL with `key=value` added to its query (other parameters kept)."""
    parts = urlsplit(url)
    query = f"{parts.query}&{key}={value}" if parts.query else f"{key}={value}"
    return urlunsplit(parts._replace(query=query))


def check_offline_access(document: Document) -> list[Diagnostic]:
    """For a spec converted without a preset: warn when an accessCode definition of a provider xtgen knows
    (Microsoft v2, Salesforce, Google) cannot give Nintex a refresh token, saying exactly what to add."""
    result = []
    definitions = document.get("securityDefinitions")
    for name, definition in definitions.items() if isinstance(definitions, dict) else ():
        if (
            not isinstance(definition, dict)
            or definition.get("type") != "oauth2"
            or definition.get("flow") != "accessCode"
        ):
            continue
        rule = offline_rules().get(recognise_provider(definition) or "")
        if rule is None:
            continue
        ptr = jp.join("/securityDefinitions", name)
        use_preset = f", or convert with --preset {rule.preset}" if rule.preset else ""
        if rule.scope is not None:
            declared = definition.get("scopes")
            scopes = declared if isinstance(declared, dict) else {}
            if not any(s in scopes for s in rule.scopes):
                result.append(
                    Diagnostic(
                        rule.code,
                        Severity.WARNING,
                        f"{name!r} is {rule.provider}, which gives "
                        f"Nintex a refresh token only with the scope {rule.scope!r}: add it to the "
                        "definition's scopes (in OpenAPI 3, to the scheme's authorizationCode "
                        f"scopes){use_preset}; without it, connections stop working when the first "
                        "access token expires",
                        jp.join(ptr, "scopes"),
                    )
                )
        elif rule.query is not None and not has_query(definition.get("authorizationUrl"), rule.query):
            key, value = rule.query
            fixed = with_query(str(definition.get("authorizationUrl", "")), key, value)
            result.append(
                Diagnostic(
                    rule.code,
                    Severity.WARNING,
                    f"{name!r} is {rule.provider}, which gives "
                    f"Nintex a refresh token only when the authorization URL carries {key}={value} "
                    f"(a URL parameter, not a scope): set the authorizationUrl to {fixed}; without "
                    "it, connections stop working when the first access token expires",
                    jp.join(ptr, "authorizationUrl"),
                )
            )
    return result
