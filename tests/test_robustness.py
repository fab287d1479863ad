"""Bad and hostile input, and output problems: a clear line or diagnostic, no traceback, no output file.

One test (or a parametrized group) per bullet of the robustness issue. Every case runs the real CLI in
process; a fatal problem is exit 2 with one line `xtgen: FILE...: what is wrong`, a problem found while
converting is exit 1 with an error diagnostic naming the file.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from xtgen import Options, convert
from xtgen.model import XtgenError
from xtgen.read.limits import MAX_DEPTH
from xtgen.read.load import check_openapi_version, load_document

from .conftest import assert_valid_swagger2, run_cli

GOOD = {
    "openapi": "3.0.3",
    "info": {"title": "Robust", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {
        "/items": {"get": {"operationId": "list", "summary": "List", "responses": {"200": {"description": "OK"}}}}
    },
}


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def refused(tmp_path: Path, source: Path | str, *extra: str) -> str:
    """Run convert on a bad input: exit 2, one line naming the input, nothing written. Returns the line."""
    out = tmp_path / "out.json"
    result = run_cli(["convert", str(source), "-o", str(out), *extra])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"xtgen: {source}"), lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")], "temporary file left"
    return lines[0]


def failed(tmp_path: Path, source: Path, *extra: str) -> list[str]:
    """Run convert on a document that loads but cannot be converted: exit 1, error diagnostics, no output."""
    out = tmp_path / "out.json"
    result = run_cli(["convert", str(source), "-o", str(out), *extra])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    errors = [line for line in result.stderr.splitlines() if ": error XT" in line]
    assert errors and all(line.startswith(f"{source}:") for line in errors), result.stderr
    return errors


def converted(tmp_path: Path, source: Path, *extra: str) -> dict[str, Any]:
    out = tmp_path / "out.json"
    result = run_cli(["convert", str(source), "-o", str(out), "--target", "swagger2", *extra])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_swagger2(document)
    return document


# ---------------------------------------------------------------- files that are not a usable document


def test_missing_file(tmp_path: Path) -> None:
    assert refused(tmp_path, tmp_path / "nope.yaml").endswith(": no such file")


def test_folder(tmp_path: Path) -> None:
    folder = tmp_path / "spec.yaml"
    folder.mkdir()
    assert refused(tmp_path, folder).endswith(": is a folder, not a file")


def test_device_is_not_read(tmp_path: Path) -> None:
    assert refused(tmp_path, "/dev/zero") == "xtgen: /dev/zero: not a regular file"


def test_input_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xtgen.read.load

    monkeypatch.setattr(xtgen.read.load, "MAX_INPUT_BYTES", 2**20)
    source = write(tmp_path / "spec.json", json.dumps({**GOOD, "x-pad": "a" * 2**20}))
    assert refused(tmp_path, source).endswith("larger than 1 MiB; xtgen reads at most that much")


@pytest.mark.parametrize("content", ["", "   \n\t\n"], ids=["empty", "blank"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    assert refused(tmp_path, write(tmp_path / "spec.yaml", content)).endswith(": the file is empty")


def test_binary_garbage(tmp_path: Path) -> None:
    garbage = bytes(range(256)) * 4
    assert "binary data" in refused(tmp_path, write(tmp_path / "spec.json", garbage))


def test_invalid_utf8(tmp_path: Path) -> None:
    line = refused(tmp_path, write(tmp_path / "spec.yaml", b"openapi: 3.0.3\ninfo:\n  title: caf\xe9\n"))
    assert "not UTF-8 text (invalid byte at offset 33)" in line


def test_bom_is_accepted(tmp_path: Path) -> None:
    source = write(tmp_path / "spec.json", b"\xef\xbb\xbf" + json.dumps(GOOD).encode())
    assert converted(tmp_path, source)["info"]["title"] == "Robust"


def test_tabs_in_yaml_indentation(tmp_path: Path) -> None:
    line = refused(tmp_path, write(tmp_path / "spec.yaml", "openapi: 3.0.3\ninfo:\n\ttitle: x\n"))
    assert ":3:1: malformed YAML" in line


def test_malformed_json_line_and_column(tmp_path: Path) -> None:
    line = refused(tmp_path, write(tmp_path / "spec.json", '{\n  "openapi": "3.0.3",\n  "info": {,}\n}\n'))
    assert line.startswith(f"xtgen: {tmp_path / 'spec.json'}:3:12: malformed JSON")


def test_malformed_yaml_line_and_column(tmp_path: Path) -> None:
    line = refused(tmp_path, write(tmp_path / "spec.yaml", "openapi: 3.0.3\ninfo: {title: [x\npaths: {}\n"))
    assert f"{tmp_path / 'spec.yaml'}:3:6: malformed YAML: " in line and "expected ',' or ']'" in line


def test_yaml_12_flow_mapping_with_url_is_read(tmp_path: Path) -> None:
    """libyaml (YAML 1.1) refuses `[{url: https://x}]`; ruamel's own parser (YAML 1.2) reads it."""
    spec = write(
        tmp_path / "spec.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: https://api.example.com/v1}]\npaths: {}\n",
    )
    result = run_cli(["convert", str(spec), "--target", "swagger2"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["host"] == "api.example.com"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("spec.json", '{"openapi": "3.0.3", "info": {"title": "a", "title": "b"}}'),
        ("spec.yaml", "openapi: 3.0.3\ninfo:\n  title: a\n  title: b\n"),
    ],
)
def test_duplicate_keys(tmp_path: Path, name: str, content: str) -> None:
    line = refused(tmp_path, write(tmp_path / name, content))
    assert "duplicate key" in line and "title" in line


def test_several_yaml_documents(tmp_path: Path) -> None:
    line = refused(tmp_path, write(tmp_path / "spec.yaml", "openapi: 3.0.3\n---\nopenapi: 3.1.0\n"))
    assert line.endswith("holds 2 YAML documents; give one document per file")


@pytest.mark.parametrize(
    ("content", "kind"),
    [("[1, 2]", "list"), ("- a\n- b\n", "list"), ("just text", "str"), ("42", "int"), ("null", "null")],
)
def test_root_not_a_mapping(tmp_path: Path, content: str, kind: str) -> None:
    line = refused(tmp_path, write(tmp_path / "spec.yaml", content))
    assert line.endswith(f"the document root is a {kind}, not a mapping")


# ---------------------------------------------------------------- not OpenAPI 3.0 / 3.1


def test_no_openapi_field(tmp_path: Path) -> None:
    line = refused(tmp_path, write(tmp_path / "spec.yaml", "info: {title: t, version: '1'}\npaths: {}\n"))
    assert line.endswith("no 'openapi' field: not an OpenAPI 3 document")


def test_swagger_2_given_to_convert(tmp_path: Path) -> None:
    """Refused with a clear line today; accepted (and converted to valid 2.0) once 2.0 input is supported."""
    source = write(
        tmp_path / "spec.yaml", "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: a.example.com\npaths: {}\n"
    )
    out = tmp_path / "out.json"
    result = run_cli(["convert", str(source), "-o", str(out)])
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert (
            result.stderr.strip() == f"xtgen: {source}: this is Swagger 2.0 already; give an OpenAPI 3.0 or "
            "3.1 document"
        )
        assert not out.exists()
    else:
        assert result.exit_code == 0, result.output
        assert_valid_swagger2(json.loads(out.read_text()))
    with pytest.raises(XtgenError, match=r"Swagger 2\.0 already"):
        check_openapi_version({"swagger": "2.0"}, "spec.yaml")


@pytest.mark.parametrize("version", ["3.2.0", "3.10.0", "4.0.0", "2.0", "banana", "3"])
def test_unsupported_openapi_versions(tmp_path: Path, version: str) -> None:
    line = refused(tmp_path, write(tmp_path / "spec.yaml", f"openapi: '{version}'\ninfo: {{title: t}}\n"))
    assert line.endswith(f"OpenAPI version {version!r} is not supported (3.0 and 3.1 are)")


@pytest.mark.parametrize(
    ("version", "major"),
    [("3.0.0", "3.0"), ("3.0.3", "3.0"), ("3.1.0", "3.1"), ("3.1.1-rc1", "3.1"), (3.0, "3.0"), (3.1, "3.1")],
)
def test_supported_openapi_versions(version: Any, major: str) -> None:
    assert check_openapi_version({"openapi": version}, "spec.yaml") == major


# ---------------------------------------------------------------- hostile YAML

BILLION_LAUGHS = "openapi: 3.0.3\nlol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def test_alias_bomb_is_refused_quickly_with_bounded_memory(tmp_path: Path) -> None:
    source = write(tmp_path / "bomb.yaml", BILLION_LAUGHS)
    tracemalloc.start()
    try:
        with pytest.raises(XtgenError) as caught:
            load_document(source)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "YAML aliases expand the document" in str(caught.value)
    assert peak < 20 * 2**20, f"{peak} bytes used to refuse a {len(BILLION_LAUGHS)}-byte document"
    assert "alias bomb" in refused(tmp_path, source)


def test_recursive_alias(tmp_path: Path) -> None:
    line = refused(tmp_path, write(tmp_path / "spec.yaml", "openapi: 3.0.3\ninfo: &a {title: t, self: *a}\n"))
    assert "a YAML alias refers to a node that contains it" in line


def test_moderate_anchors_are_fine(tmp_path: Path) -> None:
    text = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://a.example.com'}]\n"
        "paths:\n  /a:\n    get:\n      responses: &ok\n        '200': {description: OK}\n"
        "  /b:\n    get:\n      responses: *ok\n"
    )
    document = converted(tmp_path, write(tmp_path / "spec.yaml", text))
    assert document["paths"]["/b"]["get"]["responses"] == {"200": {"description": "OK"}}


def test_yaml_dates_and_integer_keys_become_strings(tmp_path: Path) -> None:
    text = (
        "openapi: 3.0.3\ninfo: {title: t, version: 2024-01-31}\nservers: [{url: 'https://a.example.com'}]\n"
        "paths:\n  /a:\n    get:\n      responses:\n        200: {description: OK}\n"
    )
    document = converted(tmp_path, write(tmp_path / "spec.yaml", text))
    assert document["info"]["version"] == "2024-01-31"
    assert list(document["paths"]["/a"]["get"]["responses"]) == ["200"]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("openapi: 3.0.3\nx: !!python/object/apply:os.system [echo pwned]\n", "could not determine a constructor"),
        ("openapi: 3.0.3\nx: !!binary aGVsbG8=\n", "a bytes value has no JSON form"),
        ("openapi: 3.0.3\nx: !!set {a, b}\n", "a set value has no JSON form"),
    ],
)
def test_yaml_tags_are_never_run_and_non_json_values_refused(tmp_path: Path, text: str, why: str) -> None:
    assert why in refused(tmp_path, write(tmp_path / "spec.yaml", text))


def test_clashing_keys_after_quoting(tmp_path: Path) -> None:
    line = refused(tmp_path, write(tmp_path / "spec.yaml", "openapi: 3.0.3\nx:\n  1: a\n  '1': b\n"))
    assert "mapping key 1 is not a string; quote it" in line


# ---------------------------------------------------------------- size and depth


def nested(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_very_deep_nesting_is_refused(tmp_path: Path, suffix: str) -> None:
    text = (
        '{"openapi": "3.0.3", "x-deep": ' + "[" * 5000 + "]" * 5000 + "}"
        if suffix == "json"
        else "openapi: 3.0.3\nx-deep: " + "[" * 5000 + "]" * 5000 + "\n"
    )
    line = refused(tmp_path, write(tmp_path / f"spec.{suffix}", text))
    assert "nested too deeply to read" in line or f"nests more than {MAX_DEPTH} levels deep" in line


def test_deep_schema_within_the_limit_converts(tmp_path: Path) -> None:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range((MAX_DEPTH - 6) // 2):
        schema = {"type": "object", "properties": {"a": schema}}
    spec = {**GOOD, "components": {"schemas": {"Deep": schema}}}
    document = converted(tmp_path, write(tmp_path / "spec.json", json.dumps(spec)))
    assert document["definitions"]["Deep"]["properties"]["a"]["type"] == "object"


def test_deep_items_chain_converts_at_the_limit() -> None:
    schema: dict[str, Any] = {"type": "string"}
    while True:
        candidate = {"type": "array", "items": schema}
        spec = {**GOOD, "components": {"schemas": {"Deep": candidate}}}
        if _depth(spec) > MAX_DEPTH:
            break
        schema = candidate
    spec = {**GOOD, "components": {"schemas": {"Deep": schema}}}
    result = convert(spec, Options(target="swagger2"))
    assert result.ok, result.diagnostics
    assert_valid_swagger2(result.document)


def _depth(value: Any) -> int:
    children = list(value.values()) if isinstance(value, dict) else value if isinstance(value, list) else []
    return 1 + max((_depth(c) for c in children), default=0) if isinstance(value, (dict, list)) else 0


def test_library_refuses_deep_documents_with_a_diagnostic() -> None:
    result = convert({**GOOD, "x-deep": nested(MAX_DEPTH + 10)})
    assert not result.ok and result.document is None
    assert [d.code for d in result.diagnostics] == ["XT030"]
    assert result.diagnostics[0].pointer.startswith("/x-deep/0/0")


@pytest.mark.parametrize("document", [None, [], "openapi: 3.0.3", 3])
def test_library_refuses_a_root_that_is_not_a_mapping(document: Any) -> None:
    result = convert(document)
    assert [d.code for d in result.diagnostics] == ["XT035"] and not result.ok


def test_library_refuses_shared_structures_that_explode() -> None:
    layer: Any = ["x"]
    for _ in range(30):
        layer = [layer, layer]  # 2**30 leaves, 31 distinct lists
    result = convert({**GOOD, "x-big": layer})
    assert [d.code for d in result.diagnostics] == ["XT031"]


def test_very_long_strings(tmp_path: Path) -> None:
    long = "é" * 3_000_000
    spec = {**GOOD, "info": {**GOOD["info"], "description": long}}
    document = converted(tmp_path, write(tmp_path / "spec.json", json.dumps(spec, ensure_ascii=False)))
    assert document["info"]["description"] == long


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("spec.json", '{"openapi": "3.0.3", "x-n": 1' + "0" * 5000 + "}"),
        ("spec.yaml", "openapi: 3.0.3\nx-n: 1" + "0" * 5000 + "\n"),
    ],
)
def test_numbers_with_too_many_digits(tmp_path: Path, name: str, text: str) -> None:
    assert refused(tmp_path, write(tmp_path / name, text)).endswith("digits; write it as a string")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("spec.json", '{"openapi": "3.0.3", "x-n": 1e999}'),
        ("spec.json", '{"openapi": "3.0.3", "x-n": NaN}'),
        ("spec.yaml", "openapi: 3.0.3\nx-n: -.inf\n"),
    ],
)
def test_non_finite_numbers(tmp_path: Path, name: str, text: str) -> None:
    assert "has no JSON form; write a finite number" in refused(tmp_path, write(tmp_path / name, text))


def test_huge_but_finite_numbers_convert(tmp_path: Path) -> None:
    big = 10**4000
    spec = {**GOOD, "components": {"schemas": {"N": {"type": "integer", "maximum": big, "minimum": -1.7e308}}}}
    document = converted(tmp_path, write(tmp_path / "spec.json", json.dumps(spec)))
    assert document["definitions"]["N"]["maximum"] == big


# ---------------------------------------------------------------- $ref


def with_schema_ref(ref: str) -> dict[str, Any]:
    return {
        **GOOD,
        "paths": {
            "/items": {
                "get": {
                    "responses": {
                        "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": ref}}}}
                    }
                }
            }
        },
    }


def test_ref_to_missing_target(tmp_path: Path) -> None:
    errors = failed(tmp_path, write(tmp_path / "spec.json", json.dumps(with_schema_ref("#/components/schemas/Gone"))))
    assert any("error XT010" in e and "'#/components/schemas/Gone' points at nothing" in e for e in errors)


def test_circular_chains_of_refs(tmp_path: Path) -> None:
    spec = {
        **GOOD,
        "paths": {
            "/items": {
                "get": {
                    "parameters": [{"$ref": "#/components/parameters/A"}],
                    "responses": {"200": {"$ref": "#/components/responses/R1"}},
                }
            }
        },
        "components": {
            "parameters": {"A": {"$ref": "#/components/parameters/B"}, "B": {"$ref": "#/components/parameters/A"}},
            "responses": {"R1": {"$ref": "#/components/responses/R2"}, "R2": {"$ref": "#/components/responses/R1"}},
            "schemas": {"S1": {"$ref": "#/components/schemas/S2"}, "S2": {"$ref": "#/components/schemas/S1"}},
        },
    }
    errors = failed(tmp_path, write(tmp_path / "spec.json", json.dumps(spec)))
    for where in ("parameters/A", "responses/R1", "schemas/S1"):
        assert any(": error XT011 circular $ref chain" in e and e.endswith(f"[/components/{where}]") for e in errors), (
            errors
        )


def test_recursive_schemas_are_kept_as_refs(tmp_path: Path) -> None:
    spec = {
        **with_schema_ref("#/components/schemas/Node"),
        "components": {
            "schemas": {
                "Node": {
                    "type": "object",
                    "properties": {
                        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                        "parent": {"$ref": "#/components/schemas/Node"},
                    },
                }
            }
        },
    }
    document = converted(tmp_path, write(tmp_path / "spec.json", json.dumps(spec)))
    node = document["definitions"]["Node"]["properties"]
    assert node["children"]["items"] == {"$ref": "#/definitions/Node"}
    assert node["parent"] == {"$ref": "#/definitions/Node"}


@pytest.mark.parametrize("ref", ["../../etc/passwd", "/etc/passwd", "../outside.yaml#/Pet"])
def test_refs_outside_the_allowed_folder(tmp_path: Path, ref: str) -> None:
    write(tmp_path / "outside.yaml", "Pet: {type: string}\n")
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    errors = failed(tmp_path, write(spec_dir / "spec.json", json.dumps(with_schema_ref(ref))))
    assert any("error XT019" in e and "leaves the folder xtgen may read from" in e for e in errors), errors


def test_symlink_out_of_the_allowed_folder(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.yaml", "Pet: {type: string, description: secret}\n")
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    (spec_dir / "pet.yaml").symlink_to(secret)
    errors = failed(tmp_path, write(spec_dir / "spec.json", json.dumps(with_schema_ref("pet.yaml#/Pet"))))
    assert any("error XT019" in e for e in errors), errors


def test_url_refs_are_never_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("xtgen tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    for ref in ("https://example.com/pet.json#/Pet", "http://127.0.0.1:9/x.yaml", "ftp://example.com/a.json"):
        errors = failed(tmp_path, write(tmp_path / "spec.json", json.dumps(with_schema_ref(ref))))
        assert any("error XT014" in e and "never fetches from the network" in e for e in errors), errors


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("pet.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("pet.txt", b"just some words, not a mapping", "not a mapping"),
        ("pet.yaml", b"a: [unclosed\n", "malformed YAML"),
        ("pet.json", b"", "the file is empty"),
    ],
)
def test_ref_into_a_non_json_file(tmp_path: Path, name: str, content: bytes, why: str) -> None:
    write(tmp_path / name, content)
    errors = failed(tmp_path, write(tmp_path / "spec.json", json.dumps(with_schema_ref(f"{name}#/Pet"))))
    assert any("error XT017 cannot use referenced file" in e and why in e for e in errors), errors


# ---------------------------------------------------------------- output problems


@pytest.fixture
def good_spec(tmp_path: Path) -> Path:
    return write(tmp_path / "spec.json", json.dumps(GOOD))


def test_output_folder_missing(tmp_path: Path, good_spec: Path) -> None:
    result = run_cli(["convert", str(good_spec), "-o", str(tmp_path / "no" / "out.json")])
    assert result.exit_code == 2
    out = tmp_path / "no" / "out.json"
    assert result.stderr.strip() == f"xtgen: {out}: the folder {out.parent} does not exist"


def test_unwritable_output_folder(tmp_path: Path, good_spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)  # chmod does not stop root, who runs CI
    out = tmp_path / "out.json"
    result = run_cli(["convert", str(good_spec), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"xtgen: {out}: cannot write: Permission denied"
    assert not out.exists()


@pytest.mark.parametrize("how", ["same", "dotted", "symlink"])
def test_output_equal_to_the_input(tmp_path: Path, good_spec: Path, how: str) -> None:
    before = good_spec.read_bytes()
    target = {
        "same": good_spec,
        "dotted": tmp_path / "." / "x" / ".." / "spec.json",
        "symlink": tmp_path / "link.json",
    }[how]
    (tmp_path / "x").mkdir()
    if how == "symlink":
        target.symlink_to(good_spec)
    result = run_cli(["convert", str(good_spec), "-o", str(target)])
    assert result.exit_code == 2
    assert "refusing to write the output over the input" in result.stderr
    assert good_spec.read_bytes() == before


def test_output_that_is_not_a_regular_file(tmp_path: Path, good_spec: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    result = run_cli(["convert", str(good_spec), "-o", str(fifo)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"xtgen: {fifo}: not a regular file; give a file path for the output"
    assert fifo.is_fifo()


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_disk_full_leaves_nothing_behind(
    tmp_path: Path, good_spec: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    out = tmp_path / "out.json"
    out.write_text("previous output\n")

    def disk_full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "fsync":
        monkeypatch.setattr(os, "fsync", disk_full)
    else:
        real_fdopen = os.fdopen

        class FullDisk:
            def __init__(self, fd: int, *args: Any) -> None:
                self.handle = real_fdopen(fd, *args)

            def __enter__(self) -> FullDisk:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            write = disk_full

        monkeypatch.setattr(os, "fdopen", FullDisk)
    result = run_cli(["convert", str(good_spec), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"xtgen: {out}: cannot write: No space left on device"
    assert out.read_text() == "previous output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "spec.json"]


@pytest.mark.parametrize("buffered", [True, False])
def test_stdout_on_a_full_disk(good_spec: Path, buffered: bool) -> None:
    """Buffered stdout (no PYTHONUNBUFFERED, as on a fresh machine) keeps the text until the exit flushes it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "xtgen", "convert", str(good_spec)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env=env,
        )
    assert done.returncode == 2
    assert done.stderr.strip() == "xtgen: <stdout>: cannot write: No space left on device"
