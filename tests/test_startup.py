"""Start-up paths of the command (issue 17): the exit without teardown keeps every byte and exit code, and a
validating run the pre-check vouches for never imports openapi-spec-validator. Subprocesses, so that the
modules other tests imported do not count."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES

TINY = (FIXTURES / "startup-tiny" / "input.yaml").read_text(encoding="utf-8")  # bench/run.py measures the same file


def _xtgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xtgen", *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_stdout_is_complete_and_exit_codes_kept(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    done = _xtgen("convert", "tiny.yaml", cwd=tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout)["paths"]["/ping"]["get"]["operationId"] == "getPing"
    assert "XT753" in done.stderr
    missing = _xtgen("convert", "missing.yaml", cwd=tmp_path)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert _xtgen("--version", cwd=tmp_path).returncode == 0
    assert _xtgen("convert", "--no-such-flag", cwd=tmp_path).returncode == 2


def test_vouched_validation_does_not_import_the_validator(tmp_path: Path) -> None:
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    probe = (
        "import sys\n"
        "from xtgen.pipeline import convert_file\n"
        "result = convert_file('tiny.yaml')\n"
        "assert result.ok, result.diagnostics\n"
        "print(sorted(m for m in sys.modules if m.startswith('openapi_spec_validator')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"


def test_terminal_escaping_skips_its_pattern_only_where_the_pattern_finds_nothing() -> None:
    """escape_terminal answers printable ASCII without compiling its pattern: the same text as the pattern's."""
    import re

    from xtgen.app.terminal import UNSAFE_CHARACTERS, escape_terminal

    pattern = re.compile(UNSAFE_CHARACTERS)
    every = [chr(c) for c in range(0x110000)]
    flagged = {c for c in every if pattern.search(c)}
    assert {c for c in every if escape_terminal(f"a{c}b") != f"a{c}b"} == flagged
    assert {c for c in map(chr, range(128)) if c.isprintable()} == set(map(chr, range(128))) - flagged
    for text in ("plain ascii", "", "tab\there", "é\u202ex", "\x1b[31mred", "a\ud800b", "\x7f"):
        expected = pattern.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)
        assert escape_terminal(text) == expected
