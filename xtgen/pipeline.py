"""The pipeline, as data: a stage is a function `(document, run) -> (document, diagnostics)`, and a pipeline
is a tuple of stages. `run()` passes the document from stage to stage and collects the diagnostics.

    OPENAPI3_INPUT   bundle external refs, apply the overlays written for the input, refuse backtracking
                     patterns, validate the input, convert to Swagger 2.0
    SWAGGER2_INPUT   apply the overlays written for the input, refuse backtracking patterns, accept a
                     Swagger 2.0 document as it is
    TARGET_STAGES    what every input then goes through, in order: defaults, security for the target or the
                     preset, offline access, the overlays written for the output, Power Automate migration,
                     render version, readiness fix-ups and rules, output validation

To add a stage, write the function in the module of its concern and put its name in the tuple (as the
overlay stages are: `overlay_input` after bundling, `overlay_output` after the preset and offline access).
Loading files, rendering docs and writing are the caller's steps, with a Result in hand.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from xtgen.convert import convert_document, definition_names
from xtgen.formats import OPENAPI3, SWAGGER2, detect_version, with_swagger_text
from xtgen.model import Diagnostic, Document, Options, Result, Severity, Source, XtgenError
from xtgen.read.bundle import bundle_external_refs
from xtgen.read.limits import Facts, check_limits, measure
from xtgen.read.load import load_measured, read_version
from xtgen.target.defaults import fit_document_defaults
from xtgen.target.lint.stage import fix_for_target, migrate_from_power_automate, render_version
from xtgen.target.lint.walk import KeyFacts, KeyFactsOf
from xtgen.target.nintex import nintex_security
from xtgen.target.overlay import overlay_stage

if TYPE_CHECKING:
    from xtgen.target.presets import BuiltPreset

__all__ = [
    "OPENAPI3_INPUT",
    "SWAGGER2_INPUT",
    "TARGET_STAGES",
    "Refused",
    "Run",
    "Stage",
    "apply_preset_file",
    "convert",
    "convert_file",
    "convert_loaded",
    "load_source",
    "run",
]


@dataclass(frozen=True)
class Run:
    """What a stage may read besides the document: the options, the input's source, the built preset, the
    diagnostics of the stages before it, the document each earlier stage received (by stage name), and the
    facts of the document the run started with (xtgen.read.limits.measure: a stage uses them only while it
    holds that same document, through xtgen.read.limits.facts_for), and the key facts the readiness stages
    share (xtgen.target.lint.walk.KeyFactsOf: one per run, kept with the document they describe)."""

    options: Options
    source: Source
    preset: BuiltPreset | None = None
    earlier: tuple[Diagnostic, ...] = ()
    inputs: Mapping[str, Document] = field(default_factory=dict)
    facts: Facts | None = None
    key_facts: Callable[[Document], KeyFacts] = field(default_factory=KeyFactsOf, compare=False)


Stage = Callable[[Document, Run], tuple[Document, list[Diagnostic]]]


def _has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


# ---- OpenAPI 3 input ----------------------------------------------------------------------------------------


class Refused(Exception):
    """Raised by a stage when nothing can go on (e.g. a bundled document past the limits)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("refused")
        self.diagnostics = diagnostics


def bundle(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    """External $refs inlined (read/bundle.py); the whole must still be within the limits."""
    bundled, found = bundle_external_refs(document, run.options.base_dir, run.options.ref_root, run.facts)
    if _has_errors(found):  # a ref left unresolved would only cascade into validation and conversion errors
        raise Refused(found)
    if bundled is not document and (problems := check_limits(bundled)):
        raise Refused(found + problems)
    return bundled, found


def refuse_slow_patterns(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    """A schema whose pattern backtracks on its default: checking the default (conversion, validators) would
    never end, so the input is refused before anything checks it (xtgen/validate/patterns.py)."""
    from xtgen.validate.patterns import slow_pattern, slow_pattern_message

    at = slow_pattern(document, run.facts)
    if at is not None:
        raise Refused([Diagnostic("XT525", Severity.ERROR, slow_pattern_message("refused"), at)])
    return document, []


def validate_input(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    from xtgen.validate import validate_openapi3

    return document, validate_openapi3(document, run.facts) if run.options.validate else []


def convert_openapi3(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    return convert_document(document, run.options, security_replaced=run.preset is not None)


def overlay_input(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    """The overlays written for the input document (xtgen/target/overlay), before it is validated and converted."""
    return overlay_stage(document, run.options.overlays, "input")


def overlay_output(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    """The overlays written for the Swagger 2.0 output: after conversion and presets, before the readiness
    rules and output validation, so that their x-ntx touches are linted and validated."""
    return overlay_stage(document, run.options.overlays, "output")


OPENAPI3_INPUT: tuple[Stage, ...] = (bundle, overlay_input, refuse_slow_patterns, validate_input, convert_openapi3)


# ---- Swagger 2.0 input --------------------------------------------------------------------------------------


def accept(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    from xtgen.accept import accept_swagger2

    return accept_swagger2(document, run.options)


SWAGGER2_INPUT: tuple[Stage, ...] = (overlay_input, refuse_slow_patterns, accept)


# ---- the target stages every input shares -------------------------------------------------------------------


def fit_defaults(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    return fit_document_defaults(document, run.options)


def target_security(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    """The preset's definition in place of every other, else the nintex target's one-definition shape."""
    from xtgen.target.presets import apply_preset

    if run.preset is not None:
        return apply_preset(document, run.preset)
    if run.options.target != "nintex":
        return document, []
    converted_from = run.inputs.get(convert_openapi3.__name__)
    names = definition_names(converted_from, run.options) if converted_from is not None else {}
    return nintex_security(document, run.options, names, given=run.source.format == SWAGGER2)


def offline_access(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    """Whether the OAuth 2.0 definition gives Nintex a refresh token (a preset adds what it needs itself)."""
    from xtgen.target.presets import check_offline_access

    return document, [] if run.preset is not None else check_offline_access(document)


def power_automate(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    return migrate_from_power_automate(document, run.options, run.key_facts)


def set_render_version(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    return render_version(document, run.options)


def readiness(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    return fix_for_target(document, run.options, run.earlier, run.key_facts)


def validate_output(document: Document, run: Run) -> tuple[Document, list[Diagnostic]]:
    """A Swagger 2.0 input passed through is always checked (its problems are its own, XT702); xtgen's own
    output is checked unless --no-validate, and only when nothing has failed already (XT901)."""
    if run.source.format == SWAGGER2:
        from xtgen.validate.validity import check_validity

        return document, check_validity(document, run.earlier)
    if run.options.validate and not _has_errors(run.earlier):
        from xtgen.validate import validate_swagger2

        return document, validate_swagger2(document)
    return document, []


TARGET_STAGES: tuple[Stage, ...] = (
    fit_defaults,
    target_security,
    offline_access,
    overlay_output,
    power_automate,
    set_render_version,
    readiness,
    validate_output,
)


def stages_for(source: Source) -> tuple[Stage, ...]:
    return (SWAGGER2_INPUT if source.format == SWAGGER2 else OPENAPI3_INPUT) + TARGET_STAGES


def run(document: Document, state: Run, stages: tuple[Stage, ...]) -> Result:
    """Every stage in turn. A stage that raises Refused ends the run without a document; any other exception
    but XtgenError is an xtgen bug, reported as error XT903 instead of a traceback (the fuzz tests hunt these)."""
    diagnostics: list[Diagnostic] = []
    inputs: dict[str, Document] = {}
    for stage in stages:
        inputs[stage.__name__] = document
        try:
            document, found = stage(document, replace(state, earlier=tuple(diagnostics), inputs=dict(inputs)))
        except Refused as refused:
            return Result(None, (*diagnostics, *refused.diagnostics), state.source)
        except XtgenError:
            raise
        except Exception as exc:
            return Result(None, (*diagnostics, _internal_error(exc)), state.source)
        diagnostics += found
    return Result(document, tuple(diagnostics), state.source)


# ---- the library's entry points -----------------------------------------------------------------------------


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
    through the target stages (nintex security shape, presets, Power Automate migration, readiness rules).

    Never prints, never exits, never mutates `document`. The result holds the converted document
    (also when it has errors, for inspection), every diagnostic, and the source it came from; `result.ok`
    says whether it may be written. Raises XtgenError only for unusable options (an unknown preset, a
    missing preset option).
    """
    if not isinstance(document, dict):
        found = f"the document root must be a mapping, found {type(document).__name__}"
        return Result(None, (Diagnostic("XT035", Severity.ERROR, found, ""),))
    return _convert_checked(document, options or Options(), _source_of(document), None)


def _source_of(document: Document) -> Source:
    """What convert() was given: anything that is not Swagger 2.0 is converted as OpenAPI 3 (3.0 unless 3.1)."""
    return detect_version(document) or Source(OPENAPI3, "3.0", str(document.get("openapi", "")))


def _convert_checked(document: Document, options: Options, source: Source, facts: Facts | None) -> Result:
    """The run, once the document is within the limits (`facts`: measured when loaded, else here)."""
    from xtgen.target.presets import resolve_preset

    if facts is None or facts.document is not document:
        facts = measure(document)
    if facts.problem is not None:
        return Result(None, (facts.problem,), source)
    preset = resolve_preset(options)  # before the work: unusable preset options raise XtgenError
    with _cyclic_gc_paused():
        return run(document, Run(options, source, preset, facts=facts), stages_for(source))


def _internal_error(exc: Exception) -> Diagnostic:
    where = exc.__traceback__
    while where is not None and where.tb_next is not None:
        where = where.tb_next
    at = f" at {where.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{where.tb_lineno}" if where else ""
    return Diagnostic(
        "XT903",
        Severity.ERROR,
        f"internal error {type(exc).__name__}{at}: {str(exc)[:200]} (please report this as an xtgen bug)",
        "",
    )


def load_source(path: str | Path) -> tuple[Document, Source]:
    """Read a file ('-' for stdin) and decide its version by the one rule. Raises XtgenError when it cannot be
    read, or is not OpenAPI 3.0/3.1 or Swagger 2.0."""
    document, source, _ = _load(path)
    return document, source


def _load(path: str | Path) -> tuple[Document, Source, Facts]:
    document, name, facts = load_measured(path)
    source = read_version(document, name, accept_swagger2=True)
    return document, replace(source, indented=facts.indented), facts


def with_base_dir(options: Options, path: str | Path) -> Options:
    """External $refs are read relative to the input file's folder (stdin: the current one) unless the options
    say otherwise."""
    if options.base_dir is None:  # stdin's refs are relative to the current folder (confined by ref_root)
        return replace(options, base_dir=Path.cwd() if str(path) == "-" else Path(path).resolve().parent)
    return options


def convert_file(path: str | Path, options: Options | None = None) -> Result:
    """Load a file ('-' for stdin) and convert it. Raises XtgenError when it cannot be read at all."""
    with _cyclic_gc_paused():
        document, source, facts = _load(path)
        return _convert_checked(document, with_base_dir(options or Options(), path), source, facts)


def convert_loaded(document: Document, source: Source, options: Options, path: str | Path) -> Result:
    """convert_file() for a document already loaded from `path` (load_source)."""
    return _convert_checked(document, with_base_dir(options, path), source, None)


def apply_preset_file(path: str | Path, options: Options) -> Result:
    """`xtgen preset NAME --into SPEC`: apply `options.preset` to an existing Swagger 2.0 file ('-' for stdin).

    Raises XtgenError when the file cannot be read, is not Swagger 2.0, or the preset options are unusable.
    """
    from xtgen.target.presets import apply_preset, resolve_preset

    preset = resolve_preset(options)
    if preset is None:
        raise XtgenError("no preset chosen")
    document, source = load_source(path)
    if source.format != SWAGGER2:
        raise XtgenError(
            f"{source.name}: --into wants a Swagger 2.0 spec, this is OpenAPI {source.version}; use "
            f"`xtgen convert {source.name} --preset {options.preset}` instead"
        )
    document, diagnostics = with_swagger_text(document)  # the one version rule: YAML's number 2.0 too
    output, found = apply_preset(document, preset)
    diagnostics += found
    if options.validate and not _has_errors(diagnostics):
        from xtgen.validate import validate_swagger2

        diagnostics += validate_swagger2(output)
    return Result(output, tuple(diagnostics), source)
