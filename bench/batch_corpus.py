"""Batch benchmark: `xtgen convert FILES --out-dir TMP --jobs N` as whole processes, with the write phase's share
of the wall time and the batch's peak memory (the parent and its worker processes together).

    python bench/batch_corpus.py [--corpus ../shared/corpus/openapi3] [--runs 3] [--jobs 2] [--repeat 4]
                                 [--before CODE_ROOT [--identical]] [--limit N] [--sync] [--phases]

Each run is a whole process; its --check twin (same inputs, nothing written) is run next to it, so the write
phase's share is (wall(write) - wall(check)) / wall(write), medians over --runs. Memory is sampled every
50 ms from /proc over the process and all its descendants: the sum of their RSS (shared pages of forked
workers counted in each process) and the sum of their PSS (shared pages split among the processes: the
memory the batch really holds); GNU time's %M would give only the largest single process.
--repeat K converts every input K times under K distinct names (symbolic links in a temporary folder), to
show whether memory grows with the number of inputs. --before CODE_ROOT runs the code in that folder
(`git archive REV xtgen templates | tar -x -C CODE_ROOT`) interleaved with this checkout's code, run by run.
--identical (with --before) compares the two codes' batches byte for byte instead: output files, --report,
stderr (progress lines sorted: they come in the order the workers finish) and exit code, writing, checking
and with --docs.
--phases times, in process, the commit (what runs after the last worker's outcome: sync, renames, folder fsyncs).
--sync times the two ways of making a batch durable in process: fsync of each temporary file, or one os.sync().
Bytecode is compiled first and PYTHONDONTWRITEBYTECODE dropped, so no run recompiles. Not part of the tests.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = HERE.parent / "shared" / "corpus" / "openapi3"
PAGE = os.sysconf("SC_PAGE_SIZE")


def descendants(pid: int) -> list[int]:
    """pid and every process below it (from /proc/PID/task/TID/children)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo += [int(child) for child in handle.read().split()]
        except OSError:
            continue
    return found


def memory_of(pids: list[int]) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in KB over pids; a process gone meanwhile counts 0."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as handle:
                rss += int(handle.read().split()[1]) * PAGE // 1024
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                        break
        except (OSError, ValueError, IndexError):
            continue
    return rss, pss


def run_measured(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall, CPU (user+sys of the process and its children), peak summed RSS and PSS (MB), exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: the diagnostics would fill a pipe and block
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors, cwd="/")
        peak_rss = peak_pss = 0
        while process.poll() is None:
            rss, pss = memory_of(descendants(process.pid))
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.05)
        wall = time.perf_counter() - started
        errors.seek(0)
        stderr = errors.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode not in (0, 1):
        raise SystemExit(f"xtgen failed ({process.returncode}): {stderr.decode()[-500:]}")
    return {"wall": wall, "cpu": cpu, "rss": peak_rss / 1024, "pss": peak_pss / 1024, "code": process.returncode}


def inputs_of(corpus: Path, repeat: int, limit: int | None, folder: Path) -> list[str]:
    files = sorted(corpus.rglob("*.json"))[:limit] if limit else sorted(corpus.glob("*.json"))
    if repeat == 1 and not limit:
        return [str(p) for p in files]
    names = []
    for k in range(repeat):  # distinct stems, so that every copy has its own output
        for i, path in enumerate(files):
            link = folder / f"r{k}-{i:05d}-{path.name}"
            link.symlink_to(path.resolve())
            names.append(str(link))
    return names


def compare_sync(corpus: Path, runs: int) -> None:
    """The commit of a batch of the corpus's sizes, in process: fsync of each temporary file vs one os.sync()."""
    sys.path.insert(0, str(HERE))
    from xtgen.app.write import batch_token, commit_staged, stage_files

    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.json"))]
    found: dict[str, list[float]] = {"fsync each": [], "one os.sync": []}
    for _ in range(runs):
        for label, each in (("fsync each", True), ("one os.sync", False)):
            with tempfile.TemporaryDirectory(dir=HERE.parent) as out:
                files = [(Path(out) / f"{i}.json", text) for i, text in enumerate(texts)]
                started = time.perf_counter()
                token = batch_token()
                staged = [stage_files([file], token=token, sync=each) for file in files]
                commit_staged(staged, synced=each)
                found[label].append(time.perf_counter() - started)
    for label, times in found.items():
        spread = ", ".join(f"{t:.2f}" for t in times)
        print(f"{label}: {len(texts)} files, median {statistics.median(times):.2f} s ({spread})")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def progress_sorted(stderr: bytes) -> bytes:
    """stderr with the progress lines (`xtgen: [3/368] NAME: ...`, printed as the workers finish, so in an
    order that differs from run to run) without their counter and sorted; every other line as it was."""
    lines = stderr.split(b"\n")
    progress = sorted(re.sub(rb"^xtgen: \[\d+/\d+\] ", b"", line) for line in lines if PROGRESS.match(line))
    return b"\n".join(progress + [line for line in lines if not PROGRESS.match(line)])


PROGRESS = re.compile(rb"xtgen: \[\d+/\d+\] ")


def compare_identical(codes: dict[str, Path], files: list[str], jobs: int, target: str, env: dict[str, str]) -> int:
    """Run the same batches with each code into the same paths; count the differences in the output files,
    the --report file, stderr and the exit code: writing, --check of what was written, --check of nothing,
    and a run with --docs on the first 40 inputs."""
    differences = 0
    with tempfile.TemporaryDirectory() as work:
        out, report, docs = Path(work) / "out", Path(work) / "report.json", Path(work) / "docs"
        common = ["--out-dir", str(out), "--jobs", str(jobs), "--target", target, "--report", str(report)]
        variants = {
            "write": (files, []),
            "check written": (files, ["--check"]),
            "check missing": (files, ["--check"]),
            "docs": (files[:40], ["--docs", str(docs)]),
        }
        seen: dict[str, dict[str, object]] = {}
        for label, code in codes.items():
            for name, (inputs, flags) in variants.items():
                if name != "check written":
                    for folder in (out, docs):
                        subprocess.run(["rm", "-rf", str(folder)], check=True)
                done = subprocess.run(
                    [sys.executable, "-m", "xtgen", "convert", *inputs, *common, *flags],
                    env={**env, "PYTHONPATH": str(code)},
                    capture_output=True,
                    cwd="/",
                    check=False,
                )
                found = {
                    "exit": done.returncode,
                    "stderr": progress_sorted(done.stderr),
                    "report": report.read_bytes() if report.exists() else b"",
                    "files": snapshot(out) | {f"docs/{k}": v for k, v in snapshot(docs).items()},
                }
                report.unlink(missing_ok=True)
                if name in seen:
                    for key, value in found.items():
                        if value != seen[name][key]:
                            differences += 1
                            print(f"{name}: {key} differs between {next(iter(codes))} and {label}")
                else:
                    seen[name] = found
                    print(f"{name}: exit {done.returncode}, {len(found['files'])} files")  # type: ignore[arg-type]
    print(f"{differences} differences")
    return differences


def time_phases(files: list[str], jobs: int, target: str, runs: int) -> None:
    """In process, this checkout: the batch's wall time, and its commit (one sync, the renames, the folder
    fsyncs: everything after the last worker's outcome), the only part of writing not done by the workers."""
    sys.path.insert(0, str(HERE))
    from xtgen.app.batch import Job
    from xtgen.app.run import convert_batch
    from xtgen.model import Options, Target

    options = Options(target=Target(target))
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            batch = [Job(name, Path(out) / f"{Path(name).stem}.json", options) for name in files]
            finished: list[float] = []

            def note(_: object, done: list[float] = finished) -> None:
                done.append(time.perf_counter())

            started = time.perf_counter()
            convert_batch(batch, jobs, False, None, note)
            total = time.perf_counter() - started
            tail = total - (finished[-1] - started)
            print(f"in process: wall {total:.2f} s, commit after the last outcome {tail:.3f} s ({tail / total:.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--limit", type=int, help="the first N *.json files under --corpus, searched recursively")
    parser.add_argument("--target", default="swagger2")
    parser.add_argument("--before", type=Path, help="a folder holding an older xtgen package, run interleaved")
    parser.add_argument("--no-check", action="store_true", help="skip the --check twin runs (no write share)")
    parser.add_argument("--sync", action="store_true", help="compare fsync-each and one os.sync(), then stop")
    parser.add_argument("--phases", action="store_true", help="in process: the commit's share of the wall time")
    parser.add_argument(
        "--identical", action="store_true", help="with --before: same outputs, report, stderr and exit code?"
    )
    args = parser.parse_args()
    if args.sync:
        compare_sync(args.corpus, args.runs)
        return
    codes = {"this": HERE} | ({"before": args.before.resolve()} if args.before else {})
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for code in codes.values():
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "xtgen")], env=env, check=False)
    with tempfile.TemporaryDirectory() as links:
        files = inputs_of(args.corpus, args.repeat, args.limit, Path(links))
        if not files:
            raise SystemExit(f"no corpus at {args.corpus}: pass --corpus DIR")
        if args.phases:
            time_phases(files, args.jobs, args.target, args.runs)
            return
        if args.identical:
            raise SystemExit(1 if compare_identical(codes, files, args.jobs, args.target, env) else 0)
        results: dict[tuple[str, bool], list[dict[str, float]]] = {}
        for _ in range(args.runs):
            for label, code in codes.items():
                for check in (False,) if args.no_check else (False, True):
                    with tempfile.TemporaryDirectory() as out:
                        command = [sys.executable, "-m", "xtgen", "convert", *files, "--out-dir", out, "--quiet"]
                        command += ["--jobs", str(args.jobs), "--target", args.target] + (["--check"] if check else [])
                        measured = run_measured(command, {**env, "PYTHONPATH": str(code)})
                        written = len(list(Path(out).glob("*.json")))
                    results.setdefault((label, check), []).append(measured)
                    print(
                        f"{label:6} {'check' if check else 'write'}: wall {measured['wall']:.2f} s, cpu "
                        f"{measured['cpu']:.2f} s, peak RSS sum {measured['rss']:.0f} MB, PSS sum "
                        f"{measured['pss']:.0f} MB, exit {measured['code']:.0f}, {written} written",
                        flush=True,
                    )
    print(f"{len(files)} inputs, --jobs {args.jobs}, medians of {args.runs}:")
    for label in codes:
        write = results[(label, False)]
        med = {key: statistics.median(r[key] for r in write) for key in ("wall", "cpu", "rss", "pss")}
        line = (
            f"  {label:6}: wall {med['wall']:.2f} s, cpu {med['cpu']:.2f} s, peak RSS sum {med['rss']:.0f} MB, "
            f"peak PSS sum {med['pss']:.0f} MB"
        )
        if not args.no_check:
            check_wall = statistics.median(r["wall"] for r in results[(label, True)])
            share = (med["wall"] - check_wall) / med["wall"]
            line += f"; --check wall {check_wall:.2f} s, write phase {share:.0%} of the wall time"
        print(line)


if __name__ == "__main__":
    main()
