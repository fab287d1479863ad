"""Build configuration: `xtgen.toml`, or `[tool.xtgen]` in `pyproject.toml`, found from a folder upwards.

    out-dir = "xtensions"        # outputs go here (relative to the config file)
    target = "nintex"            # any convert option (xtgen/options.py), as a default for every spec
    [[spec]]
    input = "specs/todo.yaml"    # relative to the config file
    output = "todo.json"         # optional, inside out-dir; default <stem>.json
    preset = "salesforce"        # per-spec options override the defaults
    ignore = ["XT730:/paths/~1tasks/get"]  # ...except ignore, which adds to the global ignore list

Every error names the file, the key and what is wrong; an unknown key or a value out of its choices
also names the nearest known one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xtgen.model import XtgenError
from xtgen.options import config_options, config_types, parse_value, unknown_key

ENTRY_KEYS = ("input", "output")  # a [[spec]]'s own keys, besides the options
TOP_KEYS = ("out-dir", "spec")  # the top level's own keys, besides the options


@dataclass(frozen=True)
class Entry:
    """One spec to build: its input, its output path and its effective options (defaults merged)."""

    input: Path
    output: Path
    settings: Mapping[str, Any]
    key: str  # where it is in the config file, for messages: 'spec[2]'


@dataclass(frozen=True)
class BuildConfig:
    path: Path
    out_dir: Path
    entries: tuple[Entry, ...] = field(default=())


def find_config(start: Path) -> Path | None:
    """The nearest xtgen.toml, or pyproject.toml with [tool.xtgen], in start or a folder above it."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "xtgen.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "xtgen" in _read(candidate).get("tool", {}):
            return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    from xtgen.read.load import parse_side_toml, read_side_text

    return parse_side_toml(read_side_text(path, "config"), str(path), "config")


def check_settings(path: Path, where: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """Validate option keys and value types (the convert option names, declared in xtgen/options.py)."""
    options = config_options()
    checked: dict[str, Any] = {}
    for key, value in settings.items():
        option = options.get(key)
        if option is None:
            known = ", ".join(sorted(options))
            own = ENTRY_KEYS if "spec[" in where else TOP_KEYS
            raise XtgenError(f"{path}: {where}{key}: {unknown_key(key, [*options, *own])} (known: {known})")
        allowed = config_types(option)
        if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
            names = " or ".join(t.__name__ for t in allowed)
            raise XtgenError(f"{path}: {where}{key}: must be {names}, not {type(value).__name__}")
        checked[key] = parse_value(option, value, f"{path}: {where}{key}:")
    return checked


def load_config(path: Path) -> BuildConfig:
    from xtgen.app.batch import inside

    data = _read(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("xtgen")
        if not isinstance(data, dict):
            raise XtgenError(f"{path}: no [tool.xtgen] table")
        prefix = "tool.xtgen."
    else:
        prefix = ""
    base = path.parent
    out_dir_value = data.get("out-dir", "xtensions")
    if not isinstance(out_dir_value, str) or not out_dir_value:
        raise XtgenError(f"{path}: {prefix}out-dir: must be a folder name")
    out_dir = (base / out_dir_value).resolve()
    specs = data.get("spec", [])
    if not isinstance(specs, list) or not specs:
        raise XtgenError(f"{path}: {prefix}spec: list the specs to build as [[spec]] tables with an input")
    defaults = check_settings(path, prefix, {k: v for k, v in data.items() if k not in TOP_KEYS})
    entries = []
    outputs: dict[Path, str] = {}
    for i, spec in enumerate(specs):
        where = f"{prefix}spec[{i}]"
        if not isinstance(spec, dict):
            raise XtgenError(f"{path}: {where}: must be a table")
        raw_input = spec.get("input")
        if not isinstance(raw_input, str) or not raw_input:
            raise XtgenError(f"{path}: {where}.input: missing; give the spec file to convert")
        own = check_settings(path, where + ".", {k: v for k, v in spec.items() if k not in ENTRY_KEYS})
        settings = {**defaults, **own}
        if "overlays" in defaults and "overlays" in own:  # a spec's overlays come after the global ones
            settings["overlays"] = [*defaults["overlays"], *own["overlays"]]
        if "ignore" in defaults and "ignore" in own:  # a spec's ignores add to the global ones
            settings["ignore"] = [*defaults["ignore"], *own["ignore"]]
        fmt = settings.get("format", "json")
        output_name = spec.get("output", f"{Path(raw_input).stem}.{fmt}")
        if not isinstance(output_name, str) or not output_name:
            raise XtgenError(f"{path}: {where}.output: must be a file name inside {out_dir_value}")
        candidate = Path(output_name)
        if candidate.is_absolute() or ".." in candidate.parts:
            raise XtgenError(
                f"{path}: {where}.output: {output_name!r} would be written outside {out_dir_value}; "
                "give a name inside it"
            )
        output = inside(out_dir, candidate, what=f"{path}: {where}.output")  # no way out through a symlink
        if output in outputs:
            raise XtgenError(f"{path}: {where}.output: {output_name!r} is also the output of {outputs[output]}")
        outputs[output] = where
        entries.append(Entry(base / raw_input, output, settings, where))
    return BuildConfig(path, out_dir, tuple(entries))
