"""Batch benchmark: convert every file of the corpus with --jobs 1 and --jobs 2; wall time and speed-up.

    python bench/batch_corpus.py [--corpus ../shared/corpus/openapi3] [--runs 3] [--target swagger2]

Each run is a whole `xtgen convert FILES --out-dir TMP` process; the median of --runs is reported.
Not part of the tests.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "openapi3"


def run_once(files: list[str], jobs: int, target: str) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "xtgen",
                "convert",
                *files,
                "--out-dir",
                out,
                "--quiet",
                "--jobs",
                str(jobs),
                "--target",
                target,
            ],
            capture_output=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
        written = len(list(Path(out).glob("*.json")))
    if done.returncode not in (0, 1):
        raise SystemExit(f"xtgen failed: {done.stderr.decode()[-500:]}")
    return elapsed, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target", default="swagger2")
    args = parser.parse_args()
    files = sorted(str(p) for p in args.corpus.glob("*.json"))
    if not files:
        raise SystemExit(f"no corpus at {args.corpus}: pass --corpus DIR")
    medians = {}
    for jobs in (1, 2):
        times = []
        for _ in range(args.runs):
            elapsed, written = run_once(files, jobs, args.target)
            times.append(elapsed)
        medians[jobs] = statistics.median(times)
        print(
            f"--jobs {jobs}: {len(files)} inputs, {written} written, median {medians[jobs]:.1f} s "
            f"(runs: {', '.join(f'{t:.1f}' for t in times)})"
        )
    print(f"speed-up with --jobs 2: {medians[1] / medians[2]:.2f}x")


if __name__ == "__main__":
    main()
