"""Batch progress and summary on stderr: a rich progress bar on a terminal, plain lines otherwise.

Presentation only; the batch logic lives in xtgen/app/batch.py.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from xtgen.app.report import Location, format_line
from xtgen.app.terminal import escape_terminal
from xtgen.model import Diagnostic, Severity

if TYPE_CHECKING:
    from xtgen.app.batch import Outcome


class BatchConsole:
    """Context manager: `advance(outcome)` after each input, `summary(outcomes)` at the end."""

    def __init__(self, total: int, quiet: bool = False, names: Mapping[str, str] | None = None) -> None:
        self.total = total
        self.names = names or {}
        self.quiet = quiet
        self.done = 0
        self.rich = sys.stderr.isatty() and not quiet
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> BatchConsole:
        if self.rich:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("converting"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("", total=self.total)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.__exit__(kind, value, trace)

    def advance(self, outcome: Outcome) -> None:
        self.done += 1
        if self._progress is not None:
            from rich.markup import escape

            self._progress.update(self._task, advance=1, description=escape(escape_terminal(self.name(outcome))))
        elif not self.quiet:
            line = f"xtgen: [{self.done}/{self.total}] {self.name(outcome)}: {describe(outcome)}"
            print(escape_terminal(line), file=sys.stderr)

    def name(self, outcome: Outcome) -> str:
        return self.names.get(outcome.job.input, outcome.job.input)


def describe(outcome: Outcome) -> str:
    if outcome.fatal:
        return "failed: " + outcome.fatal
    if outcome.result is None:
        return "failed"
    errors, warnings = outcome.result.count(Severity.ERROR), outcome.result.count(Severity.WARNING)
    if not outcome.accepted:
        return f"failed ({errors} error(s), {warnings} warning(s))"
    return f"converted ({warnings} warning(s))" if warnings else "converted"


# --- diagnostics and verdicts on stderr ---------------------------------------------------------------

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def configure_streams() -> None:
    """stdout and stderr in UTF-8 whatever the locale (a cp1252 console would fail on the first umlaut)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(encoding="utf-8")


def _colour() -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    import os

    return sys.stderr.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def print_lines(lines: Sequence[str]) -> None:
    """Lines on stderr, every byte a spec controls escaped (no ESC or BEL reaches the terminal)."""
    for line in lines:
        sys.stderr.write(escape_terminal(line) + "\n")
    sys.stderr.flush()


def print_diagnostics(located: Sequence[tuple[Diagnostic, Location | None]]) -> None:
    """The text form, one line per diagnostic; the severity coloured on a terminal."""
    lines = [(d.severity.value, escape_terminal(format_line("", d, loc))) for d, loc in located]
    if not lines:
        return
    if not _colour():
        print_lines([line for _, line in lines])
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for severity, line in lines:
        text = Text(line)
        at = line.find(f": {severity} ")
        if at >= 0:
            text.stylize(_STYLE[severity], at + 2, at + 2 + len(severity))
        console.print(text)
