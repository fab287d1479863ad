"""End-to-end golden records: every folder of fixtures/ is one case (conventions.md).

Regenerate with `pytest tests/test_golden.py --update-goldens`, then read `git diff fixtures/`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES, assert_valid_swagger2, run_cli

CASES = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and any(p.glob("input.*")))


def case_options(case: Path) -> dict[str, Any]:
    """A case's options.json ({} without one)."""
    options_file = case / "options.json"
    return json.loads(options_file.read_text()) if options_file.exists() else {}


def cli_args(case: Path, options: dict[str, Any]) -> list[str]:
    """options.json -> CLI flags: {"target": "swagger2", "server-var": ["a=b"], "no-validate": true}.

    Values naming a file or folder relative to the case (e.g. "oidc-discovery": "discovery.json") are made
    absolute.
    """
    args: list[str] = []
    for key, value in options.items():
        if key in ("command", "exit"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if item is True:
                args.append(f"--{key}")
            elif item is not False:
                text = str(item)
                if (case / text).exists():
                    text = str((case / text).resolve())
                args += [f"--{key}", text]
    return args


def diagnostics_lines(report: dict[str, Any]) -> list[str]:
    return [
        f"{d['severity']} {d['code']} {d['pointer']} {d['message']}"
        for entry in report["inputs"]
        for d in entry["diagnostics"]
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, tmp_path: Path, update_goldens: bool) -> None:
    source = next(case.glob("input.*"))
    options = case_options(case)
    command = options.get("command", "convert")
    out, report_path = tmp_path / "out.json", tmp_path / "report.json"
    result = run_cli([command, str(source), "-o", str(out), "--report", str(report_path), *cli_args(case, options)])
    if options.get("exit") == 2:  # a usage error (a bad overlay): one line on stderr, in diagnostics.txt
        assert result.exit_code == 2 and not out.exists(), result.output
        lines = [line.replace(str(case) + "/", "") for line in result.output.splitlines()]
        if update_goldens:
            (case / "diagnostics.txt").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        assert len(lines) == 1 and lines == (case / "diagnostics.txt").read_text(encoding="utf-8").splitlines()
        return
    assert result.exit_code in (0, 1), result.output
    report = json.loads(report_path.read_text())
    lines = [line.replace(str(case) + "/", "") for line in diagnostics_lines(report)]
    expected_out, expected_diag = case / "expected.json", case / "diagnostics.txt"
    if update_goldens:
        if result.exit_code == 0:
            expected_out.write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
        elif expected_out.exists():
            expected_out.unlink()
        expected_diag.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert lines == expected_diag.read_text(encoding="utf-8").splitlines()
    if expected_out.exists():
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert text == expected_out.read_text(encoding="utf-8")
        assert_valid_swagger2(json.loads(text))
    else:
        assert result.exit_code == 1
        assert not out.exists(), "a failed run must write nothing"
