"""One declaration per option (xtgen/options.py): the CLI, the config file, the settings and the library agree.

Also the CLI surface that comes from it: choices in --help and refused with a suggestion, panels,
placeholders, -h/-q/-V, examples, completion and `--version --verbose`.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer.main

from xtgen.app.config import check_settings, load_config
from xtgen.app.flags import COMMANDS, EXAMPLES, command_options
from xtgen.app.settings import DocsSettings, RunSettings, run_settings
from xtgen.model import (
    ChoiceError,
    DocsFormat,
    Flow,
    Options,
    OutputFormat,
    PresetOptions,
    Region,
    Target,
    XtgenError,
)
from xtgen.options import DECLARED, OPTIONS, PANEL_PRESET, config_options, config_types, preset_option_flags
from xtgen.target.presets.format import OPTION_FLAGS

from .conftest import FIXTURES, copy_fixture_inputs, run_cli

SEED = FIXTURES / "security-seed-accesscode" / "input.yaml"
WIDE = {"COLUMNS": "250"}
HOMES: dict[str, type] = {
    "Options": Options,
    "PresetOptions": PresetOptions,
    "RunSettings": RunSettings,
    "DocsSettings": DocsSettings,
}


def _click_command(name: str) -> Any:
    from xtgen.app.cli import app

    command = typer.main.get_command(app)
    for part in name.split():  # 'overlay new': a subcommand of a group
        command = command.get_command(None, part)  # type: ignore[attr-defined]
    return command


def _flags(command: Any) -> set[str]:
    return {opt for p in command.params if p.param_type_name == "option" for opt in (*p.opts, *p.secondary_opts)} - {
        "-h",
        "--help",
    }


# ---- the declaration and who reads it ---------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_declared_option_of_a_command_is_its_typer_parameter_and_vice_versa(command: str) -> None:
    expected: set[str] = set()
    for option, use in command_options(command):
        long = use.flag or option.flag
        expected.add(long)
        if option.type is bool and option.negatable:
            expected.add(f"--no-{long[2:]}")
        if option.short:
            expected.add(option.short)
    assert _flags(_click_command(command)) == expected


def test_every_declared_option_is_taken_somewhere() -> None:
    taken = {option.name for command in COMMANDS for option, _ in command_options(command)}
    assert taken == set(OPTIONS)


def test_config_keys_are_the_convert_options_that_land_in_the_settings() -> None:
    """README: config keys are the convert option names; docs-format, region and templates included."""
    convert = {option.name for option, _ in command_options("convert")}
    keys = set(config_options())
    assert keys <= convert
    assert {"docs-format", "region", "templates", "target", "scope", "preset-file"} <= keys
    assert keys == {o.name for o in DECLARED if o.lands and o.config}
    # every key is accepted by the config check with a value of its declared TOML type
    for key, option in config_options().items():
        sample = {str: "x", bool: True, int: 1, list: ["a=b"], Path: "x"}[config_types(option)[0]]
        if option.choices:
            sample = option.choices[0]
        assert check_settings(Path("xtgen.toml"), "", {key: sample}) == {key: sample}


def test_every_option_lands_in_a_real_field() -> None:
    for option in DECLARED:
        if option.lands:
            home, _, name = option.lands.partition(".")
            assert name in {f.name for f in dataclasses.fields(HOMES[home])}, option.name


def test_every_field_of_the_settings_is_given_by_an_option() -> None:
    """Vice versa: a field of Options or PresetOptions that no option fills is library-only, and says so."""
    library_only = {"Options.base_dir", "Options.preset_options"}
    lands = {o.lands for o in DECLARED}
    for home in ("Options", "PresetOptions"):
        for f in dataclasses.fields(HOMES[home]):
            assert f"{home}.{f.name}" in lands | library_only, f"{home}.{f.name}"


def test_the_preset_format_reads_its_option_keys_and_flags_from_the_declaration() -> None:
    assert preset_option_flags() == OPTION_FLAGS
    assert set(OPTION_FLAGS) == {"tenant", "resource", "sharepoint_host", "salesforce_domain", "sandbox", "scope"} | {
        "authorization_url",
        "token_url",
    }
    for key, flag in OPTION_FLAGS.items():
        assert OPTIONS[flag[2:]].panel == PANEL_PRESET, key


def test_choices_are_the_enum_values_and_a_default_is_said_once() -> None:
    assert OPTIONS["target"].choices == ("nintex", "swagger2")
    assert OPTIONS["flow"].choices == ("accessCode", "application")
    assert OPTIONS["format"].choices == ("json", "yaml")
    assert OPTIONS["docs-format"].choices == ("md", "html", "all")
    assert OPTIONS["region"].choices == ("us", "eu", "au", "ca", "uk")
    assert OPTIONS["render-version"].choices == (1, 2)
    for option in DECLARED:
        if option.default is not None and (option.type is not bool or option.negatable):
            # Typer shows "[default: ...]"; the help text must not say it again
            assert "default" not in option.help, option.name


# ---- choices refused where they enter ---------------------------------------------------------------------


def test_library_refuses_a_bad_choice_naming_the_choices_and_the_nearest() -> None:
    with pytest.raises(
        ChoiceError, match=r"Options.target must be one of nintex, swagger2 \(got 'nintx'; did you mean 'nintex'\?\)"
    ):
        Options(target="nintx")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="did you mean 'accessCode'"):
        PresetOptions(flow="acessCode")  # type: ignore[arg-type]
    with pytest.raises(XtgenError, match="must be one of 1, 2"):
        Options(render_version=3)  # type: ignore[arg-type]
    with pytest.raises(XtgenError, match="did you mean 'eu'"):
        DocsSettings(None, region="euu")  # type: ignore[arg-type]
    with pytest.raises(XtgenError, match="did you mean 'yaml'"):
        RunSettings(Options(), fmt="yml")  # type: ignore[arg-type]


def test_library_accepts_plain_strings_and_keeps_them_plain_in_documents() -> None:
    options = Options(target="swagger2", preset_options=PresetOptions(flow="application"))  # type: ignore[arg-type]
    assert options.target is Target.SWAGGER2 and options.target == "swagger2"
    assert options.preset_options.flow is Flow.APPLICATION
    assert Options().target is Target.NINTEX
    assert DocsSettings(None, "md", "eu") == DocsSettings(None, DocsFormat.MD, Region.EU)  # type: ignore[arg-type]
    assert RunSettings(Options(), "yaml").fmt is OutputFormat.YAML  # type: ignore[arg-type]
    from xtgen.target.presets import build_definition, load_preset

    built = build_definition(
        load_preset("microsoft-graph"),
        PresetOptions(flow="application", tenant="contoso.com"),  # type: ignore[arg-type]
    )
    flow = built.security_definitions()["microsoft-graph"]["flow"]
    assert flow == "application" and type(flow) is str  # YAML writers take plain strings only


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["convert", str(SEED), "--target", "nintx"],
            "--target must be one of nintex, swagger2 (got 'nintx'; did you mean 'nintex'?)",
        ),
        (
            ["convert", str(SEED), "--format", "yml"],
            "--format must be one of json, yaml (got 'yml'; did you mean 'yaml'?)",
        ),
        (["convert", str(SEED), "--preset", "salesforce", "--flow", "aplication"], "did you mean 'application'?"),
        (
            ["convert", str(SEED), "--docs", "d", "--region", "euu"],
            "--region must be one of us, eu, au, ca, uk (got 'euu'; did you mean 'eu'?)",
        ),
        (["convert", str(SEED), "--render-version", "3"], "--render-version must be one of 1, 2 (got 3)"),
        (
            ["docs", str(SEED), "--format", "htm"],
            "--format must be one of md, html, all (got 'htm'; did you mean 'html'?)",
        ),
        (["preset", "salesforce", "--format", "jsn"], "did you mean 'json'?"),
    ],
)
def test_cli_refuses_a_bad_choice_in_one_line_with_a_suggestion(args: list[str], message: str) -> None:
    result = run_cli(args)
    assert result.exit_code == 2
    assert result.stderr == f"xtgen: {message}\n" if message.startswith("--") else message in result.stderr
    assert result.stdout == ""


def test_config_refuses_unknown_keys_and_bad_choices_with_a_suggestion(tmp_path: Path) -> None:
    config = tmp_path / "xtgen.toml"
    for text, message in [
        ('targt = "nintex"\n[[spec]]\ninput = "a.yaml"\n', "targt: unknown option (did you mean 'target'?)"),
        (
            '[[spec]]\ninput = "a.yaml"\ndocs-fromat = "md"\n',
            "spec[0].docs-fromat: unknown option (did you mean 'docs-format'?)",
        ),
        ('[[spec]]\ninput = "a.yaml"\ninptu = "b.yaml"\n', "spec[0].inptu: unknown option (did you mean 'input'?)"),
        ('out-dri = "x"\n[[spec]]\ninput = "a.yaml"\n', "out-dri: unknown option (did you mean 'out-dir'?)"),
        (
            '[[spec]]\ninput = "a.yaml"\nregion = "euu"\n',
            "spec[0].region: must be one of us, eu, au, ca, uk (got 'euu'; did you mean 'eu'?)",
        ),
    ]:
        config.write_text(text)
        with pytest.raises(XtgenError) as caught:
            load_config(config)
        assert message in str(caught.value), str(caught.value)


def test_config_docs_keys_reach_the_docs_settings(tmp_path: Path) -> None:
    config = tmp_path / "xtgen.toml"
    config.write_text('[[spec]]\ninput = "a.yaml"\ndocs = true\ndocs-format = "md"\nregion = "eu"\ntemplates = "t"\n')
    entry = load_config(config).entries[0]
    docs = run_settings(entry.settings, tmp_path).docs
    assert docs == DocsSettings(None, DocsFormat.MD, Region.EU, tmp_path / "t")


def test_convert_takes_the_docs_options_that_config_has(tmp_path: Path) -> None:
    out, docs = tmp_path / "api.json", tmp_path / "docs"
    result = run_cli(
        ["convert", str(SEED), "-o", str(out), "--docs", str(docs), "--docs-format", "md", "--region", "eu"]
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in docs.iterdir()) == ["README.md"]
    readme = (docs / "README.md").read_text()
    assert "eu.nintex.io" in readme
    assert json.loads(out.read_text())["swagger"] == "2.0"


# ---- the help text and the small flags --------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(EXAMPLES))
def test_help_is_readable_with_examples(command: str) -> None:
    args = [] if command == "xtgen" else command.split()
    short, long = run_cli([*args, "-h"], env=WIDE), run_cli([*args, "--help"], env=WIDE)
    assert short.exit_code == long.exit_code == 0
    assert short.stdout == long.stdout
    text = short.stdout
    assert "Examples:" in text
    for example in EXAMPLES[command]:
        assert f"$ {example}" in text
    for unreadable in ("<str>", "<list[str]>", "<bool>", "<path>", "<int>", "{INPUT", "{SPEC", "{NAME"):
        assert unreadable not in text, unreadable


def test_convert_help_shows_choices_panels_and_each_default_once() -> None:
    text = run_cli(["convert", "-h"], env=WIDE).stdout
    assert re.search(r" convert \[OPTIONS\] INPUT\.\.\. *\n", text)
    assert "[nintex|swagger2]" in text and "[json|yaml]" in text and "[accessCode|application]" in text
    assert "[md|html|all]" in text and "[us|eu|au|ca|uk]" in text
    preset_panel = text[text.index(PANEL_PRESET) :]
    for flag in ("--tenant", "--scope", "--flow", "--preset-file"):
        assert flag in preset_panel
    conversion = text[text.index("Conversion") : text.index(PANEL_PRESET)]
    assert "--tenant" not in conversion and "--target" in conversion
    target_line = next(line for line in text.splitlines() if "--target" in line)
    assert target_line.count("default") == 1


def test_version_short_and_verbose() -> None:
    from xtgen import __version__

    assert run_cli(["-V"]).stdout == f"xtgen {__version__}\n"
    assert run_cli(["--version"]).stdout == f"xtgen {__version__}\n"
    for args in (["--version", "--verbose"], ["--verbose", "-V"]):
        lines = run_cli(args).stdout.splitlines()
        assert lines[0] == f"xtgen {__version__}"
        assert re.match(r"Python 3\.\d+\.\d+ \(", lines[1])
        names = [line.split()[0] for line in lines[2:]]
        assert names == ["typer", "click", "rich", "ruamel.yaml", "jinja2", "openapi-spec-validator", "jsonschema-rs"]


def test_no_arguments_shows_help_and_completion_is_on() -> None:
    result = run_cli([], env=WIDE)
    assert "Usage: " in result.stdout and "--install-completion" in result.stdout


def test_quiet_short_flag(tmp_path: Path) -> None:
    args = [
        "convert",
        *copy_fixture_inputs(tmp_path / "in", ["security-seed-accesscode", "security-multiflow-swagger2"]),
    ]
    loud = run_cli([*args, "--out-dir", str(tmp_path / "a")])
    quiet = run_cli([*args, "--out-dir", str(tmp_path / "b"), "-q"])
    assert loud.exit_code == quiet.exit_code == 0
    assert "[1/2]" in loud.stderr and "[1/2]" not in quiet.stderr  # -q: no progress lines
    assert loud.stderr.endswith("2 inputs: 2 written (1 with warnings), 0 failed\n")  # the verdict comes last
    assert quiet.stderr.endswith("2 inputs: 2 written (1 with warnings), 0 failed\n")


def test_shell_completion_offers_the_choices() -> None:
    from typer.testing import CliRunner

    from xtgen.app.cli import app

    def complete(words: str) -> list[str]:
        cword = len(words.split()) - (0 if words.endswith(" ") else 1)  # the index of the word being completed
        env = {"_XTGEN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
        result = CliRunner().invoke(app, [], prog_name="xtgen", env=env)
        assert result.exit_code == 0
        return result.stdout.split()

    assert complete("xtgen convert --target ") == ["nintex", "swagger2"]
    assert complete("xtgen convert --flow a") == ["accessCode", "application"]
    assert complete("xtgen docs --format h") == ["html"]


def test_preset_options_without_a_preset_are_named_by_their_declared_flags() -> None:
    from xtgen.target.presets import resolve_preset

    given = PresetOptions(flow="application", scopes=("a",), offline_access=False, definition_name="x")  # type: ignore[arg-type]
    with pytest.raises(XtgenError, match=r"^--flow, --scope, --no-offline-access, --name only work with a preset"):
        resolve_preset(Options(preset_options=given))


def test_a_command_parameter_that_is_not_declared_is_refused_when_the_cli_is_built() -> None:
    from xtgen.app.flags import takes_options

    def lint(input: Annotated[str, typer.Argument()], colour: bool, report: Path | None) -> None:
        raise AssertionError("never called")

    with pytest.raises(TypeError, match="'colour' is neither an Argument nor declared"):
        takes_options("lint", ValueError)(lint)

    def lint_without_settings(input: Annotated[str, typer.Argument()], report: Path | None) -> None:
        raise AssertionError("never called")

    with pytest.raises(TypeError, match=r"takes \[.*'strict', 'validate'\] but has no settings parameter"):
        takes_options("lint", ValueError)(lint_without_settings)


def test_the_literal_names_a_library_caller_may_write_are_the_choices() -> None:
    """Options(target="swagger2") type-checks downstream (TargetName, FlowName) and means Target.SWAGGER2."""
    from typing import get_args

    from xtgen.model import Flow, FlowName, Target, TargetName

    assert get_args(TargetName) == tuple(t.value for t in Target)
    assert get_args(FlowName) == tuple(f.value for f in Flow)
    assert Options(target="swagger2").target is Target.SWAGGER2
    assert PresetOptions(flow="application").flow is Flow.APPLICATION
