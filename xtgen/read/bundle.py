"""Stage 2a, bundle: pull external `$ref`s (relative files) into one self-contained document.

Schemas referenced from other files become entries of components.schemas (so they end up in
`definitions`); any other external object (a parameter, a response, a path item) is inlined where it is
used. Files are read only from the allowed folder (the input's, or --ref-root) and below, after
following symlinks; URLs are never fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from xtgen import pointer as jp
from xtgen.model import Diagnostic, Document, Severity, XtgenError, one_line
from xtgen.read.limits import MAX_EXPANSION, Facts, facts_for
from xtgen.read.load import parse_text, read_text

NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]")


def expanded_size(value: Any, sizes: dict[int, int]) -> int:
    """Values in `value` with every shared container counted at each use; `sizes` remembers containers
    already measured (post-order, no recursion), so a structure shared n times costs one walk."""
    if not isinstance(value, (dict, list)):
        return 1
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        node, done = stack.pop()
        children = [c for c in (node.values() if isinstance(node, dict) else node) if isinstance(c, (dict, list))]
        if done:
            scalars = len(node) - len(children)
            sizes[id(node)] = 1 + scalars + sum(sizes.get(id(c), 0) for c in children)
        elif id(node) not in sizes:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(value)]


# A $ref to a $ref to ...: real specs use one or two links; the converter follows at most this many.
MAX_REF_CHAIN = 50


def _refs(node: Any) -> tuple[bool, set[str]]:
    """(whether any $ref leaves the document, the distinct local $refs), in one walk."""
    external = False
    local: set[str] = set()
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            ref = cur.get("$ref")
            if isinstance(ref, str):
                if ref.startswith("#"):
                    local.add(ref)
                else:
                    external = True
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
    return external, local


def long_ref_chain(document: Any, refs: set[str]) -> Diagnostic | None:
    """One error for the longest chain of $refs to $refs past MAX_REF_CHAIN links (an acyclic chain is not
    circular; every object along it would otherwise report its own failure). Cycles are left to XT011."""
    length: dict[str, int] = {}
    for start in sorted(refs):
        chain: list[str] = []
        on_chain: set[str] = set()
        ref: str | None = start
        while ref is not None and ref not in length and ref not in on_chain:  # each ref walked once overall
            chain.append(ref)
            on_chain.add(ref)
            try:
                target = jp.resolve(document, jp.fragment_pointer(ref))
            except (KeyError, IndexError, TypeError, ValueError):
                target = None
            nxt = target.get("$ref") if isinstance(target, dict) else None
            ref = nxt if isinstance(nxt, str) and nxt.startswith("#") else None
        tail = length.get(ref, 0) if ref is not None else 0  # a cycle counts as its end (XT011 says so)
        for i, link in enumerate(reversed(chain)):
            length[link] = tail + i + 1
    if not length:
        return None
    start = max(sorted(length), key=lambda r: length[r])
    if length[start] <= MAX_REF_CHAIN:
        return None
    return Diagnostic(
        "XT023",
        Severity.ERROR,
        f"$ref {start!r} starts a chain of {length[start]:,} $refs to $refs; xtgen follows at most "
        f"{MAX_REF_CHAIN}: point the refs at the object itself",
        jp.fragment_pointer(start),
    )


@dataclass
class _Bundler:
    root: Document
    base_dir: Path | None
    allowed: Path | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[Path, Document] = field(default_factory=dict)
    names: dict[tuple[str, str], str] = field(default_factory=dict)
    schemas: dict[str, Any] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    # non-schema objects already inlined, by (file, fragment): later uses share the object, not a copy
    inlined: dict[tuple[str, str], Any] = field(default_factory=dict)
    sizes: dict[int, int] = field(default_factory=dict)  # values of each inlined object, as expanded
    distinct: int = 0  # values of the files read
    expanded: int = 0  # values the inlining adds, every use counted
    stopped: bool = False  # the inlining passed its budget: the error is reported, nothing more is read

    def budget(self) -> int:
        """Values the inlining may add: the YAML alias allowance (limits.py) applied to the files read."""
        return 100_000 + MAX_EXPANSION * self.distinct

    def error(self, code: str, message: str, ptr: str) -> None:
        self.diagnostics.append(Diagnostic(code, Severity.ERROR, one_line(message), one_line(ptr)))

    def load(self, path: Path, ptr: str) -> Document | None:
        if path in self.files:
            return self.files[path]
        try:
            text, name = read_text(path, allow_pipe=False)  # a FIFO would never end
            doc = parse_text(text, name)
        except XtgenError as exc:
            self.error("XT017", f"cannot use referenced file: {exc}", ptr)
            return None
        self.files[path] = doc
        self.distinct += expanded_size(doc, {})
        return doc

    def locate(self, ref: str, current: Path | None, ptr: str) -> tuple[Path | None, str] | None:
        """(file or None for the root document, fragment) of a ref, or None after an error."""
        parts = urlsplit(ref)
        if parts.scheme and len(parts.scheme) > 1:
            self.error(
                "XT014",
                f"$ref {ref!r} is a URL; xtgen never fetches from the network: save the "
                "file beside the spec and refer to it by relative path",
                ptr,
            )
            return None
        file_part, _, fragment = ref.partition("#")
        if not file_part:
            return current, fragment
        base = current.parent if current is not None else self.base_dir
        if base is None or self.allowed is None:
            self.error("XT018", f"$ref {ref!r} is relative to a file, but the input came from stdin", ptr)
            return None
        try:
            target = (base / unquote(file_part)).resolve()
            target.stat()  # a symlink loop, a name too long for the file system: said here, in one line
        except FileNotFoundError:
            pass  # reported as a missing file when read
        except (OSError, ValueError, RuntimeError) as exc:  # ValueError: a NUL byte; RuntimeError: a loop
            reason = "the name holds a NUL byte" if isinstance(exc, ValueError) else getattr(exc, "strerror", None)
            self.error("XT017", f"cannot use referenced file {ref!r}: {reason or exc}", ptr)
            return None
        if not target.is_relative_to(self.allowed):
            self.error(
                "XT019",
                f"$ref {ref!r} leaves the folder xtgen may read from (the input's folder "
                "and below, or --ref-root DIR): pass --ref-root to widen it",
                ptr,
            )
            return None
        return target, fragment

    def target(self, file: Path | None, fragment: str, ptr: str) -> Any:
        doc = self.root if file is None else self.load(file, ptr)
        if doc is None:
            return None
        try:
            return jp.resolve(doc, unquote(fragment))
        except KeyError:
            self.error("XT010", f"$ref target #{fragment} not found in {file or 'the document'}", ptr)
            return None

    def schema_name(self, file: Path, fragment: str) -> str:
        tokens = jp.split(unquote(fragment))
        base = NAME_CHARS.sub("_", tokens[-1] if tokens else file.stem) or "Schema"
        name, n = base, 2
        while name in self.taken:
            name, n = f"{base}_{n}", n + 1
        self.taken.add(name)
        return name

    def rebuild(
        self, node: Any, current: Path | None, in_schema: bool, ptr: str, stack: tuple[tuple[str, str], ...]
    ) -> Any:
        if isinstance(node, list):
            return [self.rebuild(v, current, in_schema, jp.join(ptr, i), stack) for i, v in enumerate(node)]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and (current is not None or not ref.startswith("#")):
            return self.follow(node, ref, current, in_schema, ptr, stack)
        out = {}
        for key, value in node.items():
            child_schema = in_schema or key == "schema" or (ptr == "/components" and key == "schemas")
            out[key] = self.rebuild(value, current, child_schema, jp.join(ptr, key), stack)
        return out

    def follow(
        self,
        node: dict[str, Any],
        ref: str,
        current: Path | None,
        in_schema: bool,
        ptr: str,
        stack: tuple[tuple[str, str], ...],
    ) -> Any:
        located = self.locate(ref, current, ptr)
        if located is None:
            return {}
        file, fragment = located
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if file is None:
            return {"$ref": "#" + fragment, **siblings}
        key = (str(file), fragment)
        if in_schema:
            if key not in self.names:
                self.names[key] = self.schema_name(file, fragment)
                target = self.target(file, fragment, ptr)
                self.schemas[self.names[key]] = (
                    self.rebuild(target, file, True, ptr, stack) if target is not None else {}
                )
            return {"$ref": "#/components/schemas/" + jp.escape(self.names[key]), **siblings}
        if key in stack:
            self.error("XT011", f"circular $ref {ref!r} between files", ptr)
            return {}
        if self.stopped:
            return {}
        if key not in self.inlined:
            target = self.target(file, fragment, ptr)
            if target is None:
                return {}
            self.inlined[key] = self.rebuild(target, file, in_schema, ptr, (*stack, key))
        inlined = self.inlined[key]
        if current is None:  # a use in the spec itself: the whole object, nested uses included, lands there
            self.expanded += expanded_size(inlined, self.sizes)
        if self.expanded > self.budget():
            self.stopped = True
            self.error(
                "XT036",
                f"inlining $ref {ref!r} at every use makes more than {self.budget():,} values from "
                f"{self.distinct:,} in the referenced files (refs that multiply at each level?); move the "
                "shared object into the spec's components and refer to it there",
                ptr,
            )
            return {}
        return inlined


def bundle_external_refs(
    document: Document, base_dir: Path | None, ref_root: Path | None, facts: Facts | None = None
) -> tuple[Document, list[Diagnostic]]:
    """Return a self-contained document (the input itself when it has no external refs). `facts`: the
    document's (xtgen.read.limits.measure), when the caller has them: its refs are then not looked for again."""
    known = facts_for(facts, document)
    external, local = (known.external_refs, set(known.local_refs)) if known is not None else _refs(document)
    if not external:
        chain = long_ref_chain(document, local)
        return document, [chain] if chain is not None else []
    allowed = ref_root or base_dir
    bundler = _Bundler(
        root=document, base_dir=base_dir.resolve() if base_dir else None, allowed=allowed.resolve() if allowed else None
    )
    existing = (document.get("components") or {}).get("schemas") or {}
    bundler.taken.update(existing)
    rebuilt = bundler.rebuild(document, None, False, "", ())
    if bundler.schemas:
        components = dict(rebuilt.get("components") or {})
        components["schemas"] = {**(components.get("schemas") or {}), **bundler.schemas}
        rebuilt["components"] = components
    chain = long_ref_chain(rebuilt, _refs(rebuilt)[1])
    if chain is not None:
        bundler.diagnostics.append(chain)
    count = len(bundler.files)
    if count:
        bundler.diagnostics.append(
            Diagnostic(
                "XT015",
                Severity.INFO,
                f"bundled $refs from {count} external file(s); {len(bundler.schemas)} schema(s) added to definitions",
                "",
            )
        )
    return rebuilt, bundler.diagnostics
