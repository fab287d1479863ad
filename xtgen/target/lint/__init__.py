"""Nintex readiness: the rules (rules.py), their checks (checks.py), the fix-ups and Power Automate
migration that the pipeline's target stages apply (fixups.py, migrate.py, stage.py), and `xtgen lint` (command.py)."""

from __future__ import annotations

from xtgen.target.lint.checks import lint_document
from xtgen.target.lint.command import lint_file
from xtgen.target.lint.rules import RULES, rules_table

__all__ = ["RULES", "lint_document", "lint_file", "rules_table"]
