"""Stage 3 for Swagger 2.0 input: nothing to downgrade, so the document passes through, with what makes
it a valid output, reusing the OpenAPI 3 path's functions:

- an operation without responses gets a default one (XT401, as in convert/responses.py);
- a security requirement naming an undefined definition is read as the file's definition when it has
  exactly one (XT717: what Power Automate does, and a common slip in its connectors), else that
  alternative is dropped (XT112, as in convert/security.py);
- a response schema `type: file` becomes `type: string, format: binary` (XT709): openapi-spec-validator,
  which checks every output, rejects it, and binary strings are Nintex's documented download style;
- `swagger: 2.0` read by YAML as a number is written as the string (XT004, xtgen/formats.py).
Then the target stages every input shares follow (xtgen/pipeline.py: defaults, security shape, presets,
readiness). Only the objects written to are copied; the input is never changed nor deep-copied. Root keys
take the documented order (conventions.md).
"""

from __future__ import annotations

from typing import Any

from xtgen import pointer as jp
from xtgen.formats import operations, order_root, with_swagger_text
from xtgen.model import Diagnostic, Document, Options
from xtgen.sink import DiagnosticSink
from xtgen.target.lint.rules import BY_CODE, diagnostic
from xtgen.target.lint.walk import replace_nodes


def accept_swagger2(document: Document, options: Options) -> tuple[Document, list[Diagnostic]]:
    diagnostics = [
        diagnostic(
            "XT708",
            f"{flag} applies to OpenAPI 3 input only: ignored for this Swagger 2.0 "
            "file (edit its host, basePath or securityDefinitions instead)",
            "",
        )
        for flag, given in (
            ("--server", options.server_index is not None),
            ("--server-url", options.server_url is not None),
            ("--server-var", bool(options.server_vars)),
            ("--oidc-discovery", options.oidc_discovery is not None),
            ("--ref-root", options.ref_root is not None),
        )
        if given
    ]
    document, found = with_swagger_text(document)
    diagnostics += found
    ctx = DiagnosticSink()
    doc = _with_responses(ctx, document)
    doc = _with_defined_requirements(ctx, doc)
    return order_root(dict(doc)), diagnostics + ctx.diagnostics


def _with_responses(ctx: DiagnosticSink, doc: Document) -> Document:
    """Operations without responses get a default one; response schemas `type: file` become binary strings."""
    replacements: dict[str, Any] = {}
    places: list[tuple[str, Any]] = []
    for op in operations(doc):
        responses = op.node.get("responses")
        ptr = op.pointer + "/responses"
        if not isinstance(responses, dict) or all(str(k).startswith("x-") for k in responses):
            ctx.warning("XT401", "operation has no responses: a default response was added (2.0 needs one)", ptr)
            kept = responses if isinstance(responses, dict) else {}
            replacements[ptr] = {**kept, "default": {"description": "Response"}}
        else:
            places.append((ptr, responses))
    if isinstance(doc.get("responses"), dict):
        places.append(("/responses", doc["responses"]))
    for ptr, responses in places:
        for code, response in responses.items():
            schema = response.get("schema") if isinstance(response, dict) else None
            if isinstance(schema, dict) and schema.get("type") == "file":
                here = jp.join(ptr, code, "schema")
                replacements[here] = {**schema, "type": "string", "format": "binary"}
                ctx.emit(
                    "XT709",
                    BY_CODE["XT709"].severity,
                    "response schema type file became type "
                    "string, format binary: the same download, in the form Nintex documents (and "
                    "openapi-spec-validator accepts)",
                    here,
                )
    return replace_nodes(doc, replacements) if replacements else doc


def _with_defined_requirements(ctx: DiagnosticSink, doc: Document) -> Document:
    """Requirements naming an undefined definition: read as the only definition, else dropped."""
    definitions = doc.get("securityDefinitions")
    defined = list(definitions) if isinstance(definitions, dict) else []
    places = [("/security", doc.get("security"))] + [
        (op.pointer + "/security", op.node.get("security")) for op in operations(doc)
    ]
    replacements: dict[str, Any] = {}
    for ptr, requirements in places:
        if not isinstance(requirements, list):
            continue
        kept: list[Any] = []
        for i, requirement in enumerate(requirements):
            undefined = [n for n in requirement if n not in defined] if isinstance(requirement, dict) else []
            if not undefined:
                kept.append(requirement)
            elif len(defined) == 1 and all(isinstance(s, list) for s in requirement.values()):
                only = defined[0]
                scopes = [s for n in requirement for s in requirement[n]]
                kept.append({only: list(dict.fromkeys(scopes))})
                ctx.emit(
                    "XT717",
                    BY_CODE["XT717"].severity,
                    f"security requirement names {undefined[0]!r}, which "
                    f"securityDefinitions does not define: read as {only!r}, the file's only definition (as "
                    "Power Automate does)",
                    jp.join(ptr, i),
                )
            else:
                ctx.warning(
                    "XT112",
                    f"security requirement names {undefined[0]!r}, which securityDefinitions does "
                    "not define: alternative dropped",
                    jp.join(ptr, i),
                )
        if kept != requirements:
            replacements[ptr] = kept
    return replace_nodes(doc, replacements) if replacements else doc
