"""Stage 1, load: read a file (or stdin) and parse JSON or YAML into plain dicts.

Everything that stops a run before conversion starts raises XtgenError with one clear line.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from xtgen.formats import OPENAPI3, detect_version
from xtgen.model import Document, Source, XtgenError
from xtgen.read.limits import check_limits, yaml_scalars_as_json

MAX_INPUT_BYTES = 128 * 2**20  # the largest public specs are about 20 MiB


def _read_limited(handle: BinaryIO) -> bytes:
    """At most MAX_INPUT_BYTES + 1 bytes, read in chunks (read(n) would reserve all n bytes up front)."""
    chunks: list[bytes] = []
    total = 0
    while total <= MAX_INPUT_BYTES:
        chunk = handle.read(min(2**20, MAX_INPUT_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_text(path: str | Path) -> tuple[str, str]:
    """Return (text, display name). '-' reads stdin."""
    if str(path) == "-":
        data = _read_limited(sys.stdin.buffer)
        name = "<stdin>"
    else:
        p = Path(path)
        name = str(path)
        if p.is_dir():
            raise XtgenError(f"{name}: is a folder, not a file")
        if p.is_char_device() or p.is_block_device() or p.is_socket():  # /dev/zero would never end
            raise XtgenError(f"{name}: not a regular file")
        try:
            with p.open("rb") as handle:  # a pipe (`<(...)`) is fine; its size shows only while reading
                data = _read_limited(handle)
        except FileNotFoundError:
            raise XtgenError(f"{name}: no such file") from None
        except OSError as exc:
            raise XtgenError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise XtgenError(f"{name}: larger than {MAX_INPUT_BYTES // 2**20} MiB; xtgen reads at most that much")
    if not data.strip():
        raise XtgenError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise XtgenError(f"{name}: binary data, not a JSON or YAML document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise XtgenError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    return text, name


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return result


def parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise XtgenError(f"{name}:{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            raise XtgenError(
                f"{name}: a number has more than {sys.get_int_max_str_digits()} digits; write it as a string"
            ) from None
        raise XtgenError(f"{name}: malformed JSON: {exc}") from None
    except RecursionError:
        raise XtgenError(f"{name}: nested too deeply to read") from None


def parse_yaml(text: str, name: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        try:
            docs = list(YAML(typ="safe", pure=False).load_all(text))
        except MarkedYAMLError:
            # The C parser follows YAML 1.1, which rejects some valid YAML 1.2 (a URL inside a flow mapping,
            # `[{url: https://x}]`); ruamel's own parser reads 1.2. Only documents the C parser refuses pay.
            docs = list(YAML(typ="safe", pure=True).load_all(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise XtgenError(f"{name}{where}: malformed YAML: {problem}") from None
    except YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
        raise XtgenError(f"{name}: malformed YAML: {first}") from None
    except RecursionError:
        raise XtgenError(f"{name}: nested too deeply to read") from None
    except ValueError as exc:  # the constructor's int(): more digits than Python converts
        if "integer string conversion" in str(exc):
            raise XtgenError(
                f"{name}: a number has more than {sys.get_int_max_str_digits()} digits; write it as a string"
            ) from None
        raise XtgenError(f"{name}: malformed YAML: {exc}") from None
    if len(docs) != 1:
        raise XtgenError(f"{name}: holds {len(docs)} YAML documents; give one document per file")
    return docs[0]


def parse_text(text: str, name: str) -> Document:
    """Parse JSON or YAML (chosen by content: JSON is tried when the text starts with '{')."""
    stripped = text.lstrip()
    is_json = stripped.startswith(("{", "["))
    value = parse_json(text, name) if is_json else parse_yaml(text, name)
    if not isinstance(value, dict):
        raise XtgenError(f"{name}: the document root is a {_kind(value)}, not a mapping")
    problem = next(iter(check_limits(value)), None)
    if problem is not None and not is_json and problem.code in ("XT033", "XT034"):
        yaml_scalars_as_json(value)  # `200:` keys and unquoted dates are common in YAML specs
        problem = next(iter(check_limits(value)), None)
    if problem is not None:
        where = problem.pointer if len(problem.pointer) <= 80 else problem.pointer[:77] + "..."
        raise XtgenError(f"{name}{' at ' + where if where else ''}: {problem.message}")
    return value


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if value is None:
        return "null"
    return type(value).__name__


def load_document(path: str | Path) -> tuple[Document, str]:
    """Read and parse a document; return it with its display name."""
    text, name = read_text(path)
    return parse_text(text, name), name


def check_openapi_version(document: Document, name: str, *, accept_swagger2: bool = False) -> str:
    """Return '3.0', '3.1' or '2.0'; raise XtgenError for anything else."""
    return read_version(document, name, accept_swagger2=accept_swagger2).version


def read_version(document: Document, name: str, *, accept_swagger2: bool = False) -> Source:
    """The document's version by the one rule (xtgen/formats.py); raise XtgenError for one xtgen does not read."""
    found = detect_version(document)
    if found is not None and (found.format == OPENAPI3 or accept_swagger2):
        return replace(found, name=name)
    if found is not None:
        raise XtgenError(f"{name}: this is Swagger 2.0 already; give an OpenAPI 3.0 or 3.1 document")
    if "openapi" in document:
        raise XtgenError(f"{name}: OpenAPI version {str(document['openapi'])!r} is not supported (3.0 and 3.1 are)")
    raise XtgenError(f"{name}: no 'openapi' field: not an OpenAPI 3 document")
