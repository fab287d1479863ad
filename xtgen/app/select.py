"""Which diagnostics count and which are shown: --select, --ignore, --min-severity (and their config keys).

A pattern is a code (`XT730`), a prefix (`XT7`, `XT73`) or a code or prefix scoped to a JSON pointer
(`XT730:/paths/~1tasks/get`, which covers that node and everything under it). `select` keeps only what
matches (everything when empty); `ignore` then drops what matches. Ignored diagnostics are neither shown,
nor in the report, nor counted by --strict. Errors stop the write, so no pattern hides them: they are
always kept, and `unignorable` names the patterns that tried.

`min_severity` only decides what is shown on stderr; what is kept still goes to the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from xtgen.model import Diagnostic, Severity, XtgenError

RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_CODE = re.compile(r"XT\d{0,3}")


@dataclass(frozen=True)
class Pattern:
    code: str  # a code or a prefix of one
    pointer: str | None = None  # None: anywhere

    def matches(self, diagnostic: Diagnostic) -> bool:
        if not diagnostic.code.startswith(self.code):
            return False
        if self.pointer is None:
            return True
        at = diagnostic.pointer
        return at == self.pointer or at.startswith(self.pointer.rstrip("/") + "/")

    def __str__(self) -> str:
        return self.code if self.pointer is None else f"{self.code}:{self.pointer}"


def parse_pattern(text: str, flag: str) -> Pattern:
    """'XT730', 'XT7' or 'XT730:/paths/~1tasks/get'; anything else is a usage error naming the flag."""
    code, sep, pointer = text.strip().partition(":")
    code = code.upper()
    if not _CODE.fullmatch(code) or (sep and not pointer.startswith("/")):
        raise XtgenError(
            f"{flag} {text!r}: give a code (XT730), a prefix (XT7) or a code and a JSON pointer (XT730:/paths/~1a/get)"
        )
    if len(code) == 5:
        _check_known(code, flag)
    return Pattern(code, pointer if sep else None)


def _check_known(code: str, flag: str) -> None:
    from xtgen.codes import CATALOGUE, lookup

    try:
        lookup(code)
    except KeyError:
        import difflib

        close = difflib.get_close_matches(code, list(CATALOGUE), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else " (see xtgen's code catalogue)"
        raise XtgenError(f"{flag} {code}: no such code{hint}") from None


def parse_patterns(values: Iterable[str] | None, flag: str) -> tuple[Pattern, ...]:
    """Patterns from repeated flags or a config list; a comma-separated value holds several."""
    out = []
    for value in values or ():
        out += [parse_pattern(part, flag) for part in str(value).split(",") if part.strip()]
    return tuple(out)


def parse_severity(value: str | None, flag: str = "--min-severity") -> Severity | None:
    if value is None:
        return None
    try:
        return Severity(value.lower())
    except ValueError:
        import difflib

        close = difflib.get_close_matches(value.lower(), [s.value for s in Severity], n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise XtgenError(f"{flag} must be one of error, warning, info (got {value!r}){hint}") from None


@dataclass(frozen=True)
class Selection:
    select: tuple[Pattern, ...] = ()
    ignore: tuple[Pattern, ...] = ()
    min_severity: Severity | None = None  # None: the command's default (see shown_severity)

    def keeps(self, diagnostic: Diagnostic) -> bool:
        if diagnostic.severity is Severity.ERROR:
            return True
        if self.select and not any(p.matches(diagnostic) for p in self.select):
            return False
        return not any(p.matches(diagnostic) for p in self.ignore)

    def kept(self, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        return tuple(d for d in diagnostics if self.keeps(d))

    def unignorable(self, diagnostics: Iterable[Diagnostic]) -> list[str]:
        """The ignore patterns (and codes) that matched an error, which stays: for one line saying so."""
        return sorted(
            {
                f"{p} ({d.code})"
                for d in diagnostics
                if d.severity is Severity.ERROR
                for p in self.ignore
                if p.matches(d)
            }
        )

    def count_warnings(self, diagnostics: Iterable[Diagnostic]) -> int:
        """What --strict counts: the warnings kept."""
        return sum(1 for d in diagnostics if d.severity is Severity.WARNING and self.keeps(d))


EVERYTHING = Selection()  # no --select, no --ignore, the command's default severity


def shown_severity(selection: Selection, *, batch: bool, verbose: bool, quiet: bool) -> Severity:
    """The least severity shown on stderr: --min-severity if given; else info for a single `convert` (it
    explains the changes) and for --verbose, warnings for batches, `build`, `--check` and -q."""
    if selection.min_severity is not None:
        return selection.min_severity
    if verbose:
        return Severity.INFO
    return Severity.WARNING if batch or quiet else Severity.INFO


def shown(diagnostics: Iterable[Diagnostic], least: Severity) -> tuple[Diagnostic, ...]:
    return tuple(d for d in diagnostics if RANK[d.severity] >= RANK[least])


def selection_settings(settings: Mapping[str, Any]) -> Selection:
    """The selection among a run's settings (`convert` flags, or a config's keys: select, ignore, min-severity)."""
    return Selection(
        parse_patterns(settings.get("select"), "--select"),
        parse_patterns(settings.get("ignore"), "--ignore"),
        parse_severity(settings.get("min-severity")),
    )


def merge_flags(settings: Mapping[str, Any], flags: Mapping[str, Any]) -> dict[str, Any]:
    """A config entry's settings with the command line's select/ignore/min-severity: --select and
    --min-severity replace the config's, --ignore adds to its ignores."""
    merged = dict(settings)
    for key, value in flags.items():
        if value is None or value == []:
            continue
        merged[key] = [*settings.get("ignore", []), *value] if key == "ignore" else value
    return merged
