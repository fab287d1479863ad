"""Docs for an Xtension: a guide for the person who imports it and builds workflows with it.

    source = load_docs_source("api.yaml")                    # OpenAPI 3 converted, or Swagger 2.0 as is
    context = build_context(source.document, source.diagnostics, source_format=source.source_format,
                            source_version=source.source_version, region="eu")
    files = render_docs(context, ("md", "html"))              # {"README.md": ..., "index.html": ...}
    write_docs(files, Path("docs"))

The context is a documented, stable contract (contract.py, templates/README.md). Jinja is imported
only when rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from xtgen.docs.connection import REGIONS, PresetAdvice, PresetLike, preset_advice
from xtgen.docs.context import build_context
from xtgen.docs.contract import DocsContext
from xtgen.docs.render import FORMATS, OUTPUTS, builtin_templates, formats_for, render_docs, write_docs
from xtgen.model import Diagnostic, Document, Options, Severity

__all__ = [
    "FORMATS",
    "OUTPUTS",
    "REGIONS",
    "DocsContext",
    "DocsSource",
    "PresetAdvice",
    "PresetLike",
    "build_context",
    "builtin_templates",
    "formats_for",
    "load_docs_source",
    "preset_advice",
    "render_docs",
    "write_docs",
]


@dataclass(frozen=True)
class DocsSource:
    """The Swagger 2.0 document the docs describe, and the diagnostics of getting it."""

    document: Document | None
    diagnostics: tuple[Diagnostic, ...]
    source_format: str  # "openapi3" (converted in memory) or "swagger2" (used as given)
    source_version: str

    @property
    def ok(self) -> bool:
        return self.document is not None and not any(d.severity is Severity.ERROR for d in self.diagnostics)


def load_docs_source(path: str | Path, options: Options | None = None) -> DocsSource:
    """Read SPEC: an OpenAPI 3.0/3.1 file is converted in memory (xtgen.pipeline.convert) with
    `options`; a Swagger 2.0 file is used as it is. Raises XtgenError when the file cannot be read."""
    from xtgen.pipeline import convert
    from xtgen.read.load import check_openapi_version, load_document

    options = options or Options()
    document, name = load_document(path)
    version = check_openapi_version(document, name, accept_swagger2=True)
    if version == "2.0":
        return DocsSource(document, (), "swagger2", "2.0")
    if options.base_dir is None:  # stdin's refs are relative to the current folder, as in convert_file
        options = replace(options, base_dir=Path.cwd() if str(path) == "-" else Path(path).resolve().parent)
    result = convert(document, options)
    return DocsSource(result.document, result.diagnostics, "openapi3", str(document.get("openapi")))
