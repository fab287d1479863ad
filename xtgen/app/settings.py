"""User-facing option names (CLI flags and config keys alike) -> Options: the one place that maps them.

`xtgen convert` builds a mapping from its flags, `xtgen build` reads one per config entry; both call
`run_settings`, so a flag and a config key can never mean different things. What each name is, its type,
choices and where it lands is declared once, in xtgen/options.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xtgen.app.select import EVERYTHING, Selection, selection_settings
from xtgen.model import DocsFormat, Options, OutputFormat, OverlayStage, PresetOptions, Region, XtgenError
from xtgen.options import OPTIONS, Declared, parse_value, unknown_key

if TYPE_CHECKING:
    from xtgen.target.overlay import Overlay


@dataclass(frozen=True)
class DocsSettings:
    """Where and how to render docs next to a converted spec."""

    folder: Path | None  # None: the caller decides (a batch puts them in <out-dir>/<stem>/)
    fmt: DocsFormat = DocsFormat.ALL
    region: Region = Region.US
    templates: Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "fmt", DocsFormat.parse(self.fmt, "DocsSettings.fmt"))
        object.__setattr__(self, "region", Region.parse(self.region, "DocsSettings.region"))


@dataclass(frozen=True)
class RunSettings:
    """Everything one conversion needs besides its input."""

    options: Options
    fmt: OutputFormat = OutputFormat.JSON
    strict: bool = False
    docs: DocsSettings | None = None
    overlay_stage: OverlayStage | None = None  # already applied to each of options.overlays; kept for the record
    selection: Selection = EVERYTHING  # --select, --ignore, --min-severity

    def __post_init__(self) -> None:
        object.__setattr__(self, "fmt", OutputFormat.parse(self.fmt, "RunSettings.fmt"))


def _path(value: Any, base: Path) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    return path if path.is_absolute() else base / path


def _server_vars(pairs: Any, base: Path, given: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    result = []
    for pair in pairs or ():
        name, sep, value = str(pair).partition("=")
        if not sep or not name:
            raise XtgenError(f"--server-var wants NAME=VALUE (got {pair!r})")
        result.append((name, value))
    return tuple(result)


def _overlays(paths: Any, base: Path, given: Mapping[str, Any]) -> tuple[Overlay, ...]:
    """`--overlay FILE` / `overlays = [...]`: each read and validated now, so a bad one stops the run (exit 2);
    `--overlay-stage` forces the stage of every one."""
    from xtgen.target.overlay import load_overlay

    stage = given.get("overlay-stage")
    result = []
    for item in paths or ():
        if not isinstance(item, (str, Path)) or not str(item):
            raise XtgenError(f"overlays: list overlay file names (got {item!r})")
        result.append(load_overlay(_path(item, base) or item, str(stage) if stage else None, name=str(item)))
    return tuple(result)


def _ref_root(value: Any, base: Path, given: Mapping[str, Any]) -> Path | None:
    path = _path(value, base)
    return path.resolve() if path else None


def _oidc_discovery(value: Any, base: Path, given: Mapping[str, Any]) -> Mapping[str, Any] | None:
    path = _path(value, base)
    if path is None:
        return None
    from xtgen.read.side import load_options_file

    return load_options_file(path, "OIDC discovery document")


# options whose value is more than the given one (a file read, pairs split); the rest by their type
SPECIAL: dict[str, Callable[[Any, Path, Mapping[str, Any]], Any]] = {
    "server-var": _server_vars,
    "ref-root": _ref_root,
    "oidc-discovery": _oidc_discovery,
    "overlays": _overlays,
}


def _value(option: Declared, value: Any, base: Path, given: Mapping[str, Any]) -> Any:
    if option.name in SPECIAL:
        return SPECIAL[option.name](value, base, given)
    if option.type is Path:
        return _path(value, base)
    if option.type is list:
        return tuple(value or ())
    if option.type is bool:
        return bool(value)
    return value


def _landing(settings: Mapping[str, Any], home: str, base: Path) -> dict[str, Any]:
    """The fields of `home` ('Options', 'PresetOptions') that the given settings fill, by declaration."""
    fields = {}
    for name, value in settings.items():
        option = OPTIONS[name]
        owner, _, field_name = option.lands.partition(".")
        if owner == home and (value is not None or name in SPECIAL):
            fields[field_name] = _value(
                option, parse_value(option, value) if value is not None else None, base, settings
            )
    return fields


def preset_options(settings: Mapping[str, Any], base: Path) -> PresetOptions:
    """The preset options among the settings (`xtgen convert --preset`, `xtgen preset`, config entries)."""
    return PresetOptions(**_landing(_known(settings), "PresetOptions", base))


def _known(settings: Mapping[str, Any]) -> Mapping[str, Any]:
    unknown = sorted(set(settings) - {o.name for o in OPTIONS.values() if o.lands})
    if unknown:
        raise XtgenError(f"{unknown[0]}: {unknown_key(unknown[0], (o.name for o in OPTIONS.values() if o.lands))}")
    return settings


def run_settings(settings: Mapping[str, Any], base: Path) -> RunSettings:
    """Build the options of one run; relative paths are relative to `base` (the current folder for the
    CLI, the config file's folder for `xtgen build`). Raises XtgenError for unusable values."""
    given = {name: parse_value(OPTIONS[name], v) if v is not None else None for name, v in _known(settings).items()}
    options = Options(**_landing(given, "Options", base), preset_options=preset_options(given, base))
    if options.preset:
        from xtgen.target.presets import resolve_preset

        resolve_preset(options)  # an unknown preset or a missing preset option is a usage error, up front
    docs_value = given.get("docs")
    docs = None
    if docs_value not in (None, False):
        folder = None if docs_value is True else _path(docs_value, base)
        docs = DocsSettings(
            folder,
            given.get("docs-format") or DocsFormat.ALL,
            given.get("region") or Region.US,
            _path(given.get("templates"), base),
        )
    return RunSettings(
        options,
        given.get("format") or OutputFormat.JSON,
        bool(given.get("strict", False)),
        docs,
        given.get("overlay-stage"),
        selection_settings(given),
    )
