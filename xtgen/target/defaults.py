"""The defaults stage every input shares: a `default` its own schema rejects is coerced or dropped
(xtgen/convert/defaults.py says how, XT520-XT522), on copies of only the objects holding one."""

from __future__ import annotations

from xtgen.convert.context import Context
from xtgen.convert.defaults import default_holders, fit_defaults
from xtgen.model import Diagnostic, Document, Options
from xtgen.target.lint.walk import replace_nodes


def fit_document_defaults(document: Document, options: Options) -> tuple[Document, list[Diagnostic]]:
    """The document with every default fitted; the input is never changed (only default holders are copied)."""
    ctx = Context(source=document, options=options, version="2.0")
    try:
        copied: Document = replace_nodes(document, {ptr: dict(holder) for ptr, holder in default_holders(document)})
        fit_defaults(ctx, copied)
    except (AttributeError, TypeError):
        # defaults.py expects the shapes of a Swagger 2.0 document; one too malformed for it keeps its defaults,
        # and its malformations are reported by the validation that follows (XT702)
        return document, []
    return copied, ctx.diagnostics
