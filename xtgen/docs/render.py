"""Render the docs context with Jinja templates, and write the results.

Templates come from the built-in `templates/` folder (shipped in the wheel as xtgen/templates); a
user's folder overrides any of them by relative name. Jinja runs sandboxed with StrictUndefined; HTML
is autoescaped, and Markdown templates escape every printed value (escape.py). Text from the spec only
ever reaches templates as data, so it is never parsed as template source.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from xtgen.docs.contract import DocsContext
from xtgen.docs.escape import MdSafe, md_block, md_cell, md_code, md_finalize, md_inline, md_join
from xtgen.model import DocsFormat, XtgenError

# --format value -> (template, output file)
OUTPUTS: dict[str, tuple[str, str]] = {
    "md": ("README.md.j2", "README.md"),
    "html": ("index.html.j2", "index.html"),
}
FORMATS = tuple(f.value for f in DocsFormat)  # declared once, in xtgen.model.DocsFormat


def builtin_templates() -> Path:
    """xtgen/templates inside an installed wheel, else the checkout's templates/ (editable install)."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / OUTPUTS["md"][0]).is_file():
            return candidate
    raise XtgenError(f"the built-in docs templates are missing (looked in {package / 'templates'})")


def formats_for(fmt: str) -> tuple[str, ...]:
    if fmt == "all":
        return tuple(OUTPUTS)
    if fmt not in OUTPUTS:
        raise XtgenError(f"--format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    return (fmt,)


def _environments(templates: Path | None) -> tuple[Any, Any]:
    """(markdown environment, html environment), sharing one loader."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.runtime import Macro
    from jinja2.sandbox import SandboxedEnvironment

    class MarkdownEnvironment(SandboxedEnvironment):
        """A macro's output is template text plus values md_finalize already escaped: keep it as is."""

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            value = super().call(__context, __obj, *args, **kwargs)
            return MdSafe(value) if isinstance(__obj, Macro) and isinstance(value, str) else value

    folders = [builtin_templates()]
    if templates is not None:
        if not templates.is_dir():
            raise XtgenError(f"--templates {templates}: not a folder")
        folders.insert(0, templates)
    loader = ChoiceLoader([FileSystemLoader(str(f)) for f in folders])
    common: dict[str, Any] = {
        "loader": loader,
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    md = MarkdownEnvironment(autoescape=False, finalize=md_finalize, **common)
    md.filters.update(md=md_inline, md_cell=md_cell, md_block=md_block, md_code=md_code, join=md_join)
    html = SandboxedEnvironment(autoescape=True, **common)
    return md, html


def _tidy_markdown(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def render_docs(
    context: DocsContext | Mapping[str, Any], formats: Iterable[str] = ("md", "html"), templates: Path | None = None
) -> dict[str, str]:
    """{output file name: text} for each format ("md" -> README.md, "html" -> index.html).

    A broken or missing template raises XtgenError naming the template and line.
    """
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    md, html = _environments(templates)
    result: dict[str, str] = {}
    for fmt in formats:
        template_name, output = OUTPUTS[fmt]
        env = md if fmt == "md" else html
        try:
            text = _render_bounded(env.get_template(template_name), dict(context), template_name)
        except XtgenError:
            raise
        except TemplateNotFound as exc:
            raise XtgenError(f"docs template {exc.name} not found") from None
        except TemplateSyntaxError as exc:
            raise XtgenError(f"docs template {exc.name or template_name}:{exc.lineno}: {exc.message}") from None
        except TemplateError as exc:
            raise XtgenError(f"docs template {template_name}: {exc}") from None
        except Exception as exc:  # a template calling something wrongly (e.g. len() of a number)
            raise XtgenError(
                f"docs template {template_name}{_template_line(exc)}: {type(exc).__name__}: {exc}"
            ) from None
        result[output] = _tidy_markdown(text) if fmt == "md" else text.rstrip("\n") + "\n"
    return result


# Templates are trusted (see README, "Security and limits"), but a mistake in one (a loop in a loop) should
# end with a message, not fill the disk or run forever.
MAX_DOCS_CHARS = 32 * 2**20
MAX_RENDER_SECONDS = 30


def _render_bounded(template: Any, context: dict[str, Any], name: str) -> str:
    """template.render(context), stopped past MAX_DOCS_CHARS of output or MAX_RENDER_SECONDS (a timer
    interrupts loops that print nothing, on the main thread of a POSIX system)."""
    parts: list[str] = []
    total = 0
    deadline = time.monotonic() + MAX_RENDER_SECONDS
    too_long = XtgenError(f"docs template {name}: rendering took more than {MAX_RENDER_SECONDS} s; stopped")
    with _timer(MAX_RENDER_SECONDS, too_long):
        for chunk in template.generate(context):
            total += len(chunk)
            if total > MAX_DOCS_CHARS:
                raise XtgenError(f"docs template {name}: the output passed {MAX_DOCS_CHARS // 2**20} MiB; stopped")
            if time.monotonic() > deadline:
                raise too_long
            parts.append(chunk)
    return "".join(parts)


@contextlib.contextmanager
def _timer(seconds: float, error: XtgenError) -> Iterator[None]:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise error

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _template_line(exc: BaseException) -> str:
    """':LINE' of the innermost template frame in the traceback, when there is one."""
    line = ""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith((".j2", ".css", "<template>")):
            line = f" line {tb.tb_lineno}"
        tb = tb.tb_next
    return f" ({line.strip()})" if line else ""
