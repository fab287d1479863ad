"""CPU seconds of xtgen's load+convert+serialize and of ruamel.yaml's C safe load, inside one process.

    python bench/inproc.py SPEC RUNS      (used by run.py; prints one JSON object)

No interpreter start-up or import time: this is the figure scaling is judged on. Medians of RUNS runs.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any


def cpu(fn: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    spec, runs = Path(sys.argv[1]), int(sys.argv[2])
    from ruamel.yaml import YAML

    from xtgen import Options, convert_file
    from xtgen.app.write import serialize

    def xtgen(validate: bool) -> None:
        result = convert_file(spec, Options(validate=validate))
        serialize(result.document)

    xtgen(True)  # imports and caches, once, outside the measurement
    figures = {"xtgen_nv": cpu(lambda: xtgen(False), runs), "xtgen": cpu(lambda: xtgen(True), runs)}
    if spec.suffix in (".yaml", ".yml"):

        def load() -> None:
            with spec.open(encoding="utf-8") as handle:
                YAML(typ="safe", pure=False).load(handle)

        figures["ruamel"] = cpu(load, runs)
        gc.disable()
        figures["ruamel_nogc"] = cpu(load, runs)
        gc.enable()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
