"""Packaging facts that must not drift: one home for the version, tested lower bounds, LICENSE, py.typed,
a changelog entry for the version being built."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement

import xtgen

from .conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOWER_BOUNDS = ROOT / ".ci" / "lower-bounds.txt"


def pinned(path: str) -> dict[str, str]:
    """name -> version of each `name==version` line of a constraints file."""
    result = {}
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", line
            result[canonical(req.name)] = spec.version
    return result


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_declared_dependency_has_a_lower_bound_pinned_in_the_constraints_file() -> None:
    constraints = pinned(".ci/lower-bounds.txt")
    declared = [Requirement(d) for d in PYPROJECT["project"]["dependencies"]]
    assert declared
    for req in declared:
        bounds = [s for s in req.specifier if s.operator == ">="]
        assert len(bounds) == 1, f"{req}: declare exactly one lower bound (name>=X)"
        assert constraints.get(canonical(req.name)) == bounds[0].version, (
            f"{req.name}: pyproject says >={bounds[0].version}, .ci/lower-bounds.txt says "
            f"=={constraints.get(canonical(req.name))}"
        )


def test_the_version_lives_in_xtgen_init_only() -> None:
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "xtgen/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", xtgen.__version__)


def test_the_changelog_has_an_entry_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(xtgen.__version__)}\]", changelog, re.MULTILINE)
    assert "## [Unreleased]" in changelog


def test_license_file_matches_the_declared_license() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "the xtgen authors" in text
    assert "LICENSE" in PYPROJECT["project"]["license-files"]


def test_the_package_says_it_is_typed() -> None:
    assert (ROOT / "xtgen" / "py.typed").is_file()
    assert "Typing :: Typed" in PYPROJECT["project"]["classifiers"]
