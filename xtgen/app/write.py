"""Stage 9, write: serialize from data (JSON, or YAML through ruamel.yaml) and write atomically."""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import json
import math
import os
import re
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from xtgen.model import OutputFormat, XtgenError

FORMATS = tuple(f.value for f in OutputFormat)  # declared once, in xtgen.model.OutputFormat
# Tests only: XTGEN_TEST_STOP_AT=POINT[:N] SIGKILLs the process the N-th time (default 1) a write reaches POINT:
# "partial" (half the bytes in a temporary file), "before-rename" (every temporary file of the write or of the
# batch on disk, synced), "after-rename" (after each rename; the folders are synced after the last one).
# POINT:N:TERM sends SIGTERM instead, POINT:N:INT SIGINT to the process group (as Ctrl-C does).
STOP_AT = "XTGEN_TEST_STOP_AT"
_reached: dict[str, int] = {}


Text = str | bytes  # an output's text, or its UTF-8 bytes (encode_document): what the writers take


def as_bytes(text: Text) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


def encode_document(document: Any, fmt: str = "json") -> Text:
    """serialize()'s text as UTF-8 bytes, made without a str of the whole text where orjson writes the JSON:
    a str of a 14 MB text with one emoji takes 56 MB (four bytes a character), and adding the final newline
    copied it. A text that cannot be UTF-8 (a lone surrogate, never in a loaded document) stays a str, so the
    writer reports it as before."""
    if fmt == "json":
        data = _orjson_bytes(document)
        if data is not None:
            return data + b"\n"
    text = serialize(document, fmt)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text


def serialize(document: Any, fmt: str = "json") -> str:
    """Deterministic text: two-space indent, non-ASCII kept, final newline."""
    if fmt == "json":
        return dumps_indented(document) + "\n"
    if fmt == "yaml":
        from ruamel.yaml import YAML

        yaml: Any = YAML(typ="safe", pure=False)
        yaml.default_flow_style = False
        yaml.sort_base_mapping_type_on_output = False  # keep the documented key order
        yaml.allow_unicode = True
        yaml.width = 4096
        yaml.representer.ignore_aliases = lambda data: True  # a structure used twice is written twice, no &id001
        stream = io.StringIO()
        yaml.dump(document, stream)
        return stream.getvalue()
    raise ValueError(f"unknown format {fmt!r}")


class _NotPlainJson(Exception):
    """A value the fast encoder leaves to json.dumps (which also raises the right error for it)."""


def _refuse(value: Any) -> Any:
    raise _NotPlainJson


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key_text(key: Any, escape: Any) -> str:
    """A dict key as json.dumps writes it."""
    if isinstance(key, str):
        return str(escape(key))
    if isinstance(key, bool) or key is None:
        return {True: '"true"', False: '"false"', None: '"null"'}[key]
    if isinstance(key, float):
        return '"' + _float_text(key) + '"'
    if isinstance(key, int):
        return '"' + int.__repr__(key) + '"'
    raise _NotPlainJson


# orjson writes a float in [1e-10, 1e-4) as 0.00001 or 1.5e-7 where json.dumps writes 1e-05 and 1.5e-07. Such a
# number token ends its line (a string never holds a raw newline, and ends with a quote): its line ends in a
# one-digit negative exponent, which json.dumps never writes, or its text has "0.0000" (a needless fall-back for
# 10.00001, never a wrong output). Both patterns start with a literal, so a 14 MB text is searched in ms.
_ORJSON_SMALL_FLOAT = (re.compile(rb"e-[0-9],?(?:\n|\Z)"), re.compile(rb"0\.0000[0-9]*,?(?:\n|\Z)"))


def _orjson_text(document: Any) -> str | None:
    """_orjson_bytes, decoded."""
    data = _orjson_bytes(document)
    return None if data is None else data.decode("utf-8")


def _orjson_bytes(document: Any) -> bytes | None:
    """`json.dumps(document, indent=2, ensure_ascii=False)` as UTF-8 by orjson (six times faster than
    `_indented`), or None where its bytes could differ: anything but plain JSON values (subclasses, dates,
    dataclasses, non-string keys go to `default`, which refuses), integers past 64 bits and lone surrogates
    (orjson refuses them), small floats (their text, above), NaN and infinities (orjson writes null: when the
    text has a null, the document is searched for them). One difference is left: a plain Enum member (never in
    a loaded document) is written as its value where json.dumps raises TypeError."""
    orjson = _usable_orjson()
    if orjson is None:
        return None
    option = (
        orjson.OPT_INDENT_2
        | orjson.OPT_PASSTHROUGH_SUBCLASS
        | orjson.OPT_PASSTHROUGH_DATETIME
        | orjson.OPT_PASSTHROUGH_DATACLASS
    )
    try:
        data: bytes = orjson.dumps(document, default=_refuse, option=option)
    except Exception:  # orjson.JSONEncodeError, whatever its cause: the exact writer decides
        return None
    if any(pattern.search(data) for pattern in _ORJSON_SMALL_FLOAT):
        return None
    if b"null" in data and _has_non_finite(document):
        return None
    return data


def _has_non_finite(document: Any) -> bool:
    """Whether a NaN or an infinity may be among the values (orjson wrote each as null): a walk, about a tenth
    of reading the text back and comparing, and without a second document in memory (70 MB on GitHub's
    description). Anything but plain JSON values (a tuple, which orjson writes as a list) counts as "may"."""
    stack = [document]
    pop, push, isfinite = stack.pop, stack.append, math.isfinite
    while stack:
        node = pop()
        if type(node) is not dict and type(node) is not list:
            return type(node) is not float or not isfinite(node)  # a bare value (serialize(None) and the like)
        for value in node.values() if type(node) is dict else node:
            kind = type(value)
            if kind is str:  # the most common value first
                continue
            if kind is dict or kind is list:
                push(value)
            elif kind is int or kind is bool or value is None:
                continue
            elif kind is not float or not isfinite(value):
                return True
    return False


@functools.cache
def _usable_orjson() -> Any:
    """orjson when installed and writing large floats as json.dumps does (`1e+16`; before 3.11.7 it wrote
    `1e16`, which .ci/lower-bounds.txt found): else None, and the exact writer does all the work."""
    try:
        import orjson
    except ImportError:  # an optional speed-up: not on every Python implementation
        return None
    probes = (1e16, 1.5e300, 1.2345678901234568e17, 0.1, -0.0, 5e-324)
    return orjson if all(orjson.dumps(v).decode() == json.dumps(v) for v in probes) else None


def dumps_indented(document: Any) -> str:
    """Exactly `json.dumps(document, indent=2, ensure_ascii=False)`: orjson's text where it is the same
    (`_orjson_text`), else `_indented`."""
    text = _orjson_text(document)
    return _indented(document) if text is None else text


def _indented(document: Any) -> str:
    """Exactly `json.dumps(document, indent=2, ensure_ascii=False)`, three times faster.

    The standard library encodes indented JSON in pure Python, one generator per nesting level. Here a
    container whose values are all scalars (most of an OpenAPI document) is encoded by the C encoder in
    one call, with the newline and indentation as its item separator; only containers holding
    containers are walked in Python. Anything else than plain JSON values (or a cycle) goes to
    json.dumps itself, so errors are the same too.
    """
    from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]

    if c_make_encoder is None:  # no C accelerator (another Python implementation)
        return json.dumps(document, indent=2, ensure_ascii=False)
    escape = encode_basestring
    parts: list[str] = []
    out = parts.append
    leaf_encoders: dict[str, Any] = {}
    scalar_encoder = c_make_encoder(None, _refuse, escape, None, ": ", ", ", False, False, True)
    containers = (dict, list, tuple)
    open_ids: set[int] = set()

    def scalar(value: Any) -> str:
        if type(value) is str:
            return str(escape(value))
        return "".join(scalar_encoder(value, 0))  # numbers, booleans, null and empty containers

    def leaf(value: Any, indent: str) -> str:
        encoder = leaf_encoders.get(indent)
        if encoder is None:
            encoder = leaf_encoders[indent] = c_make_encoder(
                None, _refuse, escape, None, ": ", ",\n" + indent, False, False, True
            )
        return "".join(encoder(value, 0))

    def encode(value: Any, level: int) -> None:
        is_dict = isinstance(value, dict)
        newline = "\n" + "  " * (level + 1)
        for item in value.values() if is_dict else value:
            if item and isinstance(item, containers):
                break
        else:  # scalars (or empty containers) only: one call of the C encoder
            text = leaf(value, newline[1:])
            out(text[0] + newline + text[1:-1] + newline[:-2] + text[-1])
            return
        marker = id(value)
        if marker in open_ids:
            raise _NotPlainJson  # a cycle: json.dumps raises its ValueError
        open_ids.add(marker)
        separator = ("{" if is_dict else "[") + newline
        if is_dict:
            for key, item in value.items():
                out(separator + (escape(key) if type(key) is str else _key_text(key, escape)) + ": ")
                separator = "," + newline
                if not item or not isinstance(item, containers):
                    out(scalar(item))
                else:
                    encode(item, level + 1)
        else:
            for item in value:
                out(separator)
                separator = "," + newline
                if not item or not isinstance(item, containers):
                    out(scalar(item))
                else:
                    encode(item, level + 1)
        out(newline[:-2] + ("}" if is_dict else "]"))
        open_ids.discard(marker)

    try:
        if document and isinstance(document, containers):
            encode(document, 0)
        else:
            out(scalar(document))
    except (_NotPlainJson, RecursionError):
        parts = []
    if not parts:  # outside the except block, so json.dumps's own error is raised alone
        return json.dumps(document, indent=2, ensure_ascii=False)
    return "".join(parts)


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a name too long, a NUL byte
        return False


@functools.lru_cache(maxsize=4)
def _identities(paths: tuple[Path, ...]) -> tuple[frozenset[Path], frozenset[tuple[int, int]]]:
    """The resolved paths and the (device, inode) of the existing ones: a batch checks each of its outputs
    against every input, so the inputs are resolved and stat'ed once, not once per output (368 x 368 pairs
    took 13 s of a 25 s profiled corpus batch)."""
    resolved, ids = set(), set()
    for p in paths:
        try:
            resolved.add(p.resolve())
            st = p.stat()
            ids.add((st.st_dev, st.st_ino))
        except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, a name too long, a NUL byte
            continue
    return frozenset(resolved), frozenset(ids)


def _over_one_of(path: Path, protect: tuple[Path, ...]) -> bool:
    """same_file(path, p) for any p in protect, with the protected identities computed once."""
    if not protect:
        return False
    resolved, ids = _identities(protect)
    try:
        if path.resolve() in resolved:
            return True
        st = path.stat()
    except (OSError, RuntimeError, ValueError):
        return False
    return (st.st_dev, st.st_ino) in ids


def _stop_point(point: str) -> None:
    wanted = os.environ.get(STOP_AT)
    if wanted is None:
        return
    name, _, rest = wanted.partition(":")
    nth, _, how = rest.partition(":")
    if name == point:
        _reached[point] = _reached.get(point, 0) + 1
        if _reached[point] == int(nth or 1):
            if how == "INT":  # Ctrl-C: the whole process group (a batch's worker processes too)
                os.killpg(os.getpgid(0), signal.SIGINT)
            else:
                os.kill(os.getpid(), signal.SIGTERM if how == "TERM" else signal.SIGKILL)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ValueError):
        return "the name holds a NUL byte"
    if isinstance(exc, RuntimeError):
        return "a symbolic link loop"
    return str(getattr(exc, "strerror", None) or exc)


def check_output(path: Path, protect: Sequence[Path] = ()) -> None:
    """Refuse an output path before anything is written: over an input, over something that is not a
    regular file, in a folder that does not exist, or a name the system refuses (a loop, too long)."""
    if _over_one_of(path, tuple(protect)):
        raise XtgenError(f"{path}: refusing to write the output over the input")
    try:
        if path.exists() and not path.is_file():  # a folder, a device such as /dev/full, a pipe: never replaced
            raise XtgenError(f"{path}: not a regular file; give a file path for the output")
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise XtgenError(f"{path}: the folder {folder} does not exist")
        os.stat(folder)
    except (OSError, RuntimeError, ValueError) as exc:
        raise XtgenError(f"{path}: cannot write: {_reason(exc)}") from None


def check_distinct(paths: Sequence[Path], what: Sequence[str] = ()) -> None:
    """Two outputs of one run may not be the same file (the second would replace the first)."""
    for i, a in enumerate(paths):
        for j in range(i):
            if same_file(a, paths[j]) or a == paths[j]:
                first = what[j] if j < len(what) else str(paths[j])
                second = what[i] if i < len(what) else str(a)
                raise XtgenError(f"{a}: {second} would be written over {first}; give them different paths")


@contextlib.contextmanager
def signal_handlers(signals: Sequence[int | None], handler: Any) -> Iterator[None]:
    """`handler` for each of `signals` (None: one this platform lacks) while the block runs, the previous
    handlers restored after. Main thread only (elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for sig in signals:
        if sig is not None:
            with contextlib.suppress(OSError, ValueError):
                previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def termination_as_exception() -> Iterator[None]:
    """SIGTERM (and SIGHUP) raise SystemExit while files are written, so the clean-up below runs and no
    temporary file stays behind. Not in a batch's worker process: SIGTERM ends a worker at once (its parent
    removes the batch's temporary files), where an exception would be caught by the pool and leave the worker
    running."""
    pool = sys.modules.get("multiprocessing")  # a worker has it; the single-file path need not import it
    if pool is not None and pool.parent_process():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    with signal_handlers((signal.SIGTERM, getattr(signal, "SIGHUP", None)), stop):
        yield


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM ignored while a clean-up runs (a second Ctrl-C would cut it short). Main thread only."""
    with signal_handlers((signal.SIGINT, signal.SIGTERM), signal.SIG_IGN):
        yield


def _stage(
    path: Path, data: bytes, staged: list[tuple[str, Path]] | None = None, *, token: str = "", sync: bool = True
) -> str:
    """A temporary file beside path holding data (flushed to disk unless `sync` is False: a batch syncs once at
    its commit), with path's mode; returns its name. Its name goes into `staged` as soon as it exists, so that
    the caller's clean-up finds it whatever interrupts the write (a signal included). `token` marks the
    temporary files of one batch, so that the batch can find those a worker made before it stopped."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.{token}{'.' if token else ''}", suffix=".tmp", dir=folder)
    if staged is not None:
        staged.append((tmp, path))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data[: len(data) // 2])
            _stop_point("partial")
            handle.write(data[len(data) // 2 :])
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o777 if path.is_file() else 0o644
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _sync_folder(folder: Path) -> None:
    """fsync a folder, so that the renames in it survive a power loss (a file's own fsync does not cover its
    name). Systems that cannot open or sync a folder (Windows, some network file systems) are left as they are."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    try:
        fd = os.open(folder if str(folder) else ".", os.O_RDONLY | flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # EINVAL or ENOTSUP where a folder cannot be synced: nothing more to promise there
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _folders(paths: Sequence[Path]) -> list[Path]:
    """The folders of paths, each once, in order of first appearance."""
    return list(dict.fromkeys(path.parent if str(path.parent) else Path(".") for path in paths))


def _unlink_all(staged: Sequence[tuple[str, Path]]) -> None:
    for tmp, _ in staged:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def stage_files(
    files: Sequence[tuple[Path, Text]], *, protect: Sequence[Path] = (), token: str = "", sync: bool = True
) -> list[tuple[str, Path]]:
    """Check every path, then write each text to a temporary file beside its path: the first step of
    write_files, all or none (a refusal, a full disk, a signal: no temporary file stays). Returns the pairs
    (temporary file, path) to rename; the caller renames them (commit_staged) or removes them."""
    paths = [path for path, _ in files]
    check_distinct(paths)
    for path in paths:
        check_output(path, protect)
    staged: list[tuple[str, Path]] = []
    with termination_as_exception():
        try:
            for path, text in files:
                try:
                    _stage(path, as_bytes(text), staged, token=token, sync=sync)
                except (OSError, UnicodeEncodeError) as exc:
                    raise XtgenError(f"{path}: cannot write: {_reason(exc)}") from None
        except BaseException:
            _unlink_all(staged)
            raise
    return staged


def commit_staged(groups: Sequence[Sequence[tuple[str, Path]]], *, synced: bool = True) -> list[str | None]:
    """Put staged files in place: (unless `synced`: their temporary files were written without fsync) one
    filesystem sync, then the renames group by group, then one fsync of each folder renamed into, so that
    once this returns the new files survive a power loss. A group whose rename fails is left with the
    reason (its other temporary files removed; files it renamed before stay) and the others go on; the
    result has one entry per group: None, or why it could not be written. A signal or any exception:
    every temporary file not renamed yet is removed."""
    pending = [list(group) for group in groups]
    errors: list[str | None] = [None] * len(pending)
    renamed: list[Path] = []
    with termination_as_exception():
        try:
            if not synced and any(pending):
                os.sync()  # one sync of every temporary file (see README, Performance: batch writes)
            _stop_point("before-rename")
            for i, group in enumerate(pending):
                while group:
                    tmp, path = group[0]
                    try:
                        os.replace(tmp, path)
                    except OSError as exc:
                        errors[i] = f"{path}: cannot write: {_reason(exc)}"
                        break
                    group.pop(0)
                    renamed.append(path)
                    _stop_point("after-rename")
                _unlink_all(group)
                group.clear()
            for folder in _folders(renamed):
                _sync_folder(folder)
        finally:
            for group in pending:
                _unlink_all(group)
    return errors


def write_files(files: Sequence[tuple[Path, Text]], *, protect: Sequence[Path] = ()) -> None:
    """Write every file or none: each is checked, then written to a temporary file in its folder, and only
    when all of them are on disk are they renamed into place, and their folders synced. A refused path, a
    full disk, a signal: the old files stay and no temporary file is left behind. Never over a path in
    `protect` (the inputs)."""
    staged = stage_files(files, protect=protect)
    (error,) = commit_staged([staged])
    if error is not None:
        raise XtgenError(error)


def batch_token() -> str:
    """The mark of one batch's temporary files: this process's id (see sweep_dead_batches) and a random part."""
    import secrets

    return f"xt{os.getpid()}-{secrets.token_hex(4)}"


_BATCH_TMP = re.compile(r"\.(?P<name>.+)\.xt(?P<pid>[0-9]+)-[0-9a-f]{8}\.[^.]+\.tmp")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: alive, someone else's
        return True
    return True


def sweep_dead_batches(paths: Sequence[Path]) -> None:
    """Remove the temporary files a batch killed outright (SIGKILL, a power loss) left beside these paths: only
    those named after one of these files and marked by a process that no longer runs on this machine."""
    wanted: dict[Path, set[str]] = {}
    for path in paths:
        wanted.setdefault(path.parent if str(path.parent) else Path("."), set()).add(path.name[:100])
    for folder, names in wanted.items():
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            for tmp in folder.glob(".*.xt*-*.*.tmp"):
                found = _BATCH_TMP.fullmatch(tmp.name)
                if found and found["name"] in names and not _alive(int(found["pid"])):
                    with contextlib.suppress(OSError):
                        tmp.unlink()


def discard_batch(folders: Sequence[Path], token: str) -> None:
    """Remove every temporary file of the batch `token` in folders: also those a worker process made and
    never reported (it was stopped while writing)."""
    for folder in dict.fromkeys(folders):
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            for tmp in folder.glob(f".*.{token}.*.tmp"):
                with contextlib.suppress(OSError):
                    tmp.unlink()


def read_written(path: Path) -> bytes | None:
    """The bytes of an output this run wrote (or found up to date), exactly; None when it cannot be read."""
    try:
        return path.read_bytes()
    except (OSError, RuntimeError, ValueError):
        return None


def write_atomic(path: Path, text: Text, *, protect: tuple[Path, ...] = ()) -> None:
    """Write text to path through a temporary file in the same folder and a rename.

    A reader (or a crash) sees the old file or the new one, never a part. Refuses to overwrite
    any path in `protect` (the inputs).
    """
    write_files([(path, text)], protect=protect)


def check_report(
    path: Path | None, inputs: Sequence[Path], outputs: Sequence[Path], creatable: Sequence[Path] = ()
) -> None:
    """Refuse a --report path before any output is written (see ReportFile): over an input, over an output of
    the run, in a folder that does not exist, or not writable. Writes nothing."""
    with ReportFile(path, inputs=inputs, outputs=outputs, creatable=creatable):
        pass


class ReportFile:
    """`--report FILE`, checked and opened (as a temporary file) before any output is written, so that a
    report that cannot be written stops the run before it writes anything; `write` renames it into place.

    The report obeys the rules of every output: never over an input, never over another output of the run.
    Use as a context manager: leaving without `write` removes the temporary file.
    """

    def __init__(
        self,
        path: Path | None,
        *,
        inputs: Sequence[Path] = (),
        outputs: Sequence[Path] = (),
        creatable: Sequence[Path] = (),
    ) -> None:
        """`creatable`: folders the run creates anyway (a batch's output folders); the report may go there."""
        self.path = path
        self.tmp: str | None = None
        if path is None:
            return
        for given in inputs:
            if same_file(path, given):
                raise XtgenError(f"{path}: refusing to write the report over the input")
        for other in outputs:
            if same_file(path, other) or path == other:
                raise XtgenError(f"{path}: the report would be written over the output {other}; give another path")
        if path.parent in creatable:
            with contextlib.suppress(OSError, RuntimeError, ValueError):
                path.parent.mkdir(parents=True, exist_ok=True)
        check_output(path, inputs)
        try:
            self.tmp = _stage(path, b"")
        except OSError as exc:
            raise XtgenError(f"{path}: cannot write: {_reason(exc)}") from None

    def write(self, text: str) -> None:
        if self.path is None or self.tmp is None:
            return
        with termination_as_exception():
            try:
                with open(self.tmp, "wb") as handle:
                    handle.write(text.encode("utf-8"))
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(self.tmp, self.path)
                self.tmp = None
                _sync_folder(self.path.parent)
            except OSError as exc:
                raise XtgenError(f"{self.path}: cannot write: {_reason(exc)}") from None
            finally:
                self.discard()

    def discard(self) -> None:
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            self.tmp = None

    def __enter__(self) -> ReportFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()
