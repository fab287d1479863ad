"""The README's Library example runs as written (a doctest of its ```python block)."""

from __future__ import annotations

import doctest
import re

import pytest

from .conftest import ROOT


def library_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Library\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```python\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, "the Library section holds one ```python block"
    return str(blocks[0])


def test_readme_library_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the example reads examples/todo-oauth.yaml, as from a checkout
    test = doctest.DocTestParser().get_doctest(library_example(), {}, "README.md#library", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    output: list[str] = []
    results = runner.run(test, out=output.append)
    assert results.attempted >= 10
    assert results.failed == 0, "".join(output)
