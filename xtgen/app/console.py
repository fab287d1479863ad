"""Batch progress and summary on stderr: a rich progress bar on a terminal, plain lines otherwise.

Presentation only; the batch logic lives in xtgen/batch.py.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from xtgen.app.batch import Outcome
from xtgen.app.terminal import escape_terminal


class BatchConsole:
    """Context manager: `advance(outcome)` after each input, `summary(outcomes)` at the end."""

    def __init__(self, total: int, quiet: bool = False) -> None:
        self.total = total
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

            self._progress.update(self._task, advance=1, description=escape(escape_terminal(outcome.job.input)))
        elif not self.quiet:
            line = f"xtgen: [{self.done}/{self.total}] {outcome.job.input}: {describe(outcome)}"
            print(escape_terminal(line), file=sys.stderr)

    def summary(self, outcomes: Sequence[Outcome], stale: int | None = None) -> None:
        if self.quiet:
            return
        counts = Counter(o.status for o in outcomes)
        row = [("converted", counts["converted"]), ("with warnings", counts["warnings"]), ("failed", counts["failed"])]
        if stale is not None:
            row.append(("out of date", stale))
        if self.rich:
            from rich.console import Console
            from rich.table import Table

            table = Table(title="xtgen")
            for name, _ in row:
                table.add_column(name, justify="right")
            table.add_row(*(str(n) for _, n in row))
            Console(stderr=True).print(table)
        else:
            print("xtgen: " + ", ".join(f"{name} {n}" for name, n in row), file=sys.stderr)


def describe(outcome: Outcome) -> str:
    if outcome.fatal:
        return "failed: " + outcome.fatal
    if outcome.result is None:
        return "failed"
    errors, warnings = (
        sum(1 for d in outcome.result.diagnostics if d.severity.value == s) for s in ("error", "warning")
    )
    if not outcome.accepted:
        return f"failed ({errors} error(s), {warnings} warning(s))"
    return f"converted ({warnings} warning(s))" if warnings else "converted"
