"""The command line: options -> library call -> report -> exit code. Nothing else lives here."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .model import Options, Result, Severity, XtgenError
from .report import InputReport, format_lines, report_text

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Convert OpenAPI 3 descriptions into Swagger 2.0 Xtensions for Nintex Automation Cloud.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xtgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """xtgen: OpenAPI 3 -> Swagger 2.0 Xtensions, with OAuth 2.0 set up for Nintex."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"xtgen: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _choice(value: str, allowed: tuple[str, ...], flag: str) -> str:
    if value not in allowed:
        raise _fail(f"{flag} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _server_vars(pairs: list[str]) -> tuple[tuple[str, str], ...]:
    result = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise _fail(f"--server-var wants NAME=VALUE (got {pair!r})")
        result.append((name, value))
    return tuple(result)


def _print_diagnostics(name: str, result: Result) -> None:
    for line in format_lines(name, result.diagnostics):
        typer.echo(line, err=True)


def _accepted(result: Result, strict: bool) -> bool:
    return result.ok and not (strict and result.count(Severity.WARNING))


def _write_report(path: Path | None, entries: list[InputReport]) -> None:
    if path is not None:
        from .write import write_atomic

        write_atomic(path, report_text(entries))


@app.command()
def convert(
    input: Annotated[str, typer.Argument(help="OpenAPI 3.0/3.1 file (.json, .yaml, .yml), or - for stdin.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json (what Nintex uploads) or yaml.")] = "json",
    target: Annotated[str, typer.Option(help="nintex (default) or swagger2 (generic 2.0).")] = "nintex",
    security: Annotated[str | None, typer.Option(
        help="nintex target: the security definition to keep, NAME or NAME:flow.")] = None,
    oidc_discovery: Annotated[Path | None, typer.Option(
        help="A saved .well-known/openid-configuration JSON, to turn openIdConnect into oauth2.")] = None,
    server: Annotated[int | None, typer.Option(help="Index of the server to use (default 0).")] = None,
    server_url: Annotated[str | None, typer.Option(help="Use this server URL instead of the spec's.")] = None,
    server_var: Annotated[list[str] | None, typer.Option(
        help="NAME=VALUE for a server URL variable (repeatable).")] = None,
    ref_root: Annotated[Path | None, typer.Option(
        help="Folder external $refs may be read from (default: the input's folder).")] = None,
    validate: Annotated[bool, typer.Option("--validate/--no-validate",
                                           help="Validate input and output (default on).")] = True,
    strict: Annotated[bool, typer.Option(help="Treat warnings as failures (exit 1, nothing written).")] = False,
    report: Annotated[Path | None, typer.Option(help="Write a JSON report of every diagnostic here.")] = None,
) -> None:
    """Convert an OpenAPI 3.0/3.1 document into Swagger 2.0."""
    from .pipeline import convert_file, load_options_file
    from .write import FORMATS, serialize, write_atomic

    _choice(fmt, FORMATS, "--format")
    _choice(target, ("nintex", "swagger2"), "--target")
    try:
        options = Options(
            target=target,
            security=security,
            oidc_discovery=load_options_file(oidc_discovery, "OIDC discovery document")
            if oidc_discovery else None,
            server_index=server,
            server_url=server_url,
            server_vars=_server_vars(server_var or []),
            validate=validate,
            ref_root=ref_root.resolve() if ref_root else None,
        )
        result = convert_file(input, options)
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    name = "<stdin>" if input == "-" else input
    _print_diagnostics(name, result)
    accepted = _accepted(result, strict)
    try:
        if accepted and result.document is not None:
            text = serialize(result.document, fmt)
            if output is None:
                sys.stdout.write(text)
                sys.stdout.flush()
            else:
                write_atomic(output, text, protect=(Path(input),) if input != "-" else ())
        _write_report(report, [InputReport(name, str(output) if output and accepted else None, accepted,
                                           result.diagnostics)])
    except XtgenError as exc:
        raise _fail(str(exc)) from None
    raise typer.Exit(EXIT_OK if accepted else EXIT_FAILED)


def main() -> None:
    # One run, then exit: reference counting frees the documents, the cyclic collector would only walk them
    # (about 0.1 s on a 13 MB spec). pipeline.py pauses it around loading and conversion for library callers.
    gc.disable()
    app(prog_name="xtgen")
