"""The console script's entry: the common `xtgen convert` invocations without Typer, anything else to Typer.

Importing Typer (with Click and, in Typer 0.2x, pydantic) and building the app costs several times what a
small conversion does. So `main` first tries to read the arguments itself, with a parser made from the same
declarations the Typer parameters are made from: the options `convert` takes (COMMANDS in xtgen/app/flags.py)
and each one's flag, short form, type and negation (xtgen/options.py). There is no second list of flags.

It reads only what it can read exactly as Click would: `convert`, then inputs and the declared options, as
`--opt value`, `--opt=value`, the short form alone (`-o FILE`, `-q`), `--no-opt` for a negatable switch,
repeatable options in order, the last value of any other, and `--` before inputs that start with a dash. On
anything else (help, an unknown flag, a missing or dash-led value, a value Click would refuse, another command,
shell completion) it gives up and the Typer app (xtgen/app/cli.py) handles the whole command line, errors and
help included. The values it reads go through the same checks and bundling (xtgen.app.flags.Binding) into the
same body (xtgen/app/fast_convert.py); tests/test_cli_fast.py runs a matrix of command lines through both.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

COMMAND = "convert"
VERSION_ARGS = (["--version"], ["-V"])  # `xtgen --version`: the root option of xtgen/app/cli.py's callback


class GiveUp(Exception):
    """The fast path cannot read this command line exactly: the Typer app reads it."""


def _flags() -> dict[str, tuple[str, Any, bool | None]]:
    """Every flag `convert` takes -> (its parameter name, its option, the value a switch sets, or None for an
    option with a value), from the declarations."""
    from xtgen.app.flags import command_options

    flags: dict[str, tuple[str, Any, bool | None]] = {}
    for option, use in command_options(COMMAND):
        param = use.param or option.python_name
        long = use.flag or option.flag
        switch: bool | None = True if option.type is bool else None
        names = [long] + ([option.short] if option.short else [])
        for name in names:
            flags[name] = (param, option, switch)
        if option.type is bool and option.negatable:
            flags[f"--no-{long[2:]}"] = (param, option, False)
    return flags


def _value(option: Any, text: str) -> Any:
    """The value as Typer hands it to the command: an int or a Path converted, anything else as text."""
    if text == "" or (text.startswith("-") and text != "-"):
        raise GiveUp(text)  # Click's reading of these is its own (an empty path, a flag taken as a value)
    if option.type is int:
        try:
            return int(text)
        except ValueError:
            raise GiveUp(text) from None  # Click's usage error, in Click's words
    if option.type is Path:
        return Path(text)
    if option.type in (str, list) or option.choices:
        return text
    raise GiveUp(text)  # a type this reader does not know (a float, say): Typer converts it


def parse_convert(args: Sequence[str]) -> dict[str, Any]:
    """The keyword arguments Typer would pass the `convert` command function for `args` (the words after
    `xtgen`), before the checks of Binding; GiveUp when they cannot be read exactly."""
    from xtgen.app.flags import command_options, parameter_type

    if not args or args[0] != COMMAND:
        raise GiveUp("not convert")
    flags = _flags()
    given: dict[str, Any] = {}
    for option, use in command_options(COMMAND):
        given[use.param or option.python_name] = parameter_type(option)[1]
    inputs: list[str] = []
    words = list(args[1:])
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":
            inputs.extend(words[i:])
            break
        if word == "-" or not word.startswith("-"):
            inputs.append(word)
            continue
        name, eq, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        if name not in flags:
            raise GiveUp(word)  # help, an unknown or combined flag, `-oFILE`: Click's
        param, option, switch = flags[name]
        if switch is not None:
            if eq:
                raise GiveUp(word)  # a switch given a value: Click's usage error
            given[param] = switch
            continue
        if not eq:
            if i >= len(words):
                raise GiveUp(word)  # a missing value: Click's usage error
            attached = words[i]
            i += 1
        value = _value(option, attached)
        if option.type is list:
            given[param] = [*(given[param] or ()), value]
        else:
            given[param] = value
    if not inputs:
        raise GiveUp("no input")  # Click's missing-argument error
    given["inputs"] = inputs
    return given


def run_fast(args: Sequence[str]) -> int:
    """`xtgen convert ...` through the shared body; GiveUp (before anything is done) when the arguments are
    not ones the fast path reads."""
    import inspect

    from xtgen.app.fast_convert import UsageFailure, convert_command, show_usage_failure
    from xtgen.app.flags import binding
    from xtgen.model import XtgenError

    given = parse_convert(args)
    own = set(inspect.signature(convert_command).parameters) - {"inputs", "settings"}
    try:
        kwargs = binding(COMMAND, own).arguments(given)
    except XtgenError as exc:
        return show_usage_failure(str(exc))
    try:
        return convert_command(**kwargs)
    except UsageFailure as exc:
        return show_usage_failure(str(exc))
    except KeyboardInterrupt:  # what the Typer app does with these (typer.core._main), so that both end alike
        return 130
    except EOFError:
        from typer import rich_utils

        sys.stderr.write("\n")
        rich_utils.rich_abort_error()
        return 1
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        return 1  # a closed pipe: exit_now's flush fails quietly


VERSION_OF = ("typer", "click", "rich", "ruamel.yaml", "jinja2", "openapi-spec-validator", "jsonschema-rs")


def version_text(verbose: bool) -> str:
    """`xtgen --version`: the version; with --verbose, Python's and the key dependencies' too."""
    from xtgen import __version__

    lines = [f"xtgen {__version__}"]
    if verbose:
        import platform
        from importlib import metadata

        lines.append(f"Python {platform.python_version()} ({platform.python_implementation()}, {platform.platform()})")
        for name in VERSION_OF:
            try:
                lines.append(f"{name} {metadata.version(name)}")
            except metadata.PackageNotFoundError:
                import typer

                bundled = name == "click" and hasattr(typer, "_click")
                lines.append(f"{name} " + ("(bundled in typer)" if bundled else "not installed"))
    return "\n".join(lines) + "\n"


def _asks_version(args: Sequence[str]) -> bool:
    """`xtgen --version` alone, which needs nothing imported (shell completion is Click's)."""
    return list(args) in VERSION_ARGS and "_XTGEN_COMPLETE" not in os.environ


def run(args: Sequence[str]) -> object:
    """One command line (the words after `xtgen`): the fast path when it reads it, else the Typer app. The exit
    code, as SystemExit.code has it."""
    if _asks_version(args):
        sys.stdout.write(version_text(False))
        return 0
    if "_XTGEN_COMPLETE" not in os.environ:  # shell completion is Click's
        try:
            return run_fast(args)
        except GiveUp:
            pass
    from xtgen.app.cli import run_app

    return run_app()


def prepare() -> None:
    """What every run of the command does first. One run, then exit: reference counting frees the documents,
    and the cyclic collector would only walk them (about 0.1 s on a 13 MB spec); xtgen/pipeline.py pauses it
    around loading and conversion for library callers. stdout and stderr are UTF-8 whatever the locale."""
    gc.disable()
    from xtgen.app.console import configure_streams

    configure_streams()


def main() -> None:
    """The `xtgen` console script and `python -m xtgen`."""
    if _asks_version(sys.argv[1:]):  # answered before the streams are set up: nothing else to import
        exit_now(run(sys.argv[1:]))
    prepare()
    try:
        code = run(sys.argv[1:])
    except SystemExit as done:
        code = done.code
    exit_now(code)


def exit_now(code: object) -> NoReturn:
    """sys.exit's meaning of `code`, without the interpreter's teardown (freeing every object of a large
    document one by one, then the modules: tens of ms for nothing). Everything is written and flushed first;
    the batch's worker pool is joined by then, and nothing of xtgen's needs atexit."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    try:
        if sys.stdout is not None:  # None when started with stdout closed
            sys.stdout.flush()
    except (OSError, ValueError):  # a closed pipe or a full disk (the text still buffered when stdout is
        status = status or 1  # buffered, i.e. without PYTHONUNBUFFERED): what Python's own exit reports as failure
    with contextlib.suppress(Exception):
        if sys.stderr is not None:
            sys.stderr.flush()
    os._exit(status)
