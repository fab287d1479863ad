"""xtgen: OpenAPI 3 -> Swagger 2.0 Xtensions for Nintex Automation Cloud.

The library never prints or exits: `convert()` returns a Result with the document and diagnostics.
"""

from __future__ import annotations

__version__ = "0.1.0"

from xtgen.model import Diagnostic, Options, Result, Severity, XtgenError
from xtgen.pipeline import convert, convert_file

__all__ = [
    "Diagnostic",
    "Options",
    "Result",
    "Severity",
    "XtgenError",
    "__version__",
    "convert",
    "convert_file",
]
