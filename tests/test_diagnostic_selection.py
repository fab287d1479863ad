"""--select / --ignore / --min-severity: patterns, scoping, errors that stay, and what --strict counts."""

from __future__ import annotations

import pytest

from xtgen.app.select import Selection, merge_flags, parse_pattern, parse_patterns, selection_settings, shown
from xtgen.app.select import shown_severity as least
from xtgen.model import Diagnostic, Severity, XtgenError

W, E, N = Severity.WARNING, Severity.ERROR, Severity.INFO
TASKS = Diagnostic("XT730", W, "m", "/paths/~1tasks/get/parameters/0")
OTHER = Diagnostic("XT730", W, "m", "/paths/~1tasksx/get")
INFO = Diagnostic("XT753", N, "m", "/paths/~1tasks/get/operationId")
ERROR = Diagnostic("XT114", E, "m", "/security")


def test_codes_prefixes_and_pointer_scopes() -> None:
    assert parse_pattern("xt7", "--ignore").matches(TASKS)
    scoped = parse_pattern("XT730:/paths/~1tasks/get", "--ignore")
    assert scoped.matches(TASKS) and not scoped.matches(OTHER)  # a pointer covers its node and below only
    selection = Selection(ignore=parse_patterns(["XT730:/paths/~1tasks/get,XT75"], "--ignore"))
    assert selection.kept([TASKS, OTHER, INFO]) == (OTHER,)


def test_select_keeps_only_what_matches_and_errors_always_stay() -> None:
    selection = Selection(select=(parse_pattern("XT75", "--select"),), ignore=(parse_pattern("XT1", "--ignore"),))
    assert selection.kept([TASKS, INFO, ERROR]) == (INFO, ERROR)
    assert selection.unignorable([TASKS, ERROR]) == ["XT1 (XT114)"]


def test_strict_counts_only_the_warnings_kept() -> None:
    selection = Selection(ignore=(parse_pattern("XT730", "--ignore"),))
    assert selection.count_warnings([TASKS, OTHER, INFO]) == 0
    assert Selection().count_warnings([TASKS, OTHER, INFO]) == 2


@pytest.mark.parametrize("bad", ["730", "XT7301", "XT730:paths", "E501", "XT7a"])
def test_bad_patterns_are_usage_errors(bad: str) -> None:
    with pytest.raises(XtgenError, match="--ignore"):
        parse_pattern(bad, "--ignore")


def test_min_severity_and_the_commands_defaults() -> None:
    assert least(Selection(), batch=False, verbose=False, quiet=False) is N  # convert explains its changes
    assert least(Selection(), batch=False, verbose=False, quiet=True) is W
    assert least(Selection(), batch=True, verbose=False, quiet=False) is W  # build, batches, --check
    assert least(Selection(), batch=True, verbose=True, quiet=False) is N
    assert least(selection_settings({"min-severity": "error"}), batch=False, verbose=True, quiet=False) is E
    assert shown([TASKS, INFO, ERROR], W) == (TASKS, ERROR)
    with pytest.raises(XtgenError, match="did you mean warning"):
        selection_settings({"min-severity": "warnings"})


def test_command_line_flags_over_config_settings() -> None:
    config = {"ignore": ["XT7"], "select": ["XT1"], "target": "nintex"}
    merged = merge_flags(config, {"ignore": ["XT5"], "select": ["XT2"], "min-severity": None})
    assert merged == {"ignore": ["XT7", "XT5"], "select": ["XT2"], "target": "nintex"}
