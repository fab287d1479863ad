"""Many inputs in one run: plan output paths, convert in parallel processes, check or write results.

Conversion of one input is a pure function of the input file and the options, so results (and bytes)
are the same whatever the number of worker processes; results always come back in input order.

A batch's memory does not grow with the number of inputs: each output is settled where it was converted
(`settle`: written to a temporary file, or compared under --check) and only its diagnostics are kept; the
temporary files are renamed at the end, all in one commit (`commit_outcomes`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from xtgen.app.select import EVERYTHING, Selection
from xtgen.app.settings import DocsSettings
from xtgen.app.write import Text, as_bytes, encode_document, signals_held, write_files
from xtgen.model import Diagnostic, Options, Result, Severity, XtgenError
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
class Settled:
    """An accepted output once its text is out of memory: in a batch that writes, on disk in temporary files
    (`staged`, renamed by commit_outcomes); under --check, compared with the files there (`stale`)."""

    files: tuple[Path, ...]  # every file the output writes: the output, then its docs
    staged: tuple[tuple[str, Path], ...] = ()  # (temporary file, file), waiting for the batch's commit
    stale: tuple[tuple[Path, str], ...] = ()  # --check: the files not up to date, and why
    text: Text | None = None  # --check: the output's text, kept only when it is on no disk and a diagnostic
    # that points into it may be shown


@dataclass(frozen=True)
class Outcome:
    """What converting one Job gave: the result, the serialized text when accepted, or a fatal reason.
    In a batch (`settle`), an accepted outcome holds no document and no text, only `settled`."""

    job: Job
    result: Result | None
    text: Text | None = None  # the output's bytes (a str only when it cannot be UTF-8)
    fatal: str | None = None
    docs: Mapping[str, str] | None = None  # rendered docs: file name -> text
    settled: Settled | None = None

    @property
    def accepted(self) -> bool:
        return self.text is not None or self.settled is not None

    @property
    def output_text(self) -> Text | Path | None:
        """The output's text for line:column, or the file holding exactly that text (read only if needed)."""
        if self.text is not None or self.settled is None:
            return self.text
        if self.settled.text is not None:
            return self.settled.text
        output = self.job.output
        return output if output is not None and output not in {path for path, _ in self.settled.stale} else None

    @property
    def status(self) -> str:
        if not self.accepted:
            return "failed"
        assert self.result is not None
        return "warnings" if self.result.count(Severity.WARNING) else "converted"


def convert_job(job: Job) -> Outcome:
    """Convert one input (runs in a worker process). Never raises for a bad input."""
    try:
        return _convert_job(job)
    except XtgenError as exc:
        return Outcome(job, None, fatal=str(exc))
    except Exception as exc:  # a bug: this input fails with one diagnostic, the others go on
        message = f"internal error {type(exc).__name__}: {str(exc)[:200]} (please report this as an xtgen bug)"
        return Outcome(job, Result(None, (Diagnostic("XT903", Severity.ERROR, message, ""),)))


def _convert_job(job: Job) -> Outcome:
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
    return Outcome(job, result, encode_document(result.document, job.fmt), docs=docs)


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
    """Write the rendered docs files into out_dir (created if missing), all or none; never over a protected path."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError, ValueError) as exc:
        raise XtgenError(f"{out_dir}: cannot create the folder: {getattr(exc, 'strerror', None) or exc}") from None
    written = [(out_dir / name, text) for name, text in files.items()]
    write_files(written, protect=protect)
    return [path for path, _ in written]


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


# Worker processes: each holds a converted document; more than this only adds memory and start-up time.
MAX_WORKERS = 32
# A batch's worker processes are replaced after this many inputs: the validators' caches (jsonschema's
# `referencing` Resolver/Resolved objects, kept by openapi-spec-validator) grow with every input validated
# (one process converting 120 corpus files again and again: +10 MB a round), which would make a batch's memory
# grow with its number of inputs. A fork costs milliseconds.
RECYCLE_EVERY = 400


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def worker_count(jobs: int | None) -> int:
    """--jobs N: at least 1 (a usage error otherwise), at most MAX_WORKERS; None: the number of CPUs."""
    if jobs is None:
        return min(default_workers(), MAX_WORKERS)
    if jobs < 1:
        raise XtgenError(f"--jobs {jobs}: give 1 or more worker processes")
    return min(jobs, MAX_WORKERS)


@dataclass(frozen=True)
class Stage:
    """How a batch settles each accepted output where it was converted, so that no text stays in memory
    (nor crosses from a worker process to the parent): `check`, compare it with the file on disk; otherwise
    write it to a temporary file marked `token` (unsynced when `synced` is False), renamed at the commit."""

    protect: tuple[Path, ...]  # the batch's inputs: never written over
    token: str
    check: bool = False
    synced: bool = False


def settle(job: Job, stage: Stage) -> Outcome:
    """Convert one input and settle its output (see Stage); the outcome keeps the diagnostics, not the document."""
    outcome = convert_job(job)
    light = Result(None, outcome.result.diagnostics, outcome.result.source) if outcome.result is not None else None
    if not outcome.accepted:
        return replace(outcome, result=light)
    files = planned_files(outcome)
    if stage.check:
        stale = tuple(_stale_files(files)) if job.output is not None else ()
        keep = outcome.text if stale and _points_into_output(outcome) else None
        settled = Settled(tuple(path for path, _ in files), stale=stale, text=keep)
        return Outcome(job, light, settled=settled)
    try:
        staged = stage_outcome(outcome, stage.protect, token=stage.token, synced=stage.synced)
    except XtgenError as exc:
        return Outcome(job, light, fatal=str(exc))
    return Outcome(job, light, settled=Settled(tuple(path for path, _ in files), staged=tuple(staged)))


def _points_into_output(outcome: Outcome) -> bool:
    """Whether a diagnostic that counts points into the output (only then is its text read for line:column)."""
    from xtgen.app.locate import OUTPUT, document_of

    diagnostics = outcome.job.selection.kept(outcome.result.diagnostics) if outcome.result is not None else ()
    return any(d.pointer and document_of(d.code, d.pointer) == OUTPUT for d in diagnostics)


_WORKER_STAGE: list[Stage] = []  # in a worker process of a batch: its Stage, set once by the pool's initializer


def _set_worker_stage(stage: Stage | None) -> None:
    """A worker's start: its Stage; Ctrl-C is the parent's to handle (it stops the workers), and SIGTERM stops a
    worker at once (the parent removes what it was writing). What the worker inherited is frozen for the cyclic
    collector (see _collect_job_cycles): never scanned, so its pages stay shared with the parent."""
    import gc
    import signal

    _WORKER_STAGE[:] = [stage] if stage is not None else []
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.freeze()


def _collect_job_cycles() -> None:
    """The reference cycles one conversion left (the collector is off in the CLI, and paused while converting:
    about 35 KB an input, which would make a batch's memory grow with its inputs). They are all in the youngest
    generation, so collecting it costs only the objects made since the last job."""
    import gc

    gc.collect(0)


STOP_SECONDS = 5.0  # how long a terminated worker may take to end before it is killed


def _stop_workers() -> None:
    """Terminate this process's worker processes and wait for them (the parent of a batch has no others)."""
    import multiprocessing

    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(STOP_SECONDS)
        if child.is_alive():  # SIGTERM caught or not yet handled: a worker left alive would hold stdout open
            child.kill()
            child.join()


def _work(job: Job) -> Outcome:
    """A worker process's job: convert, and settle when the batch gave a Stage."""
    if not _WORKER_STAGE:
        return convert_job(job)
    outcome = settle(job, _WORKER_STAGE[0])
    _collect_job_cycles()
    return outcome


def run_jobs(
    jobs: Sequence[Job],
    workers: int = 1,
    progress: Callable[[Outcome], None] | None = None,
    stage: Stage | None = None,
) -> list[Outcome]:
    """Convert every job, settling each output as it finishes when `stage` is given (see Stage; the caller
    commits or discards the staged files); `progress` is called as each finishes. Results are in input order."""
    if workers <= 1 or len(jobs) <= 1:
        outcomes = []
        for job in jobs:
            if stage is None:
                outcome = convert_job(job)
            else:
                outcome = settle(job, stage)
                _collect_job_cycles()
            if progress:
                progress(outcome)
            outcomes.append(outcome)
        return outcomes
    _import_before_fork()
    with _interrupted_once():
        return _run_parallel(jobs, workers, progress, stage)


@contextlib.contextmanager
def _interrupted_once() -> Iterator[None]:
    """While workers run: the first SIGINT or SIGTERM interrupts (KeyboardInterrupt, or SystemExit as
    write.termination_as_exception raises), and every later one is ignored until the handlers are restored, so
    the clean-up that stops the workers runs whole. Ctrl-C reaches the workers' group too and each worker that
    is writing may send its own; a second interrupt landing before the clean-up began left workers running,
    holding stdout open. Main thread only."""
    import signal

    from xtgen.app.write import signal_handlers

    def interrupt(signum: int, frame: Any) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    with signal_handlers((signal.SIGINT, signal.SIGTERM), interrupt):
        yield


def _run_parallel(
    jobs: Sequence[Job], workers: int, progress: Callable[[Outcome], None] | None, stage: Stage | None
) -> list[Outcome]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: list[Outcome | None] = [None] * len(jobs)
    lost: list[int] = []  # jobs whose worker died: a broken pool fails every job still running in it
    count = min(workers, len(jobs), MAX_WORKERS)
    for start in range(0, len(jobs), RECYCLE_EVERY):  # fresh workers for each part (see RECYCLE_EVERY)
        pool = ProcessPoolExecutor(max_workers=count, initializer=_set_worker_stage, initargs=(stage,))
        try:  # no `with`: its exit would wait for every queued job
            part = range(start, min(start + RECYCLE_EVERY, len(jobs)))
            futures = {pool.submit(_work, jobs[i]): i for i in part}
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except Exception:  # the worker died (a crash, memory): retried alone below
                    lost.append(futures[future])
                    continue
                results[futures[future]] = outcome
                if progress:
                    progress(outcome)
            pool.shutdown(wait=True)  # inside: Ctrl-C while it waits must stop the workers too (else orphans)
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): stop the workers, so none writes after the clean-up
            with signals_held():
                pool.shutdown(wait=False, cancel_futures=True)
                _stop_workers()
                pool.shutdown(wait=True)
            raise
    for i in sorted(lost):  # each alone in a fresh process: only the input that kills its worker fails
        outcome = results[i] = _convert_alone(jobs[i], stage)
        if progress:
            progress(outcome)
    return [r for r in results if r is not None]


def _convert_alone(job: Job, stage: Stage | None = None) -> Outcome:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, initializer=_set_worker_stage, initargs=(stage,)) as pool:
        try:
            return pool.submit(_work, job).result()
        except Exception as exc:
            return Outcome(job, None, fatal=f"{job.input}: the process converting it stopped ({type(exc).__name__})")


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
    try:
        root = folder.resolve()
        if not target.parent.resolve().is_relative_to(root) or (
            target.is_dir() and not target.resolve().is_relative_to(root)  # a symlinked <docs>/<stem> folder
        ):
            raise XtgenError(f"{what}: output {str(name)!r} would be written outside {folder}")
    except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a name too long, a NUL byte
        reason = "a symbolic link loop" if isinstance(exc, RuntimeError) else getattr(exc, "strerror", None) or exc
        raise XtgenError(f"{what}: cannot write into {folder}: {reason}") from None
    return target


def stale_outputs(outcomes: Sequence[Outcome]) -> list[tuple[Path, str]]:
    """For --check: (output, 'missing' | 'stale' | 'unreadable (why)') for every accepted output not up to date."""
    found: list[tuple[Path, str]] = []
    for outcome in outcomes:
        if outcome.job.output is None:
            continue
        if outcome.settled is not None:  # compared where it was converted (settle)
            found += outcome.settled.stale
        elif outcome.text is not None:
            found += _stale_files(planned_files(outcome))
    return found


def _stale_files(files: Sequence[tuple[Path, Text]]) -> Iterator[tuple[Path, str]]:
    """(file, 'missing' | 'stale' | 'unreadable (why)') for each of files whose bytes on disk are not its text."""
    from xtgen.read.load import read_bytes

    for file, text in files:
        if not file.exists():
            yield file, "missing"
            continue
        try:  # a regular file within the input size limit: /dev/zero or a FIFO is never read
            current = read_bytes(file)
        except XtgenError as exc:
            yield file, f"unreadable ({str(exc).removeprefix(f'{file}: ')})"
            continue
        if current != as_bytes(text):
            yield file, "stale"


def planned_files(outcome: Outcome) -> list[tuple[Path, Text]]:
    """Every file writing this outcome would write, with its text: the output, then its docs."""
    path = outcome.job.output
    files = [(path, outcome.text)] if path is not None and outcome.text is not None else []
    docs = outcome.job.docs
    if outcome.docs is not None and docs is not None and docs.folder is not None:
        files += [(docs.folder / name, text) for name, text in outcome.docs.items()]
    return files


def planned_paths(outcome: Outcome) -> list[Path]:
    """Every file writing this outcome would write: the output, then its docs."""
    if outcome.settled is not None:
        return list(outcome.settled.files)
    return [path for path, _ in planned_files(outcome)]


def write_outcome(outcome: Outcome, protect: Sequence[Path] = (), *, create_folders: bool = True) -> list[Path]:
    """Write one accepted output and its docs, all or nothing (see write_files); return what was written.
    A batch creates its output folders; a single `-o FILE` must name an existing folder (a typo there is
    an error); the docs folder is created. In a batch, a docs folder that is a symbolic link is refused: it
    could lead anywhere."""
    from xtgen.app.write import commit_staged

    if outcome.text is None:
        return []
    staged = stage_outcome(outcome, protect, create_folders=create_folders, synced=True)
    (error,) = commit_staged([staged])
    if error is not None:
        raise XtgenError(error)
    return [file for _, file in staged]


def stage_outcome(
    outcome: Outcome,
    protect: Sequence[Path] = (),
    *,
    create_folders: bool = True,
    token: str = "",
    synced: bool = True,
) -> list[tuple[str, Path]]:
    """The first step of write_outcome: create the folders, check every path, and write every file of an accepted
    outcome to a temporary file beside it (all or none); returns (temporary file, file) pairs to commit."""
    from xtgen.app.write import stage_files

    path = outcome.job.output  # None: the output goes to stdout, the caller's part
    if outcome.text is None:
        return []
    files = planned_files(outcome)
    docs = outcome.job.docs
    folders = [path.parent] if create_folders and path is not None else []
    if outcome.docs is not None and docs is not None and docs.folder is not None:
        if create_folders and docs.folder.is_symlink():
            raise XtgenError(f"{docs.folder}: the docs folder is a symbolic link; xtgen does not write through it")
        folders.append(docs.folder)
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (OSError, RuntimeError, ValueError) as exc:
            raise XtgenError(f"{folder}: cannot create the folder: {getattr(exc, 'strerror', None) or exc}") from None
    return stage_files(files, protect=tuple(protect), token=token, sync=synced)


def commit_outcomes(outcomes: Sequence[Outcome], *, synced: bool = False) -> list[Outcome]:
    """The batch's commit (see write.commit_staged): every staged output renamed into place in input order after
    one sync, then each folder synced once. An output whose rename fails becomes a failure with the reason."""
    from xtgen.app.write import commit_staged

    settled = [o.settled.staged if o.settled is not None else () for o in outcomes]
    errors = commit_staged(settled, synced=synced)
    return [
        o if error is None else replace(o, settled=None, fatal=error) for o, error in zip(outcomes, errors, strict=True)
    ]


def batch_folders(jobs: Sequence[Job]) -> list[Path]:
    """Every folder a batch may write into: where its temporary files may be."""
    folders = [job.output.parent for job in jobs if job.output is not None]
    folders += [job.docs.folder for job in jobs if job.docs is not None and job.docs.folder is not None]
    return list(dict.fromkeys(folders))
