"""Docs for an Xtension: a guide for the person who imports it and builds workflows with it.

    result = load_docs_source("api.yaml")          # OpenAPI 3 converted, or Swagger 2.0 as is (result.source)
    context = docs_context(result, region="eu")
    files = render_docs(context, ("md", "html"))    # {"README.md": ..., "index.html": ...}: the caller writes them

The context is a documented, stable contract (contract.py, templates/README.md). Jinja is imported
only when rendering.
"""

from __future__ import annotations

from pathlib import Path

from xtgen.docs.connection import REGIONS, PresetAdvice, PresetLike, preset_advice
from xtgen.docs.context import build_context
from xtgen.docs.contract import DocsContext
from xtgen.docs.render import FORMATS, OUTPUTS, builtin_templates, formats_for, render_docs
from xtgen.formats import SWAGGER2, with_swagger_text
from xtgen.model import Options, Result, Source
from xtgen.pipeline import convert_loaded, load_source

__all__ = [
    "FORMATS",
    "OUTPUTS",
    "REGIONS",
    "DocsContext",
    "PresetAdvice",
    "PresetLike",
    "build_context",
    "builtin_templates",
    "docs_context",
    "formats_for",
    "load_docs_source",
    "preset_advice",
    "render_docs",
]


def load_docs_source(path: str | Path, options: Options | None = None) -> Result:
    """Read SPEC: an OpenAPI 3.0/3.1 file is converted in memory (xtgen.pipeline) with `options`; a Swagger 2.0
    file is used as it is. The Result's source says which. Raises XtgenError when the file cannot be read."""
    document, source = load_source(path)
    if source.format == SWAGGER2:
        given, found = with_swagger_text(document)
        return Result(given, tuple(found), source)
    return convert_loaded(document, source, options or Options(), path)


def docs_context(
    result: Result,
    *,
    region: str = "us",
    preset: str | PresetLike | None = None,
    xtension_file: str | None = None,
) -> DocsContext:
    """The template context of a Result with a document: what the docs say comes from result.source, so the
    same Swagger 2.0 file is "documented as given" whether `xtgen docs` or `convert --docs` renders it."""
    if result.document is None:
        raise ValueError("docs_context needs a Result with a document")
    source = result.source or Source(SWAGGER2, "2.0", "2.0")
    return build_context(
        result.document,
        result.diagnostics,
        source_format=source.format,
        source_version=source.declared,
        region=region,
        preset=preset,
        xtension_file=xtension_file,
    )
