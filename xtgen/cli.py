"""The command line: options -> library call -> report -> exit code. Nothing else lives here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .model import Options, PresetOptions, Result, Severity, XtgenError
from .report import InputReport, format_lines, report_text

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Convert OpenAPI 3 descriptions into Swagger 2.0 Xtensions for Nintex Automation Cloud.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xtgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """xtgen: OpenAPI 3 -> Swagger 2.0 Xtensions, with OAuth 2.0 set up for Nintex."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"xtgen: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _choice(value: str, allowed: tuple[str, ...], flag: str) -> str:
    if value not in allowed:
        raise _fail(f"{flag} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _server_vars(pairs: list[str]) -> tuple[tuple[str, str], ...]:
    result = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise _fail(f"--server-var wants NAME=VALUE (got {pair!r})")
        result.append((name, value))
    return tuple(result)


def _print_diagnostics(name: str, result: Result) -> None:
    for line in format_lines(name, result.diagnostics):
        typer.echo(line, err=True)


def _accepted(result: Result, strict: bool) -> bool:
    return result.ok and not (strict and result.count(Severity.WARNING))


def _write_report(path: Path | None, entries: list[InputReport]) -> None:
    if path is not None:
        from .write import write_atomic

        write_atomic(path, report_text(entries))


# Security preset options, shared by `convert --preset` and `preset` (see xtgen/presets.py).
PresetFlow = Annotated[str | None, typer.Option("--flow", help="Preset: accessCode (default) or application.")]
PresetTenant = Annotated[str | None, typer.Option(
    "--tenant", help="Preset (Azure): directory id, verified domain, or common (default).")]
PresetResource = Annotated[str | None, typer.Option(
    "--resource", help="Preset (Azure AD v1: required; v2: scope prefix): the API's App ID URI.")]
PresetSharePointHost = Annotated[str | None, typer.Option(
    "--sharepoint-host", help="Preset sharepoint-online: e.g. contoso.sharepoint.com.")]
PresetSalesforceDomain = Annotated[str | None, typer.Option(
    "--salesforce-domain", help="Preset salesforce: My Domain, e.g. acme (acme.my.salesforce.com).")]
PresetSandbox = Annotated[bool, typer.Option("--sandbox", help="Preset salesforce: sign in at test.salesforce.com.")]
PresetScope = Annotated[list[str] | None, typer.Option(
    "--scope", metavar="SCOPE", help="Preset: a scope to request (repeatable).")]
PresetAuthorizationUrl = Annotated[str | None, typer.Option(
    "--authorization-url", help="Preset generic-oauth2: the authorization endpoint.")]
PresetTokenUrl = Annotated[str | None, typer.Option("--token-url", help="Preset generic-oauth2: the token endpoint.")]
PresetOfflineAccess = Annotated[bool, typer.Option(
    "--offline-access/--no-offline-access", help="Preset: add the scope that yields a refresh token (default on).")]
PresetFile = Annotated[Path | None, typer.Option(
    "--preset-file", help="A preset of your own (.toml or .json, the built-in presets' format).")]


def _preset_options(flow: str | None, tenant: str | None, resource: str | None, sharepoint_host: str | None,
                    salesforce_domain: str | None, sandbox: bool, scope: list[str] | None,
                    authorization_url: str | None, token_url: str | None, offline_access: bool,
                    preset_file: Path | None, definition_name: str | None = None) -> PresetOptions:
    if flow is not None:
        _choice(flow, ("accessCode", "application"), "--flow")
    return PresetOptions(flow=flow, tenant=tenant, resource=resource, sharepoint_host=sharepoint_host,
                         salesforce_domain=salesforce_domain, sandbox=sandbox, scopes=tuple(scope or ()),
                         authorization_url=authorization_url, token_url=token_url, offline_access=offline_access,
                         definition_name=definition_name, preset_file=preset_file)


@app.command()
def convert(
    input: Annotated[str, typer.Argument(help="OpenAPI 3.0/3.1 file (.json, .yaml, .yml), or - for stdin.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json (what Nintex uploads) or yaml.")] = "json",
    target: Annotated[str, typer.Option(help="nintex (default) or swagger2 (generic 2.0).")] = "nintex",
    security: Annotated[str | None, typer.Option(
        help="nintex target: the security definition to keep, NAME or NAME:flow.")] = None,
    oidc_discovery: Annotated[Path | None, typer.Option(
        help="A saved .well-known/openid-configuration JSON, to turn openIdConnect into oauth2.")] = None,
    server: Annotated[int | None, typer.Option(help="Index of the server to use (default 0).")] = None,
    server_url: Annotated[str | None, typer.Option(help="Use this server URL instead of the spec's.")] = None,
    server_var: Annotated[list[str] | None, typer.Option(
        help="NAME=VALUE for a server URL variable (repeatable).")] = None,
    ref_root: Annotated[Path | None, typer.Option(
        help="Folder external $refs may be read from (default: the input's folder).")] = None,
    validate: Annotated[bool, typer.Option("--validate/--no-validate",
                                           help="Validate input and output (default on).")] = True,
    strict: Annotated[bool, typer.Option(help="Treat warnings as failures (exit 1, nothing written).")] = False,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report of every diagnostic here.")] = None,
    preset: Annotated[str | None, typer.Option(
        help="Replace the security with this preset's definition (see `xtgen preset list`).")] = None,
    flow: PresetFlow = None,
    tenant: PresetTenant = None,
    resource: PresetResource = None,
    sharepoint_host: PresetSharePointHost = None,
    salesforce_domain: PresetSalesforceDomain = None,
    sandbox: PresetSandbox = False,
    scope: PresetScope = None,
    authorization_url: PresetAuthorizationUrl = None,
    token_url: PresetTokenUrl = None,
    offline_access: PresetOfflineAccess = True,
    preset_file: PresetFile = None,
    docs: Annotated[Path | None, typer.Option(
        "--docs", help="Also render the docs (README.md, index.html) into this folder.")] = None,
) -> None:
    """Convert an OpenAPI 3.0/3.1 document into Swagger 2.0."""
    from .pipeline import convert_file, load_options_file
    from .write import FORMATS, serialize, write_atomic

    _choice(fmt, FORMATS, "--format")
    _choice(target, ("nintex", "swagger2"), "--target")
    try:
        options = Options(
            target=target,
            security=security,
            oidc_discovery=load_options_file(oidc_discovery, "OIDC discovery document")
            if oidc_discovery else None,
            server_index=server,
            server_url=server_url,
            server_vars=_server_vars(server_var or []),
            validate=validate,
            ref_root=ref_root.resolve() if ref_root else None,
            preset=preset,
            preset_options=_preset_options(flow, tenant, resource, sharepoint_host, salesforce_domain, sandbox,
                                           scope, authorization_url, token_url, offline_access, preset_file),
        )
        result = convert_file(input, options)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    name = "<stdin>" if input == "-" else input
    _print_diagnostics(name, result)
    accepted = _accepted(result, strict)
    try:
        docs_files = _render_docs_for(result) if accepted and docs is not None else None
        if accepted and result.document is not None:
            text = serialize(result.document, fmt)
            if output is None:
                sys.stdout.write(text)
                sys.stdout.flush()
            else:
                write_atomic(output, text, protect=(Path(input),) if input != "-" else ())
        if docs_files is not None and docs is not None:
            from .docs import write_docs

            write_docs(docs_files, docs, protect=tuple(p for p in (Path(input), output) if p and str(p) != "-"))
        _write_report(report, [InputReport(name, str(output) if output and accepted else None, accepted,
                                           result.diagnostics)])
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_OK if accepted else EXIT_FAILED)


@app.command("preset")
def preset_command(
    name: Annotated[str, typer.Argument(help="A preset (see `xtgen preset list`), or list.")],
    into: Annotated[Path | None, typer.Option(
        "--into", help="Apply the preset to this Swagger 2.0 spec (JSON or YAML) instead of printing it.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json (default) or yaml.")] = "json",
    definition_name: Annotated[str | None, typer.Option(
        "--name", help="The definition's name (default: the preset's).")] = None,
    flow: PresetFlow = None,
    tenant: PresetTenant = None,
    resource: PresetResource = None,
    sharepoint_host: PresetSharePointHost = None,
    salesforce_domain: PresetSalesforceDomain = None,
    sandbox: PresetSandbox = False,
    scope: PresetScope = None,
    authorization_url: PresetAuthorizationUrl = None,
    token_url: PresetTokenUrl = None,
    offline_access: PresetOfflineAccess = True,
    preset_file: PresetFile = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as failures (exit 1, nothing written).")] = False,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report of every diagnostic here.")] = None,
) -> None:
    """Print a Nintex security preset's securityDefinitions, or apply it to a Swagger 2.0 spec (--into)."""
    from .pipeline import apply_preset_file
    from .presets import available_presets, preset_table, resolve_preset
    from .write import FORMATS, serialize, write_atomic

    _choice(fmt, FORMATS, "--format")
    try:
        if name == "list":
            for line in preset_table(available_presets(preset_file).values()):
                typer.echo(line)
            raise typer.Exit(EXIT_OK)
        options = Options(preset=name, preset_options=_preset_options(
            flow, tenant, resource, sharepoint_host, salesforce_domain, sandbox, scope, authorization_url,
            token_url, offline_access, preset_file, definition_name))
        if into is None:
            built = resolve_preset(options)
            assert built is not None  # a preset name was given
            result = Result(built.security_definitions(), built.diagnostics)
        else:
            result = apply_preset_file(into, options)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    shown = name if into is None else "<stdin>" if str(into) == "-" else str(into)
    _print_diagnostics(shown, result)
    accepted = _accepted(result, strict)
    try:
        if accepted and result.document is not None:
            text = serialize(result.document, fmt)
            if output is None:
                sys.stdout.write(text)
                sys.stdout.flush()
            else:
                write_atomic(output, text, protect=(into,) if into is not None and str(into) != "-" else ())
        _write_report(report, [InputReport(shown, str(output) if output and accepted else None, accepted,
                                           result.diagnostics)])
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_OK if accepted else EXIT_FAILED)


def _render_docs_for(result: Result) -> dict[str, str]:
    """convert --docs: the docs of the converted document, rendered before anything is written."""
    from .docs import build_context, render_docs

    assert result.document is not None
    return render_docs(build_context(result.document, result.diagnostics, source_format="openapi3",
                                     source_version="3"))


@app.command()
def docs(
    spec: Annotated[str, typer.Argument(help="OpenAPI 3.0/3.1 (converted in memory first) or Swagger 2.0 file, "
                                             "or - for stdin.")],
    out_dir: Annotated[Path | None, typer.Option(
        "--out-dir", help="Folder to write into (created if missing; default: SPEC's name + '-docs').")] = None,
    fmt: Annotated[str, typer.Option("--format", help="md (README.md), html (index.html) or all.")] = "all",
    region: Annotated[str, typer.Option(help="Nintex region for the OAuth redirect URL: us, eu, au, ca, uk.")] = "us",
    templates: Annotated[Path | None, typer.Option(
        help="Folder of templates overriding the built-in ones by relative name.")] = None,
    preset: Annotated[str | None, typer.Option(
        help="Nintex security preset to recommend (see `xtgen preset list`; default: recognised from the OAuth "
             "endpoints, else Generic OAuth 2).")] = None,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report of every diagnostic here.")] = None,
) -> None:
    """Render the docs of an Xtension: connecting, actions, conversion report (Markdown and HTML)."""
    from .docs import REGIONS, build_context, formats_for, load_docs_source, render_docs, write_docs

    _choice(fmt, ("md", "html", "all"), "--format")
    _choice(region, REGIONS, "--region")
    name = "<stdin>" if spec == "-" else spec
    try:
        source = load_docs_source(spec)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    _print_diagnostics(name, Result(source.document, source.diagnostics))
    target = out_dir or Path(("xtension" if spec == "-" else Path(spec).stem) + "-docs")
    try:
        written = []
        if source.ok and source.document is not None:
            context = build_context(source.document, source.diagnostics, source_format=source.source_format,
                                    source_version=source.source_version, region=region, preset=preset)
            files = render_docs(context, formats_for(fmt), templates)
            written = write_docs(files, target, protect=(Path(spec),) if spec != "-" else ())
            typer.echo(f"xtgen: wrote {', '.join(str(p) for p in written)}", err=True)
        _write_report(report, [InputReport(name, str(target) if written else None, source.ok, source.diagnostics)])
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_OK if source.ok else EXIT_FAILED)


def main() -> None:
    app(prog_name="xtgen")
