"""Byte-identity check: the same inputs through xtgen at another commit and at this tree, outputs and stderr
compared byte for byte (a performance change must change neither).

    python bench/identical.py [--before REV] [--fixtures] [--corpus DIR] [--limit N] [FILE ...]

--before (default: main) is extracted with `git archive` into a temporary folder and run with PYTHONPATH;
this tree is run as it is. Inputs: the given files (e.g. GitHub's description), with --fixtures every
fixtures/<case>/input.* with its options.json, with --corpus every *.json|*.yaml of DIR (the first --limit).
Each input is converted with and without --no-validate. Prints one line per difference and a total;
exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_golden import cli_args  # noqa: E402  (one home for options.json -> flags)


def extract(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "xtgen"], capture_output=True, check=True)
    into.mkdir(parents=True, exist_ok=True)
    tar = into / "xtgen.tar"
    tar.write_bytes(archive.stdout)
    with tarfile.open(tar) as handle:
        handle.extractall(into, filter="data")
    return into


def convert(code: Path, spec: Path, flags: list[str], out: Path) -> tuple[int, bytes, bytes]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    out.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "xtgen", "convert", str(spec), "-o", str(out), *flags],
        cwd=out.parent,  # not this tree: `python -m` puts the working folder first on sys.path
        env=env,
        capture_output=True,
        check=False,
    )
    return done.returncode, out.read_bytes() if out.exists() else b"", done.stderr


def inputs(args: argparse.Namespace) -> list[tuple[str, Path, list[str]]]:
    found = [(str(p), Path(p), []) for p in args.files]
    if args.fixtures:
        for case in sorted(p for p in (ROOT / "fixtures").iterdir() if p.is_dir()):
            spec = next(iter(sorted(case.glob("input.*"))), None)
            options_file = case / "options.json"
            options = json.loads(options_file.read_text()) if options_file.exists() else {}
            if spec is not None and options.get("command", "convert") == "convert":
                found.append((case.name, spec, cli_args(case, options)))
    if args.corpus:
        files = sorted(p for p in Path(args.corpus).iterdir() if p.suffix in (".json", ".yaml", ".yml"))
        found += [(p.name, p, []) for p in files[: args.limit]]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--before", default="main")
    parser.add_argument("--fixtures", action="store_true")
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--limit", type=int, default=10_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xtgen-identical-"))
    before = extract(args.before, work / "before")
    differ = checked = 0
    for label, spec, flags in inputs(args):
        for extra in ([], ["--no-validate"]):
            # one output path for both: stderr names the output file, so two names would differ on every run
            a = convert(before, spec, [*flags, *extra], work / "out.json")
            b = convert(ROOT, spec, [*flags, *extra], work / "out.json")
            checked += 1
            if a != b:
                differ += 1
                what = [n for n, x, y in zip(("exit code", "output", "stderr"), a, b, strict=True) if x != y]
                print(f"DIFFERS {label} {' '.join(extra)}: {', '.join(what)}")
    print(f"{checked} runs compared with {args.before}: {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
