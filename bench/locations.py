"""The cost of line:column: what locating the shown diagnostics adds to one `xtgen convert`, inside one process.

    python bench/locations.py SPEC [RUNS]     (GitHub's description: `npm install @octokit/openapi`,
                                               generated/api.github.com.json)

Measures (CPU seconds, median of RUNS, default 3): load+convert+serialize, as `xtgen convert SPEC -o OUT`
does; then xtgen.app.show.locate for the diagnostics that run shows by default (info and above: single
`convert`) and for the warnings and errors only (what `build` shows), each from scratch (the input read
again, both texts scanned). Prints one JSON object with milliseconds and the ratios to the conversion.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from inproc import cpu  # the same CPU-seconds median (bench/ is on sys.path when run as a script)


def main() -> None:
    spec, runs = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3
    from xtgen import Options, convert_file
    from xtgen.app.select import shown
    from xtgen.app.show import Case, locate
    from xtgen.app.write import serialize
    from xtgen.model import Severity

    state: dict[str, Any] = {}

    def conversion() -> None:
        result = convert_file(spec, Options())
        state["text"] = serialize(result.document)
        state["diagnostics"] = result.diagnostics
        state["indented"] = result.source.indented if result.source is not None else None

    conversion()  # imports and caches, outside the measurement
    convert_s = cpu(conversion, runs)
    case = Case(
        str(spec),
        str(spec),
        "out.json",
        state["text"],
        True,
        state["diagnostics"],
        output_name="out.json",
        indented=state.get("indented"),  # what the load proved of the input's layout (Source.indented)
    )
    figures: dict[str, Any] = {"spec": spec.name, "convert_ms": round(convert_s * 1000)}
    for label, least in (("info", Severity.INFO), ("warning", Severity.WARNING)):
        wanted = shown(state["diagnostics"], least)
        located = locate(case, wanted)
        seconds = cpu(lambda wanted=wanted: locate(case, wanted), runs)
        figures[label] = {
            "diagnostics": len(wanted),
            "with_line": sum(1 for loc in located if loc.line is not None),
            "input_pointers": sum(1 for loc in located if loc.document == "input"),
            "locate_ms": round(seconds * 1000),
            "ratio": round(seconds / convert_s, 3),
        }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
