"""Soundness and tightness of converted schemas, measured on the fixtures (bench, not part of pytest).

    python bench/merge_soundness.py [--examples N]

Soundness: of the values generated from each original OpenAPI 3.0 component schema (hypothesis-jsonschema),
the share the Swagger 2.0 conversion accepts (must be 100%). Tightness: of values the original rejects
(values generated from the other schemas of the fixtures, and arbitrary JSON values), the share the
conversion rejects too; "accept anything" rejects 0%, the original 100%.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.soundness import schema_pairs  # noqa: E402


def sample(schema: Any, count: int) -> list[Any]:
    from hypothesis_jsonschema import from_schema

    found: list[Any] = []

    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(from_schema(schema))
    def collect(value: Any) -> None:
        found.append(value)

    try:
        collect()
    except Exception as exc:  # a schema hypothesis-jsonschema cannot generate from
        print(f"  skipped: {type(exc).__name__}", file=sys.stderr)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=40)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    pairs = list(schema_pairs(ROOT / "fixtures"))
    samples = {name: sample(original, args.examples) for name, original, _ in pairs}
    samples["(any JSON value)"] = sample({}, args.examples * 4)
    accepted = generated = 0
    rejected_by_original = rejected_by_both = 0
    for name, original, converted in pairs:
        check_original, check_converted = jsonschema.Draft4Validator(original), jsonschema.Draft4Validator(converted)
        own = samples[name]
        generated += len(own)
        accepted += sum(check_converted.is_valid(v) for v in own)
        for other, values in samples.items():
            if other == name:
                continue
            for value in values:
                if not check_original.is_valid(value):
                    rejected_by_original += 1
                    rejected_by_both += not check_converted.is_valid(value)
    print(f"schemas: {len(pairs)}; values generated from them: {generated}")
    print(f"soundness: {accepted}/{generated} = {accepted / max(generated, 1):.2%} accepted by the conversion")
    print(
        f"tightness: of {rejected_by_original} values the originals reject, the conversions reject "
        f"{rejected_by_both} = {rejected_by_both / max(rejected_by_original, 1):.2%} (accept-anything: 0%)"
    )


if __name__ == "__main__":
    main()
