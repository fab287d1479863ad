"""Server Objects -> host, basePath and schemes (and per-operation overrides)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from xtgen import pointer as jp
from xtgen.convert.context import Context
from xtgen.formats import HOST_2, path_items
from xtgen.model import XtgenError

VARIABLE = re.compile(r"\{([^{}]*)\}")
SCHEMES_2 = ("http", "https", "ws", "wss")


@dataclass(frozen=True)
class Endpoint:
    scheme: str | None
    host: str | None
    base_path: str | None
    # other schemes a `{scheme}://...` variable's enum allows
    alt_schemes: tuple[str, ...] = ()


def substitute_variables(ctx: Context, server: dict[str, Any], ptr: str) -> str | None:
    url = server.get("url")
    if not isinstance(url, str):
        ctx.error("XT201", "server has no url", ptr)
        return None
    variables: dict[str, Any] = server["variables"] if isinstance(server.get("variables"), dict) else {}
    given = dict(ctx.options.server_vars)

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        var = variables.get(name)
        if name in given:
            _check_enum(ctx, name, given[name], var, jp.join(ptr, "variables", name))
            return given[name]
        if isinstance(var, dict) and "default" in var:
            return str(var["default"])
        ctx.error(
            "XT202", f"server variable {name!r} has no default: pass --server-var {name}=VALUE", jp.join(ptr, "url")
        )
        return match.group(0)

    return VARIABLE.sub(value, url)


def _check_enum(ctx: Context, name: str, value: str, var: Any, ptr: str) -> None:
    enum = var.get("enum") if isinstance(var, dict) else None
    if isinstance(enum, list) and enum and value not in [str(v) for v in enum]:
        ctx.warning(
            "XT211",
            f"--server-var {name}={value}: {value!r} is not one of the values the server allows "
            f"({', '.join(str(v) for v in enum)}); used as given",
            ptr,
        )


def all_servers(source: Any) -> Iterator[dict[str, Any]]:
    """Every Server Object of a document: the root's, each path item's and each operation's."""
    lists = [source.get("servers")]
    for _path, item in path_items(source):
        lists.append(item.get("servers"))
        lists.extend(op.get("servers") for op in item.values() if isinstance(op, dict))
    for servers in lists:
        for server in servers if isinstance(servers, list) else []:
            if isinstance(server, dict):
                yield server


def check_server_vars(ctx: Context) -> None:
    """--server-var names must name a variable of some server: a typo would silently keep the default.

    Raises XtgenError (a usage error) naming the closest variable."""
    given = [name for name, _ in ctx.options.server_vars]
    if not given or ctx.options.server_url:
        return
    known: list[str] = []
    for server in all_servers(ctx.source):
        variables = server.get("variables")
        names = list(variables) if isinstance(variables, dict) else []
        names += VARIABLE.findall(str(server.get("url", "")))
        known = list(dict.fromkeys([*known, *(str(n) for n in names)]))
    for name in given:
        if name not in known:
            from difflib import get_close_matches

            close = get_close_matches(name, known, n=1)
            hint = f"did you mean --server-var {close[0]}=...? " if close else ""
            listed = ", ".join(known) if known else "none"
            raise XtgenError(f"--server-var {name}: no server URL has a variable {name!r}; {hint}(variables: {listed})")


def chosen_base_url(ctx: Context) -> str | None:
    """The absolute URL of the chosen server (--server-url, or --server INDEX, variables filled), else None.

    No diagnostics: convert_root_servers reports what is wrong with the servers."""
    url: Any = ctx.options.server_url
    if not url:
        servers = ctx.source.get("servers")
        index = ctx.options.server_index or 0
        server = servers[index] if isinstance(servers, list) and 0 <= index < len(servers) else None
        url = server.get("url") if isinstance(server, dict) else None
        if not isinstance(url, str):
            return None
        variables = server["variables"] if isinstance(server.get("variables"), dict) else {}  # type: ignore[index,union-attr]
        given = dict(ctx.options.server_vars)

        def fill(match: re.Match[str]) -> str:
            var = variables.get(match.group(1))
            default = var.get("default") if isinstance(var, dict) else None
            return given.get(match.group(1), str(default) if default is not None else match.group(0))

        url = VARIABLE.sub(fill, url)
    endpoint = parse_url(url)
    if endpoint.scheme not in ("http", "https") or not endpoint.host or not HOST_2.match(endpoint.host):
        return None
    return f"{endpoint.scheme}://{endpoint.host}{endpoint.base_path or ''}"


def parse_url(url: str) -> Endpoint:
    """Split a (variable-free) server URL. Host is None for a relative URL."""
    if "://" not in url and not url.startswith(("/", ".", "{")) and "." in url.split("/", 1)[0]:
        url = "//" + url  # 'api.example.com/v1' written without a scheme
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced '[' (IPv6 brackets): the host check reports it
        return Endpoint(None, url.split("://", 1)[-1].split("/", 1)[0] or url, None)
    host = parts.netloc or None
    if host and "@" in host:
        host = host.rsplit("@", 1)[1]
    path = parts.path.rstrip("/")
    if host is None and path.startswith("."):
        path = path.lstrip(".")
    base = path if path.startswith("/") else ("/" + path if path else "")
    scheme = parts.scheme.lower() or None
    return Endpoint(scheme, host, base or None)


SCHEME_VARIABLE = re.compile(r"^\{([^{}]*)\}://")


def scheme_alternatives(server: dict[str, Any]) -> tuple[str, ...]:
    """The enum of a variable that makes up the whole scheme (`{scheme}://host`), lower-cased."""
    match = SCHEME_VARIABLE.match(str(server.get("url", "")))
    variables = server.get("variables")
    if not match or not isinstance(variables, dict):
        return ()
    var = variables.get(match.group(1))
    enum = var.get("enum") if isinstance(var, dict) else None
    return tuple(str(v).lower() for v in enum if str(v).lower() in SCHEMES_2) if isinstance(enum, list) else ()


def server_endpoints(ctx: Context, servers: Any, ptr: str) -> list[Endpoint]:
    if not isinstance(servers, list):
        return []
    result = []
    for i, server in enumerate(servers):
        if isinstance(server, dict):
            url = substitute_variables(ctx, server, jp.join(ptr, i))
            if url is not None:
                endpoint = parse_url(url)
                result.append(Endpoint(endpoint.scheme, endpoint.host, endpoint.base_path, scheme_alternatives(server)))
    return result


def convert_root_servers(ctx: Context) -> dict[str, Any]:
    """Return {'host', 'basePath', 'schemes'} for the document (keys present only when known)."""
    check_server_vars(ctx)
    servers = ctx.source.get("servers")
    out: dict[str, Any] = {}
    if ctx.options.server_url:
        chosen = parse_url(ctx.options.server_url)
        endpoints = [chosen]
        ptr = ""
    else:
        endpoints = server_endpoints(ctx, servers, "/servers")
        index = ctx.options.server_index or 0
        ptr = f"/servers/{index}"
        if ctx.options.server_index is not None and not 0 <= index < len(endpoints):
            last = f"0 to {len(endpoints) - 1}" if endpoints else "none"
            raise XtgenError(f"--server {index}: the document has {len(endpoints)} server(s) (indexes: {last})")
        if not endpoints:
            ctx.emit("XT204", _no_host_severity(ctx), "no servers: " + _no_host_advice(ctx, None), "/servers")
            return out
        chosen = endpoints[index]
    if chosen.host is None:
        ctx.emit(
            "XT205",
            _no_host_severity(ctx),
            f"the server URL {_show(chosen) or '/'!r} is relative: " + _no_host_advice(ctx, chosen.base_path or "/"),
            ptr,
        )
    elif not HOST_2.match(chosen.host):
        ctx.error("XT206", f"host {chosen.host!r} is not a valid 2.0 host (name and optional port)", ptr)
    else:
        out["host"] = chosen.host
    if chosen.base_path and chosen.base_path != "/":
        out["basePath"] = chosen.base_path
    schemes = []
    for e in endpoints:
        if (e.host, e.base_path) == (chosen.host, chosen.base_path):
            for scheme in (e.scheme, *e.alt_schemes):
                if scheme in SCHEMES_2 and scheme not in schemes:
                    schemes.append(scheme)
    if schemes:
        out["schemes"] = schemes
    elif chosen.scheme and chosen.scheme not in SCHEMES_2:
        ctx.warning("XT207", f"scheme {chosen.scheme!r} has no 2.0 form", ptr)
    others = [e for e in endpoints if (e.host, e.base_path) != (chosen.host, chosen.base_path)]
    if others and not ctx.options.server_url:
        ctx.info(
            "XT208",
            f"2.0 has one host: kept {_show(chosen)}; other servers ("
            f"{', '.join(_show(e) for e in others)}) can be chosen with --server INDEX",
            "/servers",
        )
    return out


def _no_host_severity(ctx: Context) -> Any:
    from xtgen.model import Severity

    return Severity.ERROR if ctx.nintex and not ctx.options.server_url else Severity.WARNING


def _no_host_advice(ctx: Context, path: str | None) -> str:
    """The exact fix: the flag and the config key, keeping the base path the spec gives."""
    url = "https://HOST" + (path if path and path != "/" else "")
    fix = f'pass --server-url {url} (in xtgen.toml: server-url = "{url}"), with HOST the API\'s host name'
    if ctx.nintex:
        return f"Nintex needs an absolute host; {fix}"
    return f"host left out (clients use the host serving the spec); to set one, {fix}"


def _show(e: Endpoint) -> str:
    return f"{e.scheme + '://' if e.scheme else ''}{e.host or ''}{e.base_path or ''}"


def convert_operation_servers(ctx: Context, servers: Any, ptr: str, root: dict[str, Any]) -> dict[str, Any]:
    """Path- or operation-level servers -> keys for the operation (schemes, x-ntx-host, x-ntx-basePath)."""
    endpoints = server_endpoints(ctx, servers, ptr)
    if not endpoints:
        return {}
    first = endpoints[0]
    out: dict[str, Any] = {}
    same_place = (first.host or root.get("host")) == root.get("host") and (first.base_path or None) == root.get(
        "basePath"
    )
    schemes = [
        e.scheme for e in endpoints if e.scheme in SCHEMES_2 and (e.host, e.base_path) == (first.host, first.base_path)
    ]
    if same_place:
        if schemes and schemes != root.get("schemes"):
            out["schemes"] = list(dict.fromkeys(schemes))
        return out
    if ctx.nintex:
        if first.host:
            out["x-ntx-host"] = first.host
        out["x-ntx-basePath"] = first.base_path or "/"
        ctx.info(
            "XT209",
            f"server {_show(first)} differs from the document's: set x-ntx-host / x-ntx-basePath on the operation",
            ptr,
        )
    else:
        ctx.warning(
            "XT210",
            f"server {_show(first)} differs from the document's host; 2.0 has one host per "
            "file, so calls go to the document's host (the nintex target keeps it as x-ntx-host)",
            ptr,
        )
        if schemes and schemes != root.get("schemes"):
            out["schemes"] = list(dict.fromkeys(schemes))
    return out
