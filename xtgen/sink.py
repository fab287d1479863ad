"""Where a stage collects its diagnostics while it works: each one line, each (code, pointer, message) once."""

from __future__ import annotations

from dataclasses import dataclass, field

from xtgen.model import Diagnostic, Severity, one_line


@dataclass
class DiagnosticSink:
    diagnostics: list[Diagnostic] = field(default_factory=list, kw_only=True)
    _seen: set[tuple[str, str, str]] = field(default_factory=set, kw_only=True)

    def emit(self, code: str, severity: Severity, message: str, pointer: str = "") -> None:
        message, pointer = one_line(message), one_line(pointer)  # a pointer into a key with a newline, too
        key = (code, pointer, message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.diagnostics.append(Diagnostic(code, severity, message, pointer))

    def error(self, code: str, message: str, pointer: str = "") -> None:
        self.emit(code, Severity.ERROR, message, pointer)

    def warning(self, code: str, message: str, pointer: str = "") -> None:
        self.emit(code, Severity.WARNING, message, pointer)

    def info(self, code: str, message: str, pointer: str = "") -> None:
        self.emit(code, Severity.INFO, message, pointer)
