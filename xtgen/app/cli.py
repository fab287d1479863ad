"""The command line: options -> library call -> report -> exit code. Nothing else lives here.

This is the Typer app: every command, `--help` and every usage error. The console script starts in
xtgen/app/fast.py, which runs the common `xtgen convert` invocations without importing Typer and hands
anything else to `run_app` here; the body of `convert` (xtgen/app/fast_convert.py) is shared by both.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from xtgen.app.fast import version_text
from xtgen.app.fast_convert import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    UsageFailure,
    convert_command,
    run_batch,
    usage_line,
    write_stdout,
)
from xtgen.app.flags import epilog, takes_options, xtgen_group
from xtgen.app.report import InputReport, failed_verdict, format_lines, report_text, written_verdict
from xtgen.app.settings import preset_options
from xtgen.app.terminal import escape_terminal
from xtgen.model import DiagnosticsFormat, DocsFormat, Options, OutputFormat, Region, Result, Target, XtgenError

app = typer.Typer(
    cls=xtgen_group(),
    no_args_is_help=True,
    help="Convert OpenAPI 3 descriptions into Swagger 2.0 Xtensions for Nintex Automation Cloud.",
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback(invoke_without_command=True, epilog=epilog("xtgen"))
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("-V", "--version", help="Show the version and exit.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="With --version: also the versions of Python and key dependencies.")
    ] = False,
) -> None:
    """xtgen: OpenAPI 3 -> Swagger 2.0 Xtensions, with OAuth 2.0 set up for Nintex."""
    if version:
        typer.echo(version_text(verbose), nl=False)
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def _fail(message: str) -> typer.Exit:
    typer.echo(usage_line(message), err=True, nl=False)
    return typer.Exit(EXIT_USAGE)


def _print_diagnostics(name: str, result: Result) -> None:
    for line in format_lines(name, result.diagnostics):
        typer.echo(escape_terminal(line), err=True)


@app.command(epilog=epilog("convert"))
@takes_options("convert", _fail, body=convert_command)
def convert(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="OpenAPI 3.0/3.1 or Swagger 2.0 files (.json, .yaml, .yml), or - for stdin.", metavar="INPUT"
        ),
    ],
    **options: Any,
) -> None:
    """Convert OpenAPI 3.0/3.1 documents into Swagger 2.0 (a Swagger 2.0 input is made ready as it is)."""
    try:
        code = convert_command(inputs, **options)  # the same body as the fast path's (xtgen/app/fast.py)
    except UsageFailure as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(code)


@app.command(epilog=epilog("build"))
@takes_options("build", _fail)
def build(
    config: Path | None,
    settings: Mapping[str, Any],
    jobs: int | None,
    check: bool,
    quiet: bool,
    report: Path | None,
    output_format: DiagnosticsFormat,
    verbose: bool,
) -> None:
    """Convert every spec a config file lists (xtgen.toml, or \\[tool.xtgen] in pyproject.toml)."""
    from xtgen.app.batch import worker_count
    from xtgen.app.diagnostic_options import presentation, selection_flags, selection_of
    from xtgen.app.run import build_jobs

    try:
        workers = worker_count(jobs)
        built = build_jobs(config, Path.cwd(), selection_flags(settings))
        view = presentation(output_format, selection_of(settings), report, batch=True, verbose=verbose, quiet=quiet)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    try:
        code = run_batch(built.jobs, built.names, workers, check, quiet, view, "xtgen build", built.base)
    except UsageFailure as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(code)


@app.command("preset", epilog=epilog("preset"))
@takes_options("preset", _fail)
def preset_command(
    name: Annotated[str, typer.Argument(help="A preset (see `xtgen preset list`), or list.", metavar="NAME")],
    settings: Mapping[str, Any],
    into: Path | None,
    output: Path | None,
    fmt: OutputFormat,
    definition_name: str | None,
    strict: bool,
    report: Path | None,
) -> None:
    """Print a Nintex security preset's securityDefinitions, or apply it to a Swagger 2.0 spec (--into)."""
    from xtgen.app.batch import accepted
    from xtgen.app.run import preset_result
    from xtgen.app.write import ReportFile, serialize, write_atomic
    from xtgen.target.presets import available_presets, preset_table

    try:
        if name == "list":
            for line in preset_table(available_presets(settings.get("preset-file")).values()):
                typer.echo(line)
            raise typer.Exit(EXIT_OK)
        options = Options(
            preset=name, preset_options=replace(preset_options(settings, Path.cwd()), definition_name=definition_name)
        )
        result = preset_result(options, into)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    shown = name if into is None else "<stdin>" if str(into) == "-" else str(into)
    _print_diagnostics(shown, result)
    ok = accepted(result, strict)
    inputs = (into,) if into is not None and str(into) != "-" else ()
    try:
        with ReportFile(report, inputs=inputs, outputs=(output,) if output else ()) as report_file:
            if ok and result.document is not None:
                text = serialize(result.document, fmt)
                if output is None:
                    write_stdout(text)
                else:
                    write_atomic(output, text, protect=inputs)
            entry = InputReport(shown, str(output) if output and ok else None, ok, result.diagnostics)
            report_file.write(report_text([entry]))
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    where = str(output) if output is not None else "to stdout"
    typer.echo(
        written_verdict(where, result.diagnostics) if ok else failed_verdict(result.diagnostics, strict), err=True
    )
    raise typer.Exit(EXIT_OK if ok else EXIT_FAILED)


@app.command(epilog=epilog("docs"))
@takes_options("docs", _fail)
def docs(
    spec: Annotated[
        str,
        typer.Argument(
            help="OpenAPI 3.0/3.1 (converted in memory first) or Swagger 2.0 file, or - for stdin.", metavar="SPEC"
        ),
    ],
    out_dir: Path | None,
    fmt: DocsFormat,
    region: Region,
    templates: Path | None,
    import_preset: str | None,
    report: Path | None,
) -> None:
    """Render the docs of an Xtension: connecting, actions, conversion report (Markdown and HTML)."""
    from xtgen.app.run import docs_folder, write_spec_docs
    from xtgen.app.settings import DocsSettings
    from xtgen.app.write import ReportFile
    from xtgen.docs import load_docs_source
    from xtgen.docs.render import OUTPUTS, formats_for

    name = "<stdin>" if spec == "-" else spec
    try:
        source = load_docs_source(spec)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    _print_diagnostics(name, source)
    target = docs_folder(spec, out_dir)
    inputs = (Path(spec),) if spec != "-" else ()
    written: list[Path] = []
    try:
        outputs = [target / OUTPUTS[f][1] for f in formats_for(fmt)]
        with ReportFile(report, inputs=inputs, outputs=outputs) as report_file:  # checked before the docs are written
            if source.ok:
                written = write_spec_docs(source, spec, DocsSettings(target, fmt, region, templates), import_preset)
                typer.echo(f"xtgen: wrote {', '.join(escape_terminal(str(p)) for p in written)}", err=True)
            entry = InputReport(name, str(target) if written else None, source.ok, source.diagnostics)
            report_file.write(report_text([entry]))
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    if not written:
        typer.echo(failed_verdict(source.diagnostics, strict=False), err=True)
    raise typer.Exit(EXIT_OK if source.ok else EXIT_FAILED)


@app.command(epilog=epilog("lint"))
@takes_options("lint", _fail)
def lint(
    input: Annotated[
        str, typer.Argument(help="Swagger 2.0 file (.json, or .yaml/.yml), or - for stdin.", metavar="SPEC")
    ],
    settings: Mapping[str, Any],
    strict: bool,
    report: Path | None,
    validate: bool,
    output_format: DiagnosticsFormat,
    quiet: bool,
) -> None:
    """Check a Swagger 2.0 file against Nintex's upload rules (see `xtgen rules`)."""
    from xtgen.app.diagnostic_options import presentation, selection_of
    from xtgen.app.show import present_lint
    from xtgen.target.lint import lint_file

    try:
        selection = selection_of(settings)
        view = presentation(output_format, selection, report, batch=False, quiet=quiet)
        view = replace(view, inputs=(Path(input),) if input != "-" else ())  # the report never replaces the spec
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    result, fatal = None, None
    try:
        result = lint_file(input, validate=validate)
    except XtgenError as exc:
        fatal = str(exc)
    try:
        code = present_lint(input, result, fatal, selection, strict, view)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(code)


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="Explain one code (e.g. XT730).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, markdown (the README table) or json.")] = "text",
    markdown: Annotated[bool, typer.Option(help="The same as --format markdown.")] = False,
) -> None:
    """List every diagnostic code (code, severity, stage, title), or explain one: xtgen rules XT730."""
    from xtgen.codes import TableFormat, catalogue_table, explain, normalise, suggest

    try:
        table = TableFormat.parse("markdown" if markdown else fmt, "--format")
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    if code is None:
        sys.stdout.write(catalogue_table(table))
        return
    try:
        sys.stdout.write(explain(code, table))
    except KeyError:
        close = suggest(code)
        hint = f"; did you mean {', '.join(close[:-1]) + ' or ' if close[1:] else ''}{close[-1]}?" if close else ""
        hint += " (`xtgen rules` lists every code)"
        raise _fail(f"unknown code {normalise(code)!r}{hint}") from None


overlay_app = typer.Typer(
    cls=xtgen_group(),
    help="OpenAPI Overlays: Nintex customisations that survive regeneration.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(overlay_app, name="overlay")


@overlay_app.command("new", epilog=epilog("overlay new"))
@takes_options("overlay new", _fail)
def overlay_new(
    spec: Annotated[str, typer.Argument(help="OpenAPI 3.0/3.1 or Swagger 2.0 file, or - for stdin.", metavar="SPEC")],
    settings: Mapping[str, Any],
    output: Path | None,
    force: bool,
) -> None:
    """Write a starter overlay: one x-ntx-summary / x-ntx-visibility action per operation of the converted spec."""
    from xtgen.app.write import write_atomic
    from xtgen.pipeline import convert_file
    from xtgen.target.overlay.starter import starter_overlay

    name = "<stdin>" if spec == "-" else spec
    try:
        if output is not None and output.exists() and not force:
            raise XtgenError(f"{output}: exists (and may hold your edits); give --force to replace it")
        result = convert_file(spec, Options(target=settings.get("target") or Target.NINTEX))
        _print_diagnostics(name, result)
        if not result.ok or result.document is None:
            raise typer.Exit(EXIT_FAILED)
        text = starter_overlay(result.document, name)
        if output is None:
            write_stdout(text)
        else:
            write_atomic(output, text, protect=(Path(spec),) if spec != "-" else ())
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_OK)


def main() -> None:
    """The Typer app alone, for every invocation (the console script starts at xtgen.app.fast.main, which tries
    the fast path first): one run, then exit without the interpreter's teardown."""
    from xtgen.app.fast import exit_now, prepare

    prepare()
    exit_now(run_app())


def run_app() -> object:
    """Run the Typer app on sys.argv; its exit code (as SystemExit.code has it)."""
    try:
        app(prog_name="xtgen")
    except SystemExit as done:
        return done.code
    return 0
