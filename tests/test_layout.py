"""The package shape the README promises: the library never imports the application layer, the converter
knows no target stage, and each fact about the formats is declared once (xtgen/formats.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "xtgen"


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def modules(under: str = "") -> dict[str, set[str]]:
    return {
        str(p.relative_to(PACKAGE)): imported_modules(p)
        for p in sorted((PACKAGE / under).rglob("*.py"))
        if "__pycache__" not in p.parts
    }


def test_library_never_imports_the_application_layer() -> None:
    offenders = {
        name: sorted(m for m in imports if m.startswith("xtgen.app"))
        for name, imports in modules().items()
        if not name.startswith("app/") and name != "__main__.py"
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_converter_knows_no_target_stage_nor_the_preset_option() -> None:
    for name, imports in modules("convert").items():
        assert not [m for m in imports if m.startswith(("xtgen.target", "xtgen.pipeline", "xtgen.app"))], name
        assert "options.preset" not in (PACKAGE / name).read_text(encoding="utf-8"), name


def test_stages_outside_convert_use_no_converter_internals() -> None:
    allowed = {
        "pipeline.py": {"xtgen.convert"},
        "target/defaults.py": {"xtgen.convert.context", "xtgen.convert.defaults"},
    }
    for name, imports in modules().items():
        if name.startswith("convert/"):
            continue
        used = {m for m in imports if m.startswith("xtgen.convert")}
        assert used <= allowed.get(name, set()), name


def test_http_methods_and_root_order_are_declared_once() -> None:
    methods = re.compile(r'"get",\s*"put",\s*"post"')
    root = re.compile(r'"swagger",\s*"info",\s*"host"')
    declared = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if methods.search(p.read_text(encoding="utf-8")) or root.search(p.read_text(encoding="utf-8"))
    ]
    assert declared == ["formats.py"]
