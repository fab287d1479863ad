"""The security preset data format: one TOML (or JSON) file per preset, parsed into a frozen Preset.

Built-in presets live in xtgen/target/presets/data/*.toml; a user's `--preset-file` uses the same format
(README.md, "Security presets", documents every key). Templates are strings with `{name}` placeholders
filled from the options (`tenant`, `resource`, ...) and derived values; `{name|query}` percent-encodes
the value for a URL query. Parsing is strict: an unknown key or a placeholder nothing fills is an
XtgenError naming the file, so a broken preset file fails before any document is touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xtgen.model import Flow, XtgenError
from xtgen.options import OPTIONS, preset_option_flags

FORMAT_VERSION = 1
FLOWS = tuple(f.value for f in Flow)
NINTEX_PRESETS = (
    "Azure Active Directory version 1",
    "Azure Active Directory version 2",
    "Microsoft Graph",
    "Salesforce",
    "SharePoint Online",
    "Generic OAuth 2",
)
# preset option key -> the CLI flag that gives it (declared in xtgen/options.py, `preset_reads`)
OPTION_FLAGS = preset_option_flags()
# options that are switches or lists: they take no default and fill no template
NON_TEXT_OPTIONS = tuple(key for key in OPTION_FLAGS if OPTIONS[key.replace("_", "-")].type is not str)
PLACEHOLDER = re.compile(r"\{([a-z_]+)(\|query)?\}")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class PresetOption:
    """An option the preset reads: its default, the flows that need it, the flows it applies to."""

    key: str
    default: str | None = None
    required_for: tuple[str, ...] = ()
    flows: tuple[str, ...] = FLOWS


@dataclass(frozen=True)
class DerivedValue:
    """A value computed from options: the first case whose option is given, else the default."""

    key: str
    cases: tuple[tuple[str, str], ...] = ()  # (option key, template)
    default: str | None = None


@dataclass(frozen=True)
class RejectedValues:
    """Values an option may not take in a flow (e.g. tenant 'common' for client credentials), and why."""

    option: str
    values: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class FlowSpec:
    """What one OAuth 2.0 flow of a preset declares."""

    flow: str
    scopes: tuple[str, ...] = ()  # default scopes (templates) when no --scope is given
    offline_scope: str | None = None  # the scope that yields a refresh token, added unless --no-offline-access
    offline_aliases: tuple[str, ...] = ()  # other scopes that do the same
    scope_suffix: str | None = None  # every scope must end with it (client credentials: /.default)
    reject_values: tuple[RejectedValues, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exclusive:
    """Options that may not be given together, and what to do instead."""

    options: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class DocumentWarning:
    """Advice for a spec the preset is applied to: its host, path segments that trigger it, the message."""

    host: str
    path_segments: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Preset:
    """A security preset: the provider's endpoints and scopes, and the Nintex import preset to choose."""

    name: str
    provider: str
    summary: str
    nintex_preset: str
    flows: tuple[str, ...]
    token_url: str
    authorization_url: str | None = None
    import_fields: tuple[tuple[str, str], ...] = ()  # (label, value or hint) typed into Nintex at import
    options: tuple[PresetOption, ...] = ()
    rejects: tuple[tuple[str, str], ...] = ()  # (option key, why it does not apply)
    values: tuple[DerivedValue, ...] = ()
    exclusive: tuple[Exclusive, ...] = ()
    extensions: tuple[tuple[str, str], ...] = ()  # (x- key, template) added to the definition
    qualify_scopes: str | None = None  # bare scopes become "<this>/<scope>"
    bare_scopes: tuple[str, ...] = ()  # scopes never qualified
    scope_descriptions: tuple[tuple[str, str], ...] = ()
    default_scope_description: str = "Scope {scope}"
    recognise_offline: bool = False  # add the offline requirement of a provider recognised from the URLs
    flow_specs: tuple[FlowSpec, ...] = ()
    document_warnings: tuple[DocumentWarning, ...] = ()
    docs: tuple[str, ...] = ()
    source: str = ""  # where it was read from

    def option(self, key: str) -> PresetOption | None:
        return next((o for o in self.options if o.key == key), None)

    def flow_spec(self, flow: str) -> FlowSpec:
        return next((f for f in self.flow_specs if f.flow == flow), FlowSpec(flow))


# ---- reading ---------------------------------------------------------------------------------------------

TOP_KEYS = (
    "format",
    "name",
    "provider",
    "summary",
    "nintex_preset",
    "docs",
    "flows",
    "authorization_url",
    "token_url",
    "qualify_scopes",
    "bare_scopes",
    "default_scope_description",
    "recognise_offline",
    "import_fields",
    "options",
    "rejects",
    "values",
    "exclusive",
    "extensions",
    "scope_descriptions",
    "flow",
    "document_warnings",
)
FLOW_KEYS = ("scopes", "offline_scope", "offline_aliases", "scope_suffix", "reject_values", "warnings")


class _Reader:
    """Typed access to one preset file's data; every problem is an XtgenError naming the file and key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> XtgenError:
        return XtgenError(f"{self.source}: {where}: {problem}" if where else f"{self.source}: {problem}")

    def table(self, value: Any, where: str, allowed: tuple[str, ...] | None = None) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, "must be a table (an object)")
        if allowed is not None:
            unknown = [k for k in value if k not in allowed]
            if unknown:
                raise self.fail(where, f"unknown key {unknown[0]!r} (allowed: {', '.join(allowed)})")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "must be a non-empty string")
        return value

    def texts(self, value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(where, "must be a list of strings")
        return tuple(self.text(v, f"{where}[{i}]") for i, v in enumerate(value))

    def flows(self, value: Any, where: str, allowed: tuple[str, ...] = FLOWS) -> tuple[str, ...]:
        flows = self.texts(value, where)
        for flow in flows:
            if flow not in allowed:
                raise self.fail(where, f"{flow!r} is not one of {', '.join(allowed)}")
        return tuple(dict.fromkeys(flows))

    def option_key(self, key: str, where: str) -> str:
        if key not in OPTION_FLAGS:
            raise self.fail(where, f"{key!r} is not an option (options: {', '.join(OPTION_FLAGS)})")
        return key


def parse_preset(data: Any, source: str) -> Preset:
    """Validate one preset's data (parsed TOML or JSON) and build the Preset."""
    r = _Reader(source)
    top = r.table(data, "", TOP_KEYS)
    if top.get("format") != FORMAT_VERSION:
        raise r.fail("format", f"must be {FORMAT_VERSION} (the preset data format version)")
    name = r.text(top.get("name"), "name")
    if not NAME.match(name) or name == "list":
        raise r.fail("name", f"{name!r} must be lowercase letters, digits and '-', and not 'list'")
    nintex = r.text(top.get("nintex_preset"), "nintex_preset")
    if nintex not in NINTEX_PRESETS:
        raise r.fail("nintex_preset", f"{nintex!r} is not a Nintex import preset ({', '.join(NINTEX_PRESETS)})")
    flows = r.flows(top.get("flows"), "flows")
    if not flows:
        raise r.fail("flows", "must name at least one flow")
    if "accessCode" in flows and "authorization_url" not in top:
        raise r.fail("authorization_url", "is required when flows include accessCode")
    preset = Preset(
        name=name,
        provider=r.text(top.get("provider"), "provider"),
        summary=r.text(top.get("summary"), "summary"),
        nintex_preset=nintex,
        flows=flows,
        token_url=r.text(top.get("token_url"), "token_url"),
        authorization_url=r.text(top["authorization_url"], "authorization_url") if "authorization_url" in top else None,
        import_fields=_import_fields(r, top.get("import_fields", [])),
        options=_options(r, top.get("options", {}), flows),
        rejects=tuple(
            (r.option_key(k, "rejects"), r.text(v, f"rejects.{k}"))
            for k, v in r.table(top.get("rejects", {}), "rejects").items()
        ),
        values=_values(r, top.get("values", {})),
        exclusive=_exclusive(r, top.get("exclusive", [])),
        extensions=_extensions(r, top.get("extensions", {})),
        qualify_scopes=r.text(top["qualify_scopes"], "qualify_scopes") if "qualify_scopes" in top else None,
        bare_scopes=r.texts(top.get("bare_scopes", []), "bare_scopes"),
        scope_descriptions=tuple(
            (r.text(k, "scope_descriptions"), r.text(v, f"scope_descriptions.{k}"))
            for k, v in r.table(top.get("scope_descriptions", {}), "scope_descriptions").items()
        ),
        default_scope_description=r.text(
            top.get("default_scope_description", "Scope {scope}"), "default_scope_description"
        ),
        recognise_offline=_boolean(r, top.get("recognise_offline", False), "recognise_offline"),
        flow_specs=_flow_specs(r, top.get("flow", {}), flows),
        document_warnings=_document_warnings(r, top.get("document_warnings", [])),
        docs=r.texts(top.get("docs", []), "docs"),
        source=source,
    )
    _check_placeholders(r, preset)
    return preset


def _boolean(r: _Reader, value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise r.fail(where, "must be true or false")
    return value


def _import_fields(r: _Reader, value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        raise r.fail("import_fields", "must be a list of [label, value or hint] pairs")
    result = []
    for i, pair in enumerate(value):
        if not isinstance(pair, list) or len(pair) != 2:
            raise r.fail(f"import_fields[{i}]", "must be a [label, value or hint] pair")
        result.append((r.text(pair[0], f"import_fields[{i}]"), r.text(pair[1], f"import_fields[{i}]")))
    return tuple(result)


def _options(r: _Reader, value: Any, flows: tuple[str, ...]) -> tuple[PresetOption, ...]:
    result = []
    for key, spec in r.table(value, "options").items():
        where = f"options.{r.option_key(key, 'options')}"
        spec = r.table(spec, where, ("default", "required_for", "flows"))
        if "default" in spec and key in NON_TEXT_OPTIONS:
            raise r.fail(where, f"{OPTION_FLAGS[key]} takes no default")
        result.append(
            PresetOption(
                key=key,
                default=r.text(spec["default"], f"{where}.default") if "default" in spec else None,
                required_for=r.flows(spec.get("required_for", []), f"{where}.required_for", flows),
                flows=r.flows(spec.get("flows", list(flows)), f"{where}.flows", flows),
            )
        )
    return tuple(result)


def _values(r: _Reader, value: Any) -> tuple[DerivedValue, ...]:
    result = []
    for key, spec in r.table(value, "values").items():
        where = f"values.{key}"
        spec = r.table(spec, where, ("cases", "default"))
        cases = []
        for i, case in enumerate(spec.get("cases", [])):
            case = r.table(case, f"{where}.cases[{i}]", ("when", "value"))
            cases.append(
                (
                    r.option_key(r.text(case.get("when"), f"{where}.cases[{i}].when"), f"{where}.cases"),
                    r.text(case.get("value"), f"{where}.cases[{i}].value"),
                )
            )
        default = r.text(spec["default"], f"{where}.default") if "default" in spec else None
        if not cases and default is None:
            raise r.fail(where, "needs cases or a default")
        result.append(DerivedValue(key, tuple(cases), default))
    return tuple(result)


def _exclusive(r: _Reader, value: Any) -> tuple[Exclusive, ...]:
    if not isinstance(value, list):
        raise r.fail("exclusive", "must be a list of tables")
    result = []
    for i, item in enumerate(value):
        item = r.table(item, f"exclusive[{i}]", ("options", "reason"))
        keys = tuple(r.option_key(k, f"exclusive[{i}]") for k in r.texts(item.get("options"), f"exclusive[{i}]"))
        result.append(Exclusive(keys, r.text(item.get("reason"), f"exclusive[{i}].reason")))
    return tuple(result)


def _extensions(r: _Reader, value: Any) -> tuple[tuple[str, str], ...]:
    result = []
    for key, template in r.table(value, "extensions").items():
        if not key.startswith("x-"):
            raise r.fail("extensions", f"{key!r} must start with 'x-' (a vendor extension)")
        result.append((key, r.text(template, f"extensions.{key}")))
    return tuple(result)


def _flow_specs(r: _Reader, value: Any, flows: tuple[str, ...]) -> tuple[FlowSpec, ...]:
    result = []
    for flow, spec in r.table(value, "flow", flows).items():
        where = f"flow.{flow}"
        spec = r.table(spec, where, FLOW_KEYS)
        rejected = []
        for key, rule in r.table(spec.get("reject_values", {}), f"{where}.reject_values").items():
            rw = f"{where}.reject_values.{r.option_key(key, f'{where}.reject_values')}"
            rule = r.table(rule, rw, ("values", "reason"))
            rejected.append(
                RejectedValues(
                    key, r.texts(rule.get("values"), f"{rw}.values"), r.text(rule.get("reason"), f"{rw}.reason")
                )
            )
        result.append(
            FlowSpec(
                flow=flow,
                scopes=r.texts(spec.get("scopes", []), f"{where}.scopes"),
                offline_scope=r.text(spec["offline_scope"], f"{where}.offline_scope")
                if "offline_scope" in spec
                else None,
                offline_aliases=r.texts(spec.get("offline_aliases", []), f"{where}.offline_aliases"),
                scope_suffix=r.text(spec["scope_suffix"], f"{where}.scope_suffix") if "scope_suffix" in spec else None,
                reject_values=tuple(rejected),
                warnings=r.texts(spec.get("warnings", []), f"{where}.warnings"),
            )
        )
    return tuple(result)


def _document_warnings(r: _Reader, value: Any) -> tuple[DocumentWarning, ...]:
    if not isinstance(value, list):
        raise r.fail("document_warnings", "must be a list of tables")
    result = []
    for i, item in enumerate(value):
        where = f"document_warnings[{i}]"
        item = r.table(item, where, ("host", "path_segments", "message"))
        result.append(
            DocumentWarning(
                r.text(item.get("host"), f"{where}.host").lower(),
                r.texts(item.get("path_segments"), f"{where}.path_segments"),
                r.text(item.get("message"), f"{where}.message"),
            )
        )
    return tuple(result)


def template_names(template: str) -> list[str]:
    return [m.group(1) for m in PLACEHOLDER.finditer(template)]


def _check_placeholders(r: _Reader, preset: Preset) -> None:
    """Every placeholder must name something the preset can fill."""
    options = {o.key for o in preset.options if o.key not in NON_TEXT_OPTIONS}
    derived = {v.key for v in preset.values}
    base = options | derived
    checks: list[tuple[str, str, set[str]]] = [
        ("token_url", preset.token_url, base),
        *((f"extensions.{k}", t, base) for k, t in preset.extensions),
        *((f"import_fields.{label}", t, base | {"scopes"}) for label, t in preset.import_fields),
        *((f"scope_descriptions.{k}", k, base) for k, _ in preset.scope_descriptions),
        *((f"scope_descriptions.{k}", t, base | {"scope"}) for k, t in preset.scope_descriptions),
        ("default_scope_description", preset.default_scope_description, base | {"scope"}),
        *(
            (f"document_warnings[{i}].message", w.message, base | {"paths"})
            for i, w in enumerate(preset.document_warnings)
        ),
    ]
    if preset.authorization_url:
        checks.append(("authorization_url", preset.authorization_url, base))
    if preset.qualify_scopes:
        checks.append(("qualify_scopes", preset.qualify_scopes, base))
    for spec in preset.flow_specs:
        checks += [(f"flow.{spec.flow}.scopes", t, base) for t in spec.scopes]
        checks += [(f"flow.{spec.flow}.warnings", t, base) for t in spec.warnings]
    for value in preset.values:
        checks += [(f"values.{value.key}", t, options) for _, t in value.cases]
        if value.default:
            checks.append((f"values.{value.key}.default", value.default, options | derived - {value.key}))
    for where, template, allowed in checks:
        for name in template_names(template):
            if name not in allowed:
                raise r.fail(
                    where,
                    f"the placeholder {{{name}}} names nothing this preset fills "
                    f"(it can use {', '.join('{' + n + '}' for n in sorted(allowed))})",
                )


# ---- files -----------------------------------------------------------------------------------------------


def read_preset_file(path: Path) -> Preset:
    """A user's preset file (.toml or .json), in the built-in presets' format."""
    if path.suffix.lower() not in (".toml", ".json"):
        raise XtgenError(f"{path}: a preset file must be .toml or .json")
    from xtgen.read.load import parse_side_json, parse_side_toml, read_side_text

    text = read_side_text(path, "preset file")
    reader = parse_side_toml if path.suffix.lower() == ".toml" else parse_side_json
    return parse_preset(reader(text, str(path), "preset file"), str(path))


def read_builtin_presets() -> dict[str, Preset]:
    """The presets shipped in xtgen/presets_data, by name, in file name order."""
    from importlib import resources

    from xtgen.read.load import parse_side_toml

    folder = resources.files(__package__ or "xtgen") / "data"
    result: dict[str, Preset] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            source = f"xtgen/target/presets/data/{entry.name}"
            preset = parse_preset(parse_side_toml(entry.read_text(encoding="utf-8"), source, "built-in preset"), source)
            result[preset.name] = preset
    return result
