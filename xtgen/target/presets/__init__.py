"""Security presets (stage 3b) and the offline-access check: library functions, no printing.

A preset (data in xtgen/target/presets/data/, format in xtgen/target/presets/format.py) plus the user's options
(`PresetOptions`) build one Swagger 2.0 security definition (`build_definition`); `apply_preset` puts it
into a Swagger 2.0 document in place of its security definitions; `check_offline_access` warns when a
converted spec's OAuth 2.0 definition cannot give Nintex a refresh token; `recognise_provider` names the
preset (or 'google') a definition's URLs belong to (those two live in offline.py beside this file).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, urlsplit

from xtgen import pointer as jp
from xtgen.formats import operations, order_root, with_security
from xtgen.model import Diagnostic, Document, Options, PresetOptions, Severity, XtgenError
from xtgen.options import given_flag
from xtgen.target.presets.offline import (
    check_offline_access,
    has_query,
    offline_rules,
    recognise_provider,
    with_query,
)

if TYPE_CHECKING:
    from xtgen.target.presets.format import Preset

# The preset format (xtgen/target/presets/format.py: seven dataclasses and the TOML reader) is imported where a
# preset is read or built: a conversion without --preset only asks resolve_preset, which needs none of it.

__all__ = [
    "BuiltPreset",
    "Preset",
    "apply_preset",
    "available_presets",
    "build_definition",
    "builtin_presets",
    "check_offline_access",
    "load_preset",
    "preset_table",
    "recognise_provider",
    "resolve_preset",
]

# what a missing option is, for the one-line usage error that names it
OPTION_HINTS = {
    "tenant": "your directory id or verified domain",
    "resource": "the App ID URI of the API, e.g. https://graph.microsoft.com",
    "sharepoint_host": "your SharePoint Online host, e.g. contoso.sharepoint.com",
    "salesforce_domain": "your My Domain, e.g. acme (for acme.my.salesforce.com)",
    "authorization_url": "the provider's authorization endpoint, an https:// URL",
    "token_url": "the provider's token endpoint, an https:// URL",
}


def __getattr__(name: str) -> Any:
    """`Preset`, a public name of this package, from its home on first use (PEP 562)."""
    if name == "Preset":
        from xtgen.target.presets.format import Preset

        return Preset
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def builtin_presets() -> dict[str, Preset]:
    """The presets shipped with xtgen, by name."""
    from xtgen.target.presets.format import read_builtin_presets

    return read_builtin_presets()


def available_presets(preset_file: Path | None = None) -> dict[str, Preset]:
    """The built-in presets plus the user's preset file (which wins over a built-in of the same name)."""
    from xtgen.target.presets.format import read_preset_file

    presets = builtin_presets()
    if preset_file is not None:
        user = read_preset_file(preset_file)
        presets[user.name] = user
    return presets


def load_preset(name: str, preset_file: Path | None = None) -> Preset:
    """The preset called `name`, from the built-ins or `preset_file`; XtgenError naming the known ones."""
    presets = available_presets(preset_file)
    if name not in presets:
        import difflib

        close = difflib.get_close_matches(name, list(presets), n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}? " if close else ""
        raise XtgenError(f"unknown preset {name!r}; {hint}known presets: {', '.join(presets)}")
    return presets[name]


def preset_table(presets: Iterable[Preset]) -> list[str]:
    """`xtgen preset list`: name, provider and one line each, as aligned columns."""
    rows = [("NAME", "PROVIDER", "SUMMARY"), *((p.name, p.provider, p.summary) for p in presets)]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    return [f"{a.ljust(widths[0])}  {b.ljust(widths[1])}  {c}" for a, b, c in rows]


# ---- building a definition -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltPreset:
    """One preset made concrete by the options: the definition, its scopes, what to type at import."""

    preset: Preset
    name: str  # the definition's name in securityDefinitions
    flow: str
    definition: Mapping[str, Any]
    scopes: tuple[str, ...]
    offline_scope: str | None  # the scope every requirement carries so that Nintex gets a refresh token
    import_fields: tuple[tuple[str, str], ...]
    values: Mapping[str, str] = field(default_factory=dict)
    scope_prefix: str | None = None  # what bare scopes are qualified with (Azure AD v2: the resource)
    diagnostics: tuple[Diagnostic, ...] = ()

    def security_definitions(self) -> dict[str, Any]:
        """The `securityDefinitions` object `xtgen preset NAME` prints: one entry."""
        return {self.name: copy.deepcopy(dict(self.definition))}


def resolve_preset(options: Options) -> BuiltPreset | None:
    """The preset `options` ask for, built; None without one. XtgenError for unusable preset options."""
    if options.preset is None:
        given = _given_flags(options.preset_options)
        if given:
            raise XtgenError(f"{', '.join(given)} only work with a preset: add --preset NAME (see `xtgen preset list`)")
        return None
    preset = load_preset(options.preset, options.preset_options.preset_file)
    return build_definition(preset, options.preset_options)


def _given_flags(options: PresetOptions) -> list[str]:
    defaults = PresetOptions()
    return [
        given_flag("PresetOptions", f.name)
        for f in fields(options)
        if getattr(options, f.name) != getattr(defaults, f.name)
    ]


def _given(options: PresetOptions, key: str) -> bool:
    if key == "sandbox":
        return options.sandbox
    if key == "scope":
        return bool(options.scopes)
    return getattr(options, key) is not None


def build_definition(preset: Preset, options: PresetOptions) -> BuiltPreset:
    """The security definition `preset` gives with `options`. A missing or misplaced option raises
    XtgenError naming its CLI flag (the CLI exits 2)."""
    flow = str(options.flow or preset.flows[0])  # a plain string: it is written into the document
    if flow not in preset.flows:
        raise XtgenError(f"--flow {flow}: the {preset.name} preset offers {', '.join(preset.flows)}")
    _check_option_use(preset, options, flow)
    values = _values(preset, options, flow)
    notes: list[Diagnostic] = []
    name = options.definition_name or preset.name
    ptr = jp.join("/securityDefinitions", name)
    spec = preset.flow_spec(flow)
    scopes = _scopes(preset, options, flow, values, notes, ptr)
    definition: dict[str, Any] = {
        "type": "oauth2",
        "description": f"{preset.provider}: at import, choose the Nintex security preset '{preset.nintex_preset}'",
        "flow": flow,
    }
    if flow == "accessCode" and preset.authorization_url:
        definition["authorizationUrl"] = fill(preset.authorization_url, values, preset)
    definition["tokenUrl"] = fill(preset.token_url, values, preset)
    offline_scope = next((s for s in (spec.offline_scope, *spec.offline_aliases) if s in scopes), None)
    if preset.recognise_offline and flow == "accessCode":
        offline_scope = _recognised_offline(definition, scopes, options.offline_access, notes, ptr)
    elif spec.offline_scope and not offline_scope:
        notes.append(_no_offline(spec.offline_scope, preset.provider, ptr))
    definition["scopes"] = {s: _describe_scope(preset, s, values) for s in scopes}
    definition.update((key, fill(template, values, preset)) for key, template in preset.extensions)
    values = {**values, "scopes": " ".join(scopes) or "(none)"}
    import_fields = tuple((label, fill(template, values, preset)) for label, template in preset.import_fields)
    shown = "; ".join(f"{label}: {value}" for label, value in import_fields)
    notes.insert(
        0,
        Diagnostic(
            "XT801",
            Severity.INFO,
            f"at import in Nintex, choose the security preset "
            f"'{preset.nintex_preset}'" + (f" and enter {shown}" if shown else ""),
            ptr,
        ),
    )
    notes += [Diagnostic("XT810", Severity.WARNING, fill(w, values, preset), ptr) for w in spec.warnings]
    prefix = fill(preset.qualify_scopes, values, preset).rstrip("/") if preset.qualify_scopes else None
    return BuiltPreset(
        preset, name, flow, definition, tuple(scopes), offline_scope, import_fields, values, prefix, tuple(notes)
    )


def _check_option_use(preset: Preset, options: PresetOptions, flow: str) -> None:
    """Options the preset does not read, options given together that exclude each other, missing ones."""
    from xtgen.target.presets.format import OPTION_FLAGS

    reasons = dict(preset.rejects)
    for key, flag in OPTION_FLAGS.items():
        if not _given(options, key):
            continue
        option = preset.option(key)
        if option is None:
            reads = [OPTION_FLAGS[o.key] for o in preset.options]
            why = reasons.get(key) or (f"it reads {', '.join(reads)}" if reads else "it reads no such options")
            raise XtgenError(f"{flag} does not apply to the {preset.name} preset: {why}")
        if flow not in option.flows:
            raise XtgenError(
                f"{flag} does not apply to --flow {flow} of the {preset.name} preset "
                f"(only to {', '.join(option.flows)})"
            )
    for rule in preset.exclusive:
        if all(_given(options, k) for k in rule.options):
            raise XtgenError(f"{' and '.join(OPTION_FLAGS[k] for k in rule.options)} exclude each other: {rule.reason}")
    for option in preset.options:
        if flow in option.required_for and option.default is None and not _given(options, option.key):
            hint = OPTION_HINTS.get(option.key, "")
            when = "" if set(preset.flows) <= set(option.required_for) else f" for --flow {flow}"
            raise XtgenError(
                f"missing {OPTION_FLAGS[option.key]}: the {preset.name} preset needs it{when}"
                + (f" ({hint})" if hint else "")
            )


def _values(preset: Preset, options: PresetOptions, flow: str) -> dict[str, str]:
    """Option values (normalised, or the preset's defaults) and the derived values, for the templates."""
    from xtgen.target.presets.format import OPTION_FLAGS

    values: dict[str, str] = {}
    for option in preset.options:
        if option.key in ("sandbox", "scope"):
            continue
        raw = getattr(options, option.key)
        if raw is not None:
            values[option.key] = _normalise(option.key, raw)
        elif option.default is not None:
            values[option.key] = option.default
    for rule in preset.flow_spec(flow).reject_values:
        value = values.get(rule.option)
        if value is not None and value.lower() in (v.lower() for v in rule.values):
            default = "" if _given(options, rule.option) else " (the default)"
            raise XtgenError(f"--flow {flow} cannot use {OPTION_FLAGS[rule.option]} {value}{default}: {rule.reason}")
    for derived in preset.values:
        template = next((t for key, t in derived.cases if _given(options, key)), derived.default)
        if template is not None:
            values[derived.key] = fill(template, values, preset)
    return values


def _normalise(key: str, raw: str) -> str:
    """One option's value, checked and tidied (hosts without scheme or slash, URLs https)."""
    from xtgen.target.presets.format import OPTION_FLAGS

    flag = OPTION_FLAGS[key]
    value = raw.strip()
    if not value or any(c.isspace() for c in value):
        raise XtgenError(f"{flag} wants one value without spaces (got {raw!r})")
    if key in ("authorization_url", "token_url"):
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.netloc:
            raise XtgenError(f"{flag} must be an https:// URL (got {raw!r})")
        return value
    if key in ("sharepoint_host", "salesforce_domain"):
        host = urlsplit(value if "://" in value else f"https://{value}").hostname or ""
        if not host:
            raise XtgenError(f"{flag} wants a host name (got {raw!r})")
        if "." not in host:
            host += ".sharepoint.com" if key == "sharepoint_host" else ".my.salesforce.com"
        return host
    if key == "tenant" and "/" in value:
        raise XtgenError(f"{flag} wants a directory id, a verified domain or common (got {raw!r})")
    return value.rstrip("/") if key == "resource" else value


def fill(template: str, values: Mapping[str, str], preset: Preset | None = None) -> str:
    """Fill `{name}` placeholders; `{name|query}` percent-encodes for a URL query (keeping ':' and '/')."""
    from xtgen.target.presets.format import OPTION_FLAGS, PLACEHOLDER

    def one(match: Any) -> str:
        key = match.group(1)
        if key not in values:
            who = f"the {preset.name} preset" if preset else "the template"
            if key in OPTION_FLAGS:
                raise XtgenError(f"missing {OPTION_FLAGS[key]}: {who} needs it")
            raise XtgenError(f"{who} has no value for {{{key}}}")
        return quote(values[key], safe=":/") if match.group(2) else values[key]

    return PLACEHOLDER.sub(one, template)


def definition_values(definition: Mapping[str, Any]) -> dict[str, str]:
    """Placeholder values read back from a security definition already in a spec (for the docs)."""
    values: dict[str, str] = {}
    urls = [str(definition.get(k, "")) for k in ("authorizationUrl", "tokenUrl")]
    for url in urls:
        parts = urlsplit(url)
        if parts.hostname:
            values.setdefault("login_host", parts.hostname)
        segments = [s for s in parts.path.split("/") if s]
        if parts.hostname and parts.hostname.startswith("login.") and len(segments) > 1 and segments[1] == "oauth2":
            values.setdefault("tenant", segments[0])
        resource = parse_qs(parts.query).get("resource")
        if resource:
            values.setdefault("resource", resource[0])
    if isinstance(definition.get("x-resource"), str):
        values["resource"] = definition["x-resource"]
    scopes = definition.get("scopes")
    if isinstance(scopes, dict) and scopes:
        values["scopes"] = " ".join(str(s) for s in scopes)
    return values


def import_fields_for(
    import_fields: Iterable[tuple[str, str]], definition: Mapping[str, Any]
) -> tuple[tuple[str, str], ...]:
    """What to type into the Nintex import preset for a definition already in a spec; a value the
    definition does not tell is shown as a hint instead."""
    from xtgen.target.presets.format import PLACEHOLDER

    values = definition_values(definition)

    def one(match: Any) -> str:
        return values.get(match.group(1), f"the {match.group(1).replace('_', ' ')} your provider gave you")

    return tuple((label, PLACEHOLDER.sub(one, template)) for label, template in import_fields)


def _scopes(
    preset: Preset, options: PresetOptions, flow: str, values: Mapping[str, str], notes: list[Diagnostic], ptr: str
) -> list[str]:
    """The flow's scopes: --scope values (bare ones resource-qualified) or the defaults, plus offline."""
    spec = preset.flow_spec(flow)
    given = [s.strip() for s in options.scopes]
    for scope in given:
        if not scope or any(c.isspace() for c in scope):
            raise XtgenError(f"--scope takes one scope per flag (got {scope!r})")
    scopes = given or [fill(t, values, preset) for t in spec.scopes]
    if preset.qualify_scopes:
        prefix = fill(preset.qualify_scopes, values, preset).rstrip("/")
        qualified = [s if s in preset.bare_scopes or "/" in s or ":" in s else f"{prefix}/{s}" for s in scopes]
        changed = [f"{a!r} -> {b!r}" for a, b in zip(scopes, qualified, strict=True) if a != b]
        if changed:
            notes.append(
                Diagnostic(
                    "XT812",
                    Severity.INFO,
                    f"scopes qualified with their resource, as {preset.provider} expects: {', '.join(changed)}",
                    jp.join(ptr, "scopes"),
                )
            )
        scopes = qualified
    if spec.scope_suffix:
        for scope in scopes:
            if not scope.endswith(spec.scope_suffix):
                raise XtgenError(
                    f"--scope {scope}: --flow {flow} of the {preset.name} preset takes only scopes "
                    f"ending in {spec.scope_suffix} (e.g. "
                    f"{fill(spec.scopes[0], values, preset) if spec.scopes else spec.scope_suffix})"
                )
    if (
        spec.offline_scope
        and options.offline_access
        and not any(s in scopes for s in (spec.offline_scope, *spec.offline_aliases))
    ):
        scopes.append(spec.offline_scope)
    return list(dict.fromkeys(scopes))


def _describe_scope(preset: Preset, scope: str, values: Mapping[str, str]) -> str:
    for template, description in preset.scope_descriptions:
        if fill(template, values, preset) == scope:
            return fill(description, values, preset)
    if preset.recognise_offline:  # generic-oauth2: the offline scopes as their own presets describe them
        described = {r.scope: r.description for r in offline_rules().values() if r.scope and r.description}
        if scope in described:
            return described[scope]
    return fill(preset.default_scope_description, {**values, "scope": scope}, preset)


def _no_offline(scope: str, provider: str, ptr: str) -> Diagnostic:
    return Diagnostic(
        "XT805",
        Severity.WARNING,
        f"--no-offline-access: without the scope {scope!r}, "
        f"{provider} gives Nintex no refresh token, so connections stop working when the "
        "first access token expires",
        jp.join(ptr, "scopes"),
    )


def _recognised_offline(
    definition: dict[str, Any], scopes: list[str], wanted: bool, notes: list[Diagnostic], ptr: str
) -> str | None:
    """generic-oauth2: give a provider recognised from the URLs its refresh-token requirement."""
    provider = recognise_provider(definition)
    rule = offline_rules().get(provider or "")
    if rule is None:
        return None
    if rule.scope is not None:
        if any(s in scopes for s in rule.scopes):
            return next(s for s in rule.scopes if s in scopes)
        if not wanted:
            notes.append(_no_offline(rule.scope, rule.provider, ptr))
            return None
        scopes.append(rule.scope)
        notes.append(
            Diagnostic(
                "XT804",
                Severity.INFO,
                f"the URLs belong to {rule.provider}: added the scope "
                f"{rule.scope!r} so that Nintex gets a refresh token (--no-offline-access leaves "
                "it out)",
                jp.join(ptr, "scopes"),
            )
        )
        return rule.scope
    if rule.query is not None and not has_query(definition.get("authorizationUrl"), rule.query):
        key, value = rule.query
        if not wanted:
            notes.append(
                Diagnostic(
                    "XT805",
                    Severity.WARNING,
                    f"--no-offline-access: without {key}={value} on "
                    f"the authorization URL, {rule.provider} gives Nintex no refresh token",
                    jp.join(ptr, "authorizationUrl"),
                )
            )
            return None
        definition["authorizationUrl"] = with_query(str(definition["authorizationUrl"]), key, value)
        notes.append(
            Diagnostic(
                "XT804",
                Severity.INFO,
                f"the URLs belong to {rule.provider}: added {key}={value} "
                "to the authorization URL so that Nintex gets a refresh token "
                "(--no-offline-access leaves it out)",
                jp.join(ptr, "authorizationUrl"),
            )
        )
    return None


# ---- applying a preset to a document ---------------------------------------------------------------------


def apply_preset(document: Document, built: BuiltPreset) -> tuple[Document, list[Diagnostic]]:
    """A copy of a Swagger 2.0 document whose security definitions are replaced by the preset's, with every
    operation that authenticates pointing at it (never mutates `document`). Returns the preset's own
    diagnostics followed by what applying it changed."""
    old = document.get("securityDefinitions")
    replaced = f" (replaced {', '.join(repr(n) for n in old)})" if isinstance(old, dict) and old else ""
    diagnostics = [
        Diagnostic(
            "XT800",
            Severity.INFO,
            f"securityDefinitions now hold only {built.name!r} from the {built.preset.name} preset{replaced}",
            "/securityDefinitions",
        ),
        *built.diagnostics,
    ]
    root_security = document.get("security")
    found = operations(document)
    anywhere = root_security is not None or any("security" in op.node for op in found)
    paths: dict[str, Any] = dict(document.get("paths") or {})
    added: list[str] = []
    replaced_scopes: dict[str, list[str]] = {}  # scope an operation asked for that the preset lacks -> operations
    for path, method, ptr, op in ((o.path, o.method, o.pointer, o.node) for o in found):
        requirements = op.get("security", root_security)
        if requirements is None:
            if anywhere:
                continue  # no requirement where others have one: a public operation stays public
            added.append(ptr)
        elif not _authenticates(requirements):
            continue
        if paths[path] is document["paths"][path]:
            paths[path] = dict(paths[path])  # copy each changed path item once; the input stays as it was
        scopes = _requirement_scopes(requirements or [], built)
        paths[path][method] = with_security(op, [{built.name: scopes}])
        for scope in _replaced_scopes(requirements or [], built, scopes):
            replaced_scopes.setdefault(scope, []).append(ptr)
    out = {k: v for k, v in document.items() if k != "security"}
    out["paths"] = paths
    out["securityDefinitions"] = built.security_definitions()
    if _authenticates(root_security):
        diagnostics.append(
            Diagnostic(
                "XT803",
                Severity.INFO,
                "the root security requirement moved onto each operation, as Nintex asks",
                "/security",
            )
        )
    if added:
        shown = ", ".join(added[:3]) + (f" and {len(added) - 3} more" if len(added) > 3 else "")
        diagnostics.append(
            Diagnostic(
                "XT802",
                Severity.INFO,
                "no operation had a security requirement, so "
                f"every operation now uses {built.name!r} ({len(added)}: {shown})",
                "/paths",
            )
        )
    if replaced_scopes:
        diagnostics.append(_scopes_replaced(replaced_scopes, built))
    diagnostics += _document_warnings(document, built)
    return order_root(out), diagnostics


def _asked_scopes(requirements: Any) -> list[str]:
    """Every scope string an operation's requirements ask for, in order (repeats kept)."""
    return [
        s
        for r in requirements
        if isinstance(r, dict)
        for scopes in r.values()
        if isinstance(scopes, list)
        for s in scopes
        if isinstance(s, str)
    ]


def _replaced_scopes(requirements: Any, built: BuiltPreset, kept: list[str]) -> list[str]:
    """The scopes an operation asked for that its preset requirement no longer holds."""
    asked = _asked_scopes(requirements)
    prefix = built.scope_prefix
    return [s for s in dict.fromkeys(asked) if s not in kept and not (prefix and f"{prefix}/{s}" in kept)]


def _scopes_replaced(replaced: dict[str, list[str]], built: BuiltPreset) -> Diagnostic:
    """XT806: which of the spec's per-operation scopes the preset's scopes replaced, and why."""
    names = list(replaced)
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    operations = len({ptr for ptrs in replaced.values() for ptr in ptrs})
    declared = ", ".join(built.scopes) if built.scopes else "no scopes (the resource names the API)"
    option = built.preset.option("scope")
    fix = (
        "pass --scope for each scope to request instead"
        if option is not None and built.flow in option.flows
        else "the token's permissions are the ones granted to the app for that resource"
    )
    return Diagnostic(
        "XT806",
        Severity.INFO,
        f"the scopes operations asked for ({shown}; {operations} operation(s)) are not scopes of the "
        f"{built.preset.name} preset, which declares {declared}: those operations now ask for the preset's "
        f"scopes, since Nintex requests one set of scopes per connection; {fix}",
        replaced[names[0]][0] + "/security",
    )


def _authenticates(requirements: Any) -> bool:
    """True when some alternative names a scheme ([] and [{}] mean no authentication)."""
    return isinstance(requirements, list) and any(isinstance(r, dict) and r for r in requirements)


def _requirement_scopes(requirements: Any, built: BuiltPreset) -> list[str]:
    """The scopes the operation asked for that the preset declares (bare ones qualified as the preset does),
    else all of the preset's; always the offline scope, so that Nintex's token comes with a refresh token."""
    asked = _asked_scopes(requirements)
    if built.scope_prefix:
        asked = [s if s in built.scopes else f"{built.scope_prefix}/{s}" for s in asked]
    asked = [s for s in asked if s in built.scopes]
    scopes = list(dict.fromkeys(asked)) or list(built.scopes)
    if built.offline_scope and built.offline_scope not in scopes:
        scopes.append(built.offline_scope)
    return scopes


def _document_warnings(document: Document, built: BuiltPreset) -> list[Diagnostic]:
    """The preset's advice for this spec (e.g. Outlook APIs under the Microsoft Graph preset)."""
    host = str(document.get("host") or "").lower().split(":")[0]
    result = []
    for warning in built.preset.document_warnings:
        if host != warning.host:
            continue
        wanted = {s.lower() for s in warning.path_segments}
        hits = [p for p in (document.get("paths") or {}) if any(seg.lower() in wanted for seg in str(p).split("/"))]
        if hits:
            shown = ", ".join(hits[:3]) + (", ..." if len(hits) > 3 else "")
            result.append(
                Diagnostic(
                    "XT811",
                    Severity.WARNING,
                    fill(warning.message, {**built.values, "paths": shown}, built.preset),
                    jp.join("/paths", hits[0]),
                )
            )
    return result
