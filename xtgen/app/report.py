"""Reporters: diagnostics as stderr lines, the JSON report, and the verdict line. Formatting only, no logic.

The text form is `FILE:LINE:COL: SEVERITY CODE message [pointer]`, the form editors and terminals make
clickable; FILE is the document the pointer is in (the input, or the output file, `<output>` when the
output went to stdout or was not written). Without a line (stdin, a text that could not be scanned) it is
`FILE: SEVERITY CODE message [pointer]`; an empty pointer names the document itself: `FILE: SEVERITY ...`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xtgen import __version__
from xtgen.model import Diagnostic, Severity


@dataclass(frozen=True)
class Location:
    """Where a diagnostic's pointer is: which document, the file shown for it, and line and column there."""

    document: str  # "input" or "output"
    file: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class InputReport:
    """One input's outcome, as the report file shows it."""

    input: str
    output: str | None
    ok: bool
    diagnostics: tuple[Diagnostic, ...]
    locations: tuple[Location | None, ...] = ()  # one per diagnostic when known (see xtgen/app/show.py)

    def located(self) -> list[tuple[Diagnostic, Location | None]]:
        locations = self.locations or (None,) * len(self.diagnostics)
        return list(zip(self.diagnostics, locations, strict=True))


def format_line(name: str, diagnostic: Diagnostic, location: Location | None = None) -> str:
    """FILE:LINE:COL: SEVERITY CODE message [pointer] (see the module's docstring for the short forms)."""
    head = name if location is None else location.file
    if diagnostic.pointer and location is not None and location.line is not None:
        head = f"{head}:{location.line}:{location.column}"
    tail = f" [{diagnostic.pointer}]" if diagnostic.pointer else ""
    return f"{head}: {diagnostic.severity.value} {diagnostic.code} {diagnostic.message}{tail}"


def format_lines(name: str, diagnostics: Iterable[Diagnostic]) -> list[str]:
    return [format_line(name, d) for d in diagnostics]


def _diagnostic_dict(diagnostic: Diagnostic, location: Location | None) -> dict[str, Any]:
    out: dict[str, Any] = diagnostic.as_dict()
    if location is not None:
        out["document"] = location.document
        out["file"] = location.file
        if location.line is not None:
            out["line"] = location.line
            out["column"] = location.column
    return out


def report_document(entries: Sequence[InputReport]) -> dict[str, Any]:
    return {
        "xtgen": __version__,
        "inputs": [
            {
                "input": e.input,
                "output": e.output,
                "ok": e.ok,
                "diagnostics": [_diagnostic_dict(d, loc) for d, loc in e.located()],
            }
            for e in entries
        ],
    }


def report_text(entries: Sequence[InputReport]) -> str:
    return json.dumps(report_document(entries), indent=2, ensure_ascii=False) + "\n"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


def tally(diagnostics: Iterable[Diagnostic], severities: Sequence[Severity] = tuple(Severity)) -> str:
    """'2 errors, 1 warning' (only the severities present, among those asked for); '' when none."""
    found = {s: 0 for s in severities}
    for d in diagnostics:
        if d.severity in found:
            found[d.severity] += 1
    return ", ".join(plural(n, s.value) for s, n in found.items() if n)


def written_verdict(where: str, diagnostics: Sequence[Diagnostic]) -> str:
    """`wrote todo.swagger.json (1 warning)`."""
    counted = tally(diagnostics, (Severity.WARNING, Severity.INFO))
    return f"wrote {where}" + (f" ({counted})" if counted else "")


def failed_verdict(diagnostics: Sequence[Diagnostic], strict: bool, reason: str | None = None) -> str:
    """`nothing written: 2 errors`, `nothing written: 1 warning under --strict`, or the reason."""
    errors = tally(diagnostics, (Severity.ERROR,))
    if errors:
        return f"nothing written: {errors}"
    if reason:
        return f"nothing written: {reason}"
    warnings = tally(diagnostics, (Severity.WARNING,))
    return f"nothing written: {warnings} under --strict" if strict and warnings else "nothing written"
