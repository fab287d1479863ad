"""Reporters: diagnostics as stderr lines and as the JSON report. Formatting only, no logic."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xtgen import __version__
from xtgen.model import Diagnostic


@dataclass(frozen=True)
class InputReport:
    """One input's outcome, as the report file shows it."""

    input: str
    output: str | None
    ok: bool
    diagnostics: tuple[Diagnostic, ...]


def format_line(name: str, diagnostic: Diagnostic) -> str:
    """FILE:POINTER: SEVERITY CODE message"""
    return f"{name}:{diagnostic.pointer}: {diagnostic.severity.value} {diagnostic.code} {diagnostic.message}"


def format_lines(name: str, diagnostics: Iterable[Diagnostic]) -> list[str]:
    return [format_line(name, d) for d in diagnostics]


def report_document(entries: Sequence[InputReport]) -> dict[str, Any]:
    return {
        "xtgen": __version__,
        "inputs": [
            {
                "input": e.input,
                "output": e.output,
                "ok": e.ok,
                "diagnostics": [d.as_dict() for d in e.diagnostics],
            }
            for e in entries
        ],
    }


def report_text(entries: Sequence[InputReport]) -> str:
    return json.dumps(report_document(entries), indent=2, ensure_ascii=False) + "\n"
