"""A batch's writes: each output settled where it was converted (no text or document kept), one commit at the end
(one sync, the renames, one fsync per folder), and the single-file write syncing its folder too."""

from __future__ import annotations

import json
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from xtgen.app import write
from xtgen.app.batch import Job, Stage, run_jobs
from xtgen.app.run import convert_batch
from xtgen.app.settings import DocsSettings
from xtgen.model import DocsFormat, Options

from .conftest import FIXTURES, copy_fixture_inputs, run_cli

GOOD = ["security-seed-accesscode", "security-bearer", "security-basic", "body-form-urlencoded"]
BAD = "security-cookie-alone"


class Syncs:
    """Every fsync (folder or file) and os.sync a test makes, recorded and then done."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folders: list[str] = []
        self.files = 0
        self.syncs = 0
        real_fsync, real_sync = os.fsync, os.sync

        def fsync(fd: int) -> None:
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                self.folders.append(os.readlink(f"/proc/self/fd/{fd}"))
            else:
                self.files += 1
            real_fsync(fd)

        def sync() -> None:
            self.syncs += 1
            real_sync()

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "sync", sync)


def jobs_of(tmp_path: Path, cases: list[str], docs: bool = False) -> list[Job]:
    names = copy_fixture_inputs(tmp_path / "specs", cases)
    out = tmp_path / "out"
    return [
        Job(
            n,
            out / f"{Path(n).stem}.json",
            Options(),
            docs=DocsSettings(out / Path(n).stem, DocsFormat.MD) if docs else None,
        )
        for n in names
    ]


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="reads /proc/self/fd to name the synced folders")
def test_write_atomic_syncs_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    syncs = Syncs(monkeypatch)
    write.write_atomic(tmp_path / "a.json", "{}\n")
    assert (tmp_path / "a.json").read_text() == "{}\n"
    assert (syncs.files, syncs.folders, syncs.syncs) == (1, [str(tmp_path)], 0)  # the file, then its folder


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="reads /proc/self/fd to name the synced folders")
def test_batch_commit_is_one_sync_and_one_fsync_per_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = jobs_of(tmp_path, [*GOOD, BAD], docs=True)
    syncs = Syncs(monkeypatch)
    outcomes, _ = convert_batch(jobs, 1, False, None)
    assert [o.accepted for o in outcomes] == [True, True, True, True, False]
    out = tmp_path / "out"
    assert syncs.syncs == 1 and syncs.files == 0  # temporary files unsynced: one os.sync() covers them all
    folders = [str(out)] + [str(out / c) for c in GOOD]  # the outputs' folder, then each docs folder, once each
    assert syncs.folders == folders
    assert sorted(p.name for p in out.iterdir()) == sorted([*GOOD, *(f"{c}.json" for c in GOOD)])
    for case in GOOD[:3]:
        assert (out / f"{case}.json").read_text() == (FIXTURES / case / "expected.json").read_text()


def test_settled_outcomes_hold_no_text_nor_document(tmp_path: Path) -> None:
    """What a worker sends back (and the parent keeps) is the diagnostics, not megabytes per input."""
    jobs = jobs_of(tmp_path, GOOD, docs=True)
    stage = Stage(tuple(Path(j.input) for j in jobs), write.batch_token())
    for workers in (1, 2):
        outcomes = run_jobs(jobs, workers, stage=stage)
        for outcome in outcomes:
            assert outcome.accepted and outcome.settled is not None
            assert outcome.text is None and outcome.docs is None
            assert outcome.result is not None and outcome.result.document is None
            assert len(pickle.dumps(outcome)) < 4000
            assert [Path(tmp).parent for tmp, _ in outcome.settled.staged] == [
                path.parent for path in outcome.settled.files
            ]
        write.discard_batch([tmp_path / "out", *(tmp_path / "out" / c for c in GOOD)], stage.token)
        assert [p for p in (tmp_path / "out").rglob("*") if p.is_file()] == []  # nothing renamed, nothing left


def test_a_failed_rename_fails_that_output_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = jobs_of(tmp_path, GOOD[:3])
    real = os.replace

    def replace(src: str, dst: str) -> None:
        if str(dst).endswith(f"{GOOD[1]}.json"):
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    outcomes, _ = convert_batch(jobs, 1, False, None)
    assert [o.accepted for o in outcomes] == [True, False, True]
    assert outcomes[1].fatal == f"{jobs[1].output}: cannot write: No space left on device"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([f"{GOOD[0]}.json", f"{GOOD[2]}.json"])


def test_sweep_removes_only_dead_batches_temporary_files(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead, alive = int(done.stdout), os.getpid()
    names = {
        f".a.json.xt{dead}-0123abcd.k2j3h4.tmp": False,  # a killed batch's temporary file for a.json: removed
        f".a.json.xt{alive}-0123abcd.k2j3h4.tmp": True,  # a running batch's
        f".other.json.xt{dead}-0123abcd.k2j3h4.tmp": True,  # not a file this batch writes
        ".a.json.k2j3h4.tmp": True,  # a single write's (not a batch's)
        "a.json.xt1-0123abcd.k2j3h4.tmp": True,
    }
    for name in names:
        (tmp_path / name).write_text("x")
    write.sweep_dead_batches([tmp_path / "a.json"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n for n, kept in names.items() if kept)


def test_output_locations_same_when_written_checked_or_single(tmp_path: Path) -> None:
    """Line and column of diagnostics in the output: the batch reads the written file back (or keeps the text
    of an output --check found missing) and finds what a single conversion finds in its text."""
    case = "body-form-urlencoded"
    names = copy_fixture_inputs(tmp_path / "specs", [case, GOOD[0]])
    out = tmp_path / "out"

    def located(args: list[str]) -> list[dict[str, object]]:
        report = tmp_path / "report.json"
        run_cli([*args, "--report", str(report)])
        entry = json.loads(report.read_text())["inputs"][0]
        return [{k: d[k] for k in ("code", "pointer", "line", "column") if k in d} for d in entry["diagnostics"]]

    single = located(["convert", names[0], "-o", str(tmp_path / "single.json")])
    assert any(d.get("line") and str(d["code"]).startswith("XT7") for d in single)
    missing = located(["convert", *names, "--out-dir", str(out), "--check"])
    written = located(["convert", *names, "--out-dir", str(out), "--jobs", "2"])
    fresh = located(["convert", *names, "--out-dir", str(out), "--check"])
    assert single == missing == written == fresh
