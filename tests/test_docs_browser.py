"""The HTML docs in a real headless browser (Debian's chromium, installed by .ci/run).

The page must load with no console message at all (CSP violations, failed loads and script errors all
land in the console), and screenshots at phone (390px) and desktop (1280px) widths must show a page,
not a blank. Screenshots go to pytest's temporary folder, never into the repository.

A missing chromium skips these tests with the reason shown in pytest's summary (`-rs`, on by default in
pyproject), so the README's test command passes on a machine without it. XTGEN_REQUIRE_BROWSER=1 turns
the skip into a failure: .ci/run sets it after installing chromium, so CI never skips them silently.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from xtgen.docs import docs_context, load_docs_source, render_docs

from .conftest import FIXTURES

BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]
PAGES = ["docs-many-diagnostics", "docs-basic", "docs-apikey-swagger2"]


REQUIRE_BROWSER = "XTGEN_REQUIRE_BROWSER"
MISSING = "chromium is not installed (apt-get install chromium; .ci/run installs it and sets XTGEN_REQUIRE_BROWSER=1)"


def find_chromium(environ: Mapping[str, str], which: Callable[[str], str | None]) -> str:
    """The chromium binary; skip when there is none, unless XTGEN_REQUIRE_BROWSER=1 makes that a failure."""
    found = which("chromium") or which("chromium-browser")
    if found is not None:
        return found
    if environ.get(REQUIRE_BROWSER) == "1":
        pytest.fail(f"{REQUIRE_BROWSER}=1 but {MISSING}")
    pytest.skip(MISSING)


@pytest.fixture(scope="module")
def chromium() -> str:
    return find_chromium(os.environ, shutil.which)


def test_missing_browser_skips_with_the_reason() -> None:
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        find_chromium({}, lambda name: None)


def test_missing_browser_fails_when_required() -> None:
    with pytest.raises(pytest.fail.Exception, match="XTGEN_REQUIRE_BROWSER=1 but chromium is not installed"):
        find_chromium({REQUIRE_BROWSER: "1"}, lambda name: None)


def test_present_browser_is_used_either_way() -> None:
    found = {"chromium-browser": "/usr/bin/chromium-browser"}
    assert find_chromium({REQUIRE_BROWSER: "1"}, found.get) == "/usr/bin/chromium-browser"


def run_chromium(binary: str, tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [binary, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def console_messages(stderr: str) -> list[str]:
    """What the page logged: chromium prints console messages as `...:CONSOLE(line)] "text", source: ...`."""
    return [line for line in stderr.splitlines() if re.search(r":CONSOLE[:(]", line)]


def decode_png(data: bytes) -> tuple[int, int, list[bytes], int]:
    """(width, height, rows of pixel bytes, bytes per pixel) of an 8-bit RGB/RGBA non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    assert header is not None
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, f"unexpected PNG format {header}"
    bpp = 3 if color == 2 else 4
    raw, stride = zlib.decompress(b"".join(idat)), width * bpp
    rows, prev, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1 : pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride) if kind else ():
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def pixel_stats(rows: list[bytes], bpp: int) -> tuple[int, float]:
    """(distinct colours, share of pixels differing from the most common colour), on a sample grid."""
    counts: dict[bytes, int] = {}
    for row in rows[::3]:
        for i in range(0, len(row), bpp * 3):
            pixel = row[i : i + 3]
            counts[pixel] = counts.get(pixel, 0) + 1
    total = sum(counts.values())
    return len(counts), 1 - max(counts.values()) / total


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """index.html of a few fixtures, rendered now from the current templates."""
    folder = tmp_path_factory.mktemp("pages")
    result = {}
    for case in PAGES:
        spec = next((FIXTURES / case).glob("input.*"), FIXTURES / case / "swagger.json")
        source = load_docs_source(spec)
        assert source.document is not None
        html = render_docs(docs_context(source), ["html"])["index.html"]
        result[case] = folder / f"{case}.html"
        result[case].write_text(html, encoding="utf-8")
    return result


def test_console_check_catches_a_broken_page(chromium: str, tmp_path: Path) -> None:
    """The check below is not vacuous: a page breaking its own CSP shows up in the console."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'\"></head><body><p>x</p><script>1</script></body></html>"
    )
    result = run_chromium(chromium, tmp_path, page, "--dump-dom")
    assert console_messages(result.stderr), result.stderr[-2000:]


@pytest.mark.parametrize("case", PAGES)
def test_page_loads_without_console_messages(chromium: str, pages: dict[str, Path], tmp_path: Path, case: str) -> None:
    result = run_chromium(chromium, tmp_path, pages[case], "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<h2>Contents</h2>" in result.stdout and 'id="conversion-report"' in result.stdout
    assert console_messages(result.stderr) == []


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_are_not_blank(chromium: str, pages: dict[str, Path], tmp_path: Path, width: int) -> None:
    shot = tmp_path / f"docs-{width}.png"
    result = run_chromium(
        chromium, tmp_path, pages["docs-many-diagnostics"], f"--screenshot={shot}", f"--window-size={width},1600"
    )
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    shown_width, height, rows, bpp = decode_png(shot.read_bytes())
    assert (shown_width, height) == (width, 1600)
    colours, inked = pixel_stats(rows, bpp)
    assert colours >= 16, f"{colours} colours: the page looks blank"
    assert inked >= 0.05, f"only {inked:.1%} of the pixels differ from the background"
