"""How the diagnostics options (declared in xtgen/options.py: --output-format, --select, --ignore,
--min-severity, --verbose, -q) become what a command shows."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from xtgen.app.select import Selection, selection_settings, shown_severity
from xtgen.app.show import Presentation
from xtgen.model import DiagnosticsFormat

SELECTION_KEYS = ("select", "ignore", "min-severity")


def presentation(
    fmt: DiagnosticsFormat | str,
    selection: Selection,
    report: Path | None,
    *,
    batch: bool,
    verbose: bool = False,
    quiet: bool = False,
) -> Presentation:
    """What to show (the least severity), in which format, and the --report file."""
    chosen = DiagnosticsFormat.parse(fmt, "--output-format")
    least = shown_severity(selection, batch=batch, verbose=verbose, quiet=quiet)
    return Presentation(least, chosen.value, report)


def selection_flags(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The select/ignore/min-severity values among a command's settings."""
    return {key: settings.get(key) for key in SELECTION_KEYS}


def selection_of(settings: Mapping[str, Any]) -> Selection:
    """For commands without a config (lint): the flags alone."""
    return selection_settings(selection_flags(settings))
