"""xtgen's own concepts: small frozen dataclasses. OpenAPI documents stay plain dicts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self, get_args

if TYPE_CHECKING:
    from xtgen.target.overlay import Overlay

Document = dict[str, Any]


class Severity(StrEnum):
    """How much a diagnostic matters: an error stops the write."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Diagnostic:
    """One thing the user should know: a stable code, a severity, a message and a JSON pointer."""

    code: str
    severity: Severity
    message: str
    pointer: str = ""

    def __post_init__(self) -> None:
        """Made through the catalogue (xtgen/codes.py): a code it lacks, or a severity it does not list for
        the code, is a programming error and is refused."""
        from xtgen.codes import allowed

        if not allowed(self.code, self.severity):
            raise ValueError(
                f"diagnostic {self.code} {self.severity}: not in the code catalogue with that severity (xtgen/codes.py)"
            )

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "pointer": self.pointer,
        }


class Choice(StrEnum):
    """A closed set of option values. `parse` refuses anything else, naming the choices and the nearest one;
    a member is its plain string value (`Target.NINTEX == "nintex"`)."""

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, value: object, what: str) -> Self:
        """The member for `value` (a member or its string); ChoiceError naming `what` otherwise."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str) and value in cls._value2member_map_:
            return cls(value)
        raise ChoiceError(refusal(what, [m.value for m in cls], value))


def refusal(what: str, allowed: list[str] | tuple[object, ...], value: object) -> str:
    """'WHAT must be one of a, b (got 'x'; did you mean 'a'?)': the one wording for a value out of its choices."""
    import difflib

    names = [str(a) for a in allowed]
    near = difflib.get_close_matches(str(value), names, n=1, cutoff=0.6)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    return f"{what} must be one of {', '.join(names)} (got {value!r}{hint})"


class Target(Choice):
    """What the output is for (--target)."""

    NINTEX = "nintex"
    SWAGGER2 = "swagger2"


class Flow(Choice):
    """The OAuth 2.0 flow a security preset sets up (--flow), in Swagger 2.0's names."""

    ACCESS_CODE = "accessCode"
    APPLICATION = "application"


class OutputFormat(Choice):
    """How a Swagger 2.0 document is written (--format)."""

    JSON = "json"
    YAML = "yaml"


class DocsFormat(Choice):
    """Which docs are rendered (--docs-format; `xtgen docs --format`)."""

    MD = "md"
    HTML = "html"
    ALL = "all"


class Region(Choice):
    """The Nintex region whose OAuth redirect URL the docs show (--region)."""

    US = "us"
    EU = "eu"
    AU = "au"
    CA = "ca"
    UK = "uk"


class DiagnosticsFormat(Choice):
    """How the diagnostics are written (--output-format): text lines, the JSON report, GitHub workflow
    annotations, SARIF 2.1.0 or JUnit XML."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"


class OverlayStage(Choice):
    """Which document an overlay applies to (--overlay-stage): the OpenAPI 3 input or the Swagger 2.0 output."""

    INPUT = "input"
    OUTPUT = "output"


TargetName = Literal["nintex", "swagger2"]  # what a library caller may write instead of Target.X
FlowName = Literal["accessCode", "application"]
RenderVersion = Literal[1, 2]  # --render-version: 2 sets x-ntx-render-version: 2, 1 removes it
RENDER_VERSIONS: tuple[int, ...] = get_args(RenderVersion)
TARGETS = tuple(t.value for t in Target)


@dataclass(frozen=True)
class PresetOptions:
    """What a security preset reads (CLI: --flow, --tenant, --resource, ...). None means not given, so the
    preset's own default applies (e.g. tenant 'common'). See xtgen/target/presets. A flow given as a string
    becomes a Flow; any other value is refused (ChoiceError)."""

    flow: Flow | FlowName | None = None  # a plain string is turned into the Flow it names (or refused)
    tenant: str | None = None
    resource: str | None = None
    sharepoint_host: str | None = None
    salesforce_domain: str | None = None
    sandbox: bool = False
    scopes: tuple[str, ...] = ()
    authorization_url: str | None = None
    token_url: str | None = None
    offline_access: bool = True
    definition_name: str | None = None
    preset_file: Path | None = None

    def __post_init__(self) -> None:
        if self.flow is not None:
            object.__setattr__(self, "flow", Flow.parse(self.flow, "PresetOptions.flow"))


@dataclass(frozen=True)
class Options:
    """What the user asked for. Defaults are the CLI's defaults (xtgen/options.py declares each option).
    A target given as a string becomes a Target; a value out of its choices is refused (ChoiceError)."""

    target: Target | TargetName = Target.NINTEX  # a plain string is turned into the Target it names (or refused)
    security: str | None = None
    oidc_discovery: Mapping[str, Any] | None = None
    server_index: int | None = None
    server_url: str | None = None
    server_vars: tuple[tuple[str, str], ...] = ()
    validate: bool = True
    base_dir: Path | None = None
    ref_root: Path | None = None
    preset: str | None = None
    preset_options: PresetOptions = field(default_factory=PresetOptions)
    render_version: RenderVersion | None = None
    from_power_automate: bool = False  # translate x-ms-* extensions (implied in the nintex target)
    overlays: tuple[Overlay, ...] = ()  # --overlay: applied in order, each at its stage (xtgen/target/overlay)

    def __post_init__(self) -> None:
        object.__setattr__(self, "target", Target.parse(self.target, "Options.target"))
        if self.render_version is not None and (
            isinstance(self.render_version, bool) or self.render_version not in RENDER_VERSIONS
        ):
            raise ChoiceError(refusal("Options.render_version", RENDER_VERSIONS, self.render_version))


@dataclass(frozen=True)
class Source:
    """What a document is (xtgen/formats.py decides): format 'openapi3' or 'swagger2', version '2.0', '3.0' or
    '3.1', the version as declared ('3.0.3'), and the file's display name when it came from one."""

    format: str
    version: str
    declared: str
    name: str | None = None
    # the file's size in bytes when its load proved it is laid out one member per line, two spaces a level
    # (read/load.py): line:column then finds a member by its line (app/locate.py)
    indented: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Result:
    """What a stage or the whole pipeline produced: a document (None when it failed), diagnostics, and the
    source it came from (None when the input was not a document xtgen reads)."""

    document: Document | None
    diagnostics: tuple[Diagnostic, ...] = ()
    source: Source | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None and not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """A message stays one line whatever names the input uses: control characters are shown escaped."""
    return CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text) if CONTROL.search(text) else text


class XtgenError(Exception):
    """A fatal condition (unreadable file, unusable option): the CLI prints it as one line, exit 2."""


class ChoiceError(XtgenError, ValueError):
    """A value out of its choices (Options(target="nintx"), --flow, a config key): names them and the nearest."""
