"""Issue 14 (fidelity II): the helpers behind the fixtures, and the cases a golden cannot show (exit 2, stderr)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xtgen import pointer as jp
from xtgen.convert.patterns import pattern_fits, rewrite_pattern
from xtgen.validate import validate_swagger2
from xtgen.validate.refs import dangling_refs

from .conftest import FIXTURES, assert_valid_swagger2, run_cli


def test_a_percent_encoded_fragment_names_the_decoded_pointer() -> None:
    document = {"paths": {"/items/{id}": {"get": {"parameters": [{"name": "id"}]}}}}
    ref = "#/paths/~1items~1%7Bid%7D/get/parameters/0"
    assert jp.fragment_pointer(ref) == "/paths/~1items~1{id}/get/parameters/0"
    assert jp.resolve_ref(document, ref) == {"name": "id"}


def test_refs_xtgen_writes_are_percent_encoded_where_a_fragment_needs_it() -> None:
    assert jp.to_fragment("/definitions/a b%{c}") == "#/definitions/a b%25{c}"
    assert jp.to_fragment("/definitions/længde\n") == "#/definitions/længde%0A"
    assert jp.to_fragment("/definitions/Pet~1x") == "#/definitions/Pet~1x"
    for pointer in ("/definitions/a b%{c}", "/definitions/ü/x", "/definitions/Pet"):
        assert jp.fragment_pointer(jp.to_fragment(pointer)) == pointer


def _swagger(definitions: dict[str, object], **extra: object) -> dict[str, object]:
    return {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, "definitions": definitions, **extra}


def test_a_dangling_ref_no_path_uses_is_found() -> None:
    doc = _swagger({"A": {"type": "object", "properties": {"b": {"$ref": "#/definitions/Missing"}}}})
    assert dangling_refs(doc) == [("#/definitions/Missing", "/definitions/A/properties/b")]
    assert [d.code for d in validate_swagger2(doc)] == ["XT905"]


def test_refs_in_extensions_and_example_values_are_data() -> None:
    doc = _swagger(
        {
            "A": {
                "type": "object",
                "x-oneOf": [{"$ref": "#/definitions/Gone"}],
                "example": {"$ref": "#/not/a/schema"},
                "properties": {"example": {"$ref": "#/definitions/B"}, "x-name": {"$ref": "#/definitions/B"}},
            },
            "B": {"type": "string", "default": {"$ref": "data"}},
        }
    )
    assert dangling_refs(doc) == []
    doc["definitions"]["A"]["properties"]["example"] = {"$ref": "#/definitions/Nope"}  # type: ignore[index]
    assert [ref for ref, _ in dangling_refs(doc)] == ["#/definitions/Nope"]


@pytest.mark.parametrize(
    ("pattern", "fits", "rewritten"),
    [
        (r"^\d{3}-\d{4}$", True, None),
        (r"^[\w-.]+$", False, r"^[\w\-.]+$"),
        (r"^[.-\w]$", False, r"^[.\-\w]$"),
        (r"\A[a-z]+\z", False, r"^[a-z]+$"),
        (r"^\p{L}+$", False, None),  # ECMA with the u flag only; Python's re refuses it
        (r"\A\p{Print}+\z", False, None),
        (r"^a{1-70}$", False, None),
        (r"[a-z&&[^e]]", False, None),
        (r"(?i)abc", False, None),
    ],
)
def test_patterns_pass_only_when_every_validator_compiles_them(pattern: str, fits: bool, rewritten: str | None) -> None:
    assert pattern_fits(pattern) is fits
    assert rewrite_pattern(pattern) == rewritten
    if rewritten is not None:
        assert pattern_fits(rewritten)


def test_a_pattern_gets_the_same_verdict_in_a_parameter_and_in_a_body() -> None:
    lines = (FIXTURES / "schemas-pattern-dialects" / "diagnostics.txt").read_text().splitlines()
    verdicts = {
        line.split(" ", 3)[3].split(" ", 2)[1] + " " + line.split(" ")[1]
        for line in lines
        if line.split(" ")[1] in ("XT590", "XT526")
    }
    assert ("'^\\\\p{L}+$' XT590" in verdicts) and ("'^[\\\\w-.]+$' XT526" in verdicts)
    assert len(verdicts) == 5  # \p{L}, [\w-.], \A..\z, {1-70}, &&: each one verdict wherever it sits


SERVER_VAR_SPEC = """
openapi: 3.0.3
info: {title: t, version: "1"}
servers:
  - url: https://{region}.example.com/v1
    variables:
      region: {default: api, enum: [api, eu]}
paths: {}
"""


def test_an_unknown_server_var_is_a_usage_error_with_a_suggestion(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(SERVER_VAR_SPEC)
    out = tmp_path / "out.json"
    result = run_cli(["convert", str(spec), "-o", str(out), "--target", "swagger2", "--server-var", "regoin=eu"])
    assert result.exit_code == 2
    assert "did you mean --server-var region=" in result.output
    assert not out.exists()


def test_a_known_server_var_is_used(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(SERVER_VAR_SPEC)
    out = tmp_path / "out.json"
    result = run_cli(["convert", str(spec), "-o", str(out), "--target", "swagger2", "--server-var", "region=eu"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["host"] == "eu.example.com"


def test_only_diagnostics_reach_stderr(tmp_path: Path) -> None:
    """Python's re warns ("FutureWarning: Possible nested set") on some patterns the validators compile."""
    spec = tmp_path / "api.yaml"
    spec.write_text(
        """
openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: https://api.example.com}]
paths:
  /items:
    get:
      operationId: list
      summary: List
      parameters:
        - {name: q, in: query, schema: {type: string, pattern: '^[[:alpha:]]+$'}}
        - {name: r, in: query, schema: {type: string, pattern: '^[a-z--x]+$'}}
        - {name: s, in: query, schema: {type: string, pattern: '^[a-z&&[^e]]+$'}}
      responses: {"200": {description: ok}}
"""
    )
    swagger = tmp_path / "swagger.json"  # lint validates a document xtgen did not write, patterns as they are
    swagger.write_text(
        json.dumps(
            {
                "swagger": "2.0",
                "info": {"title": "t", "version": "1"},
                "paths": {
                    "/items": {
                        "get": {
                            "parameters": [
                                {"name": "q", "in": "query", "type": "string", "pattern": "^[[:alpha:]]+$"},
                                {"name": "r", "in": "query", "type": "string", "pattern": "^[a-z--x]+$"},
                            ],
                            "responses": {"200": {"description": "ok"}},
                        }
                    }
                },
            }
        )
    )
    out = tmp_path / "out.json"
    for args in (["convert", str(spec), "-o", str(out), "--target", "swagger2"], ["lint", str(swagger)]):
        run = subprocess.run([sys.executable, "-m", "xtgen", *args], capture_output=True, text=True, timeout=120)
        assert run.returncode in (0, 1), run.stderr
        lines = run.stderr.splitlines()  # diagnostics, then the verdict, last; no warning of Python's
        stray = [line for line in lines[:-1] if not line.startswith((str(spec), str(swagger), str(out)))]
        assert stray == [], stray
        assert lines[-1].startswith(("wrote ", "nothing written", f"{swagger}: ")), lines[-1]
        assert " XT" in run.stderr


def _fan_out_through_parameter_schemas(levels: int) -> dict[str, object]:
    """Schema refs outside components.schemas that double per level (issue 16: 2 KB in, 187 MB out)."""
    params = {}
    for i in range(levels):
        nxt = {"$ref": f"#/components/parameters/P{i + 1}/schema"} if i < levels - 1 else {"type": "string"}
        params[f"P{i}"] = {
            "name": f"p{i}",
            "in": "query",
            "schema": {"type": "object", "properties": {"l": nxt, "r": nxt}},
        }
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/parameters/P0/schema"}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "fan-out", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/a": {"post": {"requestBody": body, "responses": {"200": {"description": "ok"}}}}},
        "components": {"parameters": params},
    }


def _nested_inline_one_of(levels: int) -> dict[str, object]:
    """oneOf whose branches hold the next oneOf inline: each level used to keep its branches three times."""
    schema: dict[str, object] = {"type": "string"}
    for _ in range(levels):
        schema = {
            "oneOf": [
                {"type": "object", "properties": {"a": schema}},
                {"type": "object", "properties": {"b": {"type": "integer"}, "a": schema}},
            ]
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "nested oneOf", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {},
        "components": {"schemas": {"S": schema}},
    }


def _navigation_merges(levels: int) -> dict[str, object]:
    """Microsoft Graph's shape: entities whose navigation properties are anyOf [$ref entity, nullable object]
    (a 65 KB spec of 40 such entities wrote 956 MB when merges copied referenced properties three deep)."""
    schemas = {}
    for i in range(levels):
        props: dict[str, object] = {f"f{j}": {"type": "string"} for j in range(10)}
        for k in range(4):
            target = {"$ref": f"#/components/schemas/E{(i + k + 1) % levels}"}
            props[f"nav{k}"] = {"anyOf": [target, {"type": "object", "nullable": True}]}
        schemas[f"E{i}"] = {"type": "object", "properties": props}
    return {
        "openapi": "3.0.3",
        "info": {"title": "navigation", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {},
        "components": {"schemas": schemas},
    }


@pytest.mark.parametrize("build", [_fan_out_through_parameter_schemas, _nested_inline_one_of, _navigation_merges])
def test_output_grows_linearly_with_nesting(build: object) -> None:
    from xtgen.model import Options
    from xtgen.pipeline import convert

    sizes = []
    for levels in (6, 12):
        result = convert(build(levels), Options(target="swagger2"))  # type: ignore[operator]
        assert result.ok and result.document is not None, result.diagnostics
        sizes.append(len(json.dumps(result.document)))
    assert sizes[1] < 3 * sizes[0], sizes  # doubling the levels at most doubles the output (plus a little)
    assert sizes[1] < 100_000, sizes


def test_refs_outside_component_schemas_become_definitions() -> None:
    from xtgen.model import Options
    from xtgen.pipeline import convert

    result = convert(_fan_out_through_parameter_schemas(3), Options(target="swagger2"))
    assert result.document is not None
    definitions = result.document["definitions"]
    assert sorted(definitions) == ["parameters.P0.schema", "parameters.P1.schema", "parameters.P2.schema"]
    assert definitions["parameters.P0.schema"]["properties"]["l"] == {"$ref": "#/definitions/parameters.P1.schema"}
    assert {d.code for d in result.diagnostics} >= {"XT528"}
    assert_valid_swagger2(result.document)
