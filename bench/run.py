"""xtgen's benchmark: wall time and peak memory of whole `xtgen convert` processes, against peers.

    python bench/run.py [--runs 5] [--scales 1,2,4,8] [--github FILE] [--asc CMD] [--kin CMD] [--corpus DIR]
                        [--corpus-runs 1] [--work DIR] [--skip-synthetic] [--quick]

Not part of the tests. What it measures, each as the median of --runs runs, the commands of one run
interleaved so that a busy machine slows them alike:
- synthetic OpenAPI 3.0 specs from bench/gen.py at each scale, as JSON and as YAML;
- GitHub's REST description (`npm install @octokit/openapi`, file generated/api.github.com.json), from
  --github or $XTGEN_GITHUB_SPEC, skipped with a note when absent; and the same converted to YAML;
- the corpus (--corpus, default /work/shared/corpus/openapi3 when present): every file once per tool
  (--corpus-runs), totals compared;
for `xtgen convert` with and without --no-validate, api-spec-converter (`npm install api-spec-converter`;
--asc or $XTGEN_ASC, else `api-spec-converter` on PATH; `--from=openapi_3 --to=swagger_2`) on the same
file, kin-openapi when built (--kin, $XTGEN_KIN or `kin-convert` on PATH; README, Performance, says how;
skipped with a note otherwise), and for YAML a process doing only ruamel.yaml's C-accelerated safe load of
the file. Peak memory is the child's maximum resident set size (wait4), CPU its user + system time. Then
scaling (time per MB at 8x against 1x, start-up subtracted), start-up (`xtgen --help`, `--version`, a tiny spec, against
`python -c "import json"` plus reading the file), and every target of issue 17 as a ratio with each peer,
wall and CPU, from the same run. Byte-identity before/after a change: bench/identical.py.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402

GITHUB_DEFAULT = "/tmp/octokit/node_modules/@octokit/openapi/generated/api.github.com.json"
CORPUS_DEFAULT = "/work/shared/corpus/openapi3"
TINY = (HERE.parent / "fixtures" / "startup-tiny" / "input.yaml").read_text(encoding="utf-8")  # tests/test_startup.py
RUAMEL_LOAD = (
    "import sys\nfrom ruamel.yaml import YAML\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n    YAML(typ='safe', pure=False).load(f)\n"
)


@dataclass
class Sample:
    wall: float
    rss_mb: float
    ok: bool
    cpu: float = 0.0  # user + system seconds of the child (and what it waited for)


@dataclass
class Row:
    label: str
    size_mb: float
    runs: dict[str, list[Sample]] = field(default_factory=dict)

    def _samples(self, tool: str) -> list[Sample]:
        """The tool's runs, or none when any of them failed: a run that crashed part way (kin-openapi 0.110
        panics on GitHub's description) measured nothing a ratio may use; the notes say it failed."""
        samples = self.runs.get(tool) or []
        return samples if all(s.ok for s in samples) else []

    def wall(self, tool: str) -> float | None:
        samples = self._samples(tool)
        return statistics.median(s.wall for s in samples) if samples else None

    def rss(self, tool: str) -> float | None:
        samples = self._samples(tool)
        return max(s.rss_mb for s in samples) if samples else None

    def cpu(self, tool: str) -> float | None:
        samples = self._samples(tool)
        return statistics.median(s.cpu for s in samples) if samples else None


GNU_TIME = "/usr/bin/time"
FLOOR = 'python -c "import json" + read'
PEERS = ("api-spec-converter", "kin-openapi")
RSS_FILE = Path(tempfile.gettempdir()) / f"xtgen-bench-rss-{os.getpid()}.txt"


def run_once(cmd: list[str], stdout_path: Path | None = None) -> Sample:
    """Wall time and peak RSS of one child process.

    The peak comes from GNU time (a small process that forks the command): a child forked straight from
    this (larger) process would report this process's size as its own peak when it is the larger one.
    """
    wrapped = [GNU_TIME, "-f", "%M", "-o", str(RSS_FILE), *cmd] if Path(GNU_TIME).exists() else cmd
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
    finally:
        if stdout_path:
            out.close()  # type: ignore[union-attr]
    rss_kb = float(usage.ru_maxrss)
    if wrapped is not cmd:
        with contextlib.suppress(OSError, ValueError, IndexError):
            rss_kb = float(RSS_FILE.read_text().split()[-1])
    return Sample(wall, rss_kb / 1024, code in (0, 1), usage.ru_utime + usage.ru_stime)


def find_asc(option: str | None) -> list[str] | None:
    for candidate in (
        option,
        os.environ.get("XTGEN_ASC"),
        shutil.which("api-spec-converter"),
        "/tmp/asc/node_modules/.bin/api-spec-converter",
    ):
        if candidate and Path(candidate).exists():
            return [candidate]
    return None


def find_kin(option: str | None) -> list[str] | None:
    """kin-openapi has no command of its own: README (Performance) shows the 20-line Go program to build.
    Called as `kin-convert SPEC`, it prints the Swagger 2.0 JSON."""
    for candidate in (option, os.environ.get("XTGEN_KIN"), shutil.which("kin-convert")):
        if candidate and Path(candidate).exists():
            return [candidate]
    return None


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(args.work or tempfile.mkdtemp(prefix="xtgen-bench-"))
        self.work.mkdir(parents=True, exist_ok=True)
        self.xtgen = [sys.executable, "-m", "xtgen"] if args.module else [str(Path(sys.executable).parent / "xtgen")]
        if not args.module and not Path(self.xtgen[0]).exists():
            self.xtgen = [shutil.which("xtgen") or "xtgen"]
        self.asc = find_asc(args.asc)
        self.notes: list[str] = []
        if self.asc is None:
            self.notes.append("api-spec-converter not found (--asc, $XTGEN_ASC or PATH): its columns are empty")
        self.kin = find_kin(args.kin)
        if self.kin is None:
            self.notes.append(
                "kin-openapi skipped: no kin-convert (--kin, $XTGEN_KIN or PATH); Go is needed to build it, "
                "see README, Performance"
            )

    def tools(self, spec: Path, yaml_input: bool) -> dict[str, tuple[list[str], Path | None]]:
        out = self.work / "out.json"
        tools: dict[str, tuple[list[str], Path | None]] = {
            "xtgen --no-validate": ([*self.xtgen, "convert", str(spec), "--no-validate", "-o", str(out)], None),
            "xtgen": ([*self.xtgen, "convert", str(spec), "-o", str(out)], None),
        }
        if self.asc:
            tools["api-spec-converter"] = (
                [*self.asc, "--from=openapi_3", "--to=swagger_2", str(spec)],
                self.work / "asc.json",
            )
        if self.kin:
            tools["kin-openapi"] = ([*self.kin, str(spec)], self.work / "kin.json")
        if yaml_input:
            tools["ruamel C safe load"] = ([sys.executable, "-c", RUAMEL_LOAD, str(spec)], None)
        return tools

    def measure(self, label: str, spec: Path, runs: int) -> Row:
        row = Row(label, spec.stat().st_size / 1e6)
        tools = self.tools(spec, spec.suffix in (".yaml", ".yml"))
        for name, (cmd, stdout) in tools.items():  # one warm-up run each (file cache, node's compile cache)
            if not run_once(cmd, stdout).ok:
                self.notes.append(f"{label}: {name} failed")
        for _ in range(runs):
            for name, (cmd, stdout) in tools.items():
                row.runs.setdefault(name, []).append(run_once(cmd, stdout))
        print(f"  measured {label} ({row.size_mb:.1f} MB)", file=sys.stderr, flush=True)
        return row

    def in_process(self, spec: Path) -> dict[str, float]:
        """CPU seconds inside one process (no start-up): ruamel's load, xtgen's load+convert+serialize."""
        result = subprocess.run(
            [sys.executable, str(HERE / "inproc.py"), str(spec), str(max(3, self.args.runs))],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    def specs(self) -> list[tuple[str, Path]]:
        found: list[tuple[str, Path]] = []
        if not self.args.skip_synthetic:
            for scale in self.args.scales:
                for suffix in ("json", "yaml"):
                    path = self.work / f"synthetic-x{scale}.{suffix}"
                    if not path.exists():
                        gen.write_spec(scale, path)
                    found.append((f"synthetic x{scale} {suffix}", path))
        github = Path(self.args.github) if self.args.github else None
        if github and github.is_file():
            found.append(("github json", github))
            as_yaml = self.work / "github.yaml"
            if not as_yaml.exists():  # in a child process, so that this one stays small
                subprocess.run(
                    [sys.executable, str(HERE / "gen.py"), "--to-yaml", str(github), str(as_yaml)], check=True
                )
            found.append(("github yaml", as_yaml))
        else:
            self.notes.append(
                f"GitHub's description not found ({github}): pass --github or set "
                "XTGEN_GITHUB_SPEC (npm install @octokit/openapi; generated/api.github.com.json)"
            )
        return found

    def corpus(self) -> dict[str, Any] | None:
        folder = Path(self.args.corpus) if self.args.corpus else None
        if folder is None or not folder.is_dir():
            self.notes.append(f"corpus not found ({folder}): skipped")
            return None
        files = sorted(folder.glob("*.json"))
        if self.args.quick:
            files = files[:40]
        totals: dict[str, list[float]] = {}
        peaks: dict[str, float] = {}
        failures: dict[str, int] = {}
        max_cpu = 0.0
        for _ in range(self.args.corpus_runs):
            for path in files:
                for name, (cmd, stdout) in self.tools(path, False).items():
                    sample = run_once(cmd, stdout)
                    if name == "xtgen" and path.stat().st_size < 6e6:
                        max_cpu = max(max_cpu, sample.cpu)
                    totals.setdefault(name, []).append(sample.wall)
                    peaks[name] = max(peaks.get(name, 0.0), sample.rss_mb)
                    failures[name] = failures.get(name, 0) + (not sample.ok)
        runs = self.args.corpus_runs
        print(f"  measured the corpus ({len(files)} files)", file=sys.stderr, flush=True)
        return {
            "files": len(files),
            "mb": sum(p.stat().st_size for p in files) / 1e6,
            "total": {k: sum(v) / runs for k, v in totals.items()},
            "median": {k: statistics.median(v) for k, v in totals.items()},
            "peak": peaks,
            "failures": failures,
            "max_cpu_validating": max_cpu,
        }

    def startup(self) -> dict[str, float]:
        """Start-up, with xtgen's bytecode compiled first: where PYTHONDONTWRITEBYTECODE is set (as in some of
        our environments) an editable install would otherwise compile the package in every run it times."""
        tiny = self.work / "tiny.yaml"
        tiny.write_text(TINY, encoding="utf-8")
        out = self.work / "tiny.json"
        package = HERE.parent / "xtgen"
        if package.is_dir():
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=False)
        commands = {
            "xtgen --help": [*self.xtgen, "--help"],
            "xtgen --version": [*self.xtgen, "--version"],
            "xtgen convert tiny.yaml": [*self.xtgen, "convert", str(tiny), "-o", str(out)],
            "xtgen convert tiny.yaml --no-validate": [
                *self.xtgen,
                "convert",
                str(tiny),
                "--no-validate",
                "-o",
                str(out),
            ],
            "python -c pass": [sys.executable, "-c", "pass"],
            FLOOR: [sys.executable, "-c", f"import json; json.dumps(open({str(tiny)!r}).read())"],
        }
        if self.asc:
            commands["api-spec-converter tiny.yaml"] = [*self.asc, "--from=openapi_3", "--to=swagger_2", str(tiny)]
        result: dict[str, list[float]] = {}
        for _ in range(max(5, self.args.runs)):
            for name, cmd in commands.items():
                result.setdefault(name, []).append(run_once(cmd).wall)
        return {k: statistics.median(v) for k, v in result.items()}


def fmt(value: float | None, unit: str = "") -> str:
    return "-" if value is None else f"{value:.2f}{unit}"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "n/a"
    return "met" if value <= limit else "MISSED"


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    node = shutil.which("node")
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else "-"
    load = os.getloadavg()
    return (
        f"{datetime.date.today()} | {platform.system()} {platform.machine()} | {cpu} | {os.cpu_count()} cores | "
        f"Python {platform.python_version()} | node {node_version} | load {load[0]:.2f} {load[1]:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="xtgen benchmark (see the module docstring)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 4, 8])
    parser.add_argument(
        "--github",
        default=os.environ.get("XTGEN_GITHUB_SPEC") or (GITHUB_DEFAULT if Path(GITHUB_DEFAULT).exists() else None),
    )
    parser.add_argument("--asc", default=None, help="the api-spec-converter command")
    parser.add_argument("--kin", default=None, help="the kin-openapi converter command (see README, Performance)")
    parser.add_argument("--corpus", default=os.environ.get("XTGEN_CORPUS", CORPUS_DEFAULT))
    parser.add_argument("--corpus-runs", type=int, default=1)
    parser.add_argument("--work", default=None, help="folder for generated specs and outputs (default: a temp dir)")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--module", action="store_true", help="run `python -m xtgen` instead of the xtgen script")
    parser.add_argument("--quick", action="store_true", help="3 runs, scales 1 and 8, 40 corpus files")
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.scales = 3, [1, 8]
    bench = Bench(args)
    print(f"machine: {machine()}")
    print(
        f"xtgen: {' '.join(bench.xtgen)} | api-spec-converter: {' '.join(bench.asc or ['-'])} | "
        f"median of {args.runs} runs | work dir {bench.work}\n",
        flush=True,
    )

    startup = bench.startup()
    specs = bench.specs()
    rows = [bench.measure(label, path, args.runs) for label, path in specs]
    inproc = {label: bench.in_process(path) for label, path in specs}
    corpus = bench.corpus()

    tools = ["xtgen --no-validate", "xtgen", "api-spec-converter", "kin-openapi", "ruamel C safe load"]
    print("wall time (s, median) and peak memory (MB)")
    head = (
        f"{'input':<22} {'MB':>6} "
        + " ".join(f"{t:>20}" for t in tools)
        + f" {'nv/asc':>7} {'v/asc':>6} {'mem/asc':>7} {'v/ruamel':>8}"
    )
    print(head)
    print("-" * len(head))
    for row in rows:
        cells = " ".join(f"{fmt(row.wall(t)) + ' / ' + fmt(row.rss(t), '') if row.wall(t) else '-':>20}" for t in tools)
        asc = row.wall("api-spec-converter")
        mem = ratio(row.rss("xtgen"), row.rss("api-spec-converter"))
        print(
            f"{row.label:<22} {row.size_mb:>6.1f} {cells} {fmt(ratio(row.wall('xtgen --no-validate'), asc)):>7} "
            f"{fmt(ratio(row.wall('xtgen'), asc)):>6} {fmt(mem):>7} "
            f"{fmt(ratio(row.wall('xtgen'), row.wall('ruamel C safe load'))):>8}"
        )

    if corpus:
        print(
            f"\ncorpus: {corpus['files']} files, {corpus['mb']:.1f} MB, every file once per tool per run "
            f"({args.corpus_runs} run(s))"
        )
        for name, total in corpus["total"].items():
            print(
                f"  {name:<22} total {total:7.2f} s  median per file {corpus['median'][name]:.3f} s  "
                f"peak {corpus['peak'][name]:.0f} MB  failed runs {corpus['failures'][name]}"
            )

    print("\nstart-up (s, median)")
    for name, value in startup.items():
        print(f"  {name:<40} {value:.3f}")

    print("\nin one process, CPU seconds (median): xtgen load+convert+serialize, and ruamel's load alone")
    for label, figures in inproc.items():
        extra = (
            f"  ruamel C safe load {figures['ruamel']:.2f} s (GC off {figures['ruamel_nogc']:.2f} s)"
            if "ruamel" in figures
            else ""
        )
        print(f"  {label:<22} xtgen --no-validate {figures['xtgen_nv']:.2f} s  xtgen {figures['xtgen']:.2f} s{extra}")
    print("\nscaling: in-process CPU seconds per MB (no start-up), and whole-process wall seconds per MB")
    scaling: dict[str, float | None] = {}
    for suffix in ("json", "yaml"):
        for tool, key in (("xtgen --no-validate", "xtgen_nv"), ("xtgen", "xtgen")):
            per_mb = {}
            wall_mb = {}
            for row in rows:
                if row.label.startswith("synthetic") and row.label.endswith(suffix):
                    scale = int(row.label.split()[1][1:])
                    per_mb[scale] = inproc[row.label][key] / row.size_mb
                    wall_mb[scale] = (row.wall(tool) or 0.0) / row.size_mb
            if len(per_mb) > 1:
                top, low = max(per_mb), min(per_mb)
                scaling[f"{tool} {suffix}"] = ratio(per_mb[top], per_mb[low])
                line = "  ".join(f"x{k} {v:.3f}" for k, v in sorted(per_mb.items()))
                walls = "  ".join(f"x{k} {v:.3f}" for k, v in sorted(wall_mb.items()))
                print(
                    f"  {tool:<20} {suffix:<5} CPU/MB {line}  x{top}/x{low} {fmt(scaling[f'{tool} {suffix}'])}"
                    f"   wall/MB {walls}"
                )

    print("\ntargets of issue 17 (wall ratios, and CPU ratios in brackets, same run)")
    github = next((r for r in rows if r.label == "github json"), None)
    github_yaml = next((r for r in rows if r.label == "github yaml"), None)
    checks: list[tuple[str, float | None, float]] = []
    for peer in PEERS:
        if github:
            for tool, limit in (("xtgen --no-validate", 0.4), ("xtgen", 0.5)):
                checks.append((f"GitHub json, {tool} / {peer}", ratio(github.wall(tool), github.wall(peer)), limit))
                checks.append(
                    (f"  (CPU) GitHub json, {tool} / {peer}", ratio(github.cpu(tool), github.cpu(peer)), limit)
                )
            checks.append(
                (f"GitHub json, peak memory (validating) / {peer}", ratio(github.rss("xtgen"), github.rss(peer)), 0.5)
            )
        if github_yaml:
            checks.append(
                (f"GitHub yaml, xtgen / {peer}", ratio(github_yaml.wall("xtgen"), github_yaml.wall(peer)), 1.5)
            )
            checks.append(
                (f"  (CPU) GitHub yaml, xtgen / {peer}", ratio(github_yaml.cpu("xtgen"), github_yaml.cpu(peer)), 1.5)
            )
    checks.append(
        (
            f"tiny spec start-up, --no-validate / {FLOOR}",
            ratio(startup["xtgen convert tiny.yaml --no-validate"], startup[FLOOR]),
            2.0,
        )
    )
    if corpus:
        checks.append(("largest validating CPU (s) of a corpus file under 6 MB", corpus["max_cpu_validating"], 3.0))
    for row in rows:
        if row.label.endswith("yaml"):
            ruamel = row.wall("ruamel C safe load")
            checks.append((f"{row.label}: xtgen / ruamel C safe load (process)", ratio(row.wall("xtgen"), ruamel), 1.3))
    for name, value in scaling.items():
        checks.append((f"scaling {name}: CPU s/MB at top scale / at x1", value, 1.2))
    for name, value, limit in checks:
        print(f"  {name:<70} {fmt(value):>6} (target <= {limit}) {verdict(value, limit)}")
    print(f"  {'start-up: xtgen --help':<70} {startup['xtgen --help']:.3f} s")
    print(f"  {'start-up: xtgen convert tiny.yaml':<70} {startup['xtgen convert tiny.yaml']:.3f} s")
    print(
        "  batch write phase and memory (368 corpus files, --jobs 2): not measured here; "
        "python bench/batch_corpus.py measures the batch"
    )
    for note in bench.notes:
        print(f"note: {note}")
    print(f"machine load at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "startup": startup,
                    "corpus": corpus,
                    "scaling": scaling,
                    "in_process": inproc,
                    "rows": [
                        {
                            "label": r.label,
                            "mb": r.size_mb,
                            "wall": {t: r.wall(t) for t in r.runs},
                            "rss_mb": {t: r.rss(t) for t in r.runs},
                        }
                        for r in rows
                    ],
                    "checks": [{"name": n, "value": v, "limit": lim} for n, v, lim in checks],
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
