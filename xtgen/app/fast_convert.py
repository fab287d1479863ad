"""The body of `xtgen convert` (options -> library call -> report -> exit code), free of Typer.

It exists once and has two entries: the Typer command in xtgen/app/cli.py and the fast path in
xtgen/app/fast.py, which parses the common `convert` invocations without importing Typer. Both hand it the
same checked values (xtgen.app.flags.Binding). A body returns the exit code; a usage problem (exit 2) is
raised as UsageFailure, which each entry shows as one `xtgen: MESSAGE` line. `xtgen build` shares the batch step.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xtgen.app.terminal import escape_terminal
from xtgen.model import DiagnosticsFormat, XtgenError

if TYPE_CHECKING:
    from xtgen.app.batch import Job
    from xtgen.app.settings import RunSettings
    from xtgen.app.show import Presentation

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageFailure(Exception):
    """The job could not run (exit 2): shown as one line, `xtgen: MESSAGE` (usage_line)."""


def usage_line(message: str) -> str:
    return f"xtgen: {escape_terminal(message)}\n"


def show_usage_failure(message: str) -> int:
    """The usage failure on stderr; its exit code."""
    sys.stderr.write(usage_line(message))
    sys.stderr.flush()
    return EXIT_USAGE


def write_stdout(text: str | bytes) -> None:
    """The output on stdout: bytes go to its binary layer (after what its text layer holds), a str as text."""
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        raise XtgenError("<stdout>: cannot write: stdout is closed; give -o FILE")
    try:
        buffer = getattr(sys.stdout, "buffer", None) if isinstance(text, bytes) else None
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(text)
            buffer.flush()
        else:
            sys.stdout.write(text.decode("utf-8") if isinstance(text, bytes) else text)
        sys.stdout.flush()
    except (OSError, ValueError) as exc:  # a full disk or a closed pipe behind stdout
        raise XtgenError(f"<stdout>: cannot write: {getattr(exc, 'strerror', None) or exc}") from None


def convert_command(
    inputs: list[str],
    settings: Mapping[str, Any],
    output: Path | None,
    out_dir: Path | None,
    jobs: int | None,
    check: bool,
    quiet: bool,
    report: Path | None,
    output_format: DiagnosticsFormat,
    verbose: bool,
) -> int:
    """`xtgen convert`: one input to -o or stdout, or a batch; the exit code."""
    from xtgen.app.batch import worker_count
    from xtgen.app.diagnostic_options import presentation
    from xtgen.app.run import convert_jobs
    from xtgen.app.settings import run_settings

    try:
        workers = worker_count(jobs)  # --jobs is checked with one input too
        run = run_settings(settings, Path.cwd())
        output = None if output is not None and str(output) == "-" else output  # -o - is stdout
        single = len(inputs) == 1 and out_dir is None and not check
        view = presentation(output_format, run.selection, report, batch=not single, verbose=verbose, quiet=quiet)
        if single:
            return convert_one(inputs[0], output, run, view)
        batch = convert_jobs(inputs, output, out_dir, run)
    except XtgenError as exc:
        raise UsageFailure(str(exc)) from None
    return run_batch(batch, [(j.input, str(j.output)) for j in batch], workers, check, quiet, view)


def convert_one(input: str, output: Path | None, run: RunSettings, view: Presentation) -> int:
    """One input to -o or stdout, diagnostics on stderr; the command's exit code."""
    from xtgen.app.batch import Job, convert_job, planned_paths
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
                write_stdout(text)
    except XtgenError as exc:
        failure = str(exc)
    try:
        return present_single(outcome, output, view, failure)
    except XtgenError as exc:
        raise UsageFailure(str(exc)) from None


def run_batch(
    batch: list[Job],
    names: list[tuple[str, str]],
    workers: int,
    check: bool,
    quiet: bool,
    view: Presentation,
    command: str = "xtgen convert without --check",
    base: Path | None = None,
) -> int:
    """Convert every job (failures do not stop the others), then check or write; 1 if any failed."""
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
        raise UsageFailure(str(exc)) from None
    view = replace(view, inputs=protect, outputs=tuple(outputs))
    stale = stale_outputs(outcomes) if check else None
    try:
        return present_batch(outcomes, names, stale, view, command, base or Path.cwd())
    except XtgenError as exc:
        raise UsageFailure(str(exc)) from None
