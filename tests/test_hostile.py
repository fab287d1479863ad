"""Robustness II (issue 16): bounded work on every input, no data loss, no write through a link.

One test (or a parametrized group) per class of the issue. A fatal problem is exit 2 with one line, a
problem found while converting is exit 1 with an error diagnostic; never a crash, a traceback, a hang,
or a file written where it should not be.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from xtgen.model import XtgenError
from xtgen.read.load import parse_text, parse_yaml

from .conftest import assert_valid_swagger2, run_cli

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://a.example.com'}]\n"
GOOD = HEAD + "paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200': {description: ok}\n"


def one_line(result: Any) -> str:
    """The single stderr line of a refused run (exit 2), checked for the usual promises."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("xtgen: ") and "Traceback" not in result.output
    return str(lines[0])


# ---- native crash: nesting refused before the C parser recurses ---------------------------------------


def deep_flow(depth: int) -> str:
    return HEAD + "paths: {}\nx-deep: " + "[" * depth + "]" * depth + "\n"


def test_deep_flow_nesting_is_one_line_not_a_crash(tmp_path: Path) -> None:
    """30,000 levels used to overflow the C stack (exit 139); run in a child process so a crash shows."""
    spec = tmp_path / "deep.yaml"
    spec.write_text(deep_flow(30_000))
    done = subprocess.run(
        [sys.executable, "-m", "xtgen", "convert", str(spec), "-o", str(tmp_path / "out.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"xtgen: {spec}:5:136: the document nests more than 128 levels deep; xtgen reads at most that many "
        "(flatten it with $refs to named components)"
    ]
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    "text",
    [
        "x: " + "{a: " * 20_000 + "1" + "}" * 20_000,
        "x:\n" + "".join(" " * i + "- \n" for i in range(1, 400)),
        "x:\n  " + "- " * 5_000 + "1",
        "x: " + "[" * 20_000,  # unclosed: refused for its depth before the parser complains
    ],
    ids=["flow-mappings", "block-indent", "compact-sequences", "unclosed"],
)
def test_every_kind_of_deep_yaml_is_refused_by_the_loader(text: str) -> None:
    with pytest.raises(XtgenError, match="nests more than 128 levels"):
        parse_text(text, "x.yaml")


def test_deep_yaml_behind_a_ref_lint_and_docs(tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text("description: x\nx-d: " + "[" * 30_000 + "]" * 30_000 + "\n")
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'deep.yaml'}\n")
    result = run_cli(["convert", str(spec), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 1 and "XT017" in result.stderr and "nests more than 128" in result.stderr
    swagger = tmp_path / "deep2.yaml"
    swagger.write_text("swagger: '2.0'\nx: " + "[" * 30_000 + "]" * 30_000 + "\n")
    assert "nests more than 128" in one_line(run_cli(["lint", str(swagger)]))
    assert "nests more than 128" in one_line(run_cli(["docs", str(swagger), "--out-dir", str(tmp_path / "d")]))
    assert not (tmp_path / "d").exists()


def test_the_depth_scan_is_cheap_for_ordinary_files() -> None:
    """A spec with long lines (a common description) takes the event scan; it still loads the same."""
    text = GOOD + "x-long: '" + "word " * 2_000 + "'\n"
    assert parse_yaml(text, "x.yaml")["x-long"].startswith("word word")


# ---- quadratic YAML merge keys -------------------------------------------------------------------------


def merge_chain(links: int) -> str:
    lines = [HEAD, "paths: {}\nx-m:\n  a0: &a0 {k0: 1}\n"]
    lines += [f"  a{i}: &a{i} {{<<: *a{i - 1}, k{i}: 1}}\n" for i in range(1, links)]
    return "".join(lines)


def test_merge_key_chain_is_refused_quickly(tmp_path: Path) -> None:
    """5,000 links (190 KB) used to take 20 s, 450 MB and write 89 MB."""
    spec = tmp_path / "merge.yaml"
    spec.write_text(merge_chain(5_000))
    start = time.perf_counter()
    line = one_line(run_cli(["convert", str(spec), "-o", str(tmp_path / "out.json")]))
    assert time.perf_counter() - start < 5
    assert "YAML merge keys (<<) copy more than" in line and "merge bomb" in line
    assert not (tmp_path / "out.json").exists()


def test_moderate_merge_keys_still_work() -> None:
    document = parse_yaml(merge_chain(50), "x.yaml")
    assert document["x-m"]["a49"] == {f"k{i}": 1 for i in range(50)} | {"k49": 1}


# ---- allOf fan-out: bounded in form bodies, parameter schemas, docs and validation ---------------------


def allof_fan(levels: int) -> dict[str, Any]:
    """S_k = allOf [S_k-1, S_k-1]: 3 KB of JSON whose naive expansion visits 2^levels schemas."""
    schemas: dict[str, Any] = {"S0": {"type": "object", "properties": {"a": {"type": "string"}}}}
    for i in range(1, levels):
        ref = {"$ref": f"#/components/schemas/S{i - 1}"}
        schemas[f"S{i}"] = {"allOf": [dict(ref), dict(ref)]}
    top = {"$ref": f"#/components/schemas/S{levels - 1}"}
    form = {"application/x-www-form-urlencoded": {"schema": top}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://a.example.com"}],
        "paths": {
            "/a": {
                "post": {
                    "operationId": "p",
                    "requestBody": {"content": form},
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/b": {
                "get": {
                    "operationId": "g",
                    "parameters": [{"name": "q", "in": "query", "schema": top}],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
        "components": {"schemas": schemas},
    }


def test_allof_fan_out_converts_in_linear_time() -> None:
    from xtgen import Options, convert

    start = time.perf_counter()
    result = convert(allof_fan(40), Options(validate=False))
    assert time.perf_counter() - start < 5
    assert result.ok and result.document is not None
    form = result.document["paths"]["/a"]["post"]["parameters"]
    assert [p["name"] for p in form] == ["a"]  # every level merged, the one property once
    assert_valid_swagger2(result.document)


def test_allof_fan_out_is_not_validated_for_hours() -> None:
    """Validators walk every use: the input is not validated (warning XT022), the output is refused
    (error XT904) naming the schema, and --no-validate writes it."""
    from xtgen import convert

    start = time.perf_counter()
    result = convert(allof_fan(40))
    assert time.perf_counter() - start < 5
    codes = {(d.code, d.severity.value, d.pointer) for d in result.diagnostics if d.code in ("XT022", "XT904")}
    assert ("XT022", "warning", "/components/schemas/S39") in codes
    assert ("XT904", "error", "/definitions/S39") in codes
    assert not result.ok


def test_allof_fan_out_in_docs(tmp_path: Path) -> None:
    spec = tmp_path / "fan.json"
    spec.write_text(json.dumps(allof_fan(40)))
    start = time.perf_counter()
    result = run_cli(["docs", str(spec), "--out-dir", str(tmp_path / "docs")])
    assert time.perf_counter() - start < 10
    assert result.exit_code == 1 and "XT904" in result.stderr and not (tmp_path / "docs").exists()


def test_parameter_schema_including_itself(tmp_path: Path) -> None:
    """`R: {allOf: [R]}` was XT903 (RecursionError); the part adds nothing and conversion goes on."""
    from xtgen import Options, convert

    document = allof_fan(2)
    document["components"]["schemas"]["R"] = {"allOf": [{"$ref": "#/components/schemas/R"}], "type": "string"}
    document["paths"]["/b"]["get"]["parameters"][0]["schema"] = {"$ref": "#/components/schemas/R"}
    result = convert(document, Options(validate=False))
    assert result.ok and result.document is not None
    assert result.document["paths"]["/b"]["get"]["parameters"][0]["type"] == "string"
    assert not [d for d in result.diagnostics if d.code.startswith("XT9")]


def test_allof_nested_past_the_bound_is_an_error_naming_the_pointer() -> None:
    from xtgen import Options, convert

    document = allof_fan(2)
    schemas = document["components"]["schemas"]
    for i in range(200):
        schemas[f"C{i}"] = {"allOf": [{"$ref": f"#/components/schemas/C{i + 1}"}]}
    schemas["C200"] = {"type": "string"}
    document["paths"]["/b"]["get"]["parameters"][0]["schema"] = {"$ref": "#/components/schemas/C0"}
    result = convert(document, Options(validate=False))
    found = [d for d in result.diagnostics if d.code == "XT316"]
    assert found and found[0].severity.value == "error" and "more than 64 levels" in found[0].message
    assert found[0].pointer == "/components/schemas/C0"


# ---- bundling: inlining bounded while it happens; hostile ref paths; stdin's folder ---------------------


def test_external_ref_fan_out_is_bounded_while_bundling(tmp_path: Path) -> None:
    """r_k.yaml holds two refs to r_k-1.yaml: 25 small files used to inline to hundreds of MB."""
    for i in range(25):
        body = (
            "description: leaf\n"
            if i == 0
            else (
                f"description: r\nheaders:\n  a: {{schema: {{type: string}}, x-a: {{$ref: 'r{i - 1}.yaml'}}, "
                f"x-b: {{$ref: 'r{i - 1}.yaml'}}}}\n"
            )
        )
        (tmp_path / f"r{i}.yaml").write_text(body)
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'r24.yaml'}\n")
    start = time.perf_counter()
    result = run_cli(["convert", str(spec), "-o", str(tmp_path / "out.json")])
    assert time.perf_counter() - start < 10
    assert result.exit_code == 1 and not (tmp_path / "out.json").exists()
    lines = result.stderr.strip().splitlines()
    assert f"{spec}:/paths/~1a/get/responses/200: error XT036 inlining $ref 'r24.yaml'" in lines[0]
    assert len(lines) == 2 and "info XT015 bundled $refs from 25 external file(s)" in lines[1]


def test_external_refs_used_twice_still_convert(tmp_path: Path) -> None:
    (tmp_path / "common.yaml").write_text("Ok:\n  description: fine\n")
    spec = tmp_path / "spec.yaml"
    paths = "".join(
        f"  /p{i}:\n    get:\n      operationId: p{i}\n      responses:\n        '200': {{$ref: 'common.yaml#/Ok'}}\n"
        for i in range(3)
    )
    spec.write_text(HEAD + "paths:\n" + paths)
    out = tmp_path / "out.yaml"
    result = run_cli(["convert", str(spec), "-o", str(out), "--format", "yaml"])
    assert result.exit_code == 0, result.output
    assert "&id" not in out.read_text() and out.read_text().count("description: fine") == 3


@pytest.mark.parametrize("kind", ["nul", "loop", "long-name", "fifo"])
def test_hostile_ref_paths_are_input_errors(tmp_path: Path, kind: str) -> None:
    ref = {"nul": "a%00b.yaml", "loop": "loop.yaml", "long-name": "x" * 300 + ".yaml", "fifo": "fifo.yaml"}[kind]
    if kind == "loop":
        os.symlink("loop.yaml", tmp_path / "loop.yaml")
    if kind == "fifo":
        os.mkfifo(tmp_path / "fifo.yaml")
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + f"paths:\n  /a:\n    get:\n      responses:\n        '200': {{$ref: '{ref}'}}\n")
    start = time.perf_counter()
    result = run_cli(["convert", str(spec), "-o", str(tmp_path / "out.json")])
    assert time.perf_counter() - start < 10  # a FIFO used to hang forever
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and " error XT017 cannot use referenced file" in lines[0], lines
    assert "XT903" not in result.stderr


def test_stdin_refs_are_relative_to_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok.yaml").write_text("description: fine\n")
    monkeypatch.chdir(tmp_path)
    text = HEAD + "paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200': {$ref: 'ok.yaml'}\n"
    result = run_cli(["convert", "-"], stdin=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["paths"]["/a"]["get"]["responses"]["200"] == {"description": "fine"}
    outside = text.replace("'ok.yaml'", "'../x.yaml'")
    result = run_cli(["convert", "-", "--ref-root", "."], stdin=outside)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "XT019" in result.stderr
