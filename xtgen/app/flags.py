"""The Typer parameters of each command, made from the option declarations in xtgen/options.py.

COMMANDS lists the options each command takes (a `Use` when a command gives one another flag or help);
`takes_options` turns them into the command function's parameters, checks every given value and hands
the ones the function does not name itself over as one `settings` mapping, keyed by option name.
`Binding` is that checking and bundling on its own, shared with the Typer-free fast path of `xtgen convert`
(xtgen/app/fast.py), so that both hand the command's body the same values. Typer is imported only where a
Typer parameter or group is made: this module is read on the fast path too.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from xtgen.model import XtgenError
from xtgen.options import OPTIONS, Declared, parse_value


@dataclass(frozen=True)
class Use:
    """An option as one command takes it: another flag or help where the command means it differently."""

    name: str
    flag: str | None = None  # e.g. `xtgen docs --format` gives docs-format
    help: str | None = None
    param: str | None = None


CONVERSION = (
    "target",
    "security",
    "oidc-discovery",
    "server",
    "server-url",
    "server-var",
    "ref-root",
    "validate",
    "render-version",
    "from-power-automate",
    Use("overlays", flag="--overlay", param="overlay"),
    "overlay-stage",
)
PRESET = (
    "flow",
    "tenant",
    "resource",
    "sharepoint-host",
    "salesforce-domain",
    "sandbox",
    "scope",
    "authorization-url",
    "token-url",
    "offline-access",
    "preset-file",
)
DOCS = ("docs", "docs-format", "region", "templates")
BATCH = ("jobs", "check", "quiet", "report")
DIAGNOSTICS = ("output-format", "select", "ignore", "min-severity")

COMMANDS: dict[str, tuple[str | Use, ...]] = {
    "convert": (
        "output",
        "out-dir",
        "format",
        *CONVERSION,
        "strict",
        "preset",
        *PRESET,
        *DOCS,
        *BATCH,
        *DIAGNOSTICS,
        "verbose",
    ),
    "build": ("config", *BATCH, *DIAGNOSTICS, "verbose"),
    "preset": ("into", "output", "format", "name", *PRESET, "strict", "report"),
    "docs": (
        Use("out-dir", help="Folder to write into (created if missing; default: SPEC's name + '-docs')."),
        Use("docs-format", flag="--format", param="fmt"),
        "region",
        "templates",
        "import-preset",
        "report",
    ),
    "overlay new": ("output", "target", "force"),
    "lint": (
        Use("strict", help="Treat warnings as failures (exit 1)."),
        "report",
        Use("validate", help="Also validate it as Swagger 2.0."),
        *DIAGNOSTICS,
        Use("quiet", help="Warnings and errors only."),
    ),
}


def command_options(command: str) -> tuple[tuple[Declared, Use], ...]:
    return tuple((OPTIONS[u.name], u) for u in (u if isinstance(u, Use) else Use(u) for u in COMMANDS[command]))


# ---- Typer parameters -------------------------------------------------------------------------------------


def _complete(choices: tuple[Any, ...]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        return [str(c) for c in choices if str(c).startswith(incomplete)]

    return complete


def parameter_type(option: Declared) -> tuple[Any, Any]:
    """The type a command function's parameter for the option has (as Typer converts a given value: a choice
    arrives as text, checked later by parse_value) and its default when the option is not given."""
    if option.type is bool:
        return bool, bool(option.default)
    if option.type is list:
        return list[str] | None, None
    if option.choices and option.type is not int:
        return str, None if option.default is None else str(option.default)
    return option.type | None, option.default


def typer_parameter(option: Declared, use: Use) -> inspect.Parameter:
    """The Typer parameter for an option as a command takes it."""
    import typer

    long = use.flag or option.flag
    switch = f"{long}/--no-{long[2:]}" if option.negatable else long
    decls = [switch if option.type is bool else long]
    if option.short:
        decls.insert(0, option.short)
    choices = option.choices
    metavar = "" if option.type is bool else option.metavar or f"[{'|'.join(map(str, choices))}]"
    annotation, default = parameter_type(option)
    info = typer.Option(
        *decls,
        help=use.help or option.help,
        metavar=metavar,
        rich_help_panel=option.panel,
        show_default=option.type is not bool or option.negatable,
        min=option.minimum if option.type is int else None,
        autocompletion=_complete(choices) if choices else None,
    )
    name = use.param or option.python_name
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[annotation, info]
    )


@dataclass(frozen=True)
class Binding:
    """How a command function receives its options: every given value checked against its declaration, and
    the options the function does not name itself bundled into one `settings` mapping keyed by option name."""

    checks: dict[str, tuple[Declared, str]]  # parameter name -> (its option, the flag shown in messages)
    bundled: dict[str, str]  # parameter name -> option name, for the options that go into `settings`

    def arguments(self, given: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments for the command function from the parsed ones (parameter name -> value as the
        parser gives it). Raises XtgenError for a value out of its choices (a usage error)."""
        kwargs = dict(given)
        for param, (option, shown) in self.checks.items():
            if kwargs.get(param) is not None:
                kwargs[param] = parse_value(option, kwargs[param], shown)
        settings = {name: kwargs.pop(param) for param, name in self.bundled.items()}
        if self.bundled:
            kwargs["settings"] = settings
        return kwargs


def binding(command: str, own: Iterable[str]) -> Binding:
    """The Binding of `command` (its options in COMMANDS) for a function naming the parameters `own` itself."""
    uses = command_options(command)
    checks = {use.param or option.python_name: (option, use.flag or option.flag) for option, use in uses}
    own = set(own)
    return Binding(checks, {param: option.name for param, (option, _) in checks.items() if param not in own})


def takes_options(
    command: str, fail: Callable[[str], Exception], body: Callable[..., Any] | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command function the Typer parameters of the options COMMANDS lists for it.

    The function declares its arguments and, by name, the options it reads itself; every other option
    it takes is passed in one mapping, `settings`, keyed by option name (the config keys), ready for
    xtgen.app.settings.run_settings. Every given value is checked first (parse_value): a value out of
    its choices is `fail(message)` (the CLI's usage error), and a choice arrives as its Choice member.
    `body`: the function that reads them, when the command function declares only its arguments and passes
    the rest on as `**options` (the options read by name are then `body`'s parameters: one list, not two).
    """

    import typer.models

    def decorate(func: Callable[..., None]) -> Callable[..., None]:
        signature = inspect.signature(func, eval_str=True)
        reader = signature if body is None else inspect.signature(body)
        uses = command_options(command)
        declared = [typer_parameter(option, use) for option, use in uses]
        names = {p.name for p in declared}
        own = {name for name in reader.parameters if name != "settings"}
        arguments = [
            p
            for p in signature.parameters.values()
            if p.name not in names and p.name != "settings" and p.kind is not p.VAR_KEYWORD
        ]
        for p in arguments:
            if not any(isinstance(m, typer.models.ArgumentInfo) for m in getattr(p.annotation, "__metadata__", ())):
                raise TypeError(
                    f"{command}: parameter {p.name!r} is neither an Argument nor declared in xtgen/options.py"
                )
        bound = binding(command, own)
        if bound.bundled and "settings" not in reader.parameters:
            raise TypeError(f"{command}: takes {sorted(bound.bundled.values())} but has no settings parameter")

        @functools.wraps(func)
        def command_function(**kwargs: Any) -> None:
            try:
                kwargs = bound.arguments(kwargs)
            except XtgenError as exc:
                raise fail(str(exc)) from None
            func(**kwargs)

        parameters = [*arguments, *declared]
        setattr(command_function, "__signature__", signature.replace(parameters=parameters))  # noqa: B010
        command_function.__annotations__ = {p.name: p.annotation for p in parameters}
        return command_function

    return decorate


# ---- help: usage line, examples, version -----------------------------------------------------------------


@functools.cache
def xtgen_group() -> type[Any]:
    """The xtgen command group class (a TyperGroup, made on first use so that importing this module does not
    import Typer): every command's help names values plainly (`INPUT...`, `FILE`, no `<bool>`)."""
    import typer.core

    class XtgenGroup(typer.core.TyperGroup):
        def get_params(self, ctx: Any) -> list[Any]:
            return plain_params(super().get_params(ctx))

        def get_command(self, ctx: Any, cmd_name: str) -> Any:
            command = super().get_command(ctx, cmd_name)
            if command is not None and not hasattr(command, "_plain"):
                get_params = command.get_params
                setattr(command, "get_params", lambda ctx: plain_params(get_params(ctx)))  # noqa: B010 (--help too)
                setattr(command, "_plain", True)  # noqa: B010
            return command

    return XtgenGroup


def plain_params(params: list[Any]) -> list[Any]:
    """Arguments shown as `INPUT...` (not `{INPUT}...` and `<list[str]>`); switches without `<bool>`."""
    import typer.core

    for param in params:
        if isinstance(param, typer.core.TyperArgument):
            param.display_type_rich = _no_type  # type: ignore[method-assign]
            param.get_usage_pieces = functools.partial(_argument_usage, param)  # type: ignore[method-assign]
        elif getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


def _no_type(ctx: Any) -> None:
    return None


def _argument_usage(param: Any, ctx: Any) -> list[str]:
    name = (param.metavar or str(param.name).upper()) + ("..." if param.nargs != 1 else "")
    return [name if param.required else f"[{name}]"]


EXAMPLES: dict[str, tuple[str, ...]] = {
    "xtgen": (
        "xtgen convert api.yaml -o api.json",
        "xtgen preset list",
        "xtgen build --check",
    ),
    "convert": (
        "xtgen convert api.yaml -o api.json",
        "xtgen convert api.yaml --target swagger2 --format yaml > api.yaml.swagger",
        "xtgen convert a.yaml b.json --out-dir xtensions --docs docs",
        "xtgen convert api.yaml --preset azure-ad-v2 --tenant contoso.onmicrosoft.com --scope User.Read -o api.json",
    ),
    "build": ("xtgen build", "xtgen build --config ci/xtgen.toml --check --report report.json"),
    "preset": (
        "xtgen preset list",
        "xtgen preset azure-ad-v1 --resource https://api.contoso.com",
        "xtgen preset salesforce --salesforce-domain acme --into api.json -o api.salesforce.json",
    ),
    "docs": ("xtgen docs api.json", "xtgen docs api.yaml --format md --region eu --out-dir docs"),
    "lint": ("xtgen lint api.json", "xtgen lint api.json --strict --report lint.json"),
    "overlay new": (
        "xtgen overlay new api.yaml -o nintex.overlay.yaml",
        "xtgen convert api.yaml --overlay nintex.overlay.yaml -o api.json",
    ),
}


def epilog(command: str) -> str:
    """The example block at the end of a command's help (one paragraph per line: rich help rewraps lines)."""
    return "\n\n".join(["Examples:", *(f"  $ {line}" for line in EXAMPLES[command])])
