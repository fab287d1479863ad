"""The Nintex readiness checks: small functions, each yielding Diagnostics with JSON pointers.

Every check reads a Swagger 2.0 document (never changes it) through an `Index` built once. The codes,
severities and one-line descriptions live in rules.py; `lint_document` runs every check in order.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from xtgen import pointer as jp
from xtgen.formats import FLOW_URLS, HOST_2, is_swagger2
from xtgen.model import Diagnostic, Document
from xtgen.target.lint.extensions import EXTENSIONS, FIELDS, KIND_NAMES
from xtgen.target.lint.migrate import DEFAULT_HINT, HINTS, is_metadata, is_translatable, power_automate_names
from xtgen.target.lint.rules import diagnostic
from xtgen.target.lint.walk import (
    KeyFacts,
    Operation,
    Site,
    iter_sites,
    key_facts,
    operations,
    parameters,
    resolve_local,
)

SAMPLE = "a rule taken from Nintex's published samples, not from its documentation"
CONTENT_TYPES = ("application/json", "multipart/form-data", "application/octet-stream")
FILE_FORMATS = ("binary", "x-ntx-file-reference")


@dataclass
class Index:
    """What several checks need, computed once per document. `facts` (one pointer-free pass) lets a check
    whose keys the document lacks skip its walk; `ntx_sites` is walked only when some x-ntx-* key exists."""

    doc: Document
    ops: list[Operation]
    params: dict[str, list[tuple[str, dict[str, Any]]]]  # operation pointer -> its effective parameters
    ids: dict[str, Operation]  # operationId -> first operation with it
    by_pointer: dict[str, Operation]  # operation pointer -> operation (operation_of: one lookup, not a scan)
    facts: KeyFacts
    holds_memo: dict[int, bool] = field(default_factory=dict)
    _ntx_sites: list[Site] | None = None

    @property
    def ntx_sites(self) -> list[Site]:
        """Every site holding an x-ntx-* key, in document order."""
        if self._ntx_sites is None:
            self._ntx_sites = list(iter_sites(self.doc, having="x-ntx-", at_most=self.facts.x_ntx))
        return self._ntx_sites

    @classmethod
    def build(cls, doc: Document, facts: KeyFacts | None = None) -> Index:
        """The index of `doc`; `facts`: key_facts already known to bound its keys (else found here)."""
        ops = operations(doc)
        ids: dict[str, Operation] = {}
        for op in ops:
            operation_id = op.node.get("operationId")
            if isinstance(operation_id, str):
                ids.setdefault(operation_id, op)
        by_pointer = {op.pointer: op for op in ops}
        resolved: dict[str, tuple[Any, str]] = {}
        params = {op.pointer: parameters(doc, op, resolved) for op in ops}
        return cls(doc, ops, params, ids, by_pointer, key_facts(doc) if facts is None else facts)

    def operation_of(self, pointer: str) -> Operation | None:
        """The operation a pointer lies in (not path-level parameters)."""
        tokens = jp.split(pointer)
        if len(tokens) < 3 or tokens[0] != "paths":
            return None
        op_ptr = jp.join("/paths", tokens[1], tokens[2])
        return self.by_pointer.get(op_ptr)


Check = Callable[[Index], Iterator[Diagnostic]]


# --- format, host, schemes ---------------------------------------------------------------------------


def check_host(ix: Index) -> Iterator[Diagnostic]:
    doc = ix.doc
    host = doc.get("host")
    if host is None:
        if not isinstance(doc.get("x-ntx-host"), str) and not (
            ix.ops and all(isinstance(op.node.get("x-ntx-host"), str) for op in ix.ops)
        ):
            yield diagnostic(
                "XT703",
                "no host: Nintex calls the API at host + basePath and an uploaded file has no "
                f'host to fall back on; add "host": "api.example.com" ({SAMPLE})',
                "/host",
            )
    elif not isinstance(host, str) or not HOST_2.match(host):
        yield diagnostic(
            "XT704",
            f"host {host!r} is not a host name with an optional port; write it without "
            'scheme, path or spaces, e.g. "api.example.com"',
            "/host",
        )
    elif _is_local(host):
        yield diagnostic(
            "XT706",
            f"host {host!r} is local or private: Nintex Automation Cloud reaches it only through Nintex Gateway",
            "/host",
        )
    for ptr, value in [("/x-ntx-host", doc.get("x-ntx-host"))] + [
        (op.pointer + "/x-ntx-host", op.node.get("x-ntx-host")) for op in ix.ops
    ]:
        if isinstance(value, str) and "{{" not in value and _is_local(value):
            yield diagnostic(
                "XT706",
                f"x-ntx-host {value!r} is local or private: Nintex Automation Cloud reaches "
                "it only through Nintex Gateway",
                ptr,
            )


def _is_local(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    name = name.strip("[]").lower()
    if name == "localhost" or name.endswith((".localhost", ".local", ".internal", ".lan")):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local


def check_schemes(ix: Index) -> Iterator[Diagnostic]:
    schemes = ix.doc.get("schemes")
    if schemes is None:
        yield diagnostic(
            "XT705", f'no schemes: add "schemes": ["https"] (Nintex\'s samples always declare it; {SAMPLE})', "/schemes"
        )
    elif isinstance(schemes, list) and "https" not in schemes:
        yield diagnostic(
            "XT705",
            f"schemes {schemes} lack https: Nintex's samples all call their APIs over https "
            f'({SAMPLE}); add "https" if the API serves it',
            "/schemes",
        )
    for op in ix.ops:
        own = op.node.get("schemes")
        if isinstance(own, list) and "https" not in own:
            yield diagnostic("XT705", f"the operation's schemes {own} lack https ({SAMPLE})", op.pointer + "/schemes")


def check_external_refs(ix: Index) -> Iterator[Diagnostic]:
    if not ix.facts.external_ref:
        return
    stack: list[tuple[str, Any]] = [("", ix.doc)]
    while stack:
        ptr, node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                yield diagnostic(
                    "XT707",
                    f"$ref {ref!r} points into another file: Nintex imports one file; bundle "
                    "it (xtgen convert does it for OpenAPI 3 input)",
                    ptr + "/$ref",
                )
            stack.extend((jp.join(ptr, k), v) for k, v in reversed(list(node.items())) if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend((jp.join(ptr, i), v) for i, v in reversed(list(enumerate(node))) if isinstance(v, dict | list))


# --- security -------------------------------------------------------------------------------------------


def _definitions(ix: Index) -> dict[str, Any]:
    definitions = ix.doc.get("securityDefinitions")
    return definitions if isinstance(definitions, dict) else {}


def check_security_definitions(ix: Index) -> Iterator[Diagnostic]:
    definitions = _definitions(ix)
    if len(definitions) > 1:
        yield diagnostic(
            "XT710",
            f"{len(definitions)} security definitions ({', '.join(definitions)}): Nintex "
            "allows one authentication type per file; keep one (xtgen convert keeps one, chosen with "
            "--security NAME) or make one Xtension per type",
            "/securityDefinitions",
        )
    for name, definition in definitions.items():
        if not isinstance(definition, dict) or definition.get("type") != "oauth2":
            continue
        ptr = jp.join("/securityDefinitions", name)
        flow = definition.get("flow")
        if flow == "implicit":
            yield diagnostic(
                "XT711",
                "oauth2 flow implicit: Nintex's supported flows are accessCode and "
                "application; its OAuth page mentions implicit only as a way to keep a token "
                "available",
                ptr + "/flow",
            )
        elif flow == "password":
            yield diagnostic(
                "XT712",
                "oauth2 flow password is not documented by Nintex (accessCode and "
                "application are): expect the import to refuse it",
                ptr + "/flow",
            )
        for key in FLOW_URLS.get(str(flow), ()):
            url = definition.get(key)
            if url is None:
                yield diagnostic("XT713", f"oauth2 flow {flow} needs {key}", ptr)
            elif not _absolute_https(url):
                yield diagnostic(
                    "XT713",
                    f"{key} {url!r} is not an absolute https URL; Nintex opens it from "
                    "its cloud, so give the provider's full https address",
                    jp.join(ptr, key),
                )


def _absolute_https(url: Any) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.netloc) and " " not in url


def check_security_requirements(ix: Index) -> Iterator[Diagnostic]:
    definitions = _definitions(ix)
    root = ix.doc.get("security")
    if isinstance(root, list):
        yield from _requirements(root, "/security", definitions, "/security")
    root_needs_auth = isinstance(root, list) and any(isinstance(r, dict) and r for r in root)
    inheriting = [op.pointer for op in ix.ops if "security" not in op.node]
    if root_needs_auth and inheriting:
        which = (
            "every operation relies"
            if len(inheriting) == len(ix.ops)
            else f"{len(inheriting)} operations rely (the first: {inheriting[0]})"
        )
        yield diagnostic(
            "XT714",
            f"{which} on the root security: Nintex's OAuth page asks for a security array in "
            "each operation that needs authentication (xtgen convert copies it down), although some "
            "of Nintex's samples rely on the root one",
            "/security",
        )
    for op in ix.ops:
        own = op.node.get("security")
        if isinstance(own, list):
            yield from _requirements(own, op.pointer + "/security", definitions, op.pointer)


def check_unprotected_operations(ix: Index) -> Iterator[Diagnostic]:
    """An operation with no security array, in a file that defines how to authenticate and has no root
    requirement to inherit: Nintex calls it without credentials. `security: []` (here or at the root) says
    it is public on purpose."""
    definitions = _definitions(ix)
    if not definitions or isinstance(ix.doc.get("security"), list):
        return
    names = ", ".join(repr(n) for n in definitions)
    first = next(iter(definitions))
    for op in ix.ops:
        if "security" not in op.node:
            yield diagnostic(
                "XT718",
                f"the operation has no security array although the file defines {names}: Nintex calls it "
                f'without credentials (likely a 401 in a workflow); add "security": [{{"{first}": []}}], or '
                '"security": [] if it is public on purpose',
                op.pointer,
            )


def _requirements(
    requirements: list[Any], ptr: str, definitions: dict[str, Any], scope_ptr: str
) -> Iterator[Diagnostic]:
    for i, requirement in enumerate(requirements):
        if not isinstance(requirement, dict):
            continue
        for name, scopes in requirement.items():
            definition = definitions.get(name)
            if not isinstance(definition, dict):
                yield diagnostic(
                    "XT715",
                    f"security requirement names {name!r}, which securityDefinitions does "
                    f"not define (defined: {', '.join(definitions) or 'none'})",
                    jp.join(ptr, i),
                )
                continue
            if not isinstance(scopes, list) or not scopes:
                continue
            if definition.get("type") != "oauth2":
                yield diagnostic(
                    "XT716",
                    f"requirement {name!r} lists scopes {scopes}, but a "
                    f"{definition.get('type')} requirement takes an empty list",
                    scope_ptr,
                )
                continue
            declared = definition["scopes"] if isinstance(definition.get("scopes"), dict) else {}
            undeclared = [s for s in scopes if not isinstance(s, str) or s not in declared]
            if undeclared:
                yield diagnostic(
                    "XT716",
                    f"scopes {undeclared} are not declared in {name!r}: add them to its scopes so Nintex asks for them",
                    scope_ptr,
                )


# --- content types, render version, files -------------------------------------------------------------


def check_content_types(ix: Index) -> Iterator[Diagnostic]:
    """Per operation, the content types in effect (its own or the root's): none Nintex handles is a warning
    (once per list); unsupported types beside a supported one are an info, once per media type."""
    users: dict[str, list[str]] = {}  # pointer of a list with no supported type -> operations using it
    lists: dict[str, tuple[str, list[Any]]] = {}
    extras: dict[str, list[str]] = {}  # unsupported media type listed beside a supported one -> pointers
    for op in ix.ops:
        has_body = any(p.get("in") in ("body", "formData") for _, p in ix.params[op.pointer])
        for key in ("consumes", "produces") if has_body else ("produces",):
            own = key in op.node
            types = op.node.get(key) if own else ix.doc.get(key)
            if not isinstance(types, list) or not types:
                continue
            ptr = jp.join(op.pointer if own else "", key)
            usable = [_usable(key, t) for t in types]
            if not any(usable):
                users.setdefault(ptr, []).append(op.pointer)
                lists[ptr] = (key, types)
                continue
            for i, (media, ok) in enumerate(zip(types, usable, strict=True)):
                if not ok:
                    extras.setdefault(str(media), []).append(jp.join(ptr, i))
    for ptr, ops in users.items():
        key, types = lists[ptr]
        which = "the operation" if ptr.startswith("/paths") else f"{len(ops)} operation(s) (the first: {ops[0]})"
        yield diagnostic(
            "XT720",
            f"{key} {types} of {which}: Nintex handles application/json, "
            "multipart/form-data (uploads) and application/octet-stream; other content (XML, text, "
            "forms) needs a proxy in between",
            ptr,
        )
    for media, pointers in extras.items():
        where = "1 place" if len(pointers) == 1 else f"{len(pointers)} places, the pointer shows the first"
        yield diagnostic(
            "XT721",
            f"{media!r} is listed beside a content type Nintex handles ({where}): Nintex uses the supported one",
            sorted(set(pointers), key=pointers.index)[0],
        )


def _usable(key: str, media: Any) -> bool:
    kind = _media(media)
    return kind in CONTENT_TYPES and not (key == "produces" and kind == "multipart/form-data")


def _media(media: Any) -> str:
    return media.split(";", 1)[0].strip().lower() if isinstance(media, str) else ""


def check_render_version(ix: Index) -> Iterator[Diagnostic]:
    version_2 = ix.doc.get("x-ntx-render-version") == 2
    reported: set[str] = set()
    for op in ix.ops:
        for ptr, param in ix.params[op.pointer]:
            if ptr in reported:
                continue
            if not version_2 and _holds_array_of_objects(ix, param):
                reported.add(ptr)
                yield diagnostic(
                    "XT730",
                    f"parameter {param.get('name')!r} is or holds an array of objects, which "
                    "Nintex accepts only with x-ntx-render-version: 2 at the root: pass "
                    "--render-version 2 to xtgen convert, or add it by hand",
                    ptr,
                )
            elif version_2 and _is_file(ix, param):
                reported.add(ptr)
                yield diagnostic(
                    "XT731",
                    f"parameter {param.get('name')!r} is a file, and "
                    "x-ntx-render-version: 2 has no file support: drop the render version or split "
                    "the file operations into another Xtension",
                    ptr,
                )


def _is_file(ix: Index, param: dict[str, Any]) -> bool:
    if param.get("type") == "file" or param.get("format") in FILE_FORMATS:
        return True
    schema, _ = resolve_local(ix.doc, param.get("schema"), "")
    return isinstance(schema, dict) and schema.get("format") in FILE_FORMATS


def _holds_array_of_objects(ix: Index, param: dict[str, Any]) -> bool:
    if param.get("in") == "body":
        return _schema_holds(ix, param.get("schema"), set())
    return _schema_holds(ix, param, set())


def _schema_holds(ix: Index, schema: Any, visiting: set[int]) -> bool:
    """Whether a schema is, or contains at any depth, an array of objects ($refs followed)."""
    schema, _ = resolve_local(ix.doc, schema, "")
    if not isinstance(schema, dict) or id(schema) in visiting:
        return False
    key = id(schema)
    if key in ix.holds_memo:
        return ix.holds_memo[key]
    visiting.add(key)
    items = schema.get("items")
    if isinstance(items, dict) and _is_object(ix, items):
        found = True
    else:
        children = [items] if isinstance(items, dict) else list(items) if isinstance(items, list) else []
        properties = schema.get("properties")
        if isinstance(properties, dict):
            children += list(properties.values())
        for keyword in ("allOf", "anyOf", "oneOf"):
            if isinstance(schema.get(keyword), list):
                children += schema[keyword]
        if isinstance(schema.get("additionalProperties"), dict):
            children.append(schema["additionalProperties"])
        found = any(_schema_holds(ix, child, visiting) for child in children)
    visiting.discard(key)
    ix.holds_memo[key] = found
    return found


def _is_object(ix: Index, schema: Any) -> bool:
    schema, _ = resolve_local(ix.doc, schema, "")
    if not isinstance(schema, dict):
        return False
    return schema.get("type") == "object" or "properties" in schema or ("type" not in schema and "allOf" in schema)


def check_form_data_files(ix: Index) -> Iterator[Diagnostic]:
    root_consumes = ix.doc.get("consumes")
    for op in ix.ops:
        consumes = op.node.get("consumes", root_consumes)
        kinds = [_media(c) for c in consumes] if isinstance(consumes, list) else []
        for ptr, param in ix.params[op.pointer]:
            if param.get("in") == "formData" and param.get("type") == "file" and "multipart/form-data" not in kinds:
                yield diagnostic(
                    "XT740",
                    f"file parameter {param.get('name')!r} is sent as a form upload, which "
                    'needs "consumes": ["multipart/form-data"] on the operation (or the root)',
                    ptr,
                )


# --- operations ---------------------------------------------------------------------------------------------


def check_operation_names(ix: Index) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for op in ix.ops:
        operation_id = op.node.get("operationId")
        if not isinstance(operation_id, str) or not operation_id.strip():
            yield diagnostic(
                "XT750",
                "the operation has no operationId: Nintex's samples give every operation "
                f"one, and x-ntx-dynamic-values refer to them ({SAMPLE}); xtgen convert generates one",
                op.pointer,
            )
        elif operation_id in first:
            yield diagnostic(
                "XT751",
                f"operationId {operation_id!r} is already used by {first[operation_id]}: "
                "operationIds must be unique (xtgen convert renames the repeats)",
                op.pointer + "/operationId",
            )
        else:
            first[operation_id] = op.pointer
        summary = op.node.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            yield diagnostic(
                "XT752",
                "the operation has no summary, the name Nintex shows for the action; add one "
                f"(xtgen convert generates one; {SAMPLE})",
                op.pointer,
            )


# --- vendor extensions ------------------------------------------------------------------------------------


def check_extension_names_and_places(ix: Index) -> Iterator[Diagnostic]:
    for site in ix.ntx_sites:
        for key, value in site.node.items():
            if not isinstance(key, str) or not key.startswith("x-ntx-"):
                continue
            ptr = jp.join(site.pointer, key)
            extension = EXTENSIONS.get(key)
            if extension is None:
                import difflib

                close = difflib.get_close_matches(key, list(EXTENSIONS), n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]}?" if close else ""
                yield diagnostic("XT760", f"{key} is not an extension Nintex documents, so it does nothing{hint}", ptr)
                continue
            where = KIND_NAMES.get(site.kind, site.kind)
            if key == "x-ntx-connection-properties" and site.kind != "security-definition":
                yield diagnostic(
                    "XT766",
                    f"x-ntx-connection-properties sits in {where}; Nintex reads it only "
                    "inside one securityDefinitions entry",
                    ptr,
                )
            elif key == "x-ntx-dynamic-schema" and site.kind == "body-parameter":
                yield diagnostic(
                    "XT765",
                    "x-ntx-dynamic-schema is not allowed on a body parameter: put it on the "
                    "body's schema (or on a definition it refers to)",
                    ptr,
                )
            elif site.kind not in extension.where:
                places = sorted({KIND_NAMES[k] for k in extension.where})
                known = " (known from Nintex's samples only)" if extension.basis == "sample" else ""
                yield diagnostic(
                    "XT761",
                    f"{key} does not apply to {where} (it belongs on {', '.join(places)}"
                    f"{known}); Nintex ignores it here",
                    ptr,
                )
            else:
                problem = extension.shape(value)
                if problem:
                    yield diagnostic("XT767", f"{key} {problem} (got {_short(value)})", ptr)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


DYNAMIC = ("x-ntx-dynamic-values", "x-ntx-dynamic-schema")


def check_dynamic_references(ix: Index) -> Iterator[Diagnostic]:
    for site in ix.ntx_sites:
        for key in DYNAMIC:
            value = site.node.get(key)
            if isinstance(value, dict) and site.kind in FIELDS:
                yield from _dynamic(ix, site, key, value)


def _dynamic(ix: Index, site: Site, key: str, value: dict[str, Any]) -> Iterator[Diagnostic]:
    ptr = jp.join(site.pointer, key)
    operation_id = value.get("operationId")
    if not isinstance(operation_id, str):
        yield diagnostic(
            "XT763",
            f"{key} needs operationId: the helper operation that supplies the "
            f"{'values' if key == DYNAMIC[0] else 'schema'}",
            ptr,
        )
        return
    if "value-path" not in value:
        if key == DYNAMIC[0]:
            yield diagnostic("XT763", f"{key} needs value-path: the property of each item that is the value", ptr)
        else:
            yield diagnostic(
                "XT768",
                f"{key} has no value-path, the path to the schema in the helper's response; "
                "Nintex's pages always give one",
                ptr,
            )
    helper = ix.ids.get(operation_id)
    if helper is None:
        import difflib

        close = difflib.get_close_matches(operation_id, list(ix.ids), n=1, cutoff=0.8)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        yield diagnostic(
            "XT762",
            f"{key} refers to operationId {operation_id!r}, which this file does not define "
            f"(Nintex needs the helper operation in the same file){hint}",
            ptr + "/operationId",
        )
        return
    given = value.get("parameters")
    if given is None:
        return
    if not isinstance(given, dict):
        yield diagnostic("XT764", f"{key} parameters must be an object {{helper parameter: value}}", ptr)
        return
    helper_names = _names(ix, helper)
    op = ix.operation_of(site.pointer)
    own_names = _names(ix, op) if op else None
    for name, item in given.items():
        here = jp.join(ptr, "parameters", name)
        if name not in helper_names:
            yield diagnostic(
                "XT764",
                f"helper operation {operation_id!r} has no parameter or body property {name!r} "
                f"(it has: {', '.join(sorted(helper_names)) or 'none'})",
                here,
            )
        if isinstance(item, dict):
            source = item.get("parameter")
            if set(item) != {"parameter"} or not isinstance(source, str):
                yield diagnostic("XT764", f'parameter {name!r} must be a literal value or {{"parameter": NAME}}', here)
            elif own_names is not None and source not in own_names:
                yield diagnostic(
                    "XT764",
                    f"parameter {name!r} takes its value from {source!r}, which is neither a "
                    "parameter nor a body property of this operation",
                    here,
                )


def _names(ix: Index, op: Operation) -> set[str]:
    """The names a dynamic-* `parameters` entry may use: the operation's parameters and the properties of
    its body (Power Automate connectors refer to body properties by name)."""
    names = {p["name"] for _, p in ix.params[op.pointer] if isinstance(p.get("name"), str)}
    stack = [p.get("schema") for _, p in ix.params[op.pointer] if p.get("in") == "body"]
    seen: set[int] = set()
    while stack:
        schema, _ = resolve_local(ix.doc, stack.pop(), "")
        if not isinstance(schema, dict) or id(schema) in seen:
            continue
        seen.add(id(schema))
        properties = schema.get("properties")
        if isinstance(properties, dict):
            names.update(k for k in properties if isinstance(k, str))
            stack.extend(properties.values())
        for keyword in ("items", "additionalProperties"):
            if isinstance(schema.get(keyword), dict):
                stack.append(schema[keyword])
        if isinstance(schema.get("allOf"), list):
            stack.extend(schema["allOf"])
    return names


def check_power_automate_leftovers(ix: Index) -> Iterator[Diagnostic]:
    groups: dict[tuple[str, str], list[str]] = {}
    for name, label, site in power_automate_names(ix.doc, at_most=ix.facts.x_ms):
        value = site.node[name]
        code = _leftover_code(name, value)
        groups.setdefault((code, label), []).append(jp.join(site.pointer, name))
    for (code, label), pointers in groups.items():
        where = "1 place" if len(pointers) == 1 else f"{len(pointers)} places, the pointer shows the first"
        if code == "XT770":
            message = f"x-ms-summary ({where}): Nintex accepts it as x-ntx-summary; xtgen convert renames it"
        elif code == "XT771":
            message = (
                f"{label} ({where}) is Power Automate's: Nintex documents only its x-ntx-* equivalent; "
                "xtgen convert translates it"
            )
        elif code == "XT772":
            message = f"{label} ({where}) only documents (metadata): Nintex ignores it and nothing is lost"
        else:
            hint = HINTS.get(label.split(":")[0], DEFAULT_HINT)
            message = f"{label} ({where}) is Power Automate's: {hint}, so what it does there is lost"
        yield diagnostic(code, message, pointers[0])


def _leftover_code(name: str, value: Any) -> str:
    """The same meaning, and severity, as convert's migration: translatable (XT770, XT771), metadata only
    (XT772, info, as convert's XT785), behaviour Nintex lacks (XT782, warning, as in convert)."""
    if name == "x-ms-summary":
        return "XT770"
    if is_translatable(name, value):
        return "XT771"
    return "XT772" if is_metadata(name) or name == "x-ms-visibility" else "XT782"


CHECKS: tuple[Check, ...] = (
    check_host,
    check_schemes,
    check_external_refs,
    check_security_definitions,
    check_security_requirements,
    check_unprotected_operations,
    check_content_types,
    check_render_version,
    check_form_data_files,
    check_operation_names,
    check_extension_names_and_places,
    check_dynamic_references,
    check_power_automate_leftovers,
)


def lint_document(doc: Document, facts: KeyFacts | None = None) -> list[Diagnostic]:
    """Every rule on a Swagger 2.0 document; an OpenAPI 3 or other document gets XT700 only. `facts`: key facts
    that bound the document's keys from above (walk.key_facts of it, or of a document it was made from without
    adding an x-ms-*, x-ntx-* or $ref key); found here when not given."""
    if not is_swagger2(doc):
        if "openapi" in doc:
            message = f"this is OpenAPI {doc['openapi']}: Nintex takes Swagger 2.0 only; convert it with xtgen convert"
        else:
            message = 'no "swagger": "2.0": Nintex takes Swagger 2.0 documents only'
        return [diagnostic("XT700", message, "/swagger" if "swagger" in doc else "")]
    ix = Index.build(doc, facts)
    return [d for check in CHECKS for d in check(ix)]
