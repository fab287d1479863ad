"""The CLI options that choose what is shown and how: declared once, used by convert, build and lint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xtgen.app.formats import OUTPUT_FORMATS
from xtgen.app.select import Selection, selection_settings, shown_severity
from xtgen.app.show import Presentation
from xtgen.model import XtgenError

OutputFormat = Annotated[
    str,
    typer.Option("--output-format", help="Diagnostics as text (default), json, github (annotations), sarif or junit."),
]
Select = Annotated[
    list[str] | None,
    typer.Option(
        "--select", metavar="CODE", help="Only these codes or prefixes (XT7, XT730, XT730:/json/pointer; repeatable)."
    ),
]
Ignore = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore",
        metavar="CODE",
        help="Drop these codes or prefixes, optionally at a pointer (XT730:/paths/~1a/get); errors stay.",
    ),
]
MinSeverity = Annotated[
    str | None,
    typer.Option("--min-severity", help="Show only this severity and above: info, warning or error."),
]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Show info diagnostics too (batches hide them).")]


def presentation(
    fmt: str,
    selection: Selection,
    report: Path | None,
    *,
    batch: bool,
    verbose: bool = False,
    quiet: bool = False,
) -> Presentation:
    if fmt not in OUTPUT_FORMATS:
        import difflib

        close = difflib.get_close_matches(fmt, OUTPUT_FORMATS, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise XtgenError(f"--output-format must be one of {', '.join(OUTPUT_FORMATS)} (got {fmt!r}){hint}")
    least = shown_severity(selection, batch=batch, verbose=verbose, quiet=quiet)
    return Presentation(least, fmt, report)


def selection_of(select: list[str] | None, ignore: list[str] | None, min_severity: str | None) -> Selection:
    """For commands without settings (lint): the flags alone."""
    return selection_settings({"select": select, "ignore": ignore, "min-severity": min_severity})
