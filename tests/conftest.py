"""Shared test helpers: the golden-update switch, a CLI runner, Swagger 2.0 validation, and every pointer of a
document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
YAML_FIXTURES = sorted(p for pattern in ("*.yaml", "*.yml") for p in FIXTURES.rglob(pattern))  # every YAML file in it


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite fixtures/*/expected.json and diagnostics.txt from the current output",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def assert_valid_swagger2(document: Any) -> None:
    """Every Swagger document a test produces goes through openapi-spec-validator."""
    from openapi_spec_validator import OpenAPIV2SpecValidator

    errors = [f"{list(e.absolute_path)}: {e.message}" for e in OpenAPIV2SpecValidator(document).iter_errors()]
    assert not errors, "invalid Swagger 2.0:\n" + "\n".join(errors[:10])


def copy_fixture_inputs(folder: Path, cases: list[str]) -> list[str]:
    """Copy fixtures/<case>/input.yaml to folder/<case>.yaml for each case; return the new paths."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for case in cases:
        target = folder / f"{case}.yaml"
        shutil.copy(FIXTURES / case / "input.yaml", target)
        names.append(str(target))
    return names


def run_cli(args: list[str], stdin: str | None = None, env: dict[str, str] | None = None) -> Any:
    from typer.testing import CliRunner

    from xtgen.app.cli import app

    return CliRunner().invoke(app, args, input=stdin, env=env, catch_exceptions=False)


def every_pointer(value: Any, limit: int | None = None) -> list[str]:
    """Every JSON pointer into a loaded document, the root ("") first, in document order (at most `limit`). A
    container reached again (a YAML alias) is listed there but entered once."""
    from xtgen import pointer as jp

    found: list[str] = []
    todo: list[tuple[str, Any]] = [("", value)]
    entered: set[int] = set()
    while todo and (limit is None or len(found) < limit):
        at, node = todo.pop()
        found.append(at)
        if not isinstance(node, (dict, list)) or id(node) in entered:
            continue
        entered.add(id(node))
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        todo += [(jp.join(at, key), child) for key, child in reversed(items)]
    return found
