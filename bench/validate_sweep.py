"""Per-file CPU time and diagnostics of validating conversions over a directory of specs (issue 17).

    python bench/validate_sweep.py DIR OUT.jsonl [--max-mb 6] [--timeout 120]
    python bench/validate_sweep.py --compare BEFORE.jsonl AFTER.jsonl [--over 3]

The first form converts every *.json / *.yaml / *.yml under DIR smaller than --max-mb MB, one after the
other in this one process, with `convert_file(path, Options())` (validating, the default) followed by
`serialize`, and writes one JSON line per file: its path, the CPU seconds (time.process_time around load +
convert + serialize; imports are paid by a warm-up conversion first), the SHA-256 of the output text, and
every diagnostic as [code, severity, message, pointer]. A file that takes more than --timeout CPU seconds
is stopped (a profiling timer) and recorded as timed out. Run it with the interpreter of the checkout to
measure (its xtgen is the one imported), e.g. /work/main/.venv/bin/python for the "before" figures, and
with the same PYTHONHASHSEED for both (openapi-spec-validator's wording can depend on it).

The second form prints the count of files over --over seconds before and after, the ten slowest of each,
and every file whose diagnostics (codes, severities, messages and pointers, in order) or output differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

SUFFIXES = (".json", ".yaml", ".yml")


class TimedOut(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise TimedOut


def sweep(folder: Path, out: Path, max_mb: float, timeout: float) -> None:
    from xtgen import Options, XtgenError, convert, convert_file
    from xtgen.app.write import serialize

    serialize(convert({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}).document)
    files = sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.stat().st_size < max_mb * 1e6)
    signal.signal(signal.SIGPROF, _alarm)
    with out.open("w", encoding="utf-8") as sink:
        for number, path in enumerate(files, 1):
            row: dict[str, Any] = {"file": str(path.relative_to(folder)), "bytes": path.stat().st_size}
            start = time.process_time()
            signal.setitimer(signal.ITIMER_PROF, timeout)
            try:
                result = convert_file(path, Options())
                if result.document is not None:
                    row["output_sha256"] = hashlib.sha256(serialize(result.document).encode("utf-8")).hexdigest()
                row["diagnostics"] = [[d.code, d.severity.value, d.message, d.pointer] for d in result.diagnostics]
            except TimedOut:
                row["timeout"] = True
            except XtgenError as exc:
                row["fatal"] = str(exc)
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
            row["cpu"] = round(time.process_time() - start, 3)
            sink.write(json.dumps(row) + "\n")
            sink.flush()
            if number % 100 == 0:
                print(f"{number}/{len(files)}", file=sys.stderr, flush=True)


def _read(path: Path) -> dict[str, dict[str, Any]]:
    return {row["file"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def compare(before_path: Path, after_path: Path, over: float) -> int:
    before, after = _read(before_path), _read(after_path)
    for label, rows in (("before", before), ("after", after)):
        slow = sorted(rows.values(), key=lambda r: -r["cpu"])
        total = sum(r["cpu"] for r in rows.values())
        timeouts = sum(1 for r in rows.values() if r.get("timeout"))
        print(
            f"{label}: {len(rows)} files, {total:.0f} s CPU in all, {sum(r['cpu'] > over for r in slow)} over {over} s"
            f", {timeouts} timed out"
        )
        for row in slow[:10]:
            print(f"  {row['cpu']:8.2f} s  {row['bytes'] / 1e6:5.2f} MB  {row['file']}")
    differ = [
        name
        for name in sorted(before.keys() | after.keys())
        if name not in before
        or name not in after
        or {k: v for k, v in before[name].items() if k not in ("cpu",)}
        != {k: v for k, v in after[name].items() if k not in ("cpu",)}
    ]
    timed = [n for n in differ if before.get(n, {}).get("timeout") or after.get(n, {}).get("timeout")]
    print(f"diagnostics differ for {len(differ)} files ({len(timed)} of them timed out on one side)")
    for name in differ[:50]:
        print("  " + name)
    return 1 if len(differ) > len(timed) else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--max-mb", type=float, default=6.0)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--over", type=float, default=3.0)
    args = parser.parse_args()
    if args.compare:
        return compare(args.first, args.second, args.over)
    sweep(args.first, args.second, args.max_mb, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
