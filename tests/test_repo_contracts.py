"""Files the repository promises to others: the docs templates' contract (templates/README.md) matches the
typed contract and what build_context returns; the pre-commit hooks name commands that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from xtgen.docs import build_context, contract
from xtgen.docs.context import CONTRACT_VERSION

from .conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_README = ROOT / "templates" / "README.md"
# templates/README.md section -> the TypedDict it documents
SECTIONS = {
    "Root": contract.DocsContext,
    "Connection": contract.Connection,
    "Action": contract.Action,
    "Response": contract.Response,
    "Field": contract.Field,
    "Report": contract.Report,
}


def sections(text: str) -> dict[str, str]:
    parts = re.split(r"^### (\w+)\n", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def documented_keys(body: str) -> set[str]:
    """Keys in the first column of a section's table, or, for a section written as prose, each `key` that
    is followed by its type in parentheses."""
    rows = [line.split("|")[1] for line in body.splitlines() if line.startswith("| `")]
    if rows:
        return {key for cell in rows for key in re.findall(r"`([a-z_]+)`", cell)}
    return set(re.findall(r"`([a-z_]+)` \(", body))


def test_templates_readme_documents_every_context_key() -> None:
    text = TEMPLATES_README.read_text(encoding="utf-8")
    assert f"## Variables (contract version {CONTRACT_VERSION})" in text
    found = sections(text)
    for name, typed in SECTIONS.items():
        assert documented_keys(found[name]) == set(typed.__annotations__), name


def test_build_context_returns_the_documented_keys() -> None:
    document: dict[str, Any] = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "host": "api.example.com",
        "paths": {
            "/a": {
                "get": {
                    "parameters": [{"name": "q", "in": "query", "type": "string"}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "schema": {"type": "object", "properties": {"id": {"type": "string"}}},
                        }
                    },
                }
            }
        },
    }
    context = build_context(document)
    assert set(context) == set(contract.DocsContext.__annotations__)
    assert set(context["connection"]) == set(contract.Connection.__annotations__)
    action = context["actions"][0]
    assert set(action) == set(contract.Action.__annotations__)
    assert set(action["inputs"][0]) == set(contract.Field.__annotations__)
    assert set(action["outputs"][0]) == set(contract.Response.__annotations__)
    assert set(context["report"]) == set(contract.Report.__annotations__)


def test_pre_commit_hooks_run_existing_commands() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["xtgen-check", "xtgen-build"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
        assert hook["pass_filenames"] is False  # `xtgen build` reads its inputs from the config, not argv
        program, *args = shlex.split(hook["entry"])
        assert program == "xtgen"
        help_text = run_cli([*args[:1], "--help"]).output
        for flag in (a for a in args[1:] if a.startswith("--")):
            assert flag in help_text, (hook["id"], flag)
        assert re.compile(hook["files"]).search("xtgen.toml") and re.compile(hook["files"]).search("api.yaml")


def test_repo_pre_commit_config_runs_the_ci_checks() -> None:
    config = YAML(typ="safe").load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook_ids = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "mypy"} <= hook_ids
