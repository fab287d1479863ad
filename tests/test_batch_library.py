"""Batch building blocks: output planning, path safety, parallel order, --check, and the config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from xtgen.app.batch import Job, inside, plan_outputs, run_jobs, stale_outputs, write_outcome
from xtgen.app.config import find_config, load_config
from xtgen.model import Options, XtgenError

from .conftest import copy_fixture_inputs

CASES = ["security-seed-accesscode", "security-bearer", "security-cookie-alone", "security-basic"]


def copy_cases(folder: Path) -> list[str]:
    return copy_fixture_inputs(folder, CASES)


def test_plan_outputs_and_stem_collision(tmp_path: Path) -> None:
    assert plan_outputs(["a/x.yaml", "b/y.json"], tmp_path) == [tmp_path / "x.json", tmp_path / "y.json"]
    with pytest.raises(XtgenError, match=r"would both write x\.json"):
        plan_outputs(["a/x.yaml", "b/x.json"], tmp_path)


def test_inside_refuses_escapes(tmp_path: Path) -> None:
    assert inside(tmp_path, "ok.json", what="t") == tmp_path / "ok.json"
    for bad in ("../evil.json", "/etc/evil.json", "sub/../../evil.json"):
        with pytest.raises(XtgenError, match="outside"):
            inside(tmp_path, bad, what="t")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link").symlink_to(tmp_path.parent)
    with pytest.raises(XtgenError, match="outside"):
        inside(tmp_path / "out", "link/evil.json", what="t")


def test_results_in_input_order_and_identical_across_workers(tmp_path: Path) -> None:
    names = copy_cases(tmp_path)
    jobs = [Job(n, tmp_path / "out" / (Path(n).stem + ".json"), Options()) for n in names]
    one = run_jobs(jobs, workers=1)
    two = run_jobs(jobs, workers=2)
    assert [o.job.input for o in two] == names
    assert [o.text for o in one] == [o.text for o in two]
    assert [o.status for o in one] == ["converted", "converted", "failed", "converted"]


def test_a_failing_input_does_not_stop_the_others(tmp_path: Path) -> None:
    names = [str(tmp_path / "missing.yaml"), *copy_cases(tmp_path)[:1]]
    outcomes = run_jobs([Job(n, None, Options()) for n in names], workers=2)
    assert outcomes[0].fatal and "no such file" in outcomes[0].fatal
    assert outcomes[1].accepted


def test_stale_outputs(tmp_path: Path) -> None:
    names = copy_cases(tmp_path)[:2]
    jobs = [Job(n, tmp_path / "out" / (Path(n).stem + ".json"), Options()) for n in names]
    outcomes = run_jobs(jobs)
    assert [s for _, s in stale_outputs(outcomes)] == ["missing", "missing"]
    for o in outcomes:
        write_outcome(o)
    assert stale_outputs(outcomes) == []
    jobs[1].output.write_text("{}\n")  # type: ignore[union-attr]
    assert stale_outputs(outcomes) == [(jobs[1].output, "stale")]


def test_config_discovery_upwards(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_config(tmp_path / "a" / "b") is None
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path / "a" / "b") is None  # a pyproject without [tool.xtgen] is not a config
    (tmp_path / "pyproject.toml").write_text('[tool.xtgen]\n[[tool.xtgen.spec]]\ninput = "s.yaml"\n')
    assert find_config(tmp_path / "a" / "b") == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "xtgen.toml").write_text('[[spec]]\ninput = "s.yaml"\n')
    assert find_config(tmp_path / "a" / "b") == tmp_path / "a" / "xtgen.toml"


def test_config_defaults_and_overrides(tmp_path: Path) -> None:
    config = tmp_path / "xtgen.toml"
    config.write_text(
        'out-dir = "dist"\ntarget = "swagger2"\n'
        '[[spec]]\ninput = "specs/a.yaml"\n'
        '[[spec]]\ninput = "specs/b.yaml"\noutput = "sub/bee.json"\ntarget = "nintex"\n'
    )
    built = load_config(config)
    assert built.out_dir == (tmp_path / "dist").resolve()
    a, b = built.entries
    assert (a.input, a.output, a.settings) == (
        tmp_path / "specs/a.yaml",
        built.out_dir / "a.json",
        {"target": "swagger2"},
    )
    assert (b.output, b.settings["target"]) == (built.out_dir / "sub/bee.json", "nintex")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[spec]]\ninput = "a.yaml"\ncolour = "red"\n', "spec[0].colour: unknown option"),
        ('target = 3\n[[spec]]\ninput = "a.yaml"\n', "target: must be str, not int"),
        ('target = "openapi"\n[[spec]]\ninput = "a.yaml"\n', "target: must be one of nintex, swagger2"),
        ('[[spec]]\noutput = "a.json"\n', "spec[0].input: missing"),
        ('[[spec]]\ninput = "a.yaml"\noutput = "../a.json"\n', "spec[0].output: '../a.json' would be written outside"),
        ('[[spec]]\ninput = "a.yaml"\noutput = "/tmp/a.json"\n', "would be written outside"),
        ('[[spec]]\ninput = "a.yaml"\n[[spec]]\ninput = "b/a.yaml"\n', "spec[1].output: 'a.json' is also the output"),
        ('out-dir = "x"\n', "spec: list the specs"),
        ("[[spec]\n", "malformed TOML"),
    ],
)
def test_config_errors_name_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "xtgen.toml"
    config.write_text(text)
    with pytest.raises(XtgenError) as info:
        load_config(config)
    assert str(info.value).startswith(str(config)) and message in str(info.value)
