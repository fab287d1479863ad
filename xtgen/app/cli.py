"""The command line: options -> library call -> report -> exit code. Nothing else lives here."""

from __future__ import annotations

import gc
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from xtgen import __version__
from xtgen.app.batch import Job
from xtgen.app.report import InputReport, format_lines, report_text
from xtgen.app.settings import RunSettings, preset_options
from xtgen.app.terminal import escape_terminal
from xtgen.model import Options, Result, Severity, XtgenError

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
    typer.echo(f"xtgen: {escape_terminal(message)}", err=True)
    return typer.Exit(EXIT_USAGE)


def _choice(value: str, allowed: tuple[str, ...], flag: str) -> str:
    if value not in allowed:
        raise _fail(f"{flag} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _print_diagnostics(name: str, result: Result) -> None:
    for line in format_lines(name, result.diagnostics):
        typer.echo(escape_terminal(line), err=True)


def _accepted(result: Result, strict: bool) -> bool:
    return result.ok and not (strict and result.count(Severity.WARNING))


def _write_stdout(text: str) -> None:
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        raise XtgenError("<stdout>: cannot write: stdout is closed; give -o FILE")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (OSError, ValueError) as exc:  # a full disk or a closed pipe behind stdout
        raise XtgenError(f"<stdout>: cannot write: {getattr(exc, 'strerror', None) or exc}") from None


def _write_report(path: Path | None, entries: list[InputReport], inputs: tuple[Path, ...] = ()) -> None:
    from xtgen.app.write import ReportFile

    with ReportFile(path, inputs=inputs) as report_file:
        report_file.write(report_text(entries))


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
        typer.Option("--jobs", help="Parallel processes for several inputs (default: the number of CPUs)."),
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
    from xtgen.app.batch import inside, plan_outputs, worker_count
    from xtgen.app.settings import DocsSettings, run_settings

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
        worker_count(jobs)  # --jobs 0 is a usage error with one input too
        run = run_settings(settings, Path.cwd())
        if len(inputs) == 1 and out_dir is None and not check:
            _convert_one(inputs[0], output, run, report)
        if output is not None and (len(inputs) > 1 or out_dir is not None):
            raise XtgenError("-o takes one input and no --out-dir; use --out-dir DIR for several inputs")
        if out_dir is None and len(inputs) > 1:
            raise XtgenError("several inputs need --out-dir DIR (each goes to DIR/<stem>.json)")
        if out_dir is not None:
            outputs = plan_outputs(inputs, out_dir, run.fmt)
        elif output is not None:
            outputs = [output]
        else:
            raise XtgenError("--check compares with written files: give -o FILE or --out-dir DIR")
        batch = []
        for name, out in zip(inputs, outputs, strict=True):
            folder = None
            if run.docs is not None and run.docs.folder is not None:
                folder = inside(run.docs.folder, out.stem, what=name) if len(inputs) > 1 or out_dir else run.docs.folder
            batch.append(
                Job(
                    name,
                    out,
                    run.options,
                    run.fmt,
                    run.strict,
                    DocsSettings(folder, run.docs.fmt, run.docs.region, run.docs.templates)
                    if run.docs is not None
                    else None,
                )
            )
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    _run_batch(batch, jobs, check, quiet, report)


@app.command()
def build(
    config: Annotated[
        Path | None,
        typer.Option("--config", help="xtgen.toml or pyproject.toml (default: found from this folder upwards)."),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", help="Parallel processes (default: the number of CPUs).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 listing each output that is missing or would change.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress or summary lines.")] = False,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report of every diagnostic here.")] = None,
) -> None:
    """Convert every spec a config file lists (xtgen.toml, or [tool.xtgen] in pyproject.toml)."""
    from xtgen.app.config import find_config, load_config
    from xtgen.app.settings import DocsSettings, run_settings

    try:
        path = config or find_config(Path.cwd())
        if path is None:
            raise XtgenError("no xtgen.toml, or pyproject.toml with [tool.xtgen], in this folder or above it")
        built = load_config(path)
        batch = []
        for entry in built.entries:
            try:
                run = run_settings(entry.settings, path.parent)
            except XtgenError as exc:
                raise XtgenError(f"{path}: {entry.key}: {exc}") from None
            docs = None
            if run.docs is not None:
                folder = (
                    run.docs.folder / entry.output.stem if run.docs.folder else entry.output.parent / entry.output.stem
                )
                docs = DocsSettings(folder, run.docs.fmt, run.docs.region, run.docs.templates)
            batch.append(Job(str(entry.input), entry.output, run.options, run.fmt, run.strict, docs))
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    _run_batch(batch, jobs, check, quiet, report)


def _convert_one(input: str, output: Path | None, run: RunSettings, report: Path | None) -> None:
    """One input to -o or stdout, diagnostics on stderr; ends the command with its exit code."""
    from xtgen.app.batch import convert_job, planned_paths, write_outcome
    from xtgen.app.write import ReportFile

    outcome = convert_job(Job(input, output, run.options, run.fmt, run.strict, run.docs))
    name = "<stdin>" if input == "-" else input
    if outcome.result is None:
        raise _fail(outcome.fatal or "failed")
    _print_diagnostics(name, outcome.result)
    protect = (Path(input),) if input != "-" else ()
    try:
        if outcome.fatal:
            raise XtgenError(outcome.fatal)
        with ReportFile(report, inputs=protect, outputs=planned_paths(outcome)) as report_file:  # checked first
            if outcome.text is not None:
                write_outcome(outcome, protect, create_folders=False)  # the docs, with stdout as the output
                if output is None:
                    _write_stdout(outcome.text)
            entry = InputReport(
                name, str(output) if output and outcome.accepted else None, outcome.accepted, outcome.result.diagnostics
            )
            report_file.write(report_text([entry]))
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_OK if outcome.accepted else EXIT_FAILED)


def _run_batch(batch: list[Job], jobs: int | None, check: bool, quiet: bool, report: Path | None) -> None:
    """Convert every job (failures do not stop the others), then check or write; exit 1 if any failed."""
    from xtgen.app.batch import planned_paths, run_jobs, stale_outputs, worker_count, write_outcomes
    from xtgen.app.console import BatchConsole
    from xtgen.app.write import ReportFile

    try:
        workers = worker_count(jobs)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    protect = tuple(Path(job.input) for job in batch)
    with BatchConsole(len(batch), quiet) as console:
        outcomes = run_jobs(batch, workers, console.advance)
    try:  # the report is checked and opened before any output is written
        planned = [job.output for job in batch if job.output is not None]
        outputs = planned + [p for o in outcomes for p in planned_paths(o)]
        report_file = ReportFile(report, inputs=protect, outputs=outputs, creatable=[p.parent for p in outputs])
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    if not check:
        outcomes = write_outcomes(outcomes, protect)
    entries, failed = [], 0
    for outcome in outcomes:
        name = outcome.job.input
        if outcome.result is not None:
            _print_diagnostics(name, outcome.result)
        written = outcome.accepted and not check
        if outcome.fatal:
            typer.echo(f"xtgen: {escape_terminal(outcome.fatal)}", err=True)
        failed += not outcome.accepted
        entries.append(
            InputReport(
                name,
                str(outcome.job.output) if written else None,
                outcome.accepted and not outcome.fatal,
                outcome.result.diagnostics if outcome.result else (),
            )
        )
    stale = stale_outputs(outcomes) if check else []
    for path, why in stale:
        typer.echo(f"xtgen: {why}: {escape_terminal(str(path))}", err=True)
    console.summary(outcomes, len(stale) if check else None)
    try:
        with report_file:
            report_file.write(report_text(entries))
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_FAILED if failed or stale else EXIT_OK)


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
    from xtgen.app.write import FORMATS, ReportFile, serialize, write_atomic
    from xtgen.pipeline import apply_preset_file
    from xtgen.target.presets import available_presets, preset_table, resolve_preset

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
    inputs = (into,) if into is not None and str(into) != "-" else ()
    try:
        with ReportFile(report, inputs=inputs, outputs=(output,) if output else ()) as report_file:
            if accepted and result.document is not None:
                text = serialize(result.document, fmt)
                if output is None:
                    _write_stdout(text)
                else:
                    write_atomic(output, text, protect=inputs)
            entry = InputReport(shown, str(output) if output and accepted else None, accepted, result.diagnostics)
            report_file.write(report_text([entry]))
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
    from xtgen.app.write import ReportFile
    from xtgen.docs import REGIONS, build_context, formats_for, load_docs_source, render_docs, write_docs

    _choice(fmt, ("md", "html", "all"), "--format")
    _choice(region, REGIONS, "--region")
    name = "<stdin>" if spec == "-" else spec
    try:
        source = load_docs_source(spec)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    _print_diagnostics(name, Result(source.document, source.diagnostics))
    target = out_dir or Path(("xtension" if spec == "-" else Path(spec).stem) + "-docs")
    inputs = (Path(spec),) if spec != "-" else ()
    try:
        files: dict[str, str] = {}
        if source.ok and source.document is not None:
            context = build_context(
                source.document,
                source.diagnostics,
                source_format=source.source_format,
                source_version=source.source_version,
                region=region,
                preset=preset,
            )
            files = render_docs(context, formats_for(fmt), templates)
        with ReportFile(report, inputs=inputs, outputs=[target / n for n in files]) as report_file:
            written = write_docs(files, target, protect=inputs) if files else []
            if written:
                typer.echo(f"xtgen: wrote {', '.join(escape_terminal(str(p)) for p in written)}", err=True)
            entry = InputReport(name, str(target) if written else None, source.ok, source.diagnostics)
            report_file.write(report_text([entry]))
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
        _write_report(
            report, [InputReport(name, None, accepted, result.diagnostics)], (Path(input),) if input != "-" else ()
        )
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
