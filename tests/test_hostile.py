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


def final_line(result: Any) -> str:
    """Exit 2 after the diagnostics were shown: the last stderr line says why nothing was written."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return str(result.stderr.strip().splitlines()[-1])


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
    assert lines[0].startswith(f"{spec}:8:9: error XT036 inlining $ref 'r24.yaml'"), lines
    assert lines[0].endswith("[/paths/~1a/get/responses/200]"), lines
    assert "info XT015 bundled $refs from 25 external file(s)" in lines[1]
    assert lines[2:] == ["nothing written: 1 error"], lines  # the verdict counts what is shown as it stands


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
    assert len(lines) == 2 and " error XT017 cannot use referenced file" in lines[0], lines
    assert lines[1] == "nothing written: 1 error"
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
    assert result.exit_code == 1 and result.stderr.count("\n") == 2 and "XT019" in result.stderr
    assert result.stderr.endswith("nothing written: 1 error\n")


# ---- data loss: the report obeys the rules of every output --------------------------------------------


@pytest.fixture
def good(tmp_path: Path) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(GOOD)
    return spec


@pytest.mark.parametrize(
    "args",
    [
        ["convert", "{spec}", "-o", "{tmp}/out.json", "--report", "{spec}"],
        ["convert", "{spec}", "--report", "{spec}"],
        ["convert", "{spec}", "--out-dir", "{tmp}/out", "--report", "{spec}"],
        ["lint", "{spec}", "--report", "{spec}"],
        ["docs", "{spec}", "--out-dir", "{tmp}/docs", "--report", "{spec}"],
    ],
    ids=["convert", "convert-stdout", "batch", "lint", "docs"],
)
def test_report_never_overwrites_the_input(tmp_path: Path, good: Path, args: list[str]) -> None:
    line = final_line(run_cli([a.format(spec=good, tmp=tmp_path) for a in args]))
    assert line == f"xtgen: {good}: refusing to write the report over the input"
    assert good.read_text() == GOOD
    assert not (tmp_path / "out.json").exists() and not (tmp_path / "out").exists()
    assert not (tmp_path / "docs").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["spec.yaml"]


def test_report_equal_to_the_output(tmp_path: Path, good: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("previous\n")
    line = final_line(run_cli(["convert", str(good), "-o", str(out), "--report", str(out)]))
    assert "the report would be written over the output" in line
    assert out.read_text() == "previous\n"
    batch = run_cli(["convert", str(good), "--out-dir", str(tmp_path / "o"), "--report", str(tmp_path / "o/spec.json")])
    assert "the report would be written over the output" in final_line(batch)


# ---- all or nothing ------------------------------------------------------------------------------------


def test_unwritable_report_writes_nothing(tmp_path: Path, good: Path) -> None:
    out = tmp_path / "out.json"
    line = final_line(run_cli(["convert", str(good), "-o", str(out), "--report", str(tmp_path / "no/r.json")]))
    assert "r.json" in line and not out.exists()
    batch = run_cli(["convert", str(good), "--out-dir", str(tmp_path / "o"), "--report", str(tmp_path / "no/r.json")])
    assert batch.exit_code == 2 and not (tmp_path / "o" / "spec.json").exists()


def test_docs_refused_writes_no_output(tmp_path: Path, good: Path) -> None:
    """`--docs` into a folder where README.md is a folder: nothing is written, not even the output."""
    (tmp_path / "docs" / "README.md").mkdir(parents=True)
    out = tmp_path / "out.json"
    line = final_line(run_cli(["convert", str(good), "-o", str(out), "--docs", str(tmp_path / "docs")]))
    assert "README.md: not a regular file" in line
    assert not out.exists() and not list((tmp_path / "docs").glob(".*"))
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["README.md"]


def test_disk_full_midway_leaves_old_files_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xtgen.app import write

    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text("old a\n")
    calls = []

    def stage(path: Path, data: bytes, staged: Any = None, **options: Any) -> str:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(path, data, staged, **options)

    real = write._stage
    monkeypatch.setattr(write, "_stage", stage)
    with pytest.raises(XtgenError, match=r"b\.json: cannot write: No space left on device"):
        write.write_files([(first, "new a\n"), (second, "new b\n")])
    assert first.read_text() == "old a\n" and not second.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The signal arrives while the temporary file is open: the handler ends the run through the clean-up."""
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from xtgen.app import write\n"
        "real = write._stage\n"
        "def stage(path, data, staged=None, **options):\n"
        "    tmp = real(path, data, staged, **options)\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    return tmp\n"
        "write._stage = stage\n"
        f"write.write_files([(Path({str(tmp_path / 'out.json')!r}), 'x')])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 128 + 15, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_failed_batch_input_has_no_output(tmp_path: Path, good: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("'200': {description: ok}", "'200': {$ref: '#/nowhere'}"))
    result = run_cli(["convert", str(good), str(bad), "--out-dir", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["spec.json"]


# ---- one bad input is one failed entry ----------------------------------------------------------------


def test_lone_surrogate_is_one_clean_line(tmp_path: Path) -> None:
    spec = tmp_path / "s.json"
    spec.write_text(json.dumps(yaml_good()).replace('"title": "t"', '"title": "t\\ud800"'))
    line = final_line(run_cli(["convert", str(spec), "-o", str(tmp_path / "out.json")]))
    assert line == (
        f"xtgen: {spec} at /info/title: a string holds a lone UTF-16 surrogate (such as \\ud800), which UTF-8 "
        "text cannot hold; remove it or write the character it was meant to be"
    )


def yaml_good() -> dict[str, Any]:
    return dict(parse_yaml(GOOD, "good.yaml"))


def test_unexpected_exception_in_one_batch_input(tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug met by one input fails that input with one line; the other inputs are written."""
    from xtgen import pipeline

    other = tmp_path / "boom.yaml"
    other.write_text(GOOD)
    real = pipeline.convert_file

    def convert_file(path: Any, options: Any = None) -> Any:
        if str(path).endswith("boom.yaml"):
            raise KeyError("name")
        return real(path, options)

    from xtgen.app import batch

    monkeypatch.setattr(batch, "convert_file", convert_file)
    result = run_cli(["convert", str(good), str(other), "--out-dir", str(tmp_path / "o"), "--jobs", "1"])
    assert result.exit_code == 1
    assert f"{other}: error XT903 internal error KeyError: 'name' (please report this as an xtgen bug)" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["spec.json"]


# ---- writes through links ------------------------------------------------------------------------------


def test_build_refuses_an_output_through_a_symlinked_subfolder(tmp_path: Path, good: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "xtensions").mkdir()
    os.symlink(outside, tmp_path / "xtensions" / "sub")
    config = tmp_path / "xtgen.toml"
    config.write_text('out-dir = "xtensions"\n[[spec]]\ninput = "spec.yaml"\noutput = "sub/api.json"\n')
    line = one_line(run_cli(["build", "--config", str(config)]))
    assert "would be written outside" in line
    assert list(outside.iterdir()) == []


def test_batch_docs_refuse_a_symlinked_stem_folder(tmp_path: Path, good: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "docs").mkdir()
    os.symlink(outside, tmp_path / "docs" / "spec")
    result = run_cli(["convert", str(good), "--out-dir", str(tmp_path / "o"), "--docs", str(tmp_path / "docs")])
    assert "would be written outside" in one_line(result)
    assert list(outside.iterdir()) == [] and not (tmp_path / "o").exists()


# ---- escaping on the way to the terminal --------------------------------------------------------------


def test_escape_terminal() -> None:
    from xtgen.app.terminal import escape_terminal

    assert escape_terminal("plain: é ✓") == "plain: é ✓"
    assert escape_terminal("a\x1b[31mb\x07c\rd\ne\u202ef\x9b") == "a\\x1b[31mb\\x07c\\x0dd\\x0ae\\u202ef\\x9b"


def test_spec_controlled_bytes_never_reach_the_terminal(tmp_path: Path) -> None:
    """Pointers, messages, the limit message, file names and progress lines all carry ESC/BEL escaped."""
    name = tmp_path / "evil\x1b]0;pwn\x07.json"
    document = yaml_good()
    document["paths"]["/a\x1b[31m\x07"] = {"get": {"responses": {"200": {"description": "ok"}}, "x-\x1b": 1}}
    name.write_text(json.dumps(document))
    result = run_cli(["convert", str(name), "-o", str(tmp_path / "out.json")])
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\\x1b" in result.stderr
    batch = run_cli(["convert", str(name), str(tmp_path / "spec2.json"), "--out-dir", str(tmp_path / "o")])
    assert "\x1b" not in batch.stderr and "\\x1b]0;pwn\\x07.json" in batch.stderr
    deep = tmp_path / "deep.json"
    deep.write_text(json.dumps(document | {"x-\x1b[2J": json.loads("[" * 200 + "]" * 200)}))
    limit = one_line(run_cli(["convert", str(deep)]))
    assert "nests more than 128" in limit and "\x1b" not in limit and "\\x1b[2J" in limit


# ---- unbounded reads ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_check_reads_only_regular_files(tmp_path: Path, good: Path, target: str) -> None:
    out = Path(target) if target.startswith("/") else tmp_path / target
    if not target.startswith("/"):
        os.mkfifo(out)
    start = time.perf_counter()
    result = run_cli(["convert", str(good), "-o", str(out), "--check", "--quiet"])
    assert time.perf_counter() - start < 10
    assert result.exit_code == 1
    assert f"unreadable (not a regular file): {out}: run xtgen convert without --check" in result.stderr


@pytest.mark.parametrize("flag", ["--oidc-discovery", "--preset-file"])
def test_deep_side_files_are_one_line(tmp_path: Path, good: Path, flag: str) -> None:
    side = tmp_path / "side.json"
    side.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}")
    args = ["convert", str(good), flag, str(side)] if flag == "--oidc-discovery" else ["preset", "x", flag, str(side)]
    assert "nested too deeply to read" in one_line(run_cli(args))
    fifo = tmp_path / "side2.json"
    os.mkfifo(fifo)
    args = [a if a != str(side) else str(fifo) for a in args]
    assert "not a regular file" in one_line(run_cli(args))


# ---- tracebacks become one line ------------------------------------------------------------------------


def test_hostile_output_paths_are_one_line(tmp_path: Path, good: Path) -> None:
    long_name = tmp_path / ("x" * 300 + ".json")
    assert "File name too long" in final_line(run_cli(["convert", str(good), "-o", str(long_name)]))
    os.symlink("loop", tmp_path / "loop")
    line = one_line(run_cli(["convert", str(good), str(good), "--out-dir", str(tmp_path / "loop" / "x")]))
    assert "symbolic link loop" in line or "Too many levels of symbolic links" in line


def test_closed_stdin_and_stdout(tmp_path: Path, good: Path) -> None:
    closed_in = subprocess.run(
        [sys.executable, "-m", "xtgen", "convert", "-"], stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    assert closed_in.returncode == 2 and closed_in.stderr.strip() == "xtgen: <stdin>: the file is empty"
    script = (
        "import sys; sys.stdin = None; sys.argv = ['xtgen', 'convert', '-']; from xtgen.app.cli import main; main()"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.strip() == "xtgen: <stdin>: cannot read: stdin is closed"
    script = f"import sys; sys.stdout = None; sys.argv = ['xtgen', 'convert', {str(good)!r}]; "
    script += "from xtgen.app.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == "xtgen: <stdout>: cannot write: stdout is closed; give -o FILE"


def test_authorization_url_that_is_not_a_url_is_an_input_error() -> None:
    from xtgen import convert

    document = yaml_good()
    flow = {"authorizationUrl": 'https://a"<b', "tokenUrl": "https://t.example.com", "scopes": {}}
    document["components"] = {"securitySchemes": {"o": {"type": "oauth2", "flows": {"authorizationCode": flow}}}}
    document["security"] = [{"o": []}]
    result = convert(document)
    codes = [d.code for d in result.diagnostics if d.severity.value == "error"]
    assert "XT109" in codes and not [c for c in codes if c.startswith("XT9")]


# ---- cascades and usage -------------------------------------------------------------------------------


def test_server_index_out_of_range_is_one_usage_error(good: Path) -> None:
    assert one_line(run_cli(["convert", str(good), "--server", "3"])) == (
        "xtgen: --server 3: the document has 1 server(s) (indexes: 0 to 0)"
    )


@pytest.mark.parametrize("command", ["convert", "build"])
def test_jobs_zero_is_one_usage_error(good: Path, command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (good.parent / "xtgen.toml").write_text('[[spec]]\ninput = "spec.yaml"\n')
    monkeypatch.chdir(good.parent)
    args = ["convert", str(good), "--jobs", "0"] if command == "convert" else ["build", "--jobs", "0"]
    assert one_line(run_cli(args)) == "xtgen: --jobs 0: give 1 or more worker processes"
    assert not (good.parent / "xtensions").exists()


def test_jobs_are_capped() -> None:
    from xtgen.app.batch import MAX_WORKERS, worker_count

    assert worker_count(10_000) == MAX_WORKERS and worker_count(1) == 1
    with pytest.raises(XtgenError, match="--jobs -1"):
        worker_count(-1)


def test_long_acyclic_ref_chain_is_one_error(tmp_path: Path) -> None:
    document = yaml_good()
    document["paths"]["/a"]["get"]["responses"]["200"] = {"$ref": "#/components/responses/R0"}
    responses = {f"R{i}": {"$ref": f"#/components/responses/R{i + 1}"} for i in range(10_000)}
    document["components"] = {"responses": {**responses, "R10000": {"description": "end"}}}
    spec = tmp_path / "chain.json"
    spec.write_text(json.dumps(document))
    result = run_cli(["convert", str(spec), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[1] == "nothing written: 1 error", lines
    assert lines[0].startswith(f"{spec}:1:")
    assert lines[0].endswith(
        ": error XT023 $ref '#/components/responses/R0' starts a chain of 10,001 $refs to $refs; xtgen follows at "
        "most 50: point the refs at the object itself [/components/responses/R0]"
    )


def test_template_rendering_is_bounded(tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xtgen.docs import render

    templates = tmp_path / "t"
    templates.mkdir()
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    (templates / "README.md.j2").write_text(loop)
    monkeypatch.setattr(render, "MAX_RENDER_SECONDS", 1)
    args = ["docs", str(good), "--out-dir", str(tmp_path / "d"), "--templates", str(templates), "--format", "md"]
    assert final_line(run_cli(args)) == "xtgen: docs template README.md.j2: rendering took more than 1 s; stopped"
    (templates / "README.md.j2").write_text("{% for i in range(100000) %}" + "x" * 1000 + "{% endfor %}\n")
    monkeypatch.setattr(render, "MAX_DOCS_CHARS", 2**20)
    assert "the output passed 1 MiB" in final_line(run_cli(args))
    assert not (tmp_path / "d").exists()


# ---- found by the campaign past the issue's list -------------------------------------------------------


def test_huge_enum_and_repeated_operation_ids_take_linear_time() -> None:
    from xtgen import Options, convert

    document = yaml_good()
    document["paths"]["/a"]["get"]["parameters"] = [
        {"name": "q", "in": "query", "schema": {"type": "integer", "enum": [*range(100_000), 5, True]}}
    ]
    for i in range(5_000):
        document["paths"][f"/p{i}"] = {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}}
    start = time.perf_counter()
    result = convert(document, Options(validate=False))
    assert time.perf_counter() - start < 10
    assert result.document is not None
    enum = result.document["paths"]["/a"]["get"]["parameters"][0]["enum"]
    assert len(enum) == 100_000  # 5 and True (== 1) were repeats
    assert result.document["paths"]["/p4999"]["get"]["operationId"] == "a_5001"


def test_backtracking_pattern_on_a_default_is_refused_in_seconds(tmp_path: Path) -> None:
    document = yaml_good()
    schema = {"type": "string", "pattern": "^(a+)+$", "default": "a" * 40 + "!"}
    document["paths"]["/a"]["get"]["parameters"] = [{"name": "q", "in": "query", "schema": schema}]
    spec = tmp_path / "redos.json"
    spec.write_text(json.dumps(document))
    start = time.perf_counter()
    result = run_cli(["convert", str(spec), "-o", str(tmp_path / "out.json"), "--no-validate"])
    assert time.perf_counter() - start < 15
    assert result.exit_code == 1 and not (tmp_path / "out.json").exists()
    assert ": error XT525 refused: this schema's pattern runs" in result.stderr
    assert "[/paths/~1a/get/parameters/0/schema]" in result.stderr


def test_very_long_keys_are_refused() -> None:
    """A 39 KB path with 5,000 template parameters put its pointer in every diagnostic: 1.3 GB."""
    path = "/" + "/".join(f"{{a{i}}}" for i in range(5_000))
    document = yaml_good()
    document["paths"][path] = {"get": {"responses": {"200": {"description": "ok"}}}}
    with pytest.raises(XtgenError, match="a key of 38,890 characters"):
        parse_text(json.dumps(document), "long.json")


def test_many_undeclared_path_parameters_are_one_line_per_operation_past_ten() -> None:
    from xtgen import Options, convert

    document = yaml_good()
    document["paths"]["/" + "/".join(f"{{p{i}}}" for i in range(300))] = {
        "get": {"operationId": "g", "responses": {"200": {"description": "ok"}}}
    }
    result = convert(document, Options(validate=False))
    found = [d.message for d in result.diagnostics if d.code == "XT391"]
    assert len(found) == 11 and found[-1].startswith("290 more path parameters are not declared")
    assert result.document is not None
    assert len(list(result.document["paths"].values())[-1]["get"]["parameters"]) == 300


def test_a_worker_that_dies_fails_only_its_input(tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A native crash in one worker used to break the pool for every input (BrokenProcessPool traceback)."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the crash is injected into forked workers")
    from xtgen.app import batch

    inputs = []
    for name in ("a", "crash", "b"):
        spec = tmp_path / f"{name}.yaml"
        spec.write_text(GOOD)
        inputs.append(str(spec))
    real = batch._convert_job

    def convert_or_die(job: Any) -> Any:
        if job.input.endswith("crash.yaml"):
            os.kill(os.getpid(), 9)
        return real(job)

    monkeypatch.setattr(batch, "_convert_job", convert_or_die)
    result = run_cli(["convert", *inputs, "--out-dir", str(tmp_path / "o"), "--jobs", "2"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{inputs[1]}: the process converting it stopped (BrokenProcessPool)" in result.stderr
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["a.json", "b.json"]


def test_output_named_by_a_symlink_loop_replaces_the_link(tmp_path: Path, good: Path) -> None:
    """`-o loop` (a link to itself) used to be a traceback; the link is replaced, nothing is followed."""
    os.symlink("loop.json", tmp_path / "loop.json")
    result = run_cli(["convert", str(good), "-o", str(tmp_path / "loop.json")])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "loop.json").is_symlink() and json.loads((tmp_path / "loop.json").read_text())["swagger"]
