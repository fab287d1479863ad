"""The CLI contract: streams, exit codes, atomic writes, determinism."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .conftest import FIXTURES, run_cli

SEED = FIXTURES / "security-seed-accesscode" / "input.yaml"
FAILING = FIXTURES / "security-cookie-alone" / "input.yaml"


def test_stdout_is_clean_json() -> None:
    result = run_cli(["convert", str(SEED)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["swagger"] == "2.0"


def test_stdin_input() -> None:
    result = run_cli(["convert", "-"], stdin=SEED.read_text())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["host"] == "api.example.com"


def test_errors_exit_1_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run_cli(["convert", str(FAILING), "-o", str(out)])
    assert result.exit_code == 1
    assert not out.exists()
    assert re.search(rf"^{re.escape(str(FAILING))}:\d+:\d+: error XT114 .*\[/security\]$", result.stderr, re.M)


def test_existing_output_kept_when_run_fails(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old\n")
    assert run_cli(["convert", str(FAILING), "-o", str(out)]).exit_code == 1
    assert out.read_text() == "old\n"


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    case = FIXTURES / "security-cookie-beside-apikey" / "input.yaml"
    out = tmp_path / "out.json"
    assert run_cli(["convert", str(case), "--target", "swagger2", "-o", str(out)]).exit_code == 0
    out.unlink()
    assert run_cli(["convert", str(case), "--target", "swagger2", "--strict", "-o", str(out)]).exit_code == 1
    assert not out.exists()


def test_unreadable_input_is_one_line_exit_2(tmp_path: Path) -> None:
    result = run_cli(["convert", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"xtgen: {tmp_path / 'missing.yaml'}: no such file"
    bad = tmp_path / "bad.json"
    bad.write_text('{"openapi": "3.0.0",, }')
    result = run_cli(["convert", str(bad)])
    assert result.exit_code == 2
    assert "malformed JSON" in result.stderr and "Traceback" not in result.stderr


def test_bad_option_is_usage_error() -> None:
    assert run_cli(["convert", str(SEED), "--target", "nope"]).exit_code == 2
    assert run_cli(["convert", str(SEED), "--format", "xml"]).exit_code == 2


def test_never_writes_over_input(tmp_path: Path) -> None:
    copy = tmp_path / "spec.json"
    copy.write_text(
        json.dumps(
            {
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "servers": [{"url": "https://x.example.com"}],
                "paths": {},
            }
        )
    )
    before = copy.read_text()
    result = run_cli(["convert", str(copy), "-o", str(copy)])
    assert result.exit_code == 2
    assert copy.read_text() == before


def test_deterministic_bytes_and_no_temp_files(tmp_path: Path) -> None:
    case = FIXTURES / "security-multiflow-swagger2" / "input.yaml"
    outputs = []
    for i in range(3):
        out = tmp_path / f"out{i}.json"
        assert run_cli(["convert", str(case), "--target", "swagger2", "-o", str(out)]).exit_code == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out0.json", "out1.json", "out2.json"]


def test_yaml_output_keeps_key_order() -> None:
    result = run_cli(["convert", str(SEED), "--format", "yaml"])
    assert result.exit_code == 0
    assert result.stdout.startswith("swagger: '2.0'\ninfo:\n")


def test_report_file(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    run_cli(["convert", str(FAILING), "--report", str(report)])
    data = json.loads(report.read_text())
    assert data["xtgen"]
    (entry,) = data["inputs"]
    assert entry["ok"] is False and entry["output"] is None
    assert {"code", "severity", "message", "pointer"} <= set(entry["diagnostics"][0])


def test_python_dash_m() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "xtgen", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("xtgen ")
