"""Every option of the CLI and of the config file, declared once (data only: no Typer here).

An option's declaration says its name (the long flag without `--`, and its config key), the type of its
value (a Choice enum for a closed set), its default, help text and help panel, and where its value lands
(`Options.target`, `PresetOptions.flow`, `RunSettings.fmt`, `DocsSettings.region`, or "" for an option
only the command itself reads, such as `--jobs`). From these declarations come:

- the Typer parameters of each command (xtgen/app/flags.py; COMMANDS there lists who takes what),
- the config keys `xtgen build` accepts and their TOML types (`config_options`, `config_types`),
- the parsing of a value, choices included (`parse_value`, used by xtgen/app/settings.py),
- the options a security preset reads and their flags (`preset_option_flags`, for the preset format).

To add an option: declare it here, list it in the commands that take it (xtgen/app/flags.py), and give its
`lands` field a home in xtgen/model.py or xtgen/app/settings.py; tests/test_options.py checks they agree.
It lives in the library, not the application layer, because the preset format names flags in its messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xtgen.model import (
    RENDER_VERSIONS,
    Choice,
    ChoiceError,
    DiagnosticsFormat,
    DocsFormat,
    Flow,
    OutputFormat,
    OverlayStage,
    Region,
    Target,
    XtgenError,
    refusal,
)

PANEL_OUTPUT = "Output"
PANEL_CONVERSION = "Conversion"
PANEL_PRESET = "Preset options (with --preset, or xtgen preset NAME)"
PANEL_DOCS = "Docs"
PANEL_DIAGNOSTICS = "Diagnostics"
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Declared:
    """One option: its flag and config key, its value's type, default, help, panel and destination."""

    name: str  # the long flag without '--', and the config key: 'server-url'
    type: Any  # the value's type: str, int, bool, Path, list (repeatable text), or a Choice enum
    help: str
    default: Any = None
    lands: str = ""  # 'Options.target', 'PresetOptions.flow', 'RunSettings.fmt', ... ; '' = the command's own
    panel: str = PANEL_CONVERSION
    metavar: str | None = None  # for a value option; a Choice shows its choices, a switch shows nothing
    short: str | None = None  # '-o'
    negatable: bool = False  # a switch that also has --no-NAME
    config: bool = True  # a config key (xtgen.toml, [tool.xtgen]) as well as a flag
    param: str | None = None  # the Python parameter name, when not the name with '_' for '-'
    allowed: tuple[Any, ...] = ()  # the values an int option may take (a Choice lists its own)
    minimum: int | None = None
    config_as: tuple[type, ...] = ()  # the TOML types a config key takes, when not those of `type`
    preset_reads: bool = False  # a key a preset file's [options] may declare (tenant, scope, ...)

    @property
    def flag(self) -> str:
        return f"--{self.name}"

    @property
    def python_name(self) -> str:
        return self.param or self.name.replace("-", "_")

    @property
    def choices(self) -> tuple[Any, ...]:
        if isinstance(self.type, type) and issubclass(self.type, Choice):
            return tuple(m.value for m in self.type)
        return self.allowed


def _d(*args: Any, **kwargs: Any) -> Declared:
    return Declared(*args, **kwargs)


FILE, DIR, TEXT, URL, NUMBER = "FILE", "DIR", "TEXT", "URL", "N"

DECLARED: tuple[Declared, ...] = (
    # ---- where the output goes (the command's own) --------------------------------------------------------
    _d("output", Path, "Write here instead of stdout.", short="-o", metavar=FILE, panel=PANEL_OUTPUT, config=False),
    _d("out-dir", Path, "Write each input to DIR/<stem>.json (needed for several inputs).", metavar=DIR,
       panel=PANEL_OUTPUT, config=False),
    _d("format", OutputFormat, "Output format: json is what Nintex uploads.", OutputFormat.JSON, "RunSettings.fmt",
       PANEL_OUTPUT, param="fmt"),
    _d("jobs", int, "Parallel processes for several inputs (default: the number of CPUs).", metavar=NUMBER,
       panel=PANEL_OUTPUT, config=False),  # 1 to 32: xtgen.app.batch.worker_count says so in one line
    _d("check", bool, "Write nothing; exit 1 listing each output that is missing or would change.", False,
       panel=PANEL_OUTPUT, config=False),
    _d("quiet", bool, "No progress lines; warnings and errors only.", False, panel=PANEL_OUTPUT, short="-q",
       config=False),
    _d("strict", bool, "Treat warnings as failures (exit 1, nothing written).", False, "RunSettings.strict",
       PANEL_OUTPUT, negatable=True),
    _d("report", Path, "Write a JSON report of every diagnostic here.", metavar=FILE, panel=PANEL_OUTPUT,
       config=False),
    _d("config", Path, "xtgen.toml or pyproject.toml (default: found from this folder upwards).", metavar=FILE,
       panel=PANEL_OUTPUT, config=False),
    # ---- conversion ---------------------------------------------------------------------------------------
    _d("target", Target, "nintex: what Nintex accepts; swagger2: generic Swagger 2.0.", Target.NINTEX,
       "Options.target"),
    _d("security", str, "nintex target: the security definition to keep, NAME or NAME:flow.", metavar="NAME",
       lands="Options.security"),
    _d("oidc-discovery", Path, "A saved .well-known/openid-configuration JSON, to turn openIdConnect into oauth2.",
       metavar=FILE, lands="Options.oidc_discovery", config_as=(str,)),
    _d("server", int, "Index of the server to use (default: the first).", metavar=NUMBER,
       lands="Options.server_index"),
    _d("server-url", str, "Use this server URL instead of the spec's.", metavar=URL, lands="Options.server_url"),
    _d("server-var", list, "NAME=VALUE for a server URL variable (repeatable).", metavar="NAME=VALUE",
       lands="Options.server_vars"),
    _d("ref-root", Path, "Folder external $refs may be read from (default: the input's folder).", metavar=DIR,
       lands="Options.ref_root", config_as=(str,)),
    _d("validate", bool, "Validate input and output with openapi-spec-validator.", True, "Options.validate",
       negatable=True),
    _d("render-version", int, "2 sets x-ntx-render-version: 2 (arrays and objects as parameters, no files); "
       "1 removes it.", lands="Options.render_version", metavar="[1|2]", allowed=RENDER_VERSIONS),
    _d("from-power-automate", bool, "Translate Power Automate x-ms-* extensions to x-ntx-* (done anyway in the "
       "nintex target when they are present).", False, "Options.from_power_automate", negatable=True),
    _d("preset", str, "Replace the security with this preset's definition (see `xtgen preset list`).",
       metavar="NAME", lands="Options.preset", panel=PANEL_PRESET),
    _d("overlays", list, "An OpenAPI Overlay (1.0/1.1, JSON or YAML) to apply; repeatable, applied in order "
       "(see README: Overlays).", metavar=FILE, lands="Options.overlays"),
    _d("overlay-stage", OverlayStage, "Apply every overlay to the input (before conversion) or the output "
       "(default: chosen per overlay from its targets).", lands="RunSettings.overlay_stage"),
    # ---- security preset options --------------------------------------------------------------------------
    _d("flow", Flow, "The OAuth 2.0 flow (default: the preset's first, accessCode).", lands="PresetOptions.flow",
       panel=PANEL_PRESET),
    _d("tenant", str, "Azure: directory id, verified domain, or common (the default).", metavar=TEXT,
       lands="PresetOptions.tenant", panel=PANEL_PRESET, preset_reads=True),
    _d("resource", str, "Azure AD v1 (required): the API's App ID URI; v2: the scope prefix.", metavar=URL,
       lands="PresetOptions.resource", panel=PANEL_PRESET, preset_reads=True),
    _d("sharepoint-host", str, "sharepoint-online: e.g. contoso.sharepoint.com.", metavar="HOST",
       lands="PresetOptions.sharepoint_host", panel=PANEL_PRESET, preset_reads=True),
    _d("salesforce-domain", str, "salesforce: My Domain, e.g. acme (acme.my.salesforce.com).", metavar=TEXT,
       lands="PresetOptions.salesforce_domain", panel=PANEL_PRESET, preset_reads=True),
    _d("sandbox", bool, "salesforce: sign in at test.salesforce.com.", False, "PresetOptions.sandbox",
       PANEL_PRESET, preset_reads=True),
    _d("scope", list, "A scope to request (repeatable).", metavar="SCOPE", lands="PresetOptions.scopes",
       panel=PANEL_PRESET, preset_reads=True),
    _d("authorization-url", str, "generic-oauth2: the authorization endpoint.", metavar=URL,
       lands="PresetOptions.authorization_url", panel=PANEL_PRESET, preset_reads=True),
    _d("token-url", str, "generic-oauth2: the token endpoint.", metavar=URL, lands="PresetOptions.token_url",
       panel=PANEL_PRESET, preset_reads=True),
    _d("offline-access", bool, "Add the scope that yields a refresh token.", True, "PresetOptions.offline_access",
       PANEL_PRESET, negatable=True),
    _d("preset-file", Path, "A preset of your own (.toml or .json, the built-in presets' format).", metavar=FILE,
       lands="PresetOptions.preset_file", panel=PANEL_PRESET, config_as=(str,)),
    _d("name", str, "The definition's name (default: the preset's).", metavar="NAME",
       lands="PresetOptions.definition_name", panel=PANEL_PRESET, config=False, param="definition_name"),
    _d("into", Path, "Apply the preset to this Swagger 2.0 spec (JSON or YAML) instead of printing it.",
       metavar=FILE, panel=PANEL_OUTPUT, config=False),
    _d("force", bool, "Replace OUTPUT when it exists (it may hold your edits).", False, panel=PANEL_OUTPUT,
       config=False),
    # ---- diagnostics: what is shown, what counts, in which format ----------------------------------------------
    _d("output-format", DiagnosticsFormat, "Diagnostics as text lines, the json report, github annotations, "
       "sarif or junit.", DiagnosticsFormat.TEXT, panel=PANEL_DIAGNOSTICS, config=False),
    _d("select", list, "Only these codes or prefixes (XT7, XT730, XT730:/json/pointer; repeatable).",
       metavar="CODE", lands="RunSettings.selection", panel=PANEL_DIAGNOSTICS),
    _d("ignore", list, "Drop these codes or prefixes, optionally at a pointer (XT730:/paths/~1a/get; repeatable); "
       "errors stay.", metavar="CODE", lands="RunSettings.selection", panel=PANEL_DIAGNOSTICS),
    _d("min-severity", str, "Show only this severity and above.", metavar="[error|warning|info]",
       lands="RunSettings.selection", panel=PANEL_DIAGNOSTICS, allowed=SEVERITIES),
    _d("verbose", bool, "Show info diagnostics too (batches hide them).", False, short="-v",
       panel=PANEL_DIAGNOSTICS, config=False),
    # ---- docs ---------------------------------------------------------------------------------------------
    _d("docs", Path, "Also render the docs (README.md, index.html) into this folder (with several inputs: "
       "into DIR/<stem>/).", metavar=DIR, lands="RunSettings.docs", panel=PANEL_DOCS, config_as=(bool, str)),
    _d("docs-format", DocsFormat, "Docs to render: md (README.md), html (index.html) or all.", DocsFormat.ALL,
       "DocsSettings.fmt", PANEL_DOCS),
    _d("region", Region, "Nintex region whose OAuth redirect URL the docs show.", Region.US,
       "DocsSettings.region", PANEL_DOCS),
    _d("templates", Path, "Folder of templates overriding the built-in ones by relative name.", metavar=DIR,
       lands="DocsSettings.templates", panel=PANEL_DOCS, config_as=(str,)),
    _d("import-preset", str, "The Nintex security preset the docs tell the reader to choose at import (see "
       "`xtgen preset list`; default: recognised from the OAuth endpoints, else Generic OAuth 2). To apply a "
       "preset, use `xtgen convert --preset`.", metavar="NAME", panel=PANEL_DOCS, config=False),
)  # fmt: skip
OPTIONS: dict[str, Declared] = {o.name: o for o in DECLARED}


def config_options() -> dict[str, Declared]:
    """The config keys (xtgen.toml, [tool.xtgen]): every option that lands in the run's settings."""
    return {o.name: o for o in DECLARED if o.config}


def config_types(option: Declared) -> tuple[type, ...]:
    """The TOML types a config key takes."""
    if option.config_as:
        return option.config_as
    if isinstance(option.type, type) and issubclass(option.type, Choice):
        return (str,)
    return (option.type,)


def parse_value(option: Declared, value: Any, what: str | None = None) -> Any:
    """A given value, checked against the option's choices: the Choice member, or the value as it is."""
    what = what or option.flag
    if isinstance(option.type, type) and issubclass(option.type, Choice):
        return option.type.parse(value, what)
    if option.allowed and (isinstance(value, bool) or value not in option.allowed):
        raise ChoiceError(refusal(what, option.allowed, value))
    if option.minimum is not None and isinstance(value, int) and value < option.minimum:
        raise XtgenError(f"{what} must be at least {option.minimum} (got {value})")
    return value


def unknown_key(key: str, known: Iterable[str]) -> str:
    """'unknown option (did you mean 'target'?)' for a key nothing declares."""
    import difflib

    near = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return "unknown option" + (f" (did you mean {near[0]!r}?)" if near else "")


def preset_option_flags() -> dict[str, str]:
    """The options a preset file may declare, by their key there ('sharepoint_host'), and their flags."""
    return {o.name.replace("-", "_"): o.flag for o in DECLARED if o.preset_reads}


def given_flag(home: str, field_name: str) -> str:
    """The flag that sets `home.field_name` away from its default ('PresetOptions', 'offline_access' ->
    '--no-offline-access'), for messages about options given where they do not apply."""
    option = next(o for o in DECLARED if o.lands == f"{home}.{field_name}")
    return f"--no-{option.name}" if option.type is bool and option.default is True else option.flag
