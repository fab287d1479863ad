"""The Nintex readiness rules as data: code, severity, stage, basis and a one-line description.

`xtgen rules` renders this table, and every XT7xx diagnostic is made through `diagnostic()`, which takes
its severity from here, so the table and the linter cannot drift apart.

Basis says where a rule comes from (../shared/reference/nintex-xtensions.md):
- documented: a limit or instruction on Nintex's help pages;
- sample: what Nintex's own published sample Xtensions do (not documented: the message says so);
- swagger: the Swagger 2.0 specification itself;
- xtgen: a change xtgen makes on the user's behalf (fix-ups and Power Automate migration).
"""

from __future__ import annotations

from dataclasses import dataclass

from xtgen.model import Diagnostic, Severity

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    stage: str  # lint (a check), fix (a nintex-target fix-up), migrate (Power Automate), input (2.0 input)
    basis: str  # documented, sample, swagger, xtgen
    title: str  # one line
    # convert-stage codes that already report this problem: during `xtgen convert` a lint finding is
    # dropped when an earlier diagnostic carries one of these codes
    covered_by: tuple[str, ...] = ()


RULES: tuple[Rule, ...] = (
    Rule("XT700", E, "lint", "documented", "the file is not Swagger 2.0 (Nintex rejects OpenAPI 3)"),
    Rule("XT701", W, "lint", "documented", "the file is not JSON (Nintex imports JSON; YAML import is not documented)"),
    Rule("XT702", E, "lint", "swagger", "the document is not valid Swagger 2.0"),
    Rule(
        "XT703",
        E,
        "lint",
        "sample",
        "no host (nor x-ntx-host): an uploaded file has no host to fall back on",
        covered_by=("XT204", "XT205", "XT206"),
    ),
    Rule("XT704", E, "lint", "swagger", "host is not a host name with an optional port (e.g. a trailing space)"),
    Rule("XT705", W, "lint", "sample", "https is not among schemes", covered_by=("XT204", "XT205", "XT206")),
    Rule("XT706", W, "lint", "documented", "a local or intranet host needs Nintex Gateway"),
    Rule("XT707", E, "lint", "documented", "an external $ref: Nintex takes one self-contained file"),
    Rule("XT708", W, "input", "xtgen", "an option that only applies to OpenAPI 3 input was given with Swagger 2.0"),
    Rule("XT709", INFO, "input", "xtgen", "a Swagger 2.0 response schema type file became type string, format binary"),
    Rule(
        "XT710",
        E,
        "lint",
        "documented",
        "more than one security definition (one authentication type per file)",
        covered_by=("XT120",),
    ),
    Rule("XT711", INFO, "lint", "documented", "oauth2 flow implicit (mentioned by Nintex, not in the supported list)"),
    Rule("XT712", W, "lint", "documented", "oauth2 flow password (not documented by Nintex)"),
    Rule("XT713", E, "lint", "documented", "oauth2 authorizationUrl or tokenUrl missing or not an absolute https URL"),
    Rule("XT714", W, "lint", "documented", "operations rely on the root security instead of their own arrays"),
    Rule(
        "XT715",
        E,
        "lint",
        "swagger",
        "a security requirement names an undefined security definition",
        covered_by=("XT112", "XT717"),
    ),
    Rule(
        "XT716",
        W,
        "lint",
        "swagger",
        "a security requirement asks for scopes its definition does not declare",
        covered_by=("XT122",),
    ),
    Rule(
        "XT717",
        W,
        "input",
        "xtgen",
        "a Swagger 2.0 requirement naming an undefined definition was read as the file's only definition",
    ),
    Rule(
        "XT718",
        W,
        "lint",
        "documented",
        "an operation without a security array in a file with a security definition (called without credentials)",
    ),
    Rule(
        "XT720",
        W,
        "lint",
        "documented",
        "an operation's consumes or produces has no content type Nintex handles "
        "(application/json, multipart/form-data for uploads, application/octet-stream)",
    ),
    Rule("XT721", INFO, "lint", "documented", "an unsupported content type listed beside a supported one"),
    Rule(
        "XT730",
        W,
        "lint",
        "documented",
        "a parameter is or holds an array of objects without root x-ntx-render-version: 2",
    ),
    Rule("XT731", W, "lint", "documented", "x-ntx-render-version: 2 with file parameters (no file support)"),
    Rule("XT732", INFO, "fix", "xtgen", "--render-version set x-ntx-render-version at the root"),
    Rule("XT740", E, "lint", "documented", "a formData file parameter without consumes multipart/form-data"),
    Rule("XT741", INFO, "fix", "xtgen", "set consumes multipart/form-data on an operation with a formData file"),
    Rule("XT750", W, "lint", "sample", "an operation has no operationId"),
    Rule("XT751", E, "lint", "swagger", "an operationId is used by more than one operation"),
    Rule("XT752", W, "lint", "sample", "an operation has no summary (the action's label)"),
    Rule("XT753", INFO, "fix", "xtgen", "generated a missing operationId from the method and path"),
    Rule("XT754", INFO, "fix", "xtgen", "generated a missing summary from the description or operationId"),
    Rule("XT755", INFO, "fix", "xtgen", "renamed a duplicate operationId"),
    Rule("XT760", W, "lint", "documented", "an unknown x-ntx-* extension (the message names the closest known one)"),
    Rule("XT761", W, "lint", "documented", "a known x-ntx-* extension in a place it does not apply to"),
    Rule("XT762", E, "lint", "documented", "x-ntx-dynamic-values or -schema names an operationId the file lacks"),
    Rule(
        "XT763",
        E,
        "lint",
        "documented",
        "x-ntx-dynamic-values or -schema lacks operationId (or value-path for dynamic-values)",
    ),
    Rule(
        "XT764",
        W,
        "lint",
        "documented",
        "x-ntx-dynamic-* parameters do not match the helper's or the operation's parameters",
    ),
    Rule("XT765", E, "lint", "documented", "x-ntx-dynamic-schema on a body parameter"),
    Rule("XT766", E, "lint", "documented", "x-ntx-connection-properties outside a security definition"),
    Rule("XT767", W, "lint", "documented", "an x-ntx-* extension value has the wrong shape"),
    Rule("XT768", W, "lint", "documented", "x-ntx-dynamic-schema without value-path"),
    Rule(
        "XT770",
        INFO,
        "lint",
        "documented",
        "x-ms-summary (Nintex accepts it; convert renames it x-ntx-summary)",
        covered_by=("XT780",),
    ),
    Rule(
        "XT771",
        W,
        "lint",
        "xtgen",
        "an x-ms-* extension with an x-ntx-* equivalent (convert translates it)",
        covered_by=("XT780",),
    ),
    Rule(
        "XT772",
        INFO,
        "lint",
        "xtgen",
        "an x-ms-* extension that only documents (display hints, metadata such as Graph's x-ms-docs-*): "
        "Nintex ignores it, nothing is lost",
        covered_by=("XT780",),
    ),
    Rule("XT780", INFO, "migrate", "xtgen", "Power Automate extensions found: migration on"),
    Rule("XT781", INFO, "migrate", "xtgen", "translated x-ms-* extensions to their x-ntx-* equivalents"),
    Rule(
        "XT782",
        W,
        "migrate",
        "xtgen",
        "an x-ms-* extension whose behaviour Nintex lacks: kept as is (convert), found (lint)",
        covered_by=("XT780",),
    ),
    Rule("XT783", W, "migrate", "xtgen", "an x-ms-* extension that could not be translated: kept as is"),
    Rule("XT784", INFO, "migrate", "xtgen", "dropped an x-ms-* extension whose x-ntx-* form was already there"),
    Rule(
        "XT785",
        INFO,
        "migrate",
        "xtgen",
        "an x-ms-* extension with nothing to translate (display hints, metadata): kept as is",
    ),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def diagnostic(code: str, message: str, pointer: str = "") -> Diagnostic:
    """A Diagnostic for a rule of the table, with the rule's severity."""
    return Diagnostic(code, BY_CODE[code].severity, message, pointer)


def rules_table(markdown: bool = False) -> str:
    """The table `xtgen rules` prints (plain columns, or Markdown for the README)."""
    if markdown:
        lines = ["| code | severity | stage | basis | rule |", "|---|---|---|---|---|"]
        lines += [f"| {r.code} | {r.severity.value} | {r.stage} | {r.basis} | {r.title} |" for r in RULES]
        return "\n".join(lines) + "\n"
    lines = [f"{'CODE':<6} {'SEVERITY':<8} {'STAGE':<8} {'BASIS':<10} RULE"]
    lines += [f"{r.code:<6} {r.severity.value:<8} {r.stage:<8} {r.basis:<10} {r.title}" for r in RULES]
    return "\n".join(lines) + "\n"
