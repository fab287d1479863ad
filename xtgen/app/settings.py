"""User-facing option names (CLI flags and config keys alike) -> Options: the one place that maps them.

`xtgen convert` builds a mapping from its flags, `xtgen build` reads one per config entry; both call
`run_settings`, so a flag and a config key can never mean different things.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xtgen.app.select import EVERYTHING, Selection, selection_settings
from xtgen.model import Options, PresetOptions, XtgenError

# name -> accepted value types (TOML values in a config; the CLI's own values are already typed)
SETTING_TYPES: dict[str, tuple[type, ...]] = {
    "target": (str,),
    "format": (str,),
    "security": (str,),
    "oidc-discovery": (str, Path),
    "server": (int,),
    "server-url": (str,),
    "server-var": (list,),
    "ref-root": (str, Path),
    "validate": (bool,),
    "strict": (bool,),
    "preset": (str,),
    "preset-file": (str, Path),
    "flow": (str,),
    "tenant": (str,),
    "resource": (str,),
    "sharepoint-host": (str,),
    "salesforce-domain": (str,),
    "sandbox": (bool,),
    "scope": (list,),
    "authorization-url": (str,),
    "token-url": (str,),
    "offline-access": (bool,),
    "docs": (bool, str, Path),
    "docs-format": (str,),
    "region": (str,),
    "templates": (str, Path),
    "render-version": (int,),
    "from-power-automate": (bool,),
    "select": (list,),
    "ignore": (list,),
    "min-severity": (str,),
}
CHOICES: dict[str, tuple[str | int, ...]] = {
    "target": ("nintex", "swagger2"),
    "format": ("json", "yaml"),
    "flow": ("accessCode", "application"),
    "docs-format": ("md", "html", "all"),
    "region": ("us", "eu", "au", "ca", "uk"),
    "render-version": (1, 2),
    "min-severity": ("error", "warning", "info"),
}


@dataclass(frozen=True)
class DocsSettings:
    """Where and how to render docs next to a converted spec."""

    folder: Path | None  # None: the caller decides (a batch puts them in <out-dir>/<stem>/)
    fmt: str = "all"
    region: str = "us"
    templates: Path | None = None


@dataclass(frozen=True)
class RunSettings:
    """Everything one conversion needs besides its input."""

    options: Options
    fmt: str = "json"
    strict: bool = False
    docs: DocsSettings | None = None
    selection: Selection = EVERYTHING  # --select, --ignore, --min-severity


def check_choice(name: str, value: Any) -> None:
    if name in CHOICES and value not in CHOICES[name]:
        raise XtgenError(f"--{name} must be one of {', '.join(map(str, CHOICES[name]))} (got {value!r})")


def _path(value: Any, base: Path) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    return path if path.is_absolute() else base / path


def _server_vars(pairs: Any) -> tuple[tuple[str, str], ...]:
    result = []
    for pair in pairs or ():
        name, sep, value = str(pair).partition("=")
        if not sep or not name:
            raise XtgenError(f"--server-var wants NAME=VALUE (got {pair!r})")
        result.append((name, value))
    return tuple(result)


def preset_options(settings: Mapping[str, Any], base: Path) -> PresetOptions:
    """The preset options among the settings (`xtgen convert --preset`, `xtgen preset`, config entries)."""
    get = settings.get
    if get("flow") is not None:
        check_choice("flow", get("flow"))
    return PresetOptions(
        flow=get("flow"),
        tenant=get("tenant"),
        resource=get("resource"),
        sharepoint_host=get("sharepoint-host"),
        salesforce_domain=get("salesforce-domain"),
        sandbox=bool(get("sandbox", False)),
        scopes=tuple(get("scope") or ()),
        authorization_url=get("authorization-url"),
        token_url=get("token-url"),
        offline_access=bool(get("offline-access", True)),
        preset_file=_path(get("preset-file"), base),
    )


def run_settings(settings: Mapping[str, Any], base: Path) -> RunSettings:
    """Build the options of one run; relative paths are relative to `base` (the current folder for the
    CLI, the config file's folder for `xtgen build`). Raises XtgenError for unusable values."""
    unknown = sorted(set(settings) - set(SETTING_TYPES))
    if unknown:
        raise XtgenError(f"unknown option(s): {', '.join(unknown)}")
    for name, value in settings.items():
        if value is not None:
            check_choice(name, value)
    get = settings.get
    oidc = _path(get("oidc-discovery"), base)
    ref_root = _path(get("ref-root"), base)
    if oidc is not None:
        from xtgen.pipeline import load_options_file

        discovery: Mapping[str, Any] | None = load_options_file(oidc, "OIDC discovery document")
    else:
        discovery = None
    options = Options(
        target=get("target") or "nintex",
        security=get("security"),
        oidc_discovery=discovery,
        server_index=get("server"),
        server_url=get("server-url"),
        server_vars=_server_vars(get("server-var")),
        validate=bool(get("validate", True)),
        ref_root=ref_root.resolve() if ref_root else None,
        preset=get("preset"),
        preset_options=preset_options(settings, base),
        render_version=get("render-version"),
        from_power_automate=bool(get("from-power-automate", False)),
    )
    if options.preset:
        from xtgen.target.presets import resolve_preset

        resolve_preset(options)  # an unknown preset or a missing preset option is a usage error, up front
    docs_value = get("docs")
    docs = None
    if docs_value not in (None, False):
        folder = None if docs_value is True else _path(docs_value, base)
        docs = DocsSettings(folder, get("docs-format") or "all", get("region") or "us", _path(get("templates"), base))
    return RunSettings(options, get("format") or "json", bool(get("strict", False)), docs, selection_settings(settings))
