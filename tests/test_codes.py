"""The code catalogue (xtgen/codes.py) against the source, the CLI and the README.

The source is read as text: every string literal that is exactly a code ("XT730") is a code the source can
emit, and the severities call sites write next to a code (`ctx.warning("XT102"`, `"XT901", Severity.ERROR`)
must be ones the catalogue lists for it. `Diagnostic` itself refuses anything else at construction, so
the rest of the suite checks the call sites this scan cannot read.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from pathlib import Path

import pytest

from xtgen.codes import CATALOGUE, STAGES, Basis, TableFormat, catalogue_table, lookup, stage_of, suggest
from xtgen.model import Diagnostic, Severity
from xtgen.target.lint.rules import BY_CODE

from .conftest import ROOT, run_cli

CODE = re.compile(r"XT\d{3}")
SOURCE = ROOT / "xtgen"
# rules.py lists every XT7xx code as a rule, so it would hide a rule nothing emits; codes.py is the catalogue
NOT_EMITTERS = {SOURCE / "codes.py", SOURCE / "target" / "lint" / "rules.py"}
SEVERITY_NAMES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}

# `ctx.warning("XT102", ...)`, `self.error("XT017", ...)`
BY_METHOD = re.compile(r"\.(error|warning|info)\(\s*\"(XT\d{3})\"")
# `Diagnostic("XT805", Severity.WARNING, ...)`, `_collect(..., "XT901", Severity.ERROR, ...)`
BY_ARGUMENT = re.compile(r"\"(XT\d{3})\",\s*Severity\.(ERROR|WARNING|INFO)\b")
# limit problems become error diagnostics (xtgen/pipeline.py)
BY_LIMIT = re.compile(r"LimitProblem\(\s*\"(XT\d{3})\"")
# `code = "XT601" if ... else "XT602"` then `ctx.info(code, ...)` within two lines
BY_VARIABLE = re.compile(r"(\w+) = (\"XT\d{3}\"[^\n]*)\n(?:[^\n]*\n){0,2}?[^\n]*\.(error|warning|info)\(\1\b")
# `ctx.emit("XT401", severity, ...)`: a severity decided at run time, unless it is the catalogue's
BY_EMIT = re.compile(r"\.emit\(\s*\"(XT\d{3})\",\s*([^,]+),")


def sources() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if p not in NOT_EMITTERS)


def code_literals(text: str) -> set[str]:
    """String literals that are exactly a code (docstrings and comments that mention one do not count)."""
    found = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.STRING and CODE.fullmatch(token.string.strip("\"'")):
            found.add(token.string.strip("\"'"))
    return found


def emitted_codes() -> set[str]:
    found: set[str] = set()
    for path in sources():
        found |= code_literals(path.read_text(encoding="utf-8"))
    return found


def call_site_severities() -> tuple[dict[str, set[Severity]], set[str]]:
    """(code -> severities written at its call sites, codes whose severity is decided at run time)."""
    seen: dict[str, set[Severity]] = {}
    dynamic: set[str] = set()
    for path in sources():
        text = path.read_text(encoding="utf-8")
        for method, code in BY_METHOD.findall(text):
            seen.setdefault(code, set()).add(SEVERITY_NAMES[method])
        for code, name in BY_ARGUMENT.findall(text):
            seen.setdefault(code, set()).add(Severity[name])
        for code in BY_LIMIT.findall(text):
            seen.setdefault(code, set()).add(Severity.ERROR)
        for _, literals, method in BY_VARIABLE.findall(text):
            for code in CODE.findall(literals):
                seen.setdefault(code, set()).add(SEVERITY_NAMES[method])
        for code, expression in BY_EMIT.findall(text):
            if match := re.fullmatch(r"Severity\.(ERROR|WARNING|INFO)", expression.strip()):
                seen.setdefault(code, set()).add(Severity[match.group(1)])
            elif f'BY_CODE["{code}"].severity' not in expression:
                dynamic.add(code)
    return seen, dynamic


def test_every_code_the_source_emits_is_catalogued() -> None:
    emitted = emitted_codes()
    assert len(emitted) > 150, "the scan found too few codes: has the source moved?"
    assert emitted <= set(CATALOGUE), f"add these to xtgen/codes.py: {sorted(emitted - set(CATALOGUE))}"


def test_every_catalogued_code_is_emitted_or_retired() -> None:
    emitted = emitted_codes()
    for code, info in CATALOGUE.items():
        if info.retired:
            assert code not in emitted, f"{code} is marked retired but still emitted"
        else:
            assert code in emitted, f"{code} is catalogued but nothing emits it: remove it or mark it retired"


def test_call_site_severities_agree_with_the_catalogue() -> None:
    seen, dynamic = call_site_severities()
    assert len(seen) > 100, "the scan found too few call sites: has the source moved?"
    for code, severities in seen.items():
        info = lookup(code)
        assert severities <= info.severities, f"{code}: call sites use {severities}, catalogue {info.severities}"
    for code in dynamic:
        assert lookup(code).also, f"{code}: its severity is decided at run time, so the catalogue must list both"
    for code, info in CATALOGUE.items():  # a second severity is said in the catalogue because a call site uses it
        for severity in info.also:
            assert severity in seen.get(code, set()) or code in dynamic, f"{code}: nothing emits it as {severity}"


def test_the_codes_with_two_severities_say_so() -> None:
    """XT102 and XT114 are milder under --preset; XT204/XT205 depend on the target; XT401 on the version."""
    expected = {
        "XT102": (Severity.WARNING, {Severity.INFO}),
        "XT114": (Severity.ERROR, {Severity.INFO}),
        "XT204": (Severity.ERROR, {Severity.WARNING}),
        "XT205": (Severity.ERROR, {Severity.WARNING}),
        "XT401": (Severity.WARNING, {Severity.INFO}),
        "XT602": (Severity.WARNING, {Severity.INFO}),
    }
    actual = {code: (info.severity, set(info.also)) for code, info in CATALOGUE.items() if info.also}
    assert actual == expected
    for code in expected:  # the explanation says when each severity applies
        info = lookup(code)
        assert all(s.value in info.explanation.lower() for s in info.severities), code
    assert "--preset" in lookup("XT102").explanation and "--preset" in lookup("XT114").explanation


def test_entries_are_complete() -> None:
    for code, info in CATALOGUE.items():
        assert CODE.fullmatch(code) and info.code == code
        assert info.stage == stage_of(code) and info.stage in STAGES
        assert isinstance(info.basis, Basis) and isinstance(info.severity, Severity)
        assert info.severity not in info.also
        assert info.title and "\n" not in info.title and len(info.title) <= 160, code
        assert len(info.explanation) >= 40 and "\n" not in info.explanation, code
        assert info.explanation.rstrip().endswith((".", ")", "`")), code
    assert list(CATALOGUE) == sorted(CATALOGUE), "keep the catalogue in code order"


def test_every_readiness_code_is_a_rule() -> None:
    assert {c for c in CATALOGUE if c.startswith("XT7")} == set(BY_CODE)


def test_diagnostics_are_made_through_the_catalogue() -> None:
    assert Diagnostic("XT730", Severity.WARNING, "m").code == "XT730"
    assert Diagnostic("XT102", Severity.INFO, "m").severity is Severity.INFO  # listed in `also`
    with pytest.raises(ValueError, match="XT999"):
        Diagnostic("XT999", Severity.WARNING, "m")
    with pytest.raises(ValueError, match="XT730"):
        Diagnostic("XT730", Severity.ERROR, "m")
    with pytest.raises(ValueError, match="XT102"):
        Diagnostic("XT102", Severity.ERROR, "m")


def test_rules_lists_every_code() -> None:
    result = run_cli(["rules"])
    assert result.exit_code == 0
    rows = re.findall(r"^(XT\d{3}) +(\S+) +(\S+) +(.+)$", result.stdout, flags=re.M)
    assert [r[0] for r in rows] == list(CATALOGUE)
    for code, severity, stage, title in rows:
        info = lookup(code)
        assert (severity.split("/")[0], stage, title) == (info.severity.value, info.stage, info.title)
    assert ("XT102", "warning/info") in {(r[0], r[1]) for r in rows}


def test_rules_explains_one_code() -> None:
    result = run_cli(["rules", "XT730"])
    assert result.exit_code == 0
    info = lookup("XT730")
    text = " ".join(result.stdout.split())
    for part in (info.title, info.severity.value, info.stage, info.basis.value, info.explanation):
        assert part in text, part
    two = run_cli(["rules", "xt114"])  # case does not matter
    assert two.exit_code == 0 and "severity: error (some call sites: info)" in two.stdout


def test_rules_unknown_code_is_a_usage_error_with_a_suggestion() -> None:
    result = run_cli(["rules", "XT73"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("xtgen: unknown code 'XT73'; did you mean XT730, XT731 or XT732?")
    assert suggest("XT7300")[0] == "XT730"
    assert run_cli(["rules", "--format", "yaml"]).exit_code == 2


def test_rules_json_is_the_catalogue() -> None:
    listing = json.loads(run_cli(["rules", "--format", "json"]).stdout)
    assert [e["code"] for e in listing] == list(CATALOGUE)
    first = listing[0]
    info = lookup(first["code"])
    assert first == {
        "code": info.code,
        "severity": info.severity.value,
        "also": [],
        "stage": info.stage,
        "basis": info.basis.value,
        "title": info.title,
        "explanation": info.explanation,
    }
    one = json.loads(run_cli(["rules", "XT204", "--format", "json"]).stdout)
    assert (one["severity"], one["also"]) == ("error", ["warning"])


def test_rules_markdown_flag_and_format_agree() -> None:
    flag, fmt = run_cli(["rules", "--markdown"]), run_cli(["rules", "--format", "markdown"])
    assert flag.exit_code == fmt.exit_code == 0
    assert flag.stdout == fmt.stdout == catalogue_table(TableFormat.MARKDOWN)


def test_readme_code_table_is_generated_from_the_catalogue(update_goldens: bool) -> None:
    """`python -m pytest tests/test_codes.py --update-goldens` rewrites the table between the markers."""
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    match = re.search(r"<!-- codes:start[^\n]*-->\n(.*?)<!-- codes:end -->", readme, flags=re.S)
    assert match, "README lacks the <!-- codes:start --> / <!-- codes:end --> markers"
    table = catalogue_table(TableFormat.MARKDOWN)
    if update_goldens and match.group(1) != table:
        readme = readme[: match.start(1)] + table + readme[match.end(1) :]
        path.write_text(readme, encoding="utf-8")
        match = re.search(r"<!-- codes:start[^\n]*-->\n(.*?)<!-- codes:end -->", readme, flags=re.S)
        assert match
    assert match.group(1) == table, (
        "regenerate README's table: python -m pytest tests/test_codes.py --update-goldens (or paste `xtgen rules "
        "--format markdown` between the markers)"
    )
    outside = readme[: match.start()] + readme[match.end() :]
    assert not re.search(r"^\| XT\d{3} \|", outside, flags=re.M), "a code table outside the generated one"
