"""Stage 1, load: read a file (or stdin) and parse JSON or YAML into plain dicts.

Everything that stops a run before conversion starts raises XtgenError with one clear line.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from xtgen.formats import OPENAPI3, detect_version
from xtgen.model import Document, Source, XtgenError
from xtgen.read.limits import MAX_DEPTH, Facts, check_limits, measure, yaml_scalars_as_json

MAX_INPUT_BYTES = 128 * 2**20  # the largest public specs are about 20 MiB


def _read_limited(handle: BinaryIO, limit: int = MAX_INPUT_BYTES + 1) -> bytes:
    """At most `limit` bytes, read in chunks (read(n) would reserve all n bytes up front)."""
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = handle.read(min(2**20, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_bytes(path: str | Path, *, allow_pipe: bool = False) -> bytes:
    """The bytes of a regular file (a pipe too when `allow_pipe`), at most MAX_INPUT_BYTES + 1 of them.

    The file is opened without blocking and checked on the open descriptor, so a FIFO without a writer,
    a device (/dev/zero) or a folder is refused at once instead of hanging or reading forever. Raises
    XtgenError naming the file.
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise XtgenError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise XtgenError(f"{name}: is a folder, not a file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise XtgenError(f"{name}: cannot read: {_os_reason(exc)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise XtgenError(f"{name}: is a folder, not a file")
        if not (stat.S_ISREG(mode) or (allow_pipe and stat.S_ISFIFO(mode))):
            raise XtgenError(f"{name}: not a regular file")  # /dev/zero would never end, a FIFO may never open
        os.set_blocking(fd, True)  # a pipe (`<(...)`) waits for its writer; its size shows only while reading
        with open(fd, "rb", closefd=False) as handle:
            size = os.fstat(fd).st_size + 1
            if stat.S_ISREG(mode) and size <= MAX_INPUT_BYTES:  # one read, one buffer (chunks and their join: 2x)
                first = handle.read(size)
                if len(first) < size:
                    return first
                return first + _read_limited(handle, MAX_INPUT_BYTES + 1 - len(first))  # it grew meanwhile
            return _read_limited(handle)
    except OSError as exc:
        raise XtgenError(f"{name}: cannot read: {_os_reason(exc)}") from None
    finally:
        os.close(fd)


def _os_reason(exc: BaseException) -> str:
    """One line for an OSError (a symlink loop, a name too long, ...) or a ValueError (a NUL byte)."""
    if isinstance(exc, ValueError):
        return "the name holds a NUL byte"
    return str(getattr(exc, "strerror", None) or exc)


def read_text(path: str | Path, *, allow_pipe: bool = True) -> tuple[str, str]:
    """Return (text, display name). '-' reads stdin."""
    data, name = read_data(path, allow_pipe=allow_pipe)
    return decode_text(data, name), name


def read_data(path: str | Path, *, allow_pipe: bool = True) -> tuple[bytes, str]:
    """Return (bytes, display name), at most MAX_INPUT_BYTES + 1 of them. '-' reads stdin."""
    if str(path) == "-":
        name = "<stdin>"
        if sys.stdin is None:  # started with stdin closed (`<&-`)
            raise XtgenError(f"{name}: cannot read: stdin is closed")
        try:
            data = _read_limited(sys.stdin.buffer)
        except (OSError, ValueError) as exc:
            raise XtgenError(f"{name}: cannot read: {_os_reason(exc)}") from None
    else:
        name = str(path)
        data = read_bytes(path, allow_pipe=allow_pipe)
    return data, name


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped) within MAX_INPUT_BYTES, or XtgenError."""
    check_data(data, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise XtgenError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start})") from None


def check_data(data: bytes, name: str) -> None:
    """Raise XtgenError for bytes that are too many, empty or binary."""
    if len(data) > MAX_INPUT_BYTES:
        raise XtgenError(f"{name}: larger than {MAX_INPUT_BYTES // 2**20} MiB; xtgen reads at most that much")
    if not data.strip():
        raise XtgenError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise XtgenError(f"{name}: binary data, not a JSON or YAML document")


def read_side_text(path: str | Path, what: str) -> str:
    """The text of a side file (a config, a preset file, an OIDC discovery document): a regular file only,
    within MAX_INPUT_BYTES, UTF-8. Raises XtgenError naming the file and what it is."""
    try:
        return decode_text(read_bytes(path), str(path))
    except XtgenError as exc:
        raise XtgenError(f"{exc} ({what})") from None


def parse_side_json(text: str, name: str, what: str) -> Any:
    """JSON of a side file, checked against the same limits as a spec (depth, size, values)."""
    value = parse_json(text, f"{name} ({what})")
    problem = next(iter(check_limits(value)), None)
    if problem is not None:
        raise XtgenError(f"{name}: {what}: {problem.message}")
    return value


def parse_side_toml(text: str, name: str, what: str) -> dict[str, Any]:
    """TOML of a side file; a hostile nesting depth is one line, like malformed TOML."""
    import tomllib

    try:
        value = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise XtgenError(f"{name}: malformed TOML ({what}): {exc}") from None
    except RecursionError:
        raise XtgenError(f"{name}: nested too deeply to read ({what})") from None
    problem = next(iter(check_limits(value)), None)
    if problem is not None and problem.code in ("XT030", "XT031"):
        raise XtgenError(f"{name}: {what}: {problem.message}")
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return result


BOM = b"\xef\xbb\xbf"  # UTF-8's byte-order mark
_JSON_START = re.compile(r"\s*[{\[]")
_JSON_START_BYTES = re.compile(rb"(?:\xef\xbb\xbf)?\s*[{\[]")


def looks_like_json(text: str | bytes) -> bool:
    """The one rule for JSON or YAML: JSON when the first character after whitespace (in bytes, after a
    byte-order mark too) is { or [. Matched in place: stripping a 13 MB text to look at it copied all of it."""
    if isinstance(text, bytes):
        return _JSON_START_BYTES.match(text) is not None
    return _JSON_START.match(text) is not None


# JSON may write a colon inside a string as \u003a, which the duplicate-key count below cannot see
_ESCAPED_COLON = re.compile(rb"\\u003[aA]")


def fast_json(data: bytes) -> Any | None:
    """The value of JSON bytes as json.loads reads it, or None (_fast_json)."""
    return _fast_json(data)[0]


def _fast_json(data: bytes) -> tuple[Any | None, bool]:
    """(the value of JSON bytes as json.loads(..., object_pairs_hook=_no_duplicates) reads it, by orjson (about
    twice as fast, and no str of the text: 52 MB for a 13 MB text with one emoji); None wherever the two could
    differ, and the exact reader decides:
    - anything orjson refuses (NaN, Infinity, 1e400, lone surrogates, a BOM it is not shown, nesting past 1024):
      json.loads accepts some of these, and words every error with its line and column;
    - a duplicate key (orjson keeps the last; xtgen refuses it): every colon of the text outside strings
      separates a key from its value, and inside strings stays a colon, so the text holds as many colons as
      the value's own compact JSON unless pairs were dropped (or a colon was escaped, which is looked for);
    - integers past 64 bits, which orjson reads as floats: measure() notes floats that large (Facts.big_floats)
      and the caller reads the text again (parse_measured);
    and whether the bytes are exactly orjson's OPT_INDENT_2 text of the value, a final newline allowed (what
    JSON.stringify(value, null, 2) writes too): one member per line, for line:column (app/locate.py). The text
    that proves it also proves that no pair was dropped, and costs what the compact text cost."""
    try:
        import orjson
    except ImportError:  # an optional speed-up: not on every Python implementation
        return None, False
    body = data[len(BOM) :] if data.startswith(BOM) else data
    if _ESCAPED_COLON.search(body):
        return None, False
    try:
        value = orjson.loads(body)
        indented = body.startswith(b'{\n  "')  # else the compact text: fewer bytes to count colons in
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2 if indented else 0)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return None, False
    extra = len(body) - len(text)
    if indented and (extra == 0 or (extra == 1 and body.endswith(b"\n"))) and body.startswith(text):
        return value, True
    return (value if body.count(b":") == text.count(b":") else None), False


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


# The C YAML composer recurses once per nesting level with no guard: about 30,000 levels overflow the C
# stack (a crash, not an exception). Text that may nest deeper than this is measured event by event first.
SAFE_PARSE_DEPTH = 1000


def _yaml_depth_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth of YAML text: every level is a flow bracket, or more
    indentation, or an indicator (`- `, `? `) on a line, so it cannot pass brackets + 2 x the longest line."""
    flow = text.count("[") + text.count("{")
    if flow > SAFE_PARSE_DEPTH:
        return flow
    return flow + 2 * max(map(len, text.splitlines()), default=0) + 2


def check_yaml_depth(text: str, name: str) -> None:
    """Refuse YAML that nests more than MAX_DEPTH levels, before the C composer recurses into it.

    The parser's events come from a state machine with its own stack (no recursion); counting collection
    starts and ends among them measures the depth at about a tenth of the cost of loading.
    """
    if _yaml_depth_bound(text) <= SAFE_PARSE_DEPTH:
        return  # check_limits measures the exact depth once the document is built
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    depth = 0
    try:
        for event in YAML(typ="safe", pure=False).parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise XtgenError(
                        f"{name}:{mark.line + 1}:{mark.column + 1}: the document nests more than {MAX_DEPTH} "
                        "levels deep; xtgen reads at most that many (flatten it with $refs to named components)"
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return  # malformed: the loader reports it with its line and column


def _counting_constructor(budget: int) -> Any:
    """ruamel's safe constructor, counting the key/value pairs that merge keys (`<<: *a`) copy.

    A chain of merges (`b: {<<: *a, ...}`, `c: {<<: *b, ...}`, ...) copies every earlier key again at each
    link: quadratic in the size of the text, before any limit on the built document could run. Past
    `budget` copied pairs the load stops.
    """
    from ruamel.yaml.constructor import SafeConstructor

    class MergeCountingConstructor(SafeConstructor):
        merged = 0

        def flatten_mapping(self, node: Any) -> Any:
            before = len(node.value)
            result = super().flatten_mapping(node)
            type(self).merged += max(0, len(node.value) - before)  # the pairs this merge copied in
            if type(self).merged > budget:
                raise _MergeBomb(node.start_mark)
            return result

    return MergeCountingConstructor


class _MergeBomb(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark


def merge_budget(text: str) -> int:
    """How many key/value pairs YAML merge keys may copy. Real specs merge a few small blocks; each copied
    pair costs the loader about as much as a line of YAML, so the allowance grows with the text."""
    return 50_000 + len(text) // 4


def _load_yaml(text: str, pure: bool) -> list[Any]:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=pure)
    yaml.Constructor = _counting_constructor(merge_budget(text))
    return list(yaml.load_all(text))


def _load_yaml_fast(text: str) -> tuple[list[Any], bool] | None:
    """The documents by the fast path (xtgen/read/yaml_fast.py) and whether they are trees, or None where it
    declines or is missing."""
    from xtgen.read import yaml_fast

    if not yaml_fast.available():
        return None
    try:
        return yaml_fast.load_fast(text)
    except yaml_fast.Declined:
        return None


def parse_yaml(text: str, name: str) -> Any:
    return _parse_yaml(text, name)[0]


def _parse_yaml(text: str, name: str) -> tuple[Any, bool]:
    """The value of a YAML text, and whether it is known to be a tree (the fast path saw no alias of a
    collection; ruamel's value is not looked at and counts as shared)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    # The fast path measures the depth as it composes and declines past MAX_DEPTH, so the depth check (which
    # costs most of a fast load on a large spec) runs only before ruamel's loader.
    fast = _load_yaml_fast(text)
    if fast is not None:
        docs, tree = fast
        if len(docs) != 1:
            raise XtgenError(f"{name}: holds {len(docs)} YAML documents; give one document per file")
        return docs[0], tree
    check_yaml_depth(text, name)
    try:
        try:
            docs = _load_yaml(text, pure=False)
        except MarkedYAMLError:
            # The C parser follows YAML 1.1, which rejects some valid YAML 1.2 (a URL inside a flow mapping,
            # `[{url: https://x}]`); ruamel's own parser reads 1.2. Only documents the C parser refuses pay.
            docs = _load_yaml(text, pure=True)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise XtgenError(f"{name}{where}: malformed YAML: {problem}") from None
    except _MergeBomb as exc:
        where = f":{exc.mark.line + 1}:{exc.mark.column + 1}" if exc.mark is not None else ""
        raise XtgenError(
            f"{name}{where}: YAML merge keys (<<) copy more than {merge_budget(text):,} entries (a merge "
            "bomb?); xtgen refuses to expand them"
        ) from None
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
    return docs[0], False


def parse_text(text: str, name: str) -> Document:
    """Parse JSON or YAML (chosen by content: JSON is tried when the text starts with '{')."""
    return parse_measured(text, name)[0]


def parse_measured(text: str, name: str) -> tuple[Document, Facts]:
    """parse_text(), and the facts of the one walk that checked the document against the limits."""
    is_json = looks_like_json(text)
    value, tree = (parse_json(text, name), True) if is_json else _parse_yaml(text, name)
    if not isinstance(value, dict):
        raise XtgenError(f"{name}: the document root is a {_kind(value)}, not a mapping")
    facts = measure(value, tree=tree)  # a JSON parser's value is a tree; YAML's aliases may share nodes
    problem = facts.problem
    if problem is not None and not is_json and problem.code in ("XT033", "XT034"):
        yaml_scalars_as_json(value)  # `200:` keys and unquoted dates are common in YAML specs
        facts = measure(value, tree=tree)  # rewritten in place: no container shared
        problem = facts.problem
    if problem is not None:
        where = problem.pointer if len(problem.pointer) <= 80 else problem.pointer[:77] + "..."
        raise XtgenError(f"{name}{' at ' + where if where else ''}: {problem.message}")
    return value, facts


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if value is None:
        return "null"
    return type(value).__name__


def load_document(path: str | Path) -> tuple[Document, str]:
    """Read and parse a document; return it with its display name."""
    document, name, _ = load_measured(path)
    return document, name


def load_measured(path: str | Path) -> tuple[Document, str, Facts]:
    """load_document(), and the facts of the document (parse_measured). JSON is read from the bytes when
    fast_json can (never decoded to a str); else, and for YAML, the text decides."""
    data, name = read_data(path)
    check_data(data, name)
    if looks_like_json(data):
        value, indented = _fast_json(data)
        if isinstance(value, dict):
            facts = measure(value, tree=True)
            if facts.problem is None and not facts.big_floats:
                return value, name, replace(facts, indented=len(data)) if indented else facts
    document, facts = parse_measured(decode_text(data, name), name)
    return document, name, facts


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
