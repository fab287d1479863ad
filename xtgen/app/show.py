"""What a command tells the user once the work is done: the diagnostics that count (select/ignore), where
they are (document, line, column: computed only for what is shown), in the chosen --output-format, the
--report file, and the verdict, last.

Every command builds one `Case` per input and calls `present`; nothing else here decides an outcome.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xtgen.app.formats import DOCUMENT_FORMATS, render_github, render_junit, render_sarif
from xtgen.app.locate import OUTPUT, document_of, positions, read_for_positions
from xtgen.app.report import InputReport, Location, failed_verdict, plural, report_text, tally, written_verdict
from xtgen.app.select import EVERYTHING, Selection, shown
from xtgen.model import Diagnostic, Result, Severity

if TYPE_CHECKING:
    from xtgen.app.batch import Outcome
    from xtgen.app.write import Text

STDOUT = "<output>"  # the output file's name when the output went to stdout (or was not written)


@dataclass(frozen=True)
class Case:
    """One input's outcome, as the user sees it."""

    input: str  # as shown: as given, relative to the config's folder for `build`, <stdin>
    source: str | None  # the file to read again for line:column (None: stdin, nothing to read)
    output: str | None  # the output file as shown, STDOUT for stdout, None when nothing was written
    output_text: Text | Path | None  # the output's text (or bytes) (also when --check did not write it), or the file
    # holding it (read only if a diagnostic in it is shown), for line:column
    ok: bool
    diagnostics: tuple[Diagnostic, ...]
    selection: Selection = EVERYTHING  # what counts for this input (a config's [[spec]] may add ignores)
    output_name: str = STDOUT  # the output file shown for output pointers (also when --check wrote nothing)
    linted: bool = False  # `xtgen lint`: every pointer is in the input
    indented: int | None = None  # Source.indented: the input's size when its load proved its layout


@dataclass(frozen=True)
class Presentation:
    least: Severity = Severity.INFO  # the least severity shown on stderr
    fmt: str = "text"
    report: Path | None = None
    inputs: tuple[Path, ...] = ()  # the report is never written over these, nor over the outputs
    outputs: tuple[Path, ...] = ()

    @property
    def owns_stderr(self) -> bool:
        """A document format without --report: stderr holds the document and nothing else."""
        return self.fmt in DOCUMENT_FORMATS and self.report is None


def locate(case: Case, diagnostics: Sequence[Diagnostic]) -> tuple[Location, ...]:
    """A Location per diagnostic; texts are read and scanned only for the pointers of these diagnostics."""
    sides = [document_of(d.code, d.pointer, linted=case.linted) for d in diagnostics]
    out_name = case.output_name
    wanted = {
        side: [d.pointer for d, s in zip(diagnostics, sides, strict=True) if s == side and d.pointer]
        for side in ("input", OUTPUT)
    }
    found = {}
    if wanted["input"] and case.source is not None:
        text = read_for_positions(case.source)
        found["input"] = positions(text, wanted["input"], indented=case.indented) if text is not None else {}
    output = case.output_text
    if wanted[OUTPUT] and isinstance(output, Path):
        from xtgen.app.write import read_written

        output = read_written(output)
    if wanted[OUTPUT] and isinstance(output, (str, bytes)):
        found[OUTPUT] = positions(output, wanted[OUTPUT], written=True)
    located = []
    for d, side in zip(diagnostics, sides, strict=True):
        at = found.get(side, {}).get(d.pointer)
        file = case.input if side == "input" else out_name
        located.append(Location(side, file, at.line if at else None, at.column if at else None))
    return tuple(located)


def build_reports(cases: Sequence[Case], presentation: Presentation) -> tuple[list[InputReport], list[InputReport]]:
    """(every diagnostic that counts, for the JSON report; what is shown on stderr), both located."""
    whole = presentation.report is not None or presentation.fmt == "json"
    kept_reports, shown_reports = [], []
    for case in cases:
        kept = case.selection.kept(case.diagnostics)
        visible = shown(kept, presentation.least)
        located = dict(zip(kept if whole else visible, locate(case, kept if whole else visible), strict=True))
        kept_reports.append(
            InputReport(case.input, case.output, case.ok, kept, tuple(located.get(d) for d in kept) if whole else ())
        )
        shown_reports.append(InputReport(case.input, case.output, case.ok, visible, tuple(located[d] for d in visible)))
    return kept_reports, shown_reports


def present(cases: Sequence[Case], presentation: Presentation, verdict: Sequence[str]) -> None:
    """Print the diagnostics and the verdict on stderr, write the report. Raises XtgenError when the report
    cannot be written."""
    from xtgen.app.console import print_lines

    kept, visible = build_reports(cases, presentation)
    fmt = presentation.fmt
    notes = sorted({note for c in cases for note in c.selection.unignorable(c.diagnostics)})
    if notes and not presentation.owns_stderr:
        print_lines([f"xtgen: --ignore {', '.join(notes)}: errors stop the write and cannot be ignored"])
    if fmt == "text":
        from xtgen.app.console import print_diagnostics

        for entry in visible:
            # a single unreadable input: its verdict is the one line `xtgen: FILE: what is wrong`
            told = len(cases) == 1
            print_diagnostics([(d, loc) for d, loc in entry.located() if not (told and d.code in FATAL)])
    elif fmt == "github":
        from xtgen.app.terminal import escape_terminal

        sys.stderr.write("".join(escape_terminal(line) + "\n" for line in render_github(visible).splitlines()))
    document = None
    if fmt in DOCUMENT_FORMATS:
        document = (
            report_text(kept) if fmt == "json" else render_sarif(visible) if fmt == "sarif" else render_junit(visible)
        )
    elif presentation.report is not None:
        document = report_text(kept)
    if document is not None and presentation.report is not None:
        from xtgen.app.write import ReportFile

        outputs = presentation.outputs
        with ReportFile(presentation.report, inputs=presentation.inputs, outputs=outputs) as report_file:
            report_file.write(document)
    elif document is not None:
        sys.stderr.write(document)
        sys.stderr.flush()
        return  # the document on stderr is the verdict: `2> results.sarif` stays a valid file
    print_lines(verdict)


def shown_path(path: Path, base: Path) -> str:
    """A path as the user knows it: relative to `base` (the config's folder) when it is inside it."""
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


# --- the outcomes of convert and build as cases, with their verdicts ---------------------------------------

UNREADABLE, UNWRITABLE = "XT009", "XT909"
FATAL = (UNREADABLE, UNWRITABLE)  # exit 2: in text, a single input's verdict `xtgen: FILE: reason` says it


def _fatal(code: str, reason: str, name: str) -> Diagnostic:
    """An input that could not be read (XT009) or an output that could not be made or written (XT909)."""
    message = reason[len(name) + 2 :] if reason.startswith(name + ": ") else reason
    return Diagnostic(code, Severity.ERROR, message, "")


def _indented(result: Result | None) -> int | None:
    return result.source.indented if result is not None and result.source is not None else None


def present_single(outcome: Outcome, output: Path | None, view: Presentation, failure: str | None) -> int:
    """`xtgen convert INPUT [-o FILE]`: show, report, verdict; return the exit code (2: nothing could be read
    or written, 1: not accepted, 0: written)."""
    job = outcome.job
    name = "<stdin>" if job.input == "-" else job.input
    diagnostics = outcome.result.diagnostics if outcome.result is not None else ()
    if outcome.result is None:
        diagnostics = (_fatal(UNREADABLE, outcome.fatal or "cannot be read", name),)
    elif failure is not None:
        diagnostics = (*diagnostics, _fatal(UNWRITABLE, failure, name))
    written = outcome.accepted and failure is None
    out_name = str(output) if output is not None else STDOUT
    case = Case(
        name,
        None if job.input == "-" else job.input,
        out_name if written else None,
        outcome.text,
        written,
        diagnostics,
        job.selection,
        out_name if written else STDOUT,
        indented=_indented(outcome.result),
    )
    kept = job.selection.kept(diagnostics)
    if outcome.result is None or failure is not None:
        verdict = f"xtgen: {failure or outcome.fatal}"
    elif written:
        verdict = written_verdict(str(output) if output is not None else "to stdout", kept)
    else:
        verdict = failed_verdict(kept, job.strict)
    present([case], view, [verdict])
    return 2 if outcome.result is None or failure is not None else 0 if written else 1


def present_batch(
    outcomes: Sequence[Outcome],
    names: Sequence[tuple[str, str]],
    stale: Sequence[tuple[Path, str]] | None,
    view: Presentation,
    command: str,
    base: Path,
) -> int:
    """Several inputs (convert --out-dir, build; --check when `stale` is a list): show every case, then the
    stale outputs and a summary as the verdict; return 1 when any input failed or an output is stale."""
    cases = []
    for outcome, (input_name, output_name) in zip(outcomes, names, strict=True):
        diagnostics = outcome.result.diagnostics if outcome.result is not None else ()
        if outcome.fatal:
            code = UNREADABLE if outcome.result is None else UNWRITABLE
            diagnostics = (*diagnostics, _fatal(code, outcome.fatal, outcome.job.input))
        written = outcome.accepted and stale is None
        cases.append(
            Case(
                input_name,
                outcome.job.input,
                output_name if written else None,
                outcome.output_text,
                outcome.accepted and not outcome.fatal,
                diagnostics,
                outcome.job.selection,
                output_name,
                indented=_indented(outcome.result),
            )
        )
    verdict = [f"{why}: {shown_path(path, base)}: run {command}" for path, why in stale or ()]
    verdict.append(batch_verdict(cases, stale))
    present(cases, view, verdict)
    failed = sum(1 for case in cases if not case.ok)
    return 1 if failed or stale else 0


def batch_verdict(cases: Sequence[Case], stale: Sequence[tuple[Path, str]] | None) -> str:
    """`368 inputs: 360 written (120 with warnings), 8 failed` or, for --check, what is out of date."""
    failed = sum(1 for case in cases if not case.ok)
    total = plural(len(cases), "input")
    if stale is not None:
        return f"{total} checked: {len(stale)} out of date, {failed} failed"
    warned = sum(1 for c in cases if c.ok and c.selection.count_warnings(c.diagnostics))
    return f"{total}: {len(cases) - failed} written ({warned} with warnings), {failed} failed"


def present_lint(
    input: str, result: Result | None, fatal: str | None, selection: Selection, strict: bool, view: Presentation
) -> int:
    """`xtgen lint FILE`: every pointer is in the file; return 0 (acceptable), 1 (not) or 2 (unreadable)."""
    name = "<stdin>" if input == "-" else input
    if result is None:
        diagnostics: tuple[Diagnostic, ...] = (_fatal(UNREADABLE, fatal or "cannot be read", name),)
    else:
        diagnostics = result.diagnostics
    kept = selection.kept(diagnostics)
    accepted = result is not None and result.ok and not (strict and selection.count_warnings(diagnostics))
    case = Case(name, None if input == "-" else input, None, None, accepted, diagnostics, selection, name, True)
    counted = tally(kept, (Severity.ERROR, Severity.WARNING))
    if result is None:
        verdict = f"xtgen: {fatal}"
    elif accepted:
        verdict = f"{name}: ready for Nintex" + (f" ({counted})" if counted else "")
    else:
        verdict = f"{name}: not ready: {counted or 'unreadable'}" + (" under --strict" if strict and result else "")
    present([case], view, [verdict])
    return 2 if result is None else 0 if accepted else 1
