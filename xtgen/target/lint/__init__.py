"""Nintex readiness: the rules (rules.py), their checks (checks.py), the fix-ups and Power Automate
migration `xtgen convert` applies (fixups.py, migrate.py, stage.py), and `xtgen lint` (command.py)."""

from __future__ import annotations

from xtgen.target.lint.checks import lint_document
from xtgen.target.lint.command import lint_file
from xtgen.target.lint.rules import RULES, rules_table
from xtgen.target.lint.stage import make_ready

__all__ = ["RULES", "lint_document", "lint_file", "make_ready", "rules_table"]
