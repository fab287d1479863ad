"""Security: components.securitySchemes -> securityDefinitions, and requirement rewriting.

A scheme with several OAuth 2.0 flows becomes one definition per flow. The first flow in the order
accessCode, application, implicit, password keeps the scheme's name; the others are `<name>_<flow>`.
Every requirement naming the scheme becomes alternatives over the new definitions, same scopes.
"""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import urljoin, urlsplit

from xtgen import pointer as jp
from xtgen.convert.context import Context
from xtgen.convert.formats import fits_format
from xtgen.convert.servers import chosen_base_url
from xtgen.formats import FLOW_URLS

# OpenAPI 3 flow name -> Swagger 2.0 flow name, in the order that decides which keeps the name
FLOW_NAMES = {
    "authorizationCode": "accessCode",
    "clientCredentials": "application",
    "implicit": "implicit",
    "password": "password",
}


def how_to_proceed(ctx: Context, lost: list[str]) -> str:
    """The fixes that give operations using only the `lost` schemes a way to sign in, and only those."""
    fixes = []
    others = [name for name in _source_schemes(ctx) if name not in lost and expressible(_source_schemes(ctx)[name])]
    if others:
        fixes.append(f"--security NAME to use another scheme there ({', '.join(others)})")
    fixes.append("--preset NAME to use a Nintex security preset")
    if any(
        isinstance(s, dict) and s.get("type") == "openIdConnect" for n, s in _source_schemes(ctx).items() if n in lost
    ):
        fixes.append("--oidc-discovery FILE for openIdConnect")
    return "pass " + (", ".join(fixes[:-1]) + ", or " + fixes[-1] if len(fixes) > 1 else fixes[0])


def _source_schemes(ctx: Context) -> dict[str, Any]:
    components = ctx.source.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    return schemes if isinstance(schemes, dict) else {}


def expressible(scheme: Any) -> bool:
    """Whether a (source) security scheme has a 2.0 form without --oidc-discovery."""
    if not isinstance(scheme, dict):
        return False
    kind = scheme.get("type")
    if kind == "oauth2":
        flows = scheme.get("flows")
        return isinstance(flows, dict) and any(f in FLOW_NAMES for f in flows)
    if kind == "http":
        return str(scheme.get("scheme", "")).lower() in ("basic", "bearer")
    return kind == "apiKey" and scheme.get("in") in ("header", "query") and isinstance(scheme.get("name"), str)


def convert_security_schemes(ctx: Context) -> dict[str, Any]:
    components = ctx.source.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    out: dict[str, Any] = {}
    if not isinstance(schemes, dict):
        return out
    taken = set(schemes)
    for name, scheme in schemes.items():
        ptr = jp.join("/components/securitySchemes", name)
        scheme, _ = ctx.deref(scheme, ptr)
        definitions = convert_scheme(ctx, name, scheme, ptr)
        names = []
        for def_name, definition in definitions.items():
            if def_name != name:
                def_name = _free_name(ctx, def_name, taken, ptr)
            names.append(def_name)
            out[def_name] = definition
        ctx.security_names[name] = names
        if len(names) > 1:
            ctx.info(
                "XT106",
                f"scheme {name!r} has {len(names)} flows: 2.0 allows one per definition, so it "
                f"became {', '.join(names)}; every requirement offers each as an alternative",
                ptr,
            )
    return out


def _free_name(ctx: Context, wanted: str, taken: set[str], ptr: str) -> str:
    """A definition name for a split flow that no scheme uses yet."""
    name, n = wanted, 2
    while name in taken:
        name, n = f"{wanted}_{n}", n + 1
    if name != wanted:
        ctx.info("XT110", f"definition name {wanted!r} is taken by another scheme: used {name!r}", ptr)
    taken.add(name)
    return name


def convert_scheme(ctx: Context, name: str, scheme: Any, ptr: str) -> dict[str, dict[str, Any]]:
    """One security scheme -> {definition name: 2.0 definition}; {} when 2.0 cannot express it."""
    if not isinstance(scheme, dict):
        ctx.error("XT100", "a security scheme must be an object", ptr)
        return {}
    kind = scheme.get("type")
    extensions = {k: v for k, v in scheme.items() if k.startswith("x-")}
    described: dict[str, Any] = {}
    ctx.copy_fields(scheme, ("description",), described, ptr)
    if kind == "oauth2":
        return _oauth2(ctx, name, scheme, ptr, described, extensions)
    if kind == "http":
        how = str(scheme.get("scheme", "")).lower()
        if how == "basic":
            return {name: {"type": "basic", **described, **extensions}}
        if how == "bearer":
            definition: dict[str, Any] = {"type": "apiKey", **described, "name": "Authorization", "in": "header"}
            if "bearerFormat" in scheme:
                definition["x-bearer-format"] = scheme["bearerFormat"]
            definition.update(extensions)
            ctx.info(
                "XT101",
                "http bearer became an apiKey header 'Authorization': users enter 'Bearer <token>' as the key",
                ptr,
            )
            return {name: definition}
        _unexpressible(ctx, name, f"http scheme {how!r} cannot be expressed in 2.0", ptr)
        return {}
    if kind == "apiKey":
        where = scheme.get("in")
        if where in ("header", "query") and isinstance(scheme.get("name"), str):
            return {name: {"type": "apiKey", **described, "name": scheme["name"], "in": where, **extensions}}
        _unexpressible(ctx, name, f"apiKey in {where!r} cannot be expressed in 2.0 (header or query only)", ptr)
        return {}
    if kind == "openIdConnect":
        return _open_id_connect(ctx, name, scheme, ptr, described, extensions)
    _unexpressible(ctx, name, f"security scheme type {kind!r} cannot be expressed in 2.0", ptr)
    return {}


def _unexpressible(ctx: Context, name: str, why: str, ptr: str) -> None:
    if ctx.security_replaced:  # the preset's definition replaces every scheme: nothing is lost
        ctx.info("XT102", f"scheme {name!r} dropped: {why}; the preset replaces it", ptr)
        return
    tail = "" if "--oidc-discovery" in why else f"; to keep a way to sign in, {how_to_proceed(ctx, [name])}"
    ctx.warning("XT102", f"scheme {name!r} dropped: {why}{tail}", ptr)


def _oauth2(
    ctx: Context, name: str, scheme: dict[str, Any], ptr: str, described: dict[str, Any], extensions: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    flows = scheme.get("flows")
    if not isinstance(flows, dict) or not flows:
        _unexpressible(ctx, name, "oauth2 scheme has no flows", ptr)
        return {}
    result: dict[str, dict[str, Any]] = {}
    for flow3, flow2 in FLOW_NAMES.items():
        flow = flows.get(flow3)
        if not isinstance(flow, dict):
            continue
        fptr = jp.join(ptr, "flows", flow3)
        definition: dict[str, Any] = {"type": "oauth2", **described, "flow": flow2}
        for url_key in FLOW_URLS[flow2]:
            if not isinstance(flow.get(url_key), str):
                ctx.error("XT103", f"{flow3} flow has no {url_key}", fptr)
                continue
            url = _absolute_url(ctx, url_key, flow[url_key], jp.join(fptr, url_key))
            if urlsplit(url).scheme and not fits_format(url, "uri"):  # an input error, not an invalid output (XT901)
                ctx.error(
                    "XT109",
                    f"{url_key} {url!r} is not an absolute URL, which Swagger 2.0 requires; correct it",
                    jp.join(fptr, url_key),
                )
                continue
            definition[url_key] = url
        scopes = ctx.mapping(flow.get("scopes"), "scopes", jp.join(fptr, "scopes"))
        definition["scopes"] = {k: v if isinstance(v, str) else "" for k, v in scopes.items()}
        if any(not isinstance(v, str) for v in scopes.values()):
            ctx.warning(
                "XT042", "scope descriptions must be strings: the others were replaced by ''", jp.join(fptr, "scopes")
            )
        if "refreshUrl" in flow:
            refresh = flow["refreshUrl"]
            if isinstance(refresh, str):
                refresh = _absolute_url(ctx, "refreshUrl", refresh, jp.join(fptr, "refreshUrl"))
            definition["x-refresh-url"] = refresh
            ctx.info(
                "XT104",
                "refreshUrl has no 2.0 field: kept as x-refresh-url (Nintex refreshes at the tokenUrl)",
                jp.join(fptr, "refreshUrl"),
            )
        definition.update({k: v for k, v in flow.items() if k.startswith("x-")})
        definition.update(extensions)
        def_name = name if not result else f"{name}_{flow2}"
        result[def_name] = definition
    unknown = [f for f in flows if f not in FLOW_NAMES and not str(f).startswith("x-")]
    if unknown:
        ctx.warning("XT105", f"unknown oauth2 flows {unknown} dropped", jp.join(ptr, "flows"))
    if not result:
        _unexpressible(ctx, name, "oauth2 scheme has no known flow", ptr)
    return result


def _absolute_url(ctx: Context, key: str, url: str, ptr: str) -> str:
    """OpenAPI 3 resolves a relative OAuth URL against the server URL (2.0 wants it absolute)."""
    if urlsplit(url).scheme:
        return url
    base = chosen_base_url(ctx)
    if base is None:
        ctx.error(
            "XT117",
            f"{key} {url!r} is relative, and there is no absolute server URL to resolve it against: pass "
            "--server-url https://HOST/PATH (the URL the API is served from), or write the absolute URL in the spec",
            ptr,
        )
        return url
    resolved = urljoin(base, url)
    ctx.info("XT116", f"relative {key} {url!r} resolved against the server {base}: {resolved}", ptr)
    return resolved


def _open_id_connect(
    ctx: Context, name: str, scheme: dict[str, Any], ptr: str, described: dict[str, Any], extensions: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    discovery = ctx.options.oidc_discovery
    if discovery is None:
        _unexpressible(
            ctx,
            name,
            "openIdConnect has no 2.0 form; pass --oidc-discovery FILE (a saved "
            f"copy of {scheme.get('openIdConnectUrl', 'the .well-known/openid-configuration')}) "
            "to make an oauth2 accessCode definition from it",
            ptr,
        )
        return {}
    auth = discovery.get("authorization_endpoint")
    token = discovery.get("token_endpoint")
    if not isinstance(auth, str) or not isinstance(token, str):
        ctx.error("XT107", "the --oidc-discovery file lacks authorization_endpoint or token_endpoint", ptr)
        return {}
    supported = discovery.get("scopes_supported")
    scopes = {str(s): f"OpenID Connect scope {s}" for s in supported} if isinstance(supported, list) else {}
    ctx.info("XT108", "openIdConnect became an oauth2 accessCode definition from the discovery document", ptr)
    return {
        name: {
            "type": "oauth2",
            **described,
            "flow": "accessCode",
            "authorizationUrl": auth,
            "tokenUrl": token,
            "scopes": scopes,
            "x-openid-connect-url": scheme.get("openIdConnectUrl", ""),
            **extensions,
        }
    }


def rewrite_requirements(ctx: Context, requirements: Any, ptr: str) -> list[dict[str, list[str]]]:
    """Rename schemes in a security requirement list, expanding split flows into alternatives.

    Alternatives that use a dropped scheme go; an operation left with none is an error (or a warning
    when a preset will replace its security).
    """
    if not isinstance(requirements, list):
        ctx.error("XT111", "security must be a list of requirement objects", ptr)
        return []
    result: list[dict[str, list[str]]] = []
    lost: list[str] = []
    for i, requirement in enumerate(requirements):
        if not isinstance(requirement, dict):
            ctx.error("XT111", "a security requirement must be an object", jp.join(ptr, i))
            continue
        options: list[list[tuple[str, list[str]]]] = []
        missing = None
        undefined = False
        for scheme, scopes in requirement.items():
            names = ctx.security_names.get(scheme)
            if names is None:
                ctx.warning(
                    "XT112",
                    f"security requirement names {scheme!r}, which components.securitySchemes "
                    "does not define: alternative dropped",
                    jp.join(ptr, i),
                )
                undefined = True
                break
            if not names:
                missing = scheme
                break
            kept = list(dict.fromkeys(s for s in scopes if isinstance(s, str))) if isinstance(scopes, list) else []
            if kept != scopes:
                ctx.warning(
                    "XT190", f"the scopes of {scheme!r} must be a list of strings: kept {kept}", jp.join(ptr, i, scheme)
                )
            options.append([(n, kept) for n in names])
        if undefined:
            continue
        if missing is not None:
            lost.append(missing)
            continue
        for combo in itertools.product(*options):
            alternative = dict(combo)
            if alternative not in result:
                result.append(alternative)
    if lost and requirements:
        shown = ", ".join(repr(n) for n in dict.fromkeys(lost))
        if result:
            ctx.info("XT113", f"requirement alternatives using {shown} dropped; the others remain", ptr)
        else:
            if ctx.security_replaced:
                ctx.info("XT114", f"{shown} cannot be expressed in 2.0; the preset's definition replaces it here", ptr)
                # keep the requirement (authentication is needed) for the preset stage to re-point
                return [
                    {k: list(v) if isinstance(v, list) else [] for k, v in r.items()}
                    for r in requirements
                    if isinstance(r, dict)
                ]
            chosen = _chosen_instead(ctx)
            if chosen:
                ctx.warning(
                    "XT115",
                    f"{shown} cannot be expressed in 2.0: this operation now asks for {', '.join(chosen)} "
                    f"(--security {ctx.options.security}); make sure the API accepts it here",
                    ptr,
                )
                return [{name: []} for name in chosen]
            ctx.error(
                "XT114",
                f"no way to authenticate is left here: {shown} cannot be expressed in 2.0: "
                + how_to_proceed(ctx, list(dict.fromkeys(lost))),
                ptr,
            )
    return result


def _chosen_instead(ctx: Context) -> list[str]:
    """The definitions `--security NAME[:flow]` names, to stand in where a requirement lost every scheme."""
    wanted = ctx.options.security
    if not wanted:
        return []
    name = wanted.partition(":")[0]  # the flow is chosen where the target keeps one definition
    return ctx.security_names.get(name) or ([name] if any(name in n for n in ctx.security_names.values()) else [])
