"""The code catalogue: every XT code with its default severity, stage, title, explanation and basis.

STUB on the `diag` branch, replaced by the `catalogue` branch: it has the agreed interface and a handful of
entries; `lookup` falls back to a generic entry for codes it lacks, so callers work with either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from xtgen.model import Severity


class Basis(StrEnum):
    """Why a rule exists."""

    NINTEX_DOCS = "documented by Nintex"
    NINTEX_SAMPLES = "seen in Nintex samples"
    SWAGGER2 = "Swagger 2.0 rule"
    OPENAPI = "OpenAPI rule"
    XTGEN = "xtgen's choice"


@dataclass(frozen=True)
class CodeInfo:
    code: str
    severity: Severity
    stage: str
    title: str
    explanation: str
    basis: Basis
    also: frozenset[Severity] = frozenset()


STAGES = (
    ("0", "input"),
    ("1", "security"),
    ("2", "servers"),
    ("3", "parameters"),
    ("4", "responses"),
    ("5", "schemas"),
    ("6", "dropped"),
    ("7", "readiness"),
    ("8", "presets"),
    ("9", "output"),
)

_ENTRIES = (
    CodeInfo(
        "XT102",
        Severity.WARNING,
        "security",
        "a security scheme Swagger 2.0 cannot express was dropped",
        "Swagger 2.0 has no equivalent for this scheme; other alternatives remain.",
        Basis.SWAGGER2,
        frozenset({Severity.ERROR}),
    ),
    CodeInfo(
        "XT714",
        Severity.WARNING,
        "readiness",
        "operations rely on the root security instead of their own arrays",
        "Nintex asks for a security array on each operation; xtgen convert copies the root one down.",
        Basis.NINTEX_DOCS,
    ),
    CodeInfo(
        "XT730",
        Severity.WARNING,
        "readiness",
        "an array of objects without x-ntx-render-version: 2",
        "Nintex renders arrays of objects only with x-ntx-render-version: 2 at the root.",
        Basis.NINTEX_DOCS,
    ),
    CodeInfo(
        "XT901",
        Severity.ERROR,
        "output",
        "the output is not valid Swagger 2.0",
        "An xtgen bug: the output failed validation and was not written; please report it.",
        Basis.XTGEN,
    ),
)

CATALOGUE: Mapping[str, CodeInfo] = {info.code: info for info in _ENTRIES}


def lookup(code: str) -> CodeInfo:
    """The catalogue entry of a code (the stub: a generic entry for codes it lacks)."""
    if code in CATALOGUE:
        return CATALOGUE[code]
    stage = dict(STAGES).get(code[2:3], "input")
    return CodeInfo(code, Severity.WARNING, stage, code, f"{code}: see xtgen's code catalogue.", Basis.XTGEN)
