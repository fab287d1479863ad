"""Profile one `xtgen convert` run with pyinstrument (pip install -e ".[bench]").

    python bench/profile.py FILE [xtgen convert options...]   e.g. --no-validate --target swagger2

Prints where the time goes: load, then every stage of the pipeline that ran (the functions of the stage
tuples in xtgen/pipeline.py, readiness included: read from the tuples, so a new stage shows up by itself),
then serialize and write, each as a share of the whole; then the functions with the most time of their own.
The output goes to a temporary file; diagnostics are not printed.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path
from typing import Any

OUTSIDE = {  # the caller's steps around the pipeline: (function, file name) -> label
    ("load_document", "load.py"): "load (read + parse)",
    ("serialize", "write.py"): "serialize",
    ("write_atomic", "write.py"): "write",
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
    from pyinstrument import Profiler

    from xtgen.app.cli import app

    out = Path(tempfile.mkdtemp(prefix="xtgen-profile-")) / "out.json"
    args = ["convert", sys.argv[1], "-o", str(out), *sys.argv[2:]]
    profiler = Profiler(interval=0.001)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.suppress(SystemExit):
        profiler.start()
        try:
            app(args, prog_name="xtgen")
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
