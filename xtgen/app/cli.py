"""The command line: options -> library call -> report -> exit code. Nothing else lives here."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from xtgen.app.batch import Job, accepted
from xtgen.app.diagnostic_options import presentation
from xtgen.app.flags import XtgenGroup, epilog, takes_options, version_text
from xtgen.app.report import InputReport, failed_verdict, format_lines, report_text, written_verdict
from xtgen.app.settings import RunSettings, preset_options
from xtgen.app.show import Presentation
from xtgen.app.terminal import escape_terminal
from xtgen.model import DiagnosticsFormat, DocsFormat, Options, OutputFormat, Region, Result, Target, XtgenError

app = typer.Typer(
    cls=XtgenGroup,
    no_args_is_help=True,
    help="Convert OpenAPI 3 descriptions into Swagger 2.0 Xtensions for Nintex Automation Cloud.",
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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
    typer.echo(f"xtgen: {escape_terminal(message)}", err=True)
    return typer.Exit(EXIT_USAGE)


def _print_diagnostics(name: str, result: Result) -> None:
    for line in format_lines(name, result.diagnostics):
        typer.echo(escape_terminal(line), err=True)


def _write_stdout(text: str) -> None:
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        raise XtgenError("<stdout>: cannot write: stdout is closed; give -o FILE")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (OSError, ValueError) as exc:  # a full disk or a closed pipe behind stdout
        raise XtgenError(f"<stdout>: cannot write: {getattr(exc, 'strerror', None) or exc}") from None


@app.command(epilog=epilog("convert"))
@takes_options("convert", _fail)
def convert(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="OpenAPI 3.0/3.1 or Swagger 2.0 files (.json, .yaml, .yml), or - for stdin.", metavar="INPUT"
        ),
    ],
    settings: Mapping[str, Any],
    output: Path | None,
    out_dir: Path | None,
    jobs: int | None,
    check: bool,
    quiet: bool,
    report: Path | None,
    output_format: DiagnosticsFormat,
    verbose: bool,
) -> None:
    """Convert OpenAPI 3.0/3.1 documents into Swagger 2.0 (a Swagger 2.0 input is made ready as it is)."""
    from xtgen.app.batch import worker_count
    from xtgen.app.run import convert_jobs
    from xtgen.app.settings import run_settings

    try:
        workers = worker_count(jobs)  # --jobs is checked with one input too
        run = run_settings(settings, Path.cwd())
        output = None if output is not None and str(output) == "-" else output  # -o - is stdout
        single = len(inputs) == 1 and out_dir is None and not check
        view = presentation(output_format, run.selection, report, batch=not single, verbose=verbose, quiet=quiet)
        if single:
            _convert_one(inputs[0], output, run, view)
        batch = convert_jobs(inputs, output, out_dir, run)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    _run_batch(batch, [(j.input, str(j.output)) for j in batch], workers, check, quiet, view)


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
    from xtgen.app.diagnostic_options import selection_flags, selection_of
    from xtgen.app.run import build_jobs

    try:
        workers = worker_count(jobs)
        built = build_jobs(config, Path.cwd(), selection_flags(settings))
        view = presentation(output_format, selection_of(settings), report, batch=True, verbose=verbose, quiet=quiet)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    _run_batch(built.jobs, built.names, workers, check, quiet, view, "xtgen build", built.base)


def _convert_one(input: str, output: Path | None, run: RunSettings, view: Presentation) -> None:
    """One input to -o or stdout, diagnostics on stderr; ends the command with its exit code."""
    from xtgen.app.batch import convert_job, planned_paths
    from xtgen.app.run import write_single
    from xtgen.app.show import present_single
    from xtgen.app.write import check_report

    outcome = convert_job(Job(input, output, run.options, run.fmt, run.strict, run.docs, run.selection))
    protect = (Path(input),) if input != "-" else ()
    view = replace(view, inputs=protect, outputs=tuple(planned_paths(outcome)))
    failure = None
    try:
        if outcome.result is not None:
            check_report(view.report, view.inputs, view.outputs)  # before anything is written
            text = write_single(outcome, protect)
            if text is not None:
                _write_stdout(text)
    except XtgenError as exc:
        failure = str(exc)
    try:
        code = present_single(outcome, output, view, failure)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(code)


def _run_batch(
    batch: list[Job],
    names: list[tuple[str, str]],
    workers: int,
    check: bool,
    quiet: bool,
    view: Presentation,
    command: str = "xtgen convert without --check",
    base: Path | None = None,
) -> None:
    """Convert every job (failures do not stop the others), then check or write; exit 1 if any failed."""
    from xtgen.app.batch import stale_outputs
    from xtgen.app.console import BatchConsole
    from xtgen.app.run import convert_batch
    from xtgen.app.show import present_batch

    protect = tuple(Path(job.input) for job in batch)
    shown = {job.input: name for job, (name, _) in zip(batch, names, strict=True)}
    try:  # outputs are written as they come, committed at the end once the report path is checked
        with BatchConsole(len(batch), quiet or view.owns_stderr, shown) as console:
            outcomes, outputs = convert_batch(batch, workers, check, view.report, console.advance)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    view = replace(view, inputs=protect, outputs=tuple(outputs))
    stale = stale_outputs(outcomes) if check else None
    try:
        code = present_batch(outcomes, names, stale, view, command, base or Path.cwd())
    except XtgenError as exc:
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
                    _write_stdout(text)
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
    from xtgen.app.diagnostic_options import selection_of
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
    cls=XtgenGroup,
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
            _write_stdout(text)
        else:
            write_atomic(output, text, protect=(Path(spec),) if spec != "-" else ())
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_OK)


def main() -> None:
    # One run, then exit: reference counting frees the documents, the cyclic collector would only walk them
    # (about 0.1 s on a 13 MB spec). pipeline.py pauses it around loading and conversion for library callers.
    gc.disable()
    from xtgen.app.console import configure_streams

    configure_streams()
    try:
        app(prog_name="xtgen")
    except SystemExit as done:
        _exit_now(done.code)
    _exit_now(0)


def _exit_now(code: object) -> NoReturn:
    """sys.exit's meaning of `code`, without the interpreter's teardown (freeing every object of a large
    document one by one, then the modules: tens of ms for nothing). Everything is written and flushed first;
    the batch's worker pool is joined by then, and nothing of xtgen's needs atexit."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    try:
        if sys.stdout is not None:  # None when started with stdout closed
            sys.stdout.flush()
    except (OSError, ValueError):  # a closed pipe or a full disk (the text still buffered when stdout is
        status = status or 1  # buffered, i.e. without PYTHONUNBUFFERED): what Python's own exit reports as failure
    with contextlib.suppress(Exception):
        if sys.stderr is not None:
            sys.stderr.flush()
    os._exit(status)
