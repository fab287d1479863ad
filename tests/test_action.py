"""The composite GitHub Action (action.yml): its shell steps run with bash, as a runner runs them.

The steps are read from action.yml, `${{ inputs.* }}` replaced by the inputs (or their defaults), and run
with `bash --noprofile --norc -eo pipefail` in a temporary project, with RUNNER_TEMP and
GITHUB_ACTION_PATH set as on a runner. The install step needs a package index (pip installs xtgen's
dependencies), so it runs only with XTGEN_TEST_ACTION_INSTALL=1 (.ci/run sets it); otherwise the
"Run xtgen" step runs the xtgen of this test environment, placed where the install step puts it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .conftest import ROOT

EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}")
SPEC = ROOT / "examples" / "todo-oauth.yaml"


def action() -> dict[str, Any]:
    loaded = YAML(typ="safe").load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def substitute(value: str, inputs: dict[str, str]) -> str:
    """`${{ inputs.NAME }}` as the runner expands it: the given input, else the input's default."""
    declared = action()["inputs"]

    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in declared, f"action.yml uses undeclared input {name}"
        return inputs.get(name, str(declared[name].get("default", "")))

    return EXPRESSION.sub(expand, value)


def run_steps(
    workspace: Path, runner_temp: Path, inputs: dict[str, str], names: list[str]
) -> subprocess.CompletedProcess[str]:
    """Run the named steps in order, as a runner would; stop at the first that fails."""
    steps = {step["name"]: step for step in action()["runs"]["steps"]}
    result = subprocess.CompletedProcess[str]([], 0, "", "")
    for name in names:
        step = steps[name]
        assert step["shell"] == "bash" and "uses" not in step
        env = {
            **os.environ,
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_WORKSPACE": str(workspace),
            **{key: substitute(str(value), inputs) for key, value in step.get("env", {}).items()},
        }
        cwd = workspace / substitute(str(step.get("working-directory", ".")), inputs)
        script = runner_temp / "step.sh"
        script.write_text(substitute(step["run"], inputs), encoding="utf-8")
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode != 0:
            break
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository with one spec and an xtgen.toml that builds it into xtensions/."""
    folder = tmp_path / "repo" / "api project"
    (folder / "specs").mkdir(parents=True)
    shutil.copy(SPEC, folder / "specs" / "todo.yaml")
    (folder / "xtgen.toml").write_text('out-dir = "xtensions"\n\n[[spec]]\ninput = "specs/todo.yaml"\n')
    return tmp_path / "repo"


@pytest.fixture
def runner_temp(tmp_path: Path) -> Path:
    """RUNNER_TEMP with the xtgen under test where the install step puts its own."""
    temp = tmp_path / "runner-temp"
    (temp / "xtgen-venv" / "bin").mkdir(parents=True)
    xtgen = shutil.which("xtgen", path=str(Path(sys.executable).parent))
    assert xtgen is not None, "xtgen is not installed in this environment"
    (temp / "xtgen-venv" / "bin" / "xtgen").symlink_to(xtgen)
    return temp


def test_the_action_declares_its_inputs_and_composite_steps() -> None:
    spec = action()
    assert spec["runs"]["using"] == "composite"
    assert [s["name"] for s in spec["runs"]["steps"]] == ["Install xtgen", "Run xtgen"]
    assert spec["inputs"]["args"]["default"] == "build --check"
    every_run = "\n".join(s["run"] for s in spec["runs"]["steps"])
    assert "${{" not in every_run, "inputs reach scripts through env, never pasted into the script"


def test_default_args_check_fails_on_stale_outputs_then_passes_after_build(project: Path, runner_temp: Path) -> None:
    inputs = {"working-directory": "api project"}
    stale = run_steps(project, runner_temp, inputs, ["Run xtgen"])
    assert stale.returncode == 1, stale.stderr
    assert stale.stdout.startswith("xtgen build --check\n")
    assert "xtensions/todo.json" in stale.stderr
    built = run_steps(project, runner_temp, {**inputs, "args": "build"}, ["Run xtgen"])
    assert built.returncode == 0, built.stderr
    assert json.loads((project / "api project" / "xtensions" / "todo.json").read_text())["swagger"] == "2.0"
    fresh = run_steps(project, runner_temp, inputs, ["Run xtgen"])
    assert fresh.returncode == 0, fresh.stderr


def test_args_pass_through_with_bash_quoting(project: Path, runner_temp: Path) -> None:
    args = "convert 'api project/specs/todo.yaml' -o \"out dir.json\" --report report.json --target swagger2"
    result = run_steps(project, runner_temp, {"args": args}, ["Run xtgen"])
    assert result.returncode == 0, result.stderr
    assert json.loads((project / "out dir.json").read_text())["swagger"] == "2.0"
    report = json.loads((project / "report.json").read_text())
    assert report["inputs"][0]["input"] == "api project/specs/todo.yaml"


def test_a_failing_command_fails_the_step(project: Path, runner_temp: Path) -> None:
    result = run_steps(project, runner_temp, {"args": "convert missing.yaml"}, ["Run xtgen"])
    assert result.returncode == 2
    assert "missing.yaml" in result.stderr


@pytest.mark.skipif(
    os.environ.get("XTGEN_TEST_ACTION_INSTALL") != "1",
    reason="the install step needs a package index: set XTGEN_TEST_ACTION_INSTALL=1 to run it (.ci/run does)",
)
def test_install_step_installs_this_checkout_then_checks(project: Path, tmp_path: Path) -> None:
    runner_temp = tmp_path / "fresh-runner-temp"
    runner_temp.mkdir()
    result = run_steps(
        project, runner_temp, {"working-directory": "api project", "args": "build"}, ["Install xtgen", "Run xtgen"]
    )
    assert result.returncode == 0, result.stderr
    import xtgen

    version = subprocess.run(
        [str(runner_temp / "xtgen-venv" / "bin" / "xtgen"), "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"xtgen {xtgen.__version__}"
    assert (project / "api project" / "xtensions" / "todo.json").is_file()
