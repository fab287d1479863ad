"""Nintex-target fix-ups: what xtgen can make ready on its own, each change an info diagnostic.

- a missing operationId is generated from the method and path (`getUsersIdTasks`), unique in the file;
- a repeated operationId (invalid Swagger 2.0) is renamed `<id>_2`, `<id>_3`, ... (the first keeps it);
- a missing summary (the action's label) comes from the operationId when the input named it, else from
  the description's first sentence when short, else from the generated operationId;
- an operation with a formData file parameter gets `consumes: [multipart/form-data]`, the only way such
  a parameter can be sent (and Nintex's streaming upload style);
- `--render-version N` sets (2) or removes (1) `x-ntx-render-version` at the root.
"""

from __future__ import annotations

import re
from typing import Any

from xtgen.model import Diagnostic, Document
from xtgen.target.lint.rules import diagnostic
from xtgen.target.lint.walk import operations, parameters, replace_nodes, with_key

WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
MAX_SUMMARY = 60
RENDER_VERSION = "x-ntx-render-version"


def generated_operation_id(method: str, path: str) -> str:
    """'get', '/users/{id}/tasks' -> 'getUsersIdTasks'; '/' -> 'getRoot'."""
    words = re.findall(r"[A-Za-z0-9]+", path) or ["root"]
    return method.lower() + "".join(w[0].upper() + w[1:] for w in words)


def humanized(operation_id: str) -> str:
    """'getUsersIdTasks' -> 'Get users id tasks'; 'list_HTTP_logs' -> 'List HTTP logs'."""
    words = WORD.findall(operation_id) or [operation_id]
    words = [w if w.isupper() and len(w) > 1 else w.lower() for w in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def first_sentence(description: Any) -> str | None:
    if not isinstance(description, str):
        return None
    line = description.strip().split("\n", 1)[0].strip()
    sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0].rstrip(".").strip()
    return sentence if 0 < len(sentence) <= MAX_SUMMARY else None


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}_{n}"
    taken.add(candidate)
    return candidate


def fix_operations(doc: Document) -> tuple[Document, list[Diagnostic]]:
    """Give every operation a unique operationId and a summary."""
    ops = operations(doc)
    taken = {op.node["operationId"] for op in ops if isinstance(op.node.get("operationId"), str)}
    used: set[str] = set()
    diagnostics: list[Diagnostic] = []
    replacements: dict[str, Any] = {}
    for op in ops:
        node = op.node
        given = node.get("operationId")
        operation_id = given if isinstance(given, str) and given.strip() else None
        if operation_id is None:
            operation_id = _unique(generated_operation_id(op.method, op.path), taken)
            node = with_key(node, "operationId", operation_id, after=("tags", "summary", "description", "externalDocs"))
            diagnostics.append(
                diagnostic(
                    "XT753",
                    f"the operation had no operationId (Nintex's samples give every operation one, and "
                    f"x-ntx-dynamic-values refer to them): generated '{operation_id}'",
                    op.pointer + "/operationId",
                )
            )
        elif operation_id in used:
            renamed = _unique(operation_id, taken)
            node = {**node, "operationId": renamed}
            diagnostics.append(
                diagnostic(
                    "XT755",
                    f"operationId '{operation_id}' is already used by an earlier operation (Swagger 2.0 wants "
                    f"them unique): renamed '{renamed}'; references to '{operation_id}' keep meaning the first one",
                    op.pointer + "/operationId",
                )
            )
            operation_id = renamed
        used.add(operation_id)
        summary = node.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            text, source = _summary(node, operation_id, named=given is not None and operation_id == given)
            node = with_key(node, "summary", text, after=("tags",))
            diagnostics.append(
                diagnostic(
                    "XT754",
                    f"the operation had no summary, which Nintex shows as the action's name: set "
                    f"'{text}' from the {source}; write your own summary to change it",
                    op.pointer + "/summary",
                )
            )
        if node is not op.node:
            replacements[op.pointer] = node
    return replace_nodes(doc, replacements), diagnostics


def _summary(node: dict[str, Any], operation_id: str, named: bool) -> tuple[str, str]:
    if not named:
        sentence = first_sentence(node.get("description"))
        if sentence:
            return sentence, "description"
    return humanized(operation_id), "operationId"


def fix_file_uploads(doc: Document) -> tuple[Document, list[Diagnostic]]:
    """Operations sending a formData file consume multipart/form-data."""
    diagnostics: list[Diagnostic] = []
    replacements: dict[str, Any] = {}
    resolved: dict[str, tuple[Any, str]] = {}
    for op in operations(doc):
        files = [
            p.get("name")
            for _, p in parameters(doc, op, resolved)
            if p.get("in") == "formData" and p.get("type") == "file"
        ]
        consumes = op.node.get("consumes", doc.get("consumes"))
        kinds = [str(c).split(";")[0].strip().lower() for c in consumes] if isinstance(consumes, list) else []
        if not files or "multipart/form-data" in kinds:
            continue
        replacements[op.pointer] = with_key(
            op.node,
            "consumes",
            ["multipart/form-data"],
            after=("tags", "summary", "description", "externalDocs", "operationId", "security"),
        )
        diagnostics.append(
            diagnostic(
                "XT741",
                f"file parameter {files[0]!r} is a form upload, but the operation consumed {consumes}: set "
                "consumes to [multipart/form-data], the only way to send it (Nintex streams uploads that way)",
                op.pointer + "/consumes",
            )
        )
    return replace_nodes(doc, replacements), diagnostics


def set_render_version(doc: Document, version: int) -> tuple[Document, list[Diagnostic]]:
    """--render-version: 2 sets x-ntx-render-version: 2 at the root, 1 removes it."""
    current = doc.get(RENDER_VERSION)
    if version == 2 and current != 2:
        new = {k: v for k, v in doc.items() if k != RENDER_VERSION}
        new[RENDER_VERSION] = 2
        return new, [
            diagnostic(
                "XT732",
                "--render-version 2: set x-ntx-render-version: 2, so arrays and objects "
                "can be parameters (Nintex's preview rendering, which has no file support)",
                "/" + RENDER_VERSION,
            )
        ]
    if version == 1 and RENDER_VERSION in doc:
        new = {k: v for k, v in doc.items() if k != RENDER_VERSION}
        return new, [
            diagnostic(
                "XT732",
                f"--render-version 1: removed x-ntx-render-version: {current!r} (default rendering)",
                "/" + RENDER_VERSION,
            )
        ]
    return doc, []
