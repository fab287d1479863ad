"""The readiness stages of `xtgen convert` (xtgen/pipeline.py runs them in turn): after conversion (and
presets), before output validation.

1. Power Automate migration: with --from-power-automate, or by default in the nintex target when the
   document has x-ms-* extensions;
2. --render-version N;
3. nintex target: fix-ups (operationId, summary, upload consumes), then every readiness check on the result, so the
   report says what could not be fixed. A check whose problem an earlier stage already reported (its
   rule's `covered_by` codes) is not repeated.
"""

from __future__ import annotations

from collections.abc import Sequence

from xtgen.model import Diagnostic, Document, Options
from xtgen.target.lint.checks import lint_document
from xtgen.target.lint.fixups import fix_file_uploads, fix_operations, set_render_version
from xtgen.target.lint.migrate import has_power_automate_extensions, migrate_power_automate
from xtgen.target.lint.rules import BY_CODE


def migrate_from_power_automate(doc: Document, options: Options) -> tuple[Document, list[Diagnostic]]:
    """x-ms-* extensions translated: with --from-power-automate, or implied by the nintex target."""
    if options.from_power_automate or (options.target == "nintex" and has_power_automate_extensions(doc)):
        return migrate_power_automate(doc, implied=not options.from_power_automate)
    return doc, []


def render_version(doc: Document, options: Options) -> tuple[Document, list[Diagnostic]]:
    """--render-version N: x-ntx-render-version set (2) or removed (1)."""
    if options.render_version is None:
        return doc, []
    return set_render_version(doc, options.render_version)


def fix_for_target(doc: Document, options: Options, earlier: Sequence[Diagnostic]) -> tuple[Document, list[Diagnostic]]:
    """nintex target: the fix-ups, then every readiness rule on the result, except a rule whose problem an
    earlier stage already reported (its `covered_by` codes)."""
    if options.target != "nintex":
        return doc, []
    diagnostics: list[Diagnostic] = []
    for fix in (fix_operations, fix_file_uploads):
        doc, found = fix(doc)
        diagnostics += found
    seen = {d.code for d in (*earlier, *diagnostics)}
    diagnostics += [d for d in lint_document(doc) if not seen.intersection(BY_CODE[d.code].covered_by)]
    return doc, diagnostics
