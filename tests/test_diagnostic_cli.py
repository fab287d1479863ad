"""The diagnostics as the CLI shows them: locations, filters, verdicts last, reports for unreadable inputs,
UTF-8 streams whatever the locale, -o -."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli
from .test_diagnostic_formats import SPEC, specs


def test_convert_locates_input_and_output_pointers(tmp_path: Path) -> None:
    good, _ = specs(tmp_path)
    out = tmp_path / "out.json"
    lines = run_cli(["convert", str(good), "-o", str(out)]).stderr.splitlines()
    assert lines[0].startswith(f"{good}:9:5: warning XT102 ") and lines[0].endswith(
        "[/components/securitySchemes/session]"
    )
    assert SPEC.split("\n")[8] == "    session:"
    xt753 = next(line for line in lines if " XT753 " in line)
    assert xt753.startswith(f"{out}:")  # an output pointer, printed against the output file
    line, column = (int(n) for n in xt753[len(str(out)) + 1 :].split(":")[:2])
    assert out.read_text(encoding="utf-8").split("\n")[line - 1][column - 1 :].startswith('"operationId"')
    assert lines[-1] == f"wrote {out} (1 warning, 2 info)"


def test_stdout_output_is_named_output_and_dash_o_means_stdout(tmp_path: Path) -> None:
    good, _ = specs(tmp_path)
    for flags in ([], ["-o", "-"]):
        result = run_cli(["convert", str(good), *flags])
        assert json.loads(result.stdout)["swagger"] == "2.0"
        assert any(line.startswith("<output>:") and " XT753 " in line for line in result.stderr.splitlines())
        assert result.stderr.splitlines()[-1] == "wrote to stdout (1 warning, 2 info)"
    assert not (tmp_path / "-").exists()


def test_quiet_and_min_severity(tmp_path: Path) -> None:
    good, _ = specs(tmp_path)
    quiet = run_cli(["convert", str(good), "-q", "-o", str(tmp_path / "a.json")]).stderr.splitlines()
    assert [line for line in quiet if " info " in line] == [] and " XT102 " in quiet[0]
    errors_only = run_cli(["convert", str(good), "--min-severity", "error", "-o", str(tmp_path / "b.json")])
    assert errors_only.stderr.splitlines() == [f"wrote {tmp_path / 'b.json'} (1 warning, 2 info)"]


def test_ignore_and_strict(tmp_path: Path) -> None:
    good, broken = specs(tmp_path)
    out = tmp_path / "out.json"
    assert run_cli(["convert", str(good), "--strict", "-o", str(out)]).exit_code == 1 and not out.exists()
    result = run_cli(["convert", str(good), "--strict", "--ignore", "XT102", "-o", str(out)])
    assert result.exit_code == 0 and out.exists()  # --strict counts only what is not ignored
    assert " XT102 " not in result.stderr
    scoped = run_cli(["convert", str(good), "--ignore", "XT1:/components/securitySchemes/session", "-o", str(out)])
    assert " XT102 " not in scoped.stderr and " XT113 " in scoped.stderr
    failed = run_cli(["convert", str(broken), "--ignore", "XT114", "-o", str(out)])
    lines = failed.stderr.splitlines()
    assert failed.exit_code == 1 and any(" error XT114 " in line for line in lines)
    assert "xtgen: --ignore XT114 (XT114): errors stop the write and cannot be ignored" in lines
    assert lines[-1] == "nothing written: 1 error"


def test_unknown_code_and_bad_pattern_are_usage_errors(tmp_path: Path) -> None:
    good, _ = specs(tmp_path)
    result = run_cli(["convert", str(good), "--select", "730"])
    assert result.exit_code == 2 and "--select '730'" in result.stderr


def write_config(tmp_path: Path, text: str) -> Path:
    specs(tmp_path)
    config = tmp_path / "xtgen.toml"
    config.write_text(text)
    return config


def test_build_shows_warnings_by_default_info_with_verbose_and_reads_ignores_from_config(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'out-dir = "out"\n[[spec]]\ninput = "tasks.yaml"\n')
    lines = run_cli(["build", "--config", str(config), "-q"]).stderr.splitlines()
    assert lines == [
        next(line for line in lines if line.startswith("tasks.yaml:9:5: warning XT102 ")),
        "1 input: 1 written (1 with warnings), 0 failed",
    ]
    verbose = run_cli(["build", "--config", str(config), "-q", "--verbose"]).stderr
    assert "out/tasks.json:" in verbose and " info XT753 " in verbose  # relative to the config's folder
    config.write_text('out-dir = "out"\nignore = ["XT1"]\n[[spec]]\ninput = "tasks.yaml"\nignore = ["XT753"]\n')
    report = tmp_path / "report.json"
    quiet = run_cli(["build", "--config", str(config), "-q", "--verbose", "--report", str(report)])
    assert quiet.stderr.splitlines() == ["1 input: 1 written (0 with warnings), 0 failed"]
    assert json.loads(report.read_text())["inputs"][0]["diagnostics"] == []


def test_check_ends_with_the_stale_output(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'out-dir = "out"\n[[spec]]\ninput = "tasks.yaml"\n')
    assert run_cli(["build", "--config", str(config), "-q"]).exit_code == 0
    (tmp_path / "out" / "tasks.json").write_text("{}\n")
    result = run_cli(["build", "--config", str(config), "-q", "--check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "stale: out/tasks.json: run xtgen build",
        "1 input checked: 1 out of date, 0 failed",
    ]


def test_unreadable_input_still_writes_the_report(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    missing = tmp_path / "missing.yaml"
    result = run_cli(["convert", str(missing), "--report", str(report)])
    assert result.exit_code == 2 and result.stderr.splitlines() == [f"xtgen: {missing}: no such file"]
    entry = json.loads(report.read_text())["inputs"][0]
    assert entry["ok"] is False and entry["output"] is None
    assert [(d["code"], d["severity"], d["message"]) for d in entry["diagnostics"]] == [
        ("XT009", "error", "no such file")
    ]
    lint = run_cli(["lint", str(missing), "--report", str(report)])
    assert lint.exit_code == 2 and json.loads(report.read_text())["inputs"][0]["diagnostics"][0]["code"] == "XT009"


def test_batch_reports_a_missing_input_with_its_reason(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'out-dir = "out"\n[[spec]]\ninput = "tasks.yaml"\n[[spec]]\ninput = "gone.yaml"\n')
    report = tmp_path / "report.json"
    result = run_cli(["build", "--config", str(config), "-q", "--report", str(report)])
    assert result.exit_code == 1 and "gone.yaml: error XT009 no such file" in result.stderr
    assert str(tmp_path) not in result.stderr  # paths relative to the config's folder
    entry = json.loads(report.read_text())["inputs"][1]
    assert entry["input"] == "gone.yaml" and entry["diagnostics"][0]["code"] == "XT009"


def test_lint_verdict_last(tmp_path: Path) -> None:
    good, _ = specs(tmp_path)
    out = tmp_path / "out.json"
    run_cli(["convert", str(good), "-o", str(out)])
    result = run_cli(["lint", str(out)])
    assert result.exit_code == 0 and result.stderr.splitlines()[-1] == f"{out}: ready for Nintex"
    strict = run_cli(["lint", str(out), "--strict", "--select", "XT7"])
    assert strict.exit_code == 0


def test_streams_are_utf8_whatever_the_locale(tmp_path: Path) -> None:
    good, _ = specs(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "xtgen", "convert", str(good), "--ignore", "XT1"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert json.loads(done.stdout.decode("utf-8"))["info"]["title"] == "Tâches für alle"
    assert done.stderr.decode("utf-8").splitlines()[-1] == "wrote to stdout (1 info)"


@pytest.mark.parametrize(("no_color", "expected"), [("", True), ("1", False)])
def test_colour_only_on_a_terminal_without_no_color(
    monkeypatch: pytest.MonkeyPatch, no_color: str, expected: bool
) -> None:
    from xtgen.app import console

    monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert console._colour() is expected
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert console._colour() is False


def test_a_misspelt_preset_gets_a_suggestion(tmp_path: Path) -> None:
    good, _ = specs(tmp_path)
    result = run_cli(["convert", str(good), "--preset", "salesforse"])
    assert result.exit_code == 2 and "unknown preset 'salesforse'; did you mean salesforce?" in result.stderr
    assert "did you mean" not in run_cli(["preset", "okta"]).stderr


def test_preset_and_docs_end_with_a_verdict(tmp_path: Path) -> None:
    printed = run_cli(["preset", "salesforce", "--salesforce-domain", "acme"])
    assert printed.exit_code == 0 and printed.stderr.splitlines()[-1] == "wrote to stdout (1 info)"
    _, broken = specs(tmp_path)
    docs = run_cli(["docs", str(broken), "--out-dir", str(tmp_path / "docs")])
    assert docs.exit_code == 1 and docs.stderr.splitlines()[-1] == "nothing written: 1 error"
