"""The pipeline: load -> validate input -> convert -> (preset) -> (lint) -> validate output.

Rendering docs and writing are separate steps the caller takes with a Result in hand.
Each stage is a function of its own module; this module only strings them together.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xtgen.accept import accept_swagger2, is_swagger2
from xtgen.convert import convert_document
from xtgen.model import Diagnostic, Document, Options, Result, Severity, XtgenError
from xtgen.read.bundle import bundle_external_refs
from xtgen.read.limits import check_limits
from xtgen.read.load import check_openapi_version, load_document
from xtgen.target.lint import make_ready
from xtgen.validate import validate_openapi3, validate_swagger2
from xtgen.validate.patterns import slow_pattern, slow_pattern_message
from xtgen.validate.validity import check_validity

if TYPE_CHECKING:
    from xtgen.target.presets import BuiltPreset


def _has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """A large spec is millions of small objects, none of them in a reference cycle. While they are being
    built, Python's cyclic collector would walk all of them again and again (a third of the run time on
    GitHub's description); reference counting alone frees them. Paused here, restored as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def convert(document: Document, options: Options | None = None) -> Result:
    """Convert an OpenAPI 3.0/3.1 document (a plain dict) into Swagger 2.0; a Swagger 2.0 document passes
    through the later stages (nintex security shape, presets, Power Automate migration, readiness rules).

    Never prints, never exits, never mutates `document`. The result holds the converted document
    (also when it has errors, for inspection) and every diagnostic; `result.ok` says whether it may be
    written. Raises XtgenError only for unusable options (an unknown preset, a missing preset option).
    """
    if not isinstance(document, dict):
        return Result(
            None,
            (
                Diagnostic(
                    "XT035", Severity.ERROR, f"the document root must be a mapping, found {type(document).__name__}", ""
                ),
            ),
        )
    problem = check_limits(document)
    if problem is not None:
        return Result(None, (Diagnostic(problem.code, Severity.ERROR, problem.message, problem.pointer),))
    with _cyclic_gc_paused():
        return _convert_checked(document, options or Options())


def _convert_checked(document: Document, options: Options) -> Result:
    """convert(), for a document already within the limits (load_document checks files)."""
    from xtgen.target.presets import resolve_preset

    preset = resolve_preset(options)  # before the work: unusable preset options raise XtgenError
    diagnostics: list[Diagnostic] = []
    try:
        return _run_stages(document, options, preset, diagnostics)
    except XtgenError:
        raise
    except Exception as exc:  # a bug: say so as an error instead of a traceback; the fuzz tests hunt these
        where = exc.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        at = f" at {where.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{where.tb_lineno}" if where else ""
        diagnostics.append(
            Diagnostic(
                "XT903",
                Severity.ERROR,
                f"internal error {type(exc).__name__}{at}: {str(exc)[:200]} (please report this as an xtgen bug)",
                "",
            )
        )
        return Result(None, tuple(diagnostics))


def _run_stages(
    document: Document, options: Options, preset: BuiltPreset | None, diagnostics: list[Diagnostic]
) -> Result:
    from xtgen.target.presets import apply_preset, check_offline_access

    swagger2 = is_swagger2(document)  # Swagger 2.0 input: nothing to downgrade, the later stages still apply
    source, found = (document, []) if swagger2 else bundle_external_refs(document, options.base_dir, options.ref_root)
    diagnostics += found
    if _has_errors(found):  # a ref left unresolved would only cascade into validation and conversion errors
        return Result(None, tuple(diagnostics))
    slow = slow_pattern(source)  # checking a default against a backtracking pattern would never end
    if slow is not None:
        diagnostics.append(Diagnostic("XT525", Severity.ERROR, slow_pattern_message("refused"), slow))
        return Result(None, tuple(diagnostics))
    if source is not document:  # bundling inlined other files: the whole must still be within the limits
        problem = check_limits(source)
        if problem is not None:
            diagnostics.append(Diagnostic(problem.code, Severity.ERROR, problem.message, problem.pointer))
            return Result(None, tuple(diagnostics))
    if options.validate and not swagger2:
        diagnostics += validate_openapi3(source)
    output, found = accept_swagger2(source, options) if swagger2 else convert_document(source, options)
    diagnostics += found
    if preset is not None:
        output, found = apply_preset(output, preset)
    else:
        found = check_offline_access(output)
    diagnostics += found
    output, found = make_ready(output, options, diagnostics)
    diagnostics += found
    if swagger2:  # passed through, not built by xtgen: always checked, even with --no-validate
        diagnostics += check_validity(output, diagnostics)
    elif options.validate and not _has_errors(diagnostics):
        diagnostics += validate_swagger2(output)
    return Result(output, tuple(diagnostics))


def apply_preset_file(path: str | Path, options: Options) -> Result:
    """`xtgen preset NAME --into SPEC`: apply `options.preset` to an existing Swagger 2.0 file ('-' for stdin).

    Raises XtgenError when the file cannot be read, is not Swagger 2.0, or the preset options are unusable.
    """
    from xtgen.target.presets import apply_preset, resolve_preset

    preset = resolve_preset(options)
    if preset is None:
        raise XtgenError("no preset chosen")
    document, name = load_document(path)
    version = check_openapi_version(document, name, accept_swagger2=True)
    if version != "2.0":
        raise XtgenError(
            f"{name}: --into wants a Swagger 2.0 spec, this is OpenAPI {version}; use "
            f"`xtgen convert {name} --preset {options.preset}` instead"
        )
    output, diagnostics = apply_preset(document, preset)
    if options.validate and not _has_errors(diagnostics):
        diagnostics += validate_swagger2(output)
    return Result(output, tuple(diagnostics))


def load_options_file(path: str | Path, what: str) -> dict[str, Any]:
    """Read a small JSON side file (e.g. an OIDC discovery document) or raise XtgenError."""
    from xtgen.read.load import parse_side_json, read_side_text

    value = parse_side_json(read_side_text(path, what), str(path), what)
    if not isinstance(value, dict):
        raise XtgenError(f"{path}: {what} must be a JSON object")
    return value


def convert_file(path: str | Path, options: Options | None = None) -> Result:
    """Load a file ('-' for stdin) and convert it. Raises XtgenError when it cannot be read at all."""
    options = options or Options()
    with _cyclic_gc_paused():
        document, name = load_document(path)
        check_openapi_version(document, name, accept_swagger2=True)
        if options.base_dir is None:  # stdin's refs are relative to the current folder (confined by ref_root)
            options = replace(options, base_dir=Path.cwd() if str(path) == "-" else Path(path).resolve().parent)
        return _convert_checked(document, options)
