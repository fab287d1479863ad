"""The defaults stage every input shares: a `default` its own schema rejects is coerced or dropped
(xtgen/convert/defaults.py says how, XT520-XT522), on copies of only the objects whose default changes."""

from __future__ import annotations

from xtgen.convert.context import Context
from xtgen.convert.defaults import fit_defaults
from xtgen.model import Diagnostic, Document, Options
from xtgen.target.lint.walk import replace_nodes


def fit_document_defaults(document: Document, options: Options) -> tuple[Document, list[Diagnostic]]:
    """The document with every default fitted; the input is never changed (the holders whose default changes,
    and the containers on their way, are copies; the document itself when none changes)."""
    ctx = Context(source=document, options=options, version="2.0")
    try:
        fixed = fit_defaults(ctx, document)
    except (AttributeError, TypeError):
        # defaults.py expects the shapes of a Swagger 2.0 document; one too malformed for it keeps its defaults,
        # and its malformations are reported by the validation that follows (XT702)
        return document, []
    return replace_nodes(document, fixed), ctx.diagnostics
