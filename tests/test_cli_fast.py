"""The fast path of `xtgen convert` (xtgen/app/fast.py) against the Typer app (xtgen/app/cli.py).

A matrix of command lines, every option `convert` takes among them (long and short forms, `--opt value` and
`--opt=value`, `--no-` forms, repeated options, `--`, stdin, option files, bad values, flags the fast path
leaves to Typer), runs in-process once through `fast.run` (the console script's path) and once through the
Typer app alone, each in its own copy of the same folder: the exit code, stdout, stderr and every file left in
the folder must be the same. The cases the fast path must read itself are marked, so that a parser that
gave up on everything (and so trivially agreed) fails. A subprocess checks what a `--no-validate` JSON
conversion imports.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from xtgen.app import fast
from xtgen.app.flags import command_options

TINY = """openapi: 3.0.3
info: {title: Tiny, version: "1"}
servers: [{url: "https://{region}.example.com/v1", variables: {region: {default: us}}}]
paths:
  /ping:
    get:
      responses: {"200": {description: pong}}
"""
SECURED = """openapi: 3.0.3
info: {title: Secured, version: "1"}
servers: [{url: "https://api.example.com"}]
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://login.example.com/authorize
          tokenUrl: https://login.example.com/token
          scopes: {read: Read things}
    oidc: {type: openIdConnect, openIdConnectUrl: "https://login.example.com/.well-known/openid-configuration"}
security: [{oauth: [read]}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      summary: Get a thing
      parameters: [{name: id, in: path, required: true, schema: {type: string, pattern: "^[a-z]+$"}}]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}}
"""
OVERLAY = """overlay: 1.0.0
info: {title: Summaries, version: "1"}
actions:
  - target: $.paths['/ping'].get
    update: {summary: Ping the service}
"""
OIDC = {
    "issuer": "https://login.example.com",
    "authorization_endpoint": "https://login.example.com/authorize",
    "token_endpoint": "https://login.example.com/token",
}


def _folder(root: Path) -> Path:
    root.mkdir()
    (root / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (root / "-dash.yaml").write_text(TINY, encoding="utf-8")
    (root / "secured.yaml").write_text(SECURED, encoding="utf-8")
    tiny = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://a.example"}],
            "paths": {"/ping": {"get": {"operationId": "ping", "summary": "Ping", "responses": {"200": {
                "description": "pong"}}}}}}  # fmt: skip
    (root / "tiny.json").write_text(json.dumps(tiny), encoding="utf-8")
    (root / "bad.yaml").write_text("openapi: [", encoding="utf-8")
    (root / "ov.yaml").write_text(OVERLAY, encoding="utf-8")
    (root / "oidc.json").write_text(json.dumps(OIDC), encoding="utf-8")
    (root / "mine.toml").write_text('name = "mine"\n', encoding="utf-8")  # an incomplete preset: its error
    (root / "tpl").mkdir()
    (root / "xtgen.toml").write_text('out-dir = "built"\n[[spec]]\ninput = "tiny.yaml"\n', encoding="utf-8")
    return root


# A good value for every option `convert` takes that has one, by option name: a new option must add its own.
GOOD = {
    "output": "out.json",
    "out-dir": "outdir",
    "format": "yaml",
    "target": "swagger2",
    "security": "oauth",
    "oidc-discovery": "oidc.json",
    "server": "0",
    "server-url": "https://other.example.com/v2",
    "server-var": "region=eu",
    "ref-root": ".",
    "render-version": "2",
    "overlays": "ov.yaml",
    "overlay-stage": "input",
    "preset": "salesforce",
    "flow": "application",
    "tenant": "contoso.onmicrosoft.com",
    "resource": "https://api.contoso.com",
    "sharepoint-host": "contoso.sharepoint.com",
    "salesforce-domain": "acme",
    "scope": "User.Read",
    "authorization-url": "https://login.example.com/authorize",
    "token-url": "https://login.example.com/token",
    "preset-file": "mine.toml",
    "docs": "docsdir",
    "docs-format": "md",
    "region": "eu",
    "templates": "tpl",
    "jobs": "1",
    "report": "report.json",
    "output-format": "json",
    "select": "XT7",
    "ignore": "XT753",
    "min-severity": "warning",
}
# Values out of their choices (checked by parse_value on both paths) or that Click refuses (the fast path
# gives up on those).
BAD = {
    "format": "xml",
    "target": "nintx",
    "server": "first",
    "render-version": "3",
    "overlay-stage": "middle",
    "flow": "implicit",
    "docs-format": "pdf",
    "region": "mars",
    "jobs": "0",
    "output-format": "yml",
    "min-severity": "fatal",
    "server-var": "novalue",
    "oidc-discovery": "missing.json",
    "overlays": "missing.yaml",
}


def _option_cases() -> list[tuple[list[str], bool]]:
    """Every flag of every option `convert` takes, each form of it, on secured.yaml (with -q); whether the
    fast path reads it."""
    cases: list[tuple[list[str], bool]] = []
    for option, use in command_options("convert"):
        long = use.flag or option.flag
        forms = [long] + ([option.short] if option.short else [])
        if option.type is bool:
            for flag in forms:
                cases.append((["convert", "secured.yaml", flag], True))
            if option.negatable:
                cases.append((["convert", "secured.yaml", f"--no-{long[2:]}"], True))
            cases.append((["convert", "secured.yaml", f"{long}=yes"], False))  # a switch given a value
            continue
        good = GOOD[option.name]
        for flag in forms:
            cases.append((["convert", "secured.yaml", flag, good], True))
        cases.append((["convert", f"{long}={good}", "secured.yaml"], True))
        cases.append((["convert", "secured.yaml", long], False))  # the value missing
        if option.name in BAD:
            fast_reads = not (option.type is int and not BAD[option.name].lstrip("-").isdigit())
            cases.append((["convert", "secured.yaml", long, BAD[option.name]], fast_reads))
    return cases


OTHER_CASES: list[tuple[list[str], bool]] = [
    (["convert", "tiny.yaml"], True),
    (["convert", "tiny.yaml", "-o", "-"], True),
    (["convert", "tiny.yaml", "--output=-", "--format", "yaml"], True),
    (["convert", "-"], True),  # stdin
    (["convert", "-", "-o", "out.json", "--report", "report.json"], True),
    (["convert", "tiny.yaml", "--no-validate", "-o", "out.json", "-q"], True),
    (["convert", "tiny.json", "--no-validate", "-o", "out.json"], True),
    (["convert", "tiny.yaml", "--validate", "--no-validate", "--validate"], True),  # the last one counts
    (["convert", "tiny.yaml", "--target", "swagger2", "--target", "nintex"], True),
    (["convert", "tiny.yaml", "--overlay", "ov.yaml", "--overlay=ov.yaml", "-o", "out.json"], True),
    (["convert", "secured.yaml", "--scope", "a", "--scope=b", "--preset", "azure-ad-v2", "-o", "o.json"], True),
    (
        [
            "convert",
            "secured.yaml",
            "--preset",
            "salesforce",
            "--salesforce-domain",
            "acme",
            "--flow",
            "application",
            "--no-offline-access",
            "--sandbox",
            "-o",
            "o.json",
        ],
        True,
    ),
    (["convert", "secured.yaml", "--security", "oidc", "--oidc-discovery", "oidc.json", "-o", "o.json"], True),
    (["convert", "tiny.yaml", "--server-var", "region=eu", "--server-var", "region=au"], True),
    (["convert", "tiny.yaml", "--server", "3"], True),
    (["convert", "tiny.yaml", "--server", "-1"], False),  # a dash-led value: Click's reading
    (["convert", "tiny.yaml", "--jobs", " 2"], True),
    # several inputs: one worker, so that the progress lines come in one order
    (["convert", "tiny.yaml", "--jobs", "+1", "secured.yaml", "--out-dir", "outdir"], True),
    (["convert", "tiny.yaml", "secured.yaml", "--out-dir", "outdir", "--report", "report.json", "--jobs=1"], True),
    (["convert", "tiny.yaml", "secured.yaml", "-o", "out.json", "--jobs", "1"], True),  # one output for two
    (["convert", "tiny.yaml", "secured.yaml", "--out-dir", "outdir", "--check", "--jobs", "1"], True),
    (["convert", "tiny.yaml", "--docs", "docsdir", "--docs-format", "md", "--region", "ca"], True),
    (["convert", "tiny.yaml", "--output-format", "sarif", "--select", "XT75", "--ignore", "XT754"], True),
    (["convert", "tiny.yaml", "--output-format=junit", "-v", "--min-severity", "info"], True),
    (["convert", "tiny.yaml", "--strict"], True),
    (["convert", "tiny.yaml", "--strict", "--no-strict", "-o", "out.json"], True),
    (["convert", "--", "-dash.yaml"], True),
    (["convert", "tiny.yaml", "--", "--no-validate"], True),  # after --, an input named --no-validate
    (["convert", "missing.yaml"], True),
    (["convert", "bad.yaml", "-o", "out.json"], True),
    (["convert", "tiny.yaml", "-o", "tiny.yaml"], True),  # the output would replace the input
    (["convert", "tiny.yaml", "--report", "tiny.yaml"], True),
    (["convert", "tiny.yaml", "--ref-root", "tpl"], True),
    (["convert", "tiny.yaml", "--templates", "missing", "--docs", "d"], True),
    (["convert", "tiny.yaml", "--render-version", "1", "--from-power-automate"], True),
    (["convert", "tiny.yaml", "--preset", "no-such-preset"], True),
    (["convert", "tiny.yaml", "--preset-file", "mine.toml", "--preset", "mine"], True),
    (["convert", "tiny.yaml", "--output", ""], False),
    (["convert", "tiny.yaml", "--jobs="], False),
    (["convert", "tiny.yaml", "--output", "--no-validate"], False),
    (["convert"], False),  # no input: Click's missing argument
    (["convert", "tiny.yaml", "-h"], False),
    (["convert", "--help"], False),
    (["convert", "tiny.yaml", "-qv"], False),  # combined short flags
    (["convert", "tiny.yaml", "-oout.json"], False),
    (["convert", "tiny.yaml", "--nope"], False),
    (["convert", "tiny.yaml", "--valid"], False),  # Click does not complete abbreviations
    (["convert", "tiny.yaml", "--config", "xtgen.toml"], False),  # a build option
    (["convert", "tiny.yaml", "--into", "x.json"], False),  # a preset option
    (["--version"], True),
    (["-V"], True),
    (["--version", "--verbose"], False),
    (["rules", "XT753"], False),
    (["build", "--check"], False),
    ([], False),
]


def _run(
    entry: str, args: list[str], folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[object, str, str, dict[str, bytes]]:
    from xtgen.app.cli import run_app

    monkeypatch.chdir(folder)
    monkeypatch.setattr(sys, "argv", ["xtgen", *args])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TINY.encode()), encoding="utf-8"))
    capsys.readouterr()
    code = fast.run(args) if entry == "fast" else run_app()
    out, err = capsys.readouterr()
    here = str(folder.resolve())  # messages name some files by their absolute path: the two folders differ
    files = {
        str(p.relative_to(folder)): p.read_bytes().replace(here.encode(), b"<dir>")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    return (0 if code is None else code), out.replace(here, "<dir>"), err.replace(here, "<dir>"), files


CASES = _option_cases() + OTHER_CASES


@pytest.mark.parametrize(("args", "fast_reads"), CASES, ids=[" ".join(a) or "(none)" for a, _ in CASES])
def test_fast_path_and_typer_agree(
    args: list[str],
    fast_reads: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reads = True
    try:
        if args not in [list(a) for a in fast.VERSION_ARGS]:
            fast.parse_convert(args)
    except fast.GiveUp:
        reads = False
    assert reads == fast_reads, f"the fast path {'reads' if reads else 'gives up on'} {args}"
    by_fast = _run("fast", args, _folder(tmp_path / "fast"), monkeypatch, capsys)
    by_typer = _run("typer", args, _folder(tmp_path / "typer"), monkeypatch, capsys)
    assert by_fast[:3] == by_typer[:3]  # exit code, stdout, stderr
    assert by_fast[3] == by_typer[3]  # every file's bytes


def test_the_matrix_covers_every_flag_of_convert() -> None:
    """Every flag `convert` takes (from the declarations, as the fast path reads them) is in the matrix."""
    flags = set(fast._flags())
    used = {word.partition("=")[0] for args, _ in CASES for word in args}
    assert flags - used == set()
    assert {o.name for o, _ in command_options("convert") if o.type is not bool} <= set(GOOD)


def test_the_fast_path_reads_options_as_the_declarations_say() -> None:
    given = fast.parse_convert(
        ["convert", "a.yaml", "-o", "o.json", "--scope", "x", "--scope=y", "--no-validate", "--jobs", "2", "b.yaml"]
    )
    assert given["inputs"] == ["a.yaml", "b.yaml"]
    assert given["output"] == Path("o.json") and given["jobs"] == 2 and given["validate"] is False
    assert given["scope"] == ["x", "y"] and given["overlay"] is None and given["target"] == "nintex"
    with pytest.raises(fast.GiveUp):
        fast.parse_convert(["convert", "a.yaml", "--jobs", "two"])


# What a tiny `--no-validate` conversion must not import (issue 17's start-up): the CLI framework, the validators,
# the templates; the preset format, the Swagger 2.0 input stage and the validity check (stages that do nothing
# for this input); difflib (only for a "did you mean"); the batch's process pool.
NOT_FOR_A_TINY_RUN = (
    "typer", "click", "pydantic", "rich", "jinja2", "jsonschema", "jsonschema_rs", "openapi_spec_validator",
    "xtgen.app.cli", "xtgen.target.presets.format", "xtgen.accept", "xtgen.validate.fast", "difflib",
    "concurrent.futures.process", "multiprocessing", "tomllib",
)  # fmt: skip


def _imported_by_a_tiny_run(folder: Path, spec: str) -> tuple[str, list[str]]:
    probe = (
        "import sys\n"
        "from xtgen.app.fast import prepare, run\n"
        "prepare()\n"
        f"code = run(['convert', {spec!r}, '-o', 'out.json', '--no-validate', '-q'])\n"
        "print(code, ' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    code, modules = done.stdout.split(" ", 1)
    assert json.loads((folder / "out.json").read_text(encoding="utf-8"))["swagger"] == "2.0"
    return code, modules.split()


def _heavy(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_a_no_validate_json_conversion_imports_no_cli_framework_validator_template_or_yaml(tmp_path: Path) -> None:
    code, modules = _imported_by_a_tiny_run(_folder(tmp_path / "w"), "tiny.json")
    assert code == "0"
    assert _heavy(modules, (*NOT_FOR_A_TINY_RUN, "ruamel", "yaml")) == []


def test_a_no_validate_yaml_conversion_imports_only_what_it_uses(tmp_path: Path) -> None:
    code, modules = _imported_by_a_tiny_run(_folder(tmp_path / "w"), "tiny.yaml")
    assert code == "0"
    assert _heavy(modules, NOT_FOR_A_TINY_RUN) == []
    assert "yaml" in modules  # PyYAML's libyaml loader (xtgen/read/yaml_fast.py)


def test_the_console_script_and_python_m_start_at_the_fast_path(tmp_path: Path) -> None:
    import tomllib

    root = Path(__file__).resolve().parents[1]
    scripts = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"xtgen": "xtgen.app.fast:main"}
    assert "from xtgen.app.fast import main" in (root / "xtgen" / "__main__.py").read_text(encoding="utf-8")
    _folder(tmp_path / "w")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "xtgen", "convert", "tiny.yaml", "-o", "out.json", "--no-validate"],
        cwd=tmp_path / "w", capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr.endswith("wrote out.json (2 info)\n")
    imported = {line.split("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "xtgen.app.fast" in imported and "typer" not in imported and "xtgen.app.cli" not in imported
    shutil.rmtree(tmp_path / "w")


@pytest.mark.parametrize("raised", [KeyboardInterrupt(), EOFError(), OSError(32, "Broken pipe")], ids=repr)
def test_an_interrupted_or_broken_run_ends_alike(
    raised: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What Typer's main loop makes of ^C, an end of input and a closed pipe, the fast path makes too."""
    from xtgen.app import cli, fast_convert

    def interrupted(*args: object, **kwargs: object) -> int:
        raise raised

    monkeypatch.setattr(fast_convert, "convert_command", interrupted)
    monkeypatch.setattr(cli, "convert_command", interrupted)
    args = ["convert", "tiny.yaml", "-o", "out.json"]
    by_fast = _run("fast", args, _folder(tmp_path / "fast"), monkeypatch, capsys)
    by_typer = _run("typer", args, _folder(tmp_path / "typer"), monkeypatch, capsys)
    assert by_fast == by_typer
    assert by_fast[0] == (130 if isinstance(raised, KeyboardInterrupt) else 1)


def test_the_version_flags_the_fast_path_answers_are_the_root_options() -> None:
    """`xtgen --version` / `-V` are answered without Typer: they must be the flags of the root callback."""
    import typer.main

    from xtgen.app.cli import app

    root = typer.main.get_command(app)
    version = next(p for p in root.params if p.name == "version")
    assert sorted(version.opts) == sorted(args[0] for args in fast.VERSION_ARGS)
