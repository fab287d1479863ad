"""--output-format: SARIF 2.1.0 (validated against the OASIS schema), GitHub annotations, JUnit XML, JSON."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from .conftest import run_cli

SCHEMA = Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json"
SPEC = """openapi: 3.0.3
info:
  title: Tâches für alle
  version: "1.0"
servers:
  - url: https://api.example.com
components:
  securitySchemes:
    session:
      type: apiKey
      in: cookie
      name: sid
    key:
      type: apiKey
      in: header
      name: X-Key
security:
  - key: []
  - session: []
paths:
  /tasks:
    get:
      summary: List
      responses:
        "200":
          description: OK
"""
BROKEN = SPEC.replace("  - key: []\n", "")  # only the cookie scheme is left: XT114, nothing written
# ::warning file=F,line=L,col=C,title=XT102::message  (properties escaped as GitHub documents)
ANNOTATION = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def specs(tmp_path: Path) -> tuple[Path, Path]:
    good, broken = tmp_path / "tasks.yaml", tmp_path / "broken.yaml"
    good.write_text(SPEC, encoding="utf-8")
    broken.write_text(BROKEN, encoding="utf-8")
    return good, broken


def build(tmp_path: Path, *flags: str) -> Any:
    specs(tmp_path)
    (tmp_path / "xtgen.toml").write_text(
        'out-dir = "out"\n[[spec]]\ninput = "tasks.yaml"\n[[spec]]\ninput = "broken.yaml"\n'
    )
    return run_cli(["build", "--config", str(tmp_path / "xtgen.toml"), "--jobs", "1", "-q", *flags])


def test_sarif_validates_against_the_schema(tmp_path: Path) -> None:
    import jsonschema

    specs(tmp_path)
    (tmp_path / "xtgen.toml").write_text(
        'out-dir = "out"\n[[spec]]\ninput = "tasks.yaml"\n[[spec]]\ninput = "broken.yaml"\n'
    )
    # no -q: the progress lines must not end up in the document
    result = run_cli(["build", "--config", str(tmp_path / "xtgen.toml"), "--output-format", "sarif", "--verbose"])
    assert result.exit_code == 1
    sarif = json.loads(result.stderr)  # the SARIF document is all of stderr: `2> results.sarif` is valid
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    run = sarif["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == sorted(set(rules)) and {"XT102", "XT114", "XT753"} <= set(rules)
    by_rule: dict[str, Any] = {}
    for found in run["results"]:
        by_rule.setdefault(found["ruleId"], found)  # the first: tasks.yaml's
    assert rules[by_rule["XT102"]["ruleIndex"]] == "XT102"
    place = by_rule["XT102"]["locations"][0]
    assert place["physicalLocation"]["artifactLocation"]["uri"] == "tasks.yaml"  # relative to the config
    assert place["physicalLocation"]["region"] == {"startLine": 9, "startColumn": 5}
    assert place["logicalLocations"][0]["fullyQualifiedName"] == "/components/securitySchemes/session"
    assert by_rule["XT753"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "out/tasks.json"
    assert by_rule["XT114"]["level"] == "error"


def test_sarif_to_a_report_file_keeps_the_verdict_on_stderr(tmp_path: Path) -> None:
    import jsonschema

    report = tmp_path / "results.sarif"
    result = build(tmp_path, "--output-format", "sarif", "--report", str(report))
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(json.loads(report.read_text()))
    assert result.stderr.splitlines()[-1] == "2 inputs: 1 written (1 with warnings), 1 failed"


def test_github_annotations_parse(tmp_path: Path) -> None:
    result = build(tmp_path, "--output-format", "github")
    lines = result.stderr.splitlines()
    annotations = [ANNOTATION.match(line) for line in lines[:-1]]
    assert annotations and all(annotations), lines
    props = [dict(p.split("=", 1) for p in m["props"].split(",")) for m in annotations if m]
    assert {"file": "tasks.yaml", "line": "9", "col": "5", "title": "XT102"} in props
    assert any(p["title"] == "XT114" and p["file"] == "broken.yaml" for p in props)
    assert not any(m and m["level"] == "notice" for m in annotations)  # build shows info only with --verbose
    assert lines[-1].endswith("1 failed")


def test_github_escapes_what_would_break_a_command() -> None:
    from xtgen.app.formats import github_line
    from xtgen.app.report import Location
    from xtgen.model import Diagnostic, Severity

    line = github_line(
        Diagnostic("XT730", Severity.WARNING, "50% done\nnext", "/a"), Location("input", "a,b:c.json", 1, 2)
    )
    assert line == "::warning file=a%2Cb%3Ac.json,line=1,col=2,title=XT730::50%25 done%0Anext [/a]"


def test_junit_one_testcase_per_input(tmp_path: Path) -> None:
    result = build(tmp_path, "--output-format", "junit")
    root = ET.fromstring(result.stderr)
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == ["tasks.yaml", "broken.yaml"]
    assert root.get("tests") == "2" and root.get("failures") == "1"
    assert cases[0].find("failure") is None and "XT102" in (cases[0].findtext("system-out") or "")
    failure = cases[1].find("failure")
    assert failure is not None and "XT114" in (failure.text or "") and failure.get("message") == "1 error, 1 warning"


def test_json_format_is_the_report_with_locations(tmp_path: Path) -> None:
    result = build(tmp_path, "--output-format", "json")
    report = json.loads(result.stderr)
    first = report["inputs"][0]
    assert first["input"] == "tasks.yaml" and first["output"] == "out/tasks.json" and first["ok"]
    by_code = {d["code"]: d for d in first["diagnostics"]}
    assert by_code["XT102"] | {"message": ""} == {
        "code": "XT102",
        "severity": "warning",
        "message": "",
        "pointer": "/components/securitySchemes/session",
        "document": "input",
        "file": "tasks.yaml",
        "line": 9,
        "column": 5,
    }
    assert by_code["XT753"]["document"] == "output" and by_code["XT753"]["file"] == "out/tasks.json"
    out_lines = (tmp_path / "out" / "tasks.json").read_text(encoding="utf-8").split("\n")
    assert out_lines[by_code["XT753"]["line"] - 1].strip().startswith('"operationId"')


@pytest.mark.parametrize("command", ["convert", "lint"])
def test_unknown_output_format_is_a_usage_error(tmp_path: Path, command: str) -> None:
    good, _ = specs(tmp_path)
    result = run_cli([command, str(good), "--output-format", "sariff"])
    assert result.exit_code == 2 and "did you mean 'sarif'?" in result.stderr
