"""Profile one `xtgen convert` run with pyinstrument (pip install -e ".[bench]").

    python bench/profile.py FILE [xtgen convert options...]   e.g. --no-validate --target swagger2

Runs the command's own route (xtgen.app.fast.run: the fast path, or Typer where it gives up) and prints where
the time goes: load, then every stage of the pipeline that ran (the functions of the stage tuples in
xtgen/pipeline.py, readiness included: read from the tuples, so a new stage shows up by itself), then
serialize, write and the line:column look-ups of the diagnostics shown, each as a share of the whole; then
the functions with the most time of their own. The output goes to a temporary file; diagnostics are formatted
as on a terminal but not printed.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path
from typing import Any

OUTSIDE = {  # the steps around the pipeline: (function, file name) -> label; the first runs before it
    ("load_measured", "load.py"): "load (read, parse, limits)",
    ("encode_document", "write.py"): "serialize",
    ("write_single", "run.py"): "write",
    ("positions", "locate.py"): "line:column of diagnostics",
}


def stage_labels() -> dict[tuple[str, str], str]:
    """(function, file name) -> label, in the order a run meets them: load, the pipeline's stages, output."""
    from xtgen import pipeline

    labels = dict(list(OUTSIDE.items())[:1])
    for stage in (*pipeline.OPENAPI3_INPUT, *pipeline.SWAGGER2_INPUT, *pipeline.TARGET_STAGES):
        labels[(stage.__name__, "pipeline.py")] = "stage " + stage.__name__
    labels.update(list(OUTSIDE.items())[1:])
    return labels


def stage_times(frame: Any, labels: dict[tuple[str, str], str], found: dict[str, float]) -> None:
    stack = [frame]
    while stack:
        node = stack.pop()
        label = labels.get((node.function, Path(node.file_path or "").name))
        if label is not None:
            found[label] = found.get(label, 0.0) + node.time
        else:
            stack.extend(node.children)


def main() -> int:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    import gc

    from pyinstrument import Profiler

    from xtgen.app import fast

    out = Path(tempfile.mkdtemp(prefix="xtgen-profile-")) / "out.json"
    args = ["convert", sys.argv[1], "-o", str(out), *sys.argv[2:]]
    profiler = Profiler(interval=0.001)
    gc.disable()  # as the command runs (xtgen.app.fast.prepare)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.suppress(SystemExit):
        profiler.start()
        try:
            fast.run(args)  # the command's own route: the fast path, or Typer where it gives up
        finally:
            profiler.stop()
    session = profiler.last_session
    assert session is not None
    root = session.root_frame()
    total = root.time if root else 0.0
    print(
        f"xtgen {' '.join(args)}\nprofiled wall time {total:.2f} s (CPU {session.cpu_time:.2f} s), "
        "profiler overhead included\n"
    )
    stages: dict[str, float] = {}
    labels = stage_labels()
    if root:
        stage_times(root, labels, stages)
    print("stages")
    for name in (label for label in dict.fromkeys(labels.values()) if label in stages):
        seconds = stages[name]
        print(f"  {name:<30} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
    rest = total - sum(stages.values())
    print(f"  {'start-up, CLI and the rest':<30} {rest:6.2f} s  {100 * rest / total:5.1f} %\n")
    print("functions with the most time of their own (top 15)")
    own: dict[str, float] = {}
    if root:
        collect_self_time(root, own)
    for name, seconds in sorted(own.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {seconds:6.2f} s  {100 * seconds / total:5.1f} %  {name}")
    return 0


def collect_self_time(frame: Any, own: dict[str, float]) -> None:
    stack = [frame]
    while stack:
        node = stack.pop()
        if node.function and not node.function.startswith("["):
            where = "/".join(Path(node.file_path or "?").parts[-2:])
            key = f"{node.function}  {where}:{node.line_no}"
            own[key] = own.get(key, 0.0) + node.total_self_time
        stack.extend(node.children)


if __name__ == "__main__":
    sys.exit(main())
