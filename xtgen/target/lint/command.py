"""`xtgen lint`: read one Swagger 2.0 file and check it against every readiness rule."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from xtgen.formats import detect_version, with_swagger_text
from xtgen.model import Diagnostic, Result
from xtgen.read.load import parse_text, read_text
from xtgen.target.lint.checks import lint_document
from xtgen.target.lint.rules import diagnostic
from xtgen.validate.validity import check_validity


def lint_file(path: str | Path, validate: bool = True) -> Result:
    """Lint a file ('-' for stdin). Raises XtgenError when it cannot be read or parsed at all.

    The Result's document is the input as read; `result.ok` is False when any rule reported an error.
    """
    text, name = read_text(path)
    document = parse_text(text, name)
    diagnostics: list[Diagnostic] = []
    if not text.lstrip().startswith("{"):
        diagnostics.append(
            diagnostic(
                "XT701",
                "the file is YAML: Nintex imports JSON (YAML import is not documented); xtgen convert writes JSON",
                "",
            )
        )
    checked, found = with_swagger_text(document)  # the one version rule: YAML's number 2.0 is Swagger 2.0
    diagnostics += found
    found = lint_document(checked)
    diagnostics += found
    if validate and not any(d.code == "XT700" for d in found):
        diagnostics += check_validity(checked, found)
    source = detect_version(document)
    return Result(document, tuple(diagnostics), replace(source, name=name) if source else None)
