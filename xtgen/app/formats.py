"""--output-format: the diagnostics as GitHub workflow annotations, SARIF 2.1.0 or JUnit XML.

Formatting only: each function takes the reports (with locations) and returns text. `text` and `json`
are in report.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PureWindowsPath
from typing import Any
from urllib.parse import quote

from xtgen import __version__
from xtgen.app.report import InputReport, Location, format_line, tally
from xtgen.model import Diagnostic, Severity

DOCUMENT_FORMATS = ("json", "sarif", "junit")  # one document, rather than a line per diagnostic

_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
HOME = "https://github.com/xtgen/xtgen"


def _real_file(location: Location | None) -> bool:
    return location is not None and not location.file.startswith("<")


# --- GitHub Actions ----------------------------------------------------------------------------------


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(diagnostic: Diagnostic, location: Location | None) -> str:
    """`::warning file=F,line=L,col=C,title=XT730::message [pointer]` (a workflow command)."""
    props = []
    if _real_file(location):
        assert location is not None
        props.append(f"file={_github_property(location.file)}")
        if location.line is not None and diagnostic.pointer:
            props += [f"line={location.line}", f"col={location.column}"]
    props.append(f"title={_github_property(diagnostic.code)}")
    where = f" [{diagnostic.pointer}]" if diagnostic.pointer else ""
    if not _real_file(location) and location is not None:
        where += f" in {location.file}"
    message = _github_data(f"{diagnostic.message}{where}")
    return f"::{_GITHUB_LEVEL[diagnostic.severity]} {','.join(props)}::{message}"


def render_github(entries: Sequence[InputReport]) -> str:
    return "".join(github_line(d, loc) + "\n" for e in entries for d, loc in e.located())


# --- SARIF 2.1.0 ----------------------------------------------------------------------------------------


def _uri(file: str) -> str:
    """A SARIF artifact URI: relative paths with forward slashes, absolute ones as file: URIs."""
    windows = PureWindowsPath(file)
    if windows.drive:
        return "file:///" + quote(windows.as_posix(), safe="/:")
    posix = file.replace("\\", "/")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    return quote(posix, safe="/")


def _sarif_rule(code: str) -> dict[str, Any]:
    from xtgen.codes import lookup

    try:
        info = lookup(code)
    except KeyError:  # not catalogued: still a rule, with what the result says
        return {"id": code, "shortDescription": {"text": code}}
    return {
        "id": code,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": info.explanation},
        "defaultConfiguration": {"level": _SARIF_LEVEL[info.severity]},
        "properties": {"stage": info.stage, "basis": str(info.basis)},
    }


def _sarif_result(diagnostic: Diagnostic, location: Location | None, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[diagnostic.severity],
        "message": {"text": diagnostic.message},
    }
    place: dict[str, Any] = {}
    if _real_file(location):
        assert location is not None
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(location.file)}}
        if location.line is not None and diagnostic.pointer:
            physical["region"] = {"startLine": location.line, "startColumn": location.column}
        place["physicalLocation"] = physical
    if diagnostic.pointer or location is not None:
        logical: dict[str, Any] = {"fullyQualifiedName": diagnostic.pointer or "/", "kind": "object"}
        if location is not None:
            logical["decoratedName"] = f"{location.document}:{diagnostic.pointer}"
        place["logicalLocations"] = [logical]
    if place:
        result["locations"] = [place]
    return result


def render_sarif(entries: Sequence[InputReport]) -> str:
    """One run; one rule per code that occurs (from the code catalogue), one result per diagnostic."""
    located = [(d, loc) for e in entries for d, loc in e.located()]
    codes = sorted({d.code for d, _ in located})
    index = {code: i for i, code in enumerate(codes)}
    run = {
        "tool": {
            "driver": {
                "name": "xtgen",
                "version": __version__,
                "informationUri": HOME,
                "rules": [_sarif_rule(code) for code in codes],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(d, loc, index[d.code]) for d, loc in located],
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- JUnit XML ------------------------------------------------------------------------------------------


def render_junit(entries: Sequence[InputReport], suite: str = "xtgen") -> str:
    """One testcase per input: a failure when it was not accepted, its diagnostics as the text."""
    import xml.etree.ElementTree as ET

    failures = sum(1 for e in entries if not e.ok)
    root = ET.Element("testsuites", name=suite, tests=str(len(entries)), failures=str(failures), errors="0")
    node = ET.SubElement(root, "testsuite", name=suite, tests=str(len(entries)), failures=str(failures), errors="0")
    for entry in entries:
        case = ET.SubElement(node, "testcase", classname=suite, name=entry.input)
        lines = "\n".join(format_line(entry.input, d, loc) for d, loc in entry.located())
        if not entry.ok:
            failure = ET.SubElement(case, "failure", message=tally(entry.diagnostics) or "not accepted", type="xtgen")
            failure.text = lines
        elif lines:
            ET.SubElement(case, "system-out").text = lines
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
