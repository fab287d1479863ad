"""The command line: options -> library call -> report -> exit code. Nothing else lives here."""

from __future__ import annotations

import gc
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from xtgen import __version__
from xtgen.app.batch import Job, accepted
from xtgen.app.report import InputReport, format_lines, report_text
from xtgen.app.settings import RunSettings, preset_options
from xtgen.model import Options, Result, XtgenError

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
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """xtgen: OpenAPI 3 -> Swagger 2.0 Xtensions, with OAuth 2.0 set up for Nintex."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"xtgen: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _choice(value: str, allowed: tuple[str, ...], flag: str) -> str:
    if value not in allowed:
        raise _fail(f"{flag} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _print_diagnostics(name: str, result: Result) -> None:
    for line in format_lines(name, result.diagnostics):
        typer.echo(line, err=True)


def _accepted(result: Result, strict: bool) -> bool:
    return accepted(result, strict)


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:  # a full disk or a closed pipe behind stdout
        raise XtgenError(f"<stdout>: cannot write: {exc.strerror or exc}") from None


def _write_report(path: Path | None, entries: list[InputReport]) -> None:
    if path is not None:
        from xtgen.app.write import write_atomic

        write_atomic(path, report_text(entries))


# Security preset options, shared by `convert --preset` and `preset` (see xtgen/presets.py).
PresetFlow = Annotated[str | None, typer.Option("--flow", help="Preset: accessCode (default) or application.")]
PresetTenant = Annotated[
    str | None, typer.Option("--tenant", help="Preset (Azure): directory id, verified domain, or common (default).")
]
PresetResource = Annotated[
    str | None,
    typer.Option("--resource", help="Preset (Azure AD v1: required; v2: scope prefix): the API's App ID URI."),
]
PresetSharePointHost = Annotated[
    str | None, typer.Option("--sharepoint-host", help="Preset sharepoint-online: e.g. contoso.sharepoint.com.")
]
PresetSalesforceDomain = Annotated[
    str | None,
    typer.Option("--salesforce-domain", help="Preset salesforce: My Domain, e.g. acme (acme.my.salesforce.com)."),
]
PresetSandbox = Annotated[bool, typer.Option("--sandbox", help="Preset salesforce: sign in at test.salesforce.com.")]
PresetScope = Annotated[
    list[str] | None, typer.Option("--scope", metavar="SCOPE", help="Preset: a scope to request (repeatable).")
]
PresetAuthorizationUrl = Annotated[
    str | None, typer.Option("--authorization-url", help="Preset generic-oauth2: the authorization endpoint.")
]
PresetTokenUrl = Annotated[str | None, typer.Option("--token-url", help="Preset generic-oauth2: the token endpoint.")]
PresetOfflineAccess = Annotated[
    bool,
    typer.Option(
        "--offline-access/--no-offline-access", help="Preset: add the scope that yields a refresh token (default on)."
    ),
]
PresetFile = Annotated[
    Path | None,
    typer.Option("--preset-file", help="A preset of your own (.toml or .json, the built-in presets' format)."),
]


@app.command()
def convert(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="OpenAPI 3.0/3.1 or Swagger 2.0 files (.json, .yaml, .yml), or - for stdin.", metavar="INPUT..."
        ),
    ],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", help="Write each input to DIR/<stem>.json (needed for several inputs).")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", min=1, help="Parallel processes for several inputs (default: the number of CPUs)."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 listing each output that is missing or would change.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress or summary lines.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="json (what Nintex uploads) or yaml.")] = "json",
    target: Annotated[str, typer.Option(help="nintex (default) or swagger2 (generic 2.0).")] = "nintex",
    security: Annotated[
        str | None, typer.Option(help="nintex target: the security definition to keep, NAME or NAME:flow.")
    ] = None,
    oidc_discovery: Annotated[
        Path | None,
        typer.Option(help="A saved .well-known/openid-configuration JSON, to turn openIdConnect into oauth2."),
    ] = None,
    server: Annotated[int | None, typer.Option(help="Index of the server to use (default 0).")] = None,
    server_url: Annotated[str | None, typer.Option(help="Use this server URL instead of the spec's.")] = None,
    server_var: Annotated[
        list[str] | None, typer.Option(help="NAME=VALUE for a server URL variable (repeatable).")
    ] = None,
    ref_root: Annotated[
        Path | None, typer.Option(help="Folder external $refs may be read from (default: the input's folder).")
    ] = None,
    validate: Annotated[
        bool, typer.Option("--validate/--no-validate", help="Validate input and output (default on).")
    ] = True,
    strict: Annotated[bool, typer.Option(help="Treat warnings as failures (exit 1, nothing written).")] = False,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report of every diagnostic here.")] = None,
    preset: Annotated[
        str | None, typer.Option(help="Replace the security with this preset's definition (see `xtgen preset list`).")
    ] = None,
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
    docs: Annotated[
        Path | None,
        typer.Option(
            "--docs",
            help="Also render the docs (README.md, index.html) into this folder (with several inputs: "
            "into DIR/<stem>/).",
        ),
    ] = None,
    render_version: Annotated[
        int | None,
        typer.Option(help="2 sets x-ntx-render-version: 2 (arrays and objects as parameters, no files); 1 removes it."),
    ] = None,
    from_power_automate: Annotated[
        bool,
        typer.Option(
            help="Translate Power Automate x-ms-* extensions to x-ntx-* (default in the nintex target when present)."
        ),
    ] = False,
) -> None:
    """Convert OpenAPI 3.0/3.1 documents into Swagger 2.0 (a Swagger 2.0 input is made ready as it is)."""
    from xtgen.app.batch import default_workers
    from xtgen.app.run import convert_jobs
    from xtgen.app.settings import run_settings

    settings = {
        "format": fmt,
        "target": target,
        "security": security,
        "oidc-discovery": oidc_discovery,
        "server": server,
        "server-url": server_url,
        "server-var": server_var,
        "ref-root": ref_root,
        "validate": validate,
        "strict": strict,
        "preset": preset,
        "flow": flow,
        "tenant": tenant,
        "resource": resource,
        "sharepoint-host": sharepoint_host,
        "salesforce-domain": salesforce_domain,
        "sandbox": sandbox,
        "scope": scope,
        "authorization-url": authorization_url,
        "token-url": token_url,
        "offline-access": offline_access,
        "preset-file": preset_file,
        "docs": docs,
        "render-version": render_version,
        "from-power-automate": from_power_automate,
    }
    try:
        run = run_settings(settings, Path.cwd())
        if len(inputs) == 1 and out_dir is None and not check:
            _convert_one(inputs[0], output, run, report)
        batch = convert_jobs(inputs, output, out_dir, run)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    _run_batch(batch, jobs or default_workers(), check, quiet, report)


@app.command()
def build(
    config: Annotated[
        Path | None,
        typer.Option("--config", help="xtgen.toml or pyproject.toml (default: found from this folder upwards)."),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", min=1, help="Parallel processes (default: the number of CPUs).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 listing each output that is missing or would change.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress or summary lines.")] = False,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report of every diagnostic here.")] = None,
) -> None:
    """Convert every spec a config file lists (xtgen.toml, or [tool.xtgen] in pyproject.toml)."""
    from xtgen.app.batch import default_workers
    from xtgen.app.run import build_jobs

    try:
        batch = build_jobs(config, Path.cwd())
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    _run_batch(batch, jobs or default_workers(), check, quiet, report)


def _convert_one(input: str, output: Path | None, run: RunSettings, report: Path | None) -> None:
    """One input to -o or stdout, diagnostics on stderr; ends the command with its exit code."""
    from xtgen.app.batch import convert_job
    from xtgen.app.run import single_entry, write_single

    outcome = convert_job(Job(input, output, run.options, run.fmt, run.strict, run.docs))
    name = "<stdin>" if input == "-" else input
    if outcome.result is None:
        raise _fail(outcome.fatal or "failed")
    _print_diagnostics(name, outcome.result)
    try:
        text = write_single(outcome, (Path(input),) if input != "-" else ())
        if text is not None:
            _write_stdout(text)
        _write_report(report, [single_entry(name, outcome, outcome.result.diagnostics)])
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_OK if outcome.accepted else EXIT_FAILED)


def _run_batch(batch: list[Job], workers: int, check: bool, quiet: bool, report: Path | None) -> None:
    """Convert every job (failures do not stop the others), then check or write; exit 1 if any failed."""
    from xtgen.app.batch import run_jobs, write_outcomes
    from xtgen.app.console import BatchConsole
    from xtgen.app.run import end_batch

    protect = tuple(Path(job.input) for job in batch)
    with BatchConsole(len(batch), quiet) as console:
        outcomes = run_jobs(batch, workers, console.advance)
    if not check:
        outcomes = write_outcomes(outcomes, protect)
    for outcome in outcomes:
        if outcome.result is not None:
            _print_diagnostics(outcome.job.input, outcome.result)
        if outcome.fatal:
            typer.echo(f"xtgen: {outcome.fatal}", err=True)
    end = end_batch(outcomes, check)
    for path, why in end.stale:
        typer.echo(f"xtgen: {why}: {path}", err=True)
    console.summary(outcomes, len(end.stale) if check else None)
    try:
        _write_report(report, list(end.entries))
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_FAILED if end.failed else EXIT_OK)


@app.command("preset")
def preset_command(
    name: Annotated[str, typer.Argument(help="A preset (see `xtgen preset list`), or list.")],
    into: Annotated[
        Path | None,
        typer.Option("--into", help="Apply the preset to this Swagger 2.0 spec (JSON or YAML) instead of printing it."),
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json (default) or yaml.")] = "json",
    definition_name: Annotated[
        str | None, typer.Option("--name", help="The definition's name (default: the preset's).")
    ] = None,
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
    from xtgen.app.run import preset_result
    from xtgen.app.write import FORMATS, serialize, write_atomic
    from xtgen.target.presets import available_presets, preset_table

    _choice(fmt, FORMATS, "--format")
    try:
        if name == "list":
            for line in preset_table(available_presets(preset_file).values()):
                typer.echo(line)
            raise typer.Exit(EXIT_OK)
        settings = {
            "flow": flow,
            "tenant": tenant,
            "resource": resource,
            "sharepoint-host": sharepoint_host,
            "salesforce-domain": salesforce_domain,
            "sandbox": sandbox,
            "scope": scope,
            "authorization-url": authorization_url,
            "token-url": token_url,
            "offline-access": offline_access,
            "preset-file": preset_file,
        }
        options = Options(
            preset=name, preset_options=replace(preset_options(settings, Path.cwd()), definition_name=definition_name)
        )
        result = preset_result(options, into)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    shown = name if into is None else "<stdin>" if str(into) == "-" else str(into)
    _print_diagnostics(shown, result)
    accepted = _accepted(result, strict)
    try:
        if accepted and result.document is not None:
            text = serialize(result.document, fmt)
            if output is None:
                _write_stdout(text)
            else:
                write_atomic(output, text, protect=(into,) if into is not None and str(into) != "-" else ())
        _write_report(
            report, [InputReport(shown, str(output) if output and accepted else None, accepted, result.diagnostics)]
        )
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_OK if accepted else EXIT_FAILED)


@app.command()
def docs(
    spec: Annotated[
        str, typer.Argument(help="OpenAPI 3.0/3.1 (converted in memory first) or Swagger 2.0 file, or - for stdin.")
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", help="Folder to write into (created if missing; default: SPEC's name + '-docs')."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="md (README.md), html (index.html) or all.")] = "all",
    region: Annotated[str, typer.Option(help="Nintex region for the OAuth redirect URL: us, eu, au, ca, uk.")] = "us",
    templates: Annotated[
        Path | None, typer.Option(help="Folder of templates overriding the built-in ones by relative name.")
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(
            help="Nintex security preset to recommend (see `xtgen preset list`; default: recognised from the OAuth "
            "endpoints, else Generic OAuth 2)."
        ),
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report of every diagnostic here.")] = None,
) -> None:
    """Render the docs of an Xtension: connecting, actions, conversion report (Markdown and HTML)."""
    from xtgen.app.run import docs_folder, write_spec_docs
    from xtgen.app.settings import DocsSettings
    from xtgen.docs import REGIONS, load_docs_source

    _choice(fmt, ("md", "html", "all"), "--format")
    _choice(region, REGIONS, "--region")
    name = "<stdin>" if spec == "-" else spec
    try:
        source = load_docs_source(spec)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    _print_diagnostics(name, source)
    target = docs_folder(spec, out_dir)
    try:
        written = []
        if source.ok:
            written = write_spec_docs(source, spec, DocsSettings(target, fmt, region, templates), preset)
            typer.echo(f"xtgen: wrote {', '.join(str(p) for p in written)}", err=True)
        _write_report(report, [InputReport(name, str(target) if written else None, source.ok, source.diagnostics)])
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_OK if source.ok else EXIT_FAILED)


@app.command()
def lint(
    input: Annotated[str, typer.Argument(help="Swagger 2.0 file (.json, or .yaml/.yml), or - for stdin.")],
    strict: Annotated[bool, typer.Option(help="Treat warnings as failures (exit 1).")] = False,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report of every diagnostic here.")] = None,
    validate: Annotated[
        bool, typer.Option("--validate/--no-validate", help="Also validate it as Swagger 2.0 (default on).")
    ] = True,
) -> None:
    """Check a Swagger 2.0 file against Nintex's upload rules (see `xtgen rules`)."""
    from xtgen.target.lint import lint_file

    try:
        result = lint_file(input, validate=validate)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    name = "<stdin>" if input == "-" else input
    _print_diagnostics(name, result)
    accepted = _accepted(result, strict)
    try:
        _write_report(report, [InputReport(name, None, accepted, result.diagnostics)])
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_OK if accepted else EXIT_FAILED)


@app.command()
def rules(
    markdown: Annotated[bool, typer.Option(help="Print a Markdown table (as in the README).")] = False,
) -> None:
    """List every Nintex readiness rule: code, severity, stage, basis and a one-line description."""
    from xtgen.target.lint.rules import rules_table

    sys.stdout.write(rules_table(markdown=markdown))


def main() -> None:
    # One run, then exit: reference counting frees the documents, the cyclic collector would only walk them
    # (about 0.1 s on a 13 MB spec). pipeline.py pauses it around loading and conversion for library callers.
    gc.disable()
    app(prog_name="xtgen")
