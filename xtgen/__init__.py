"""xtgen: OpenAPI 3 -> Swagger 2.0 Xtensions for Nintex Automation Cloud.

The library never prints or exits: `convert()` returns a Result with the document and diagnostics;
`lint_document()` / `lint_file()` check a Swagger 2.0 document against Nintex's upload rules.
"""

from __future__ import annotations

__version__ = "0.2.0"  # the one home of the version: pyproject.toml reads it from here (hatch)

from xtgen.model import Diagnostic, Options, Result, Severity, XtgenError
from xtgen.pipeline import convert, convert_file
from xtgen.target.lint import lint_document, lint_file

__all__ = [
    "Diagnostic",
    "Options",
    "Result",
    "Severity",
    "XtgenError",
    "__version__",
    "convert",
    "convert_file",
    "lint_document",
    "lint_file",
]
