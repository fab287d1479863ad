"""What the commands do between parsing arguments and printing: plan the jobs (outputs and docs folders),
write what was accepted, and decide the report entries and whether the run failed. cli.py calls these
and prints; nothing here prints or exits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xtgen.app.batch import (
    Job,
    Outcome,
    Stage,
    batch_folders,
    commit_outcomes,
    inside,
    plan_outputs,
    planned_paths,
    render_job_docs,
    run_jobs,
    write_docs,
    write_outcome,
)
from xtgen.app.settings import DocsSettings, RunSettings, run_settings
from xtgen.formats import SWAGGER2
from xtgen.model import Options, Result, XtgenError
from xtgen.pipeline import apply_preset_file
from xtgen.target.presets import resolve_preset

if TYPE_CHECKING:
    from xtgen.app.write import Text


def convert_jobs(inputs: Sequence[str], output: Path | None, out_dir: Path | None, run: RunSettings) -> list[Job]:
    """`xtgen convert` with several inputs, --out-dir or --check: one Job per input. Docs of several inputs
    (or of an --out-dir run) go to a folder per input, named after its output, inside the docs folder."""
    if output is not None and (len(inputs) > 1 or out_dir is not None):
        raise XtgenError("-o takes one input and no --out-dir; use --out-dir DIR for several inputs")
    if out_dir is None and len(inputs) > 1:
        raise XtgenError("several inputs need --out-dir DIR (each goes to DIR/<stem>.json)")
    if out_dir is not None:
        outputs = plan_outputs(inputs, out_dir, run.fmt)
    elif output is not None:
        outputs = [output]
    else:
        raise XtgenError("--check compares with written files: give -o FILE or --out-dir DIR")
    jobs = []
    for name, out in zip(inputs, outputs, strict=True):
        docs = None
        if run.docs is not None:
            folder = run.docs.folder
            if folder is not None and (len(inputs) > 1 or out_dir):
                folder = inside(folder, out.stem, what=name)
            docs = DocsSettings(folder, run.docs.fmt, run.docs.region, run.docs.templates)
        jobs.append(Job(name, out, run.options, run.fmt, run.strict, docs, run.selection))
    return jobs


@dataclass(frozen=True)
class Build:
    """`xtgen build`'s jobs, each input and output as the user knows it (relative to the config's folder),
    and that folder."""

    jobs: list[Job]
    names: list[tuple[str, str]]
    base: Path


def build_jobs(config: Path | None, cwd: Path, flags: Mapping[str, Any]) -> Build:
    """`xtgen build`: one Job per spec the config lists; each entry's docs go to a folder named after its output.
    `flags` are the command line's select/ignore/min-severity (--ignore adds to a config's ignores)."""
    from xtgen.app.config import find_config, load_config
    from xtgen.app.select import merge_flags
    from xtgen.app.show import shown_path

    path = config or find_config(cwd)
    if path is None:
        raise XtgenError("no xtgen.toml, or pyproject.toml with [tool.xtgen], in this folder or above it")
    jobs, names = [], []
    for entry in load_config(path).entries:
        try:
            run = run_settings(merge_flags(entry.settings, flags), path.parent)
        except XtgenError as exc:
            raise XtgenError(f"{path}: {entry.key}: {exc}") from None
        docs = None
        if run.docs is not None:
            folder = run.docs.folder / entry.output.stem if run.docs.folder else entry.output.parent / entry.output.stem
            docs = DocsSettings(folder, run.docs.fmt, run.docs.region, run.docs.templates)
        jobs.append(Job(str(entry.input), entry.output, run.options, run.fmt, run.strict, docs, run.selection))
        names.append((shown_path(entry.input, path.parent), shown_path(entry.output, path.parent)))
    return Build(jobs, names, path.parent)


# How a batch makes its outputs durable: False, one os.sync() before the renames (each temporary file written
# without fsync); True, an fsync of each temporary file as it is written. Measured in README, Performance.
SYNC_EACH_FILE = False


def convert_batch(
    jobs: Sequence[Job],
    workers: int,
    check: bool,
    report: Path | None,
    progress: Callable[[Outcome], None] | None = None,
) -> tuple[list[Outcome], list[Path]]:
    """A batch (convert --out-dir, build): convert every job, each accepted output written to a temporary file
    as its worker finishes (or compared, under --check); then the --report path is checked (XtgenError: nothing
    is written; it is checked before the conversions too, against the outputs known then, so that a refused
    report stops the run before it creates any folder) and the batch committed (see batch.commit_outcomes).
    Returns the outcomes and every file the run plans to write. Interrupted (a signal, an error): no temporary
    file stays and nothing is renamed after it."""
    from xtgen.app.write import (
        batch_token,
        check_report,
        discard_batch,
        signals_held,
        sweep_dead_batches,
        termination_as_exception,
    )

    protect = tuple(Path(job.input) for job in jobs)
    stage = Stage(protect, batch_token(), check=check, synced=SYNC_EACH_FILE)
    outputs = [job.output for job in jobs if job.output is not None]
    check_report(report, protect, outputs, creatable=[path.parent for path in outputs])  # before any folder is made
    if not check:
        sweep_dead_batches(outputs)
    with termination_as_exception():
        try:
            outcomes = run_jobs(jobs, workers, progress, stage)
            outputs += [path for outcome in outcomes for path in planned_paths(outcome)]
            check_report(report, protect, outputs, creatable=[path.parent for path in outputs])  # and the docs
            if not check:
                outcomes = commit_outcomes(outcomes, synced=SYNC_EACH_FILE)
        finally:
            if not check:
                with signals_held():
                    discard_batch(batch_folders(jobs), stage.token)
    return outcomes, outputs


def write_single(outcome: Outcome, protect: tuple[Path, ...]) -> Text | None:
    """One accepted input: write it (and its docs) when it has an output file; return the text for stdout when
    it has none (its docs, if any, are written here all the same)."""
    if outcome.fatal:
        raise XtgenError(outcome.fatal)
    if outcome.text is None:
        return None
    write_outcome(outcome, protect, create_folders=False)  # with no output file: only the docs
    return outcome.text if outcome.job.output is None else None


def write_spec_docs(result: Result, spec: str, docs: DocsSettings, preset: str | None) -> list[Path]:
    """`xtgen docs`: render a loaded spec's docs the way `convert --docs` does, and write them into docs.folder."""
    if docs.folder is None:
        raise XtgenError("no folder to write the docs into")
    given = spec != "-" and result.source is not None and result.source.format == SWAGGER2
    files = render_job_docs(result, docs, Path(spec) if given else None, preset)  # a 2.0 file is uploaded as is
    return write_docs(files, docs.folder, protect=(Path(spec),) if spec != "-" else ())


def preset_result(options: Options, into: Path | None) -> Result:
    """`xtgen preset NAME`: the preset's securityDefinitions, or (--into SPEC) the spec with the preset applied."""
    if into is not None:
        return apply_preset_file(into, options)
    built = resolve_preset(options)
    if built is None:
        raise XtgenError("no preset chosen")
    return Result(built.security_definitions(), built.diagnostics)


def docs_folder(spec: str, out_dir: Path | None) -> Path:
    """Where `xtgen docs` writes: --out-dir, else the spec's name + '-docs' ('xtension-docs' for stdin)."""
    return out_dir or Path(("xtension" if spec == "-" else Path(spec).stem) + "-docs")
