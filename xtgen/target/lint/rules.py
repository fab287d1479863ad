"""The Nintex readiness rules: which XT7xx codes are lint checks, fix-ups, Power Automate migration or
Swagger 2.0 input handling, and which earlier diagnostics already cover a check.

Code, severity, title, explanation and basis live in the code catalogue (xtgen/codes.py), the one home
of every code; a `Rule` reads them from there. Every XT7xx diagnostic is made through `diagnostic()`,
which takes the catalogue's default severity, so the rules and the linter cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from xtgen.model import Diagnostic, Severity

if TYPE_CHECKING:  # the catalogue loads with the first diagnostic, not with `xtgen --help`
    from xtgen.codes import Basis, CodeInfo


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str  # lint (a check), fix (a nintex-target fix-up), migrate (Power Automate), input (2.0 input)
    # convert-stage codes that already report this problem: during `xtgen convert` a lint finding is
    # dropped when an earlier diagnostic carries one of these codes
    covered_by: tuple[str, ...] = ()

    @property
    def info(self) -> CodeInfo:
        from xtgen.codes import lookup

        return lookup(self.code)

    @property
    def severity(self) -> Severity:
        return self.info.severity

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def basis(self) -> Basis:
        return self.info.basis


_HOST = ("XT204", "XT205", "XT206")
_MIGRATED = ("XT780",)

RULES: tuple[Rule, ...] = (
    Rule("XT700", "lint"),
    Rule("XT701", "lint"),
    Rule("XT702", "lint"),
    Rule("XT703", "lint", covered_by=_HOST),
    Rule("XT704", "lint"),
    Rule("XT705", "lint", covered_by=_HOST),
    Rule("XT706", "lint"),
    Rule("XT707", "lint"),
    Rule("XT708", "input"),
    Rule("XT709", "input"),
    Rule("XT710", "lint", covered_by=("XT120",)),
    Rule("XT711", "lint"),
    Rule("XT712", "lint"),
    Rule("XT713", "lint"),
    Rule("XT714", "lint"),
    Rule("XT715", "lint", covered_by=("XT112", "XT717")),
    Rule("XT716", "lint", covered_by=("XT122",)),
    Rule("XT717", "input"),
    Rule("XT718", "lint"),
    Rule("XT720", "lint"),
    Rule("XT721", "lint"),
    Rule("XT730", "lint"),
    Rule("XT731", "lint"),
    Rule("XT732", "fix"),
    Rule("XT740", "lint"),
    Rule("XT741", "fix"),
    Rule("XT750", "lint"),
    Rule("XT751", "lint"),
    Rule("XT752", "lint"),
    Rule("XT753", "fix"),
    Rule("XT754", "fix"),
    Rule("XT755", "fix"),
    Rule("XT760", "lint"),
    Rule("XT761", "lint"),
    Rule("XT762", "lint"),
    Rule("XT763", "lint"),
    Rule("XT764", "lint"),
    Rule("XT765", "lint"),
    Rule("XT766", "lint"),
    Rule("XT767", "lint"),
    Rule("XT768", "lint"),
    Rule("XT770", "lint", covered_by=_MIGRATED),
    Rule("XT771", "lint", covered_by=_MIGRATED),
    Rule("XT772", "lint", covered_by=_MIGRATED),
    Rule("XT780", "migrate"),
    Rule("XT781", "migrate"),
    Rule("XT782", "migrate", covered_by=_MIGRATED),
    Rule("XT783", "migrate"),
    Rule("XT784", "migrate"),
    Rule("XT785", "migrate"),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def diagnostic(code: str, message: str, pointer: str = "") -> Diagnostic:
    """A Diagnostic for a code of the catalogue, with its default severity."""
    from xtgen.codes import lookup

    return Diagnostic(code, lookup(code).severity, message, pointer)


def rules_table(markdown: bool = False) -> str:
    """The table `xtgen rules` prints: every code of the catalogue (plain columns, or Markdown for the README)."""
    from xtgen.codes import TableFormat, catalogue_table

    return catalogue_table(TableFormat.MARKDOWN if markdown else TableFormat.TEXT)
