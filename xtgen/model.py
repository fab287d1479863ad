"""xtgen's own concepts: small frozen dataclasses. OpenAPI documents stay plain dicts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

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

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "pointer": self.pointer,
        }


TARGETS = ("nintex", "swagger2")


@dataclass(frozen=True)
class PresetOptions:
    """What a security preset reads (CLI: --flow, --tenant, --resource, ...). None means not given, so the
    preset's own default applies (e.g. tenant 'common'). See xtgen/presets.py."""

    flow: str | None = None
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


@dataclass(frozen=True)
class Options:
    """What the user asked for. Defaults are the CLI's defaults."""

    target: str = "nintex"
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
    render_version: int | None = None  # --render-version: 2 sets x-ntx-render-version: 2, 1 removes it
    from_power_automate: bool = False  # translate x-ms-* extensions (implied in the nintex target)


@dataclass(frozen=True)
class Source:
    """What a document is (xtgen/formats.py decides): format 'openapi3' or 'swagger2', version '2.0', '3.0' or
    '3.1', the version as declared ('3.0.3'), and the file's display name when it came from one."""

    format: str
    version: str
    declared: str
    name: str | None = None


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
