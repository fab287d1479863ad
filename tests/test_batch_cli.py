"""Batch conversion from the command line: `convert A B --out-dir`, `build`, `--check`, `--jobs`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, assert_valid_swagger2, copy_fixture_inputs, run_cli

GOOD = ["security-seed-accesscode", "security-bearer", "security-basic", "servers-variables-port"]
BAD = "security-cookie-alone"


specs = copy_fixture_inputs


def test_several_inputs_to_out_dir(tmp_path: Path) -> None:
    names = specs(tmp_path / "specs", GOOD)
    out = tmp_path / "out"
    result = run_cli(["convert", *names, "--out-dir", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{c}.json" for c in GOOD)
    for case in GOOD:
        text = (out / f"{case}.json").read_text()
        assert text == (FIXTURES / case / "expected.json").read_text()
        assert_valid_swagger2(json.loads(text))
    assert result.stderr.splitlines()[-1] == "4 inputs: 4 written (0 with warnings), 0 failed"


def test_stem_collision_is_a_usage_error_before_writing(tmp_path: Path) -> None:
    a = specs(tmp_path / "a", GOOD[:1])
    b = specs(tmp_path / "b", GOOD[:1])
    out = tmp_path / "out"
    result = run_cli(["convert", *a, *b, "--out-dir", str(out)])
    assert result.exit_code == 2 and "would both write" in result.stderr
    assert not out.exists()


def test_several_inputs_need_out_dir(tmp_path: Path) -> None:
    names = specs(tmp_path, GOOD[:2])
    assert run_cli(["convert", *names]).exit_code == 2
    assert run_cli(["convert", *names, "-o", str(tmp_path / "x.json")]).exit_code == 2


def test_one_failure_does_not_stop_the_others_and_report_covers_all(tmp_path: Path) -> None:
    names = [*specs(tmp_path / "specs", [GOOD[0], BAD, GOOD[1]]), str(tmp_path / "missing.yaml")]
    out, report = tmp_path / "out", tmp_path / "report.json"
    result = run_cli(["convert", *names, "--out-dir", str(out), "--report", str(report), "--jobs", "2"])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{c}.json" for c in (GOOD[0], GOOD[1]))
    data = json.loads(report.read_text())
    assert [e["input"] for e in data["inputs"]] == names
    assert [e["ok"] for e in data["inputs"]] == [True, False, True, False]
    assert data["inputs"][0]["output"] == str(out / f"{GOOD[0]}.json")
    assert data["inputs"][1]["output"] is None
    assert [d["code"] for d in data["inputs"][1]["diagnostics"]] == ["XT102", "XT114"]
    assert "no such file" in result.stderr
    assert result.stderr.splitlines()[-1] == "4 inputs: 2 written (0 with warnings), 2 failed"


def test_check_fresh_stale_missing(tmp_path: Path) -> None:
    names = specs(tmp_path / "specs", GOOD[:2])
    out = tmp_path / "out"
    check = ["convert", *names, "--out-dir", str(out), "--check"]
    result = run_cli(check)
    assert result.exit_code == 1 and result.stderr.count("missing: ") == 2 and not out.exists()
    assert run_cli(["convert", *names, "--out-dir", str(out)]).exit_code == 0
    assert run_cli(check).exit_code == 0
    stale = out / f"{GOOD[1]}.json"
    stale.write_text(stale.read_text().replace("2.0", "2.0 ", 1))
    before = stale.read_text()
    result = run_cli(check)
    assert result.exit_code == 1 and f"stale: {stale}" in result.stderr
    assert stale.read_text() == before  # --check writes nothing


def test_check_covers_docs(tmp_path: Path) -> None:
    names = specs(tmp_path / "specs", GOOD[:1])
    out = tmp_path / "out"
    assert run_cli(["convert", *names, "--out-dir", str(out), "--docs", str(out)]).exit_code == 0
    docs = out / GOOD[0]
    assert sorted(p.name for p in docs.iterdir()) == ["README.md", "index.html"]
    assert run_cli(["convert", *names, "--out-dir", str(out), "--docs", str(out), "--check"]).exit_code == 0
    (docs / "README.md").write_text("edited\n")
    result = run_cli(["convert", *names, "--out-dir", str(out), "--docs", str(out), "--check"])
    assert result.exit_code == 1 and "stale: " in result.stderr and "README.md" in result.stderr


def test_same_bytes_whatever_jobs(tmp_path: Path) -> None:
    names = specs(tmp_path / "specs", [*GOOD, "security-multiflow-nintex", "responses-media-and-headers"])
    runs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        report = tmp_path / f"report{jobs}.json"
        assert (
            run_cli(
                ["convert", *names, "--out-dir", str(out), "--jobs", jobs, "--report", str(report), "--quiet"]
            ).exit_code
            == 0
        )
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        entries = json.loads(report.read_text())["inputs"]
        found = [[{k: v for k, v in d.items() if k != "file"} for d in e["diagnostics"]] for e in entries]
        runs.append((files, [(e["input"], e["ok"], d) for e, d in zip(entries, found, strict=True)]))  # file: outN/
    assert runs[0] == runs[1]


def write_config(folder: Path, text: str) -> None:
    specs(folder / "specs", GOOD[:2])
    (folder / "xtgen.toml").write_text(text)


def test_build_finds_config_upwards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(
        tmp_path,
        'out-dir = "dist"\n'
        f'[[spec]]\ninput = "specs/{GOOD[0]}.yaml"\ndocs = true\n'
        f'[[spec]]\ninput = "specs/{GOOD[1]}.yaml"\noutput = "bearer.json"\ntarget = "swagger2"\n',
    )
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    result = run_cli(["build", "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    dist = tmp_path / "dist"
    assert sorted(p.name for p in dist.iterdir()) == sorted([f"{GOOD[0]}.json", GOOD[0], "bearer.json"])
    assert (dist / f"{GOOD[0]}.json").read_text() == (FIXTURES / GOOD[0] / "expected.json").read_text()
    assert "securityDefinitions" in json.loads((dist / "bearer.json").read_text())
    assert run_cli(["build", "--check"]).exit_code == 0


def test_build_from_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs(tmp_path / "specs", GOOD[:1])
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.xtgen]\nout-dir = "gen"\n[[tool.xtgen.spec]]\ninput = "specs/{GOOD[0]}.yaml"\n'
    )
    monkeypatch.chdir(tmp_path)
    assert run_cli(["build"]).exit_code == 0
    assert (tmp_path / "gen" / f"{GOOD[0]}.json").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[spec]]\ninput = "specs/a.yaml"\ncolour = "red"\n', "spec[0].colour: unknown option"),
        ('[[spec]]\ninput = "specs/a.yaml"\noutput = "../escape.json"\n', "would be written outside"),
        ('[[spec]]\ninput = "specs/a.yaml"\npreset = "nope"\n', "spec[0]"),
    ],
)
def test_build_config_errors_exit_2_naming_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    write_config(tmp_path, text)
    result = run_cli(["build", "--config", str(tmp_path / "xtgen.toml")])
    assert result.exit_code == 2
    assert str(tmp_path / "xtgen.toml") in result.stderr and message in result.stderr
    assert not (tmp_path / "xtensions").exists()


def test_build_without_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(["build"])
    assert result.exit_code == 2 and "no xtgen.toml" in result.stderr


def _batch_of_six(tmp_path: Path) -> tuple[list[str], Path, str, str]:
    """Six copies of one real spec, converted once: (base command, out folder, new text, "old" text)."""
    folder = tmp_path / "specs"
    names = []
    for i in range(6):
        folder.mkdir(exist_ok=True)
        target = folder / f"spec{i:02d}.yaml"
        shutil.copy(FIXTURES / "real-oas30-polymorphism" / "input.yaml", target)
        names.append(str(target))
    out = tmp_path / "out"
    base = [sys.executable, "-m", "xtgen", "convert", *names, "--quiet", "--out-dir", str(out), "--target", "swagger2"]
    assert subprocess.run(base, capture_output=True, check=False).returncode == 0
    new_text = (out / "spec00.json").read_text()
    old_text = json.dumps(json.loads(new_text)) + "\n"  # the "old" outputs: same content, other bytes
    return base, out, new_text, old_text


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".json"))


def test_killed_batch_leaves_no_truncated_output(tmp_path: Path) -> None:
    """SIGKILL a batch at instrumented points of the writer (XTGEN_TEST_STOP_AT, see xtgen/app/write.py): each
    output is the old document or the new one, never a part. Every output is written to a temporary file first
    and renamed only once all of them are (the batch's commit), so a kill before the commit leaves every old
    output, and exactly the outputs renamed before the kill are new. The temporary files a kill leaves (no
    process can remove them) are removed by the next batch into the folder."""
    base, out, new_text, old_text = _batch_of_six(tmp_path)
    for jobs in ("1", "2"):
        for point, nth, renamed in (
            ("partial", 1, 0),
            ("partial", 3, 0),
            ("before-rename", 1, 0),
            ("after-rename", 1, 1),
            ("after-rename", 4, 4),
        ):
            if jobs == "2" and point == "partial":
                continue  # staged in the worker processes: see test_interrupted_batch_leaves_no_temporary_file
            for path in out.glob("*.json"):
                path.write_text(old_text)
            env = {**os.environ, "XTGEN_TEST_STOP_AT": f"{point}:{nth}"}
            done = subprocess.run([*base, "--jobs", jobs], env=env, capture_output=True, check=False)
            assert done.returncode == -signal.SIGKILL, (point, nth, done.stderr[-300:])
            texts = [(out / f"spec{i:02d}.json").read_text() for i in range(6)]
            assert texts == [new_text] * renamed + [old_text] * (6 - renamed), (point, nth)
            left = nth if point == "partial" else 6 - renamed  # killed outright: not renamed, not removed
            assert len(_leftovers(out)) == left, (point, nth)
            assert subprocess.run([*base, "--jobs", jobs], capture_output=True, check=False).returncode == 0
            assert _leftovers(out) == []  # swept by the next batch
            assert [(out / f"spec{i:02d}.json").read_text() for i in range(6)] == [new_text] * 6
    fresh = tmp_path / "fresh"
    head = [*base[: base.index("--out-dir")]]
    assert subprocess.run([*head, "--out-dir", str(fresh)], capture_output=True, check=False).returncode == 0
    assert sorted(p.name for p in fresh.iterdir()) == sorted(f"spec{i:02d}.json" for i in range(6))


@pytest.mark.parametrize(
    ("stop", "jobs", "renamed"),
    [
        ("partial:2:INT", "2", 0),  # Ctrl-C while a worker process writes a temporary file
        ("partial:5:INT", "1", 0),
        ("before-rename:1:INT", "2", 0),
        ("after-rename:2:INT", "2", 2),  # during the commit: what was renamed stays, the rest is removed
        ("partial:3:TERM", "1", 0),
        ("before-rename:1:TERM", "2", 0),
        ("after-rename:3:TERM", "1", 3),
    ],
)
def test_interrupted_batch_leaves_no_temporary_file(tmp_path: Path, stop: str, jobs: str, renamed: int) -> None:
    """SIGINT (to the process group, as Ctrl-C) or SIGTERM while a batch writes: it stops without renaming
    anything more, and removes every temporary file, those of its worker processes included."""
    base, out, new_text, old_text = _batch_of_six(tmp_path)
    for path in out.glob("*.json"):
        path.write_text(old_text)
    env = {**os.environ, "XTGEN_TEST_STOP_AT": stop}
    done = subprocess.run(
        [*base, "--jobs", jobs], env=env, capture_output=True, check=False, start_new_session=True, timeout=120
    )
    assert done.returncode != 0, done.stderr[-300:]
    assert _leftovers(out) == [], (stop, done.stderr[-300:])
    assert [(out / f"spec{i:02d}.json").read_text() for i in range(6)] == [new_text] * renamed + [old_text] * (
        6 - renamed
    )
