"""Many inputs in one run: plan output paths, convert in parallel processes, check or write results.

Conversion of one input is a pure function of the input file and the options, so results (and bytes)
are the same whatever the number of worker processes; results always come back in input order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from xtgen.app.select import EVERYTHING, Selection
from xtgen.app.settings import DocsSettings
from xtgen.app.write import serialize, write_atomic
from xtgen.model import Options, Result, Severity, XtgenError
from xtgen.pipeline import convert_file


@dataclass(frozen=True)
class Job:
    """One input to convert, and where its output goes (None: stdout)."""

    input: str
    output: Path | None
    options: Options
    fmt: str = "json"
    strict: bool = False
    docs: DocsSettings | None = None  # with a folder: render the docs there too
    selection: Selection = EVERYTHING  # --strict counts only the warnings it keeps


@dataclass(frozen=True)
class Outcome:
    """What converting one Job gave: the result, the serialized text when accepted, or a fatal reason."""

    job: Job
    result: Result | None
    text: str | None = None
    fatal: str | None = None
    docs: Mapping[str, str] | None = None  # rendered docs: file name -> text

    @property
    def accepted(self) -> bool:
        return self.text is not None

    @property
    def status(self) -> str:
        if not self.accepted:
            return "failed"
        assert self.result is not None
        return "warnings" if self.result.count(Severity.WARNING) else "converted"


def convert_job(job: Job) -> Outcome:
    """Convert one input (runs in a worker process). Never raises for a bad input."""
    try:
        result = convert_file(job.input, job.options)
    except XtgenError as exc:
        return Outcome(job, None, fatal=str(exc))
    if not accepted(result, job.strict, job.selection) or result.document is None:
        return Outcome(job, result)
    try:
        docs = render_job_docs(result, job.docs, job.output) if job.docs is not None else None
    except XtgenError as exc:
        return Outcome(job, result, fatal=str(exc))
    return Outcome(job, result, serialize(result.document, job.fmt), docs=docs)


def accepted(result: Result, strict: bool, selection: Selection = EVERYTHING) -> bool:
    """Whether a result may be written: no error, and no warning that counts (not ignored) under --strict."""
    return result.ok and not (strict and selection.count_warnings(result.diagnostics))


def render_job_docs(
    result: Result, docs: DocsSettings, output: Path | None = None, preset: str | None = None
) -> dict[str, str]:
    """The docs of a Result with a document (`convert --docs` and `xtgen docs` alike), rendered before anything
    is written; what the docs say the document came from is result.source, the file to upload is `output`."""
    from xtgen.docs import docs_context, formats_for, render_docs

    context = docs_context(
        result, region=docs.region, preset=preset, xtension_file=output.name if output is not None else None
    )
    return render_docs(context, formats_for(docs.fmt), docs.templates)


def write_docs(files: Mapping[str, str], out_dir: Path, protect: tuple[Path, ...] = ()) -> list[Path]:
    """Write each rendered docs file atomically into out_dir (created if missing); never over a protected path."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XtgenError(f"{out_dir}: cannot create the folder: {exc.strerror or exc}") from None
    written = []
    for name, text in files.items():
        path = out_dir / name
        write_atomic(path, text, protect=protect)
        written.append(path)
    return written


def _import_before_fork() -> None:
    """Import the heavy modules once in the parent, so forked workers inherit them instead of each paying."""
    import importlib

    for name in (
        "xtgen.pipeline",
        "xtgen.target.presets",
        "xtgen.target.lint",
        "openapi_spec_validator",
        "jsonschema_rs",
    ):
        try:
            importlib.import_module(name)
        except ImportError:
            continue


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def run_jobs(jobs: Sequence[Job], workers: int = 1, progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Convert every job; `progress` is called as each finishes. Results are in input order."""
    if workers <= 1 or len(jobs) <= 1:
        outcomes = []
        for job in jobs:
            outcome = convert_job(job)
            if progress:
                progress(outcome)
            outcomes.append(outcome)
        return outcomes
    from concurrent.futures import ProcessPoolExecutor, as_completed  # 40-80 ms: only a parallel batch pays

    _import_before_fork()
    results: list[Outcome | None] = [None] * len(jobs)
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = {pool.submit(convert_job, job): i for i, job in enumerate(jobs)}
        for future in as_completed(futures):
            outcome = future.result()
            results[futures[future]] = outcome
            if progress:
                progress(outcome)
    return [r for r in results if r is not None]


def plan_outputs(inputs: Sequence[str], out_dir: Path, fmt: str = "json") -> list[Path]:
    """`DIR/<stem>.json` for each input; two inputs with the same stem are a usage error."""
    seen: dict[str, str] = {}
    outputs = []
    for name in inputs:
        if name == "-":
            raise XtgenError("stdin (-) cannot be combined with --out-dir; give file names")
        stem = Path(name).stem
        if stem in seen:
            raise XtgenError(
                f"{seen[stem]} and {name} would both write {stem}.{fmt} in {out_dir}; rename one "
                "or convert them in separate runs"
            )
        seen[stem] = name
        outputs.append(inside(out_dir, f"{stem}.{fmt}", what=name))
    return outputs


def inside(folder: Path, name: str | Path, *, what: str) -> Path:
    """folder/name, refusing names that would leave the folder (../, absolute paths, symlinked folders)."""
    candidate = Path(name)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise XtgenError(f"{what}: output {str(name)!r} would be written outside {folder}; give a name inside it")
    target = folder / candidate
    if not target.parent.resolve().is_relative_to(folder.resolve()):
        raise XtgenError(f"{what}: output {str(name)!r} would be written outside {folder}")
    return target


def stale_outputs(outcomes: Sequence[Outcome]) -> list[tuple[Path, str]]:
    """For --check: (output, 'missing' | 'stale') for every accepted output not already up to date."""
    found = []
    for outcome in outcomes:
        path = outcome.job.output
        if path is None or outcome.text is None:
            continue
        expected = {path: outcome.text}
        folder = outcome.job.docs.folder if outcome.job.docs is not None else None
        if outcome.docs is not None and folder is not None:
            expected.update({folder / name: text for name, text in outcome.docs.items()})
        for file, text in expected.items():
            if not file.exists():
                found.append((file, "missing"))
            elif file.read_bytes() != text.encode("utf-8"):
                found.append((file, "stale"))
    return found


def write_outcomes(outcomes: Sequence[Outcome], protect: Sequence[Path] = ()) -> list[Outcome]:
    """Write every accepted outcome, each atomically, in input order (writing on several threads was measured
    slower here: concurrent fsyncs); those that could not be written become failures with the reason."""

    def one(outcome: Outcome) -> Outcome:
        if not outcome.accepted:
            return outcome
        try:
            write_outcome(outcome, protect)
        except XtgenError as exc:
            return replace(outcome, text=None, fatal=str(exc))
        return outcome

    return [one(outcome) for outcome in outcomes]


def write_outcome(outcome: Outcome, protect: Sequence[Path] = (), *, create_folders: bool = True) -> list[Path]:
    """Write one accepted output (and its docs) atomically; return what was written. A batch creates its
    output folders; a single `-o FILE` must name an existing folder (a typo there is an error)."""
    path = outcome.job.output
    written: list[Path] = []
    if path is None or outcome.text is None:
        return written
    try:
        if create_folders:
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XtgenError(f"{path.parent}: cannot create the folder: {exc.strerror or exc}") from None
    write_atomic(path, outcome.text, protect=tuple(protect))
    written.append(path)
    docs = outcome.job.docs
    if outcome.docs is not None and docs is not None and docs.folder is not None:
        written += write_docs(outcome.docs, docs.folder, protect=(*protect, path))
    return written
