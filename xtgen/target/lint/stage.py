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

from collections.abc import Callable, Sequence

from xtgen.model import Diagnostic, Document, Options
from xtgen.target.lint.checks import lint_document
from xtgen.target.lint.fixups import fix_file_uploads, fix_operations, set_render_version
from xtgen.target.lint.migrate import has_power_automate_extensions, migrate_power_automate
from xtgen.target.lint.rules import BY_CODE
from xtgen.target.lint.walk import KeyFacts, key_facts


def migrate_from_power_automate(
    doc: Document, options: Options, facts: Callable[[Document], KeyFacts] = key_facts
) -> tuple[Document, list[Diagnostic]]:
    """x-ms-* extensions translated: with --from-power-automate, or implied by the nintex target. `facts`: how
    to find a document's key facts (a run's walk.KeyFactsOf shares them with the readiness stage)."""
    if options.from_power_automate or (options.target == "nintex" and has_power_automate_extensions(doc, facts)):
        return migrate_power_automate(doc, implied=not options.from_power_automate, facts=facts)
    return doc, []


def render_version(doc: Document, options: Options) -> tuple[Document, list[Diagnostic]]:
    """--render-version N: x-ntx-render-version set (2) or removed (1)."""
    if options.render_version is None:
        return doc, []
    return set_render_version(doc, options.render_version)


def fix_for_target(
    doc: Document,
    options: Options,
    earlier: Sequence[Diagnostic],
    facts: Callable[[Document], KeyFacts] = key_facts,
) -> tuple[Document, list[Diagnostic]]:
    """nintex target: the fix-ups, then every readiness rule on the result, except a rule whose problem an
    earlier stage already reported (its `covered_by` codes). The rules use the key facts of the document before
    the fix-ups (`facts`: the Power Automate stage's, when that stage and --render-version changed nothing):
    the fix-ups set operationId, summary and consumes only, so those facts still bound the keys."""
    if options.target != "nintex":
        return doc, []
    bounds = facts(doc)
    diagnostics: list[Diagnostic] = []
    for fix in (fix_operations, fix_file_uploads):
        doc, found = fix(doc)
        diagnostics += found
    seen = {d.code for d in (*earlier, *diagnostics)}
    diagnostics += [d for d in lint_document(doc, bounds) if not seen.intersection(BY_CODE[d.code].covered_by)]
    return doc, diagnostics
