"""xtgen: OpenAPI 3 -> Swagger 2.0 Xtensions for Nintex Automation Cloud.

The library never prints or exits: `convert()` returns a Result with the document and diagnostics;
`lint_document()` / `lint_file()` check a Swagger 2.0 document against Nintex's upload rules.

The names below are imported from their home on first use, so that importing one module of the package
(the command line's start-up, `import xtgen.model`) does not import the whole pipeline.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"  # the one home of the version: pyproject.toml reads it from here (hatch)

if TYPE_CHECKING:
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

_HOMES = {
    "Diagnostic": "xtgen.model",
    "Options": "xtgen.model",
    "Result": "xtgen.model",
    "Severity": "xtgen.model",
    "XtgenError": "xtgen.model",
    "convert_file": "xtgen.pipeline",
    "lint_document": "xtgen.target.lint",
    "lint_file": "xtgen.target.lint",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its home the first time it is asked for (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'xtgen' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """`xtgen.convert` is the library function although a subpackage has the same name: the import system
    sets the package's attribute when it imports the subpackage, and that must not replace the function."""

    @property
    def convert(self) -> Any:
        from xtgen.pipeline import convert

        return convert

    @convert.setter
    def convert(self, value: object) -> None:
        """The subpackage xtgen.convert was imported (it stays in sys.modules): the name keeps the function."""


sys.modules[__name__].__class__ = _Package
