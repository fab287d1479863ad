"""A fast, sound pre-check for validation: "openapi-spec-validator would report nothing for this document".

openapi-spec-validator (OSV) runs two passes: the whole document against the OpenAPI JSON Schema, then
its own keyword walk (duplicate tags, operationIds and parameters, path parameters against the URL, each
schema checked against the JSON Schema draft-4 meta-schema, `required` names under `allOf`, defaults
against their schemas). On GitHub's 13 MB description that takes 15-30 s, mostly in its path-object
machinery and in list look-ups that grow with the square of the number of schemas.

This module repeats both passes on plain dicts:
- the JSON Schema pass with jsonschema-rs (the same bundled schema file, formats checked: OSV checks
  them too, e.g. `info.contact.email`, and jsonschema-rs is at least as strict); its regular expressions
  are ECMA ones, which accept no key Python's accept that matters here (`^x-`, `^/`, ...), and reject a
  few more (a trailing newline before `$`);
- the keyword walk over every schema OSV would visit, with each check at least as strict as OSV's:
  checks OSV runs only on the first visit of a schema or only at the top run on every visit, the
  meta-schema check runs in jsonschema-rs with Python's own regex test for `format: regex`, and
  defaults go through the very validator class OSV uses (openapi-schema-validator's OAS30Validator).

precheck() also says whether the first pass alone would pass in OSV's python-jsonschema backend (which checks
no formats: a `pattern` that is no ECMA regex fails only the stricter check above); then xtgen.validate runs
OSV's keyword walk without that pass. meta_passes() vouches for one schema's meta-schema check.

It answers True only when OSV would yield no error and raise nothing; anything unusual (a ref it cannot
follow, a value of an unexpected type, an exception) answers False. A False is not a verdict: the caller
then runs OSV itself, so every reported problem (and its wording) is OSV's. `bench/validate_equiv.py`
checks the two agree on the fixtures and the corpus.
"""

from __future__ import annotations

import importlib.util
import json
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from xtgen import pointer as jp
from xtgen.formats import METHODS_3
from xtgen.read.limits import JSON_SCALARS

SCHEMA_FILES = {"2.0": "v2.0", "3.0": "v3.0"}


class _Unsure(Exception):
    """The pre-check cannot vouch for the document: let openapi-spec-validator decide."""


DRAFT4 = "http://json-schema.org/draft-04/schema#"
LOCAL_DRAFT4 = "xtgen-draft-04-metaschema"


def _package_file(package: str, *parts: str) -> Any:
    """A data file of an installed package, found without importing the package (some are slow to import)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise _Unsure(f"{package} is not installed")
    return json.loads(Path(spec.submodule_search_locations[0], *parts).read_text(encoding="utf-8"))


@cache
def draft4_metaschema() -> dict[str, Any]:
    """The draft-4 meta-schema, as python-jsonschema (and so OAS30Validator.META_SCHEMA) has it."""
    return _package_file("jsonschema_specifications", "schemas", "draft4", "metaschema.json")  # type: ignore[no-any-return]


def _rewrite_refs(node: Any, rewrite: Callable[[str], str]) -> Any:
    if isinstance(node, dict):
        return {
            k: rewrite(v) if k == "$ref" and isinstance(v, str) else _rewrite_refs(v, rewrite) for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(v, rewrite) for v in node]
    return node


def _local_draft4(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its refs into the draft-4 meta-schema pointed at a copy kept inside it.

    jsonschema-rs answers such refs from its own built-in copy, which is laxer than the published one
    python-jsonschema uses (it accepts `enum: []` and repeated enum values)."""
    home = "#/definitions/" + LOCAL_DRAFT4
    meta = {k: v for k, v in draft4_metaschema().items() if k not in ("id", "$schema")}
    meta = _rewrite_refs(meta, lambda ref: home + ref[1:] if ref.startswith("#") else ref)
    schema = _rewrite_refs(schema, lambda ref: home + ref[len(DRAFT4) :] if ref.startswith(DRAFT4) else ref)
    schema["definitions"] = {**schema.get("definitions", {}), LOCAL_DRAFT4: meta}
    return schema


@cache
def _document_validator(version: str) -> Any:
    import jsonschema_rs

    schema = _package_file("openapi_spec_validator", "resources", "schemas", SCHEMA_FILES[version], "schema.json")
    # OSV checks formats here (e.g. an empty contact email fails): jsonschema-rs checks the same ones at least as
    # strictly, so a pass here still means OSV finds nothing (a fuzz test found the difference)
    return jsonschema_rs.Draft4Validator(_local_draft4(schema), validate_formats=True)


@cache
def _first_pass_validator(version: str) -> Any:
    """The same schema without format checks: OSV's first pass in python-jsonschema checks no format (its
    validator has no format checker), so a document this accepts passes it, e.g. with a `pattern` that is
    not an ECMA regex (OSV's keyword walk judges patterns, with Python's `re`)."""
    import jsonschema_rs

    schema = _package_file("openapi_spec_validator", "resources", "schemas", SCHEMA_FILES[version], "schema.json")
    return jsonschema_rs.Draft4Validator(_local_draft4(schema), validate_formats=False)


def _is_regex(value: Any) -> bool:
    """`format: regex` as OAS30Validator.check_schema tests it. Its check (openapi-schema-validator 0.7.3 to
    0.9.0) is "not a string, or Python's `re` compiles it", unless the optional `regress` package is installed:
    then it is asked itself. Importing it costs about 0.13 s (it imports pydantic-settings), more than a whole
    validation of most documents; tests/test_validate_fast_route.py holds the two answers equal."""
    if _regress_installed():
        from openapi_schema_validator import OAS30Validator

        return bool(OAS30Validator.FORMAT_CHECKER.conforms(value, "regex"))
    if not isinstance(value, str):
        return True
    try:
        re.compile(value)
    except re.error:
        return False
    return True


@cache
def _regress_installed() -> bool:
    return importlib.util.find_spec("regress") is not None


@cache
def _meta_validator() -> Any:
    """The draft-4 meta-schema, as OAS30Validator.check_schema applies it (only `format: regex` is checked)."""
    import jsonschema_rs

    meta = {k: v for k, v in draft4_metaschema().items() if k not in ("id", "$schema")}
    return jsonschema_rs.Draft4Validator(meta, validate_formats=True, formats={"regex": _is_regex})


def available() -> bool:
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        return False
    return True


def _valid(validator: Any, document: Any) -> bool:
    try:
        return bool(validator.is_valid(document))
    except Exception:  # anything surprising in a validator: OSV decides
        return False


def meta_passes(schema: Any) -> bool:
    """True when `OAS30Validator.check_schema(schema)` (the meta-schema check of OSV's keyword walk for
    OpenAPI 2.0 and 3.0) would raise nothing: jsonschema-rs says so, on a plain-JSON schema object."""
    if not plain_json(schema):
        return False
    try:
        return bool(_meta_validator().is_valid(schema))
    except Exception:
        return False


@dataclass(frozen=True)
class Precheck:
    """What the pre-check can vouch for: OSV's first pass (the document against the OpenAPI JSON Schema)
    would yield nothing (`document`), OSV would yield nothing at all (`whole`)."""

    document: bool
    whole: bool


def precheck(document: Any, version: str, plain: bool | None = None) -> Precheck:
    """The pre-check of a document (version '2.0' or '3.0'). `whole` needs the first pass with formats checked
    (as OSV's jsonschema-rs backend, which vouching for an output must satisfy too), `document` only the first
    pass as OSV's python-jsonschema backend runs it (no formats). `plain`: plain_json(document), when the caller
    knows it (xtgen.read.limits.Facts.plain)."""
    if version not in SCHEMA_FILES or not (plain_json(document) if plain is None else plain):
        return Precheck(document=False, whole=False)
    if not _valid(_document_validator(version), document):  # formats checked: OSV's jsonschema-rs backend does
        return Precheck(document=_valid(_first_pass_validator(version), document), whole=False)
    try:
        return Precheck(document=True, whole=_Walk(document, version).run())
    except (_Unsure, RecursionError):
        return Precheck(document=True, whole=False)
    except Exception:  # anything surprising in a validator: OSV decides
        return Precheck(document=True, whole=False)


def passes(document: Any, version: str) -> bool:
    """True when openapi-spec-validator would find nothing wrong (version '2.0' or '3.0')."""
    return precheck(document, version).whole


def plain_json(document: Any) -> bool:
    """Only dicts, lists and JSON scalars? jsonschema-rs reads a tuple as an array where python-jsonschema
    (and so OSV) does not, and other Python types (dates from YAML, dict subclasses) are best left to OSV."""
    if type(document) is not dict:
        return False
    stack = [document]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        for value in node.values() if type(node) is dict else node:
            kind = type(value)
            if kind is dict or kind is list:
                push(value)
            elif kind not in JSON_SCALARS:
                return False
    return True


_UNKNOWN = object()


class _Walk:
    """OSV's keyword walk, on plain dicts."""

    def __init__(self, document: dict[str, Any], version: str) -> None:
        self.doc = document
        self.v2 = version == "2.0"
        self.visited: set[int] = set()
        self.meta_checked: set[int] = set()
        self.meta_pending: list[Any] = []
        self.operation_ids: set[Any] = set()
        self.defaults: list[tuple[Any, Any]] = []  # (schema, value) pairs OSV validates
        self.targets: dict[str, Any] = {}  # ref -> what it names, one step

    def run(self) -> bool:
        tags = self.doc.get("tags")
        if tags is not None:
            names = [self.deref(tag)["name"] for tag in tags]
            if len(set(names)) != len(names):
                return False
        paths = self.doc.get("paths")
        if paths is not None:
            for url, item in self.items(paths):
                self.path_item(url, item)
        if not self.v2 and "components" in self.doc:
            components = self.deref(self.doc["components"])
            if "schemas" in components:
                for _, schema in self.items(components["schemas"]):
                    self.schema(schema, top=True)
        meta = _meta_validator()
        if not all(meta.is_valid(schema) for schema in self.meta_pending):
            return False
        return self.defaults_pass()

    # -- plumbing ----------------------------------------------------------------------------------

    def deref(self, node: Any) -> Any:
        """Follow a $ref chain as jsonschema-path does; only local, plain pointers are followed here."""
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if seen > 50:
                raise _Unsure(ref)
            target = self.targets.get(ref, _UNKNOWN)  # a large document names a few refs thousands of times
            node = self.target(ref) if target is _UNKNOWN else target
            seen += 1
        return node

    def target(self, ref: str) -> Any:
        """What one local, plain ref names (one step of a chain), remembered."""
        if not ref.startswith("#/") or "%" in ref:  # other files, anchors, the root itself
            raise _Unsure(ref)
        node = self.doc
        for token in map(jp.unescape, ref[2:].split("/")):
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise _Unsure(ref)
        self.targets[ref] = node
        return node

    def mapping(self, node: Any) -> dict[str, Any]:
        node = self.deref(node)
        if not isinstance(node, dict):
            raise _Unsure("not an object")
        return node

    def items(self, node: Any) -> Iterator[tuple[str, Any]]:
        yield from self.mapping(node).items()

    def sequence(self, node: Any) -> list[Any]:
        node = self.deref(node)
        if not isinstance(node, list):
            raise _Unsure("not a list")
        return node

    # -- paths, operations, parameters, responses -------------------------------------------------

    def path_item(self, url: str, item: Any) -> None:
        item = self.mapping(item)
        path_params = None
        if "parameters" in item:
            path_params = self.sequence(item["parameters"])
            self.parameters(path_params)
        for name, operation in item.items():
            if name in METHODS_3:
                self.operation(url, self.mapping(operation), path_params)

    def operation(self, url: str, operation: dict[str, Any], path_params: list[Any] | None) -> None:
        if "operationId" in operation:
            op_id = self.deref(operation["operationId"])
            if op_id is not None and op_id in self.operation_ids:
                raise _Unsure("duplicate operationId")
            self.operation_ids.add(op_id)
        if "responses" in operation:
            for _, response in self.items(operation["responses"]):
                self.response(self.mapping(response))
        names: list[str] = []
        if "parameters" in operation:
            params = self.sequence(operation["parameters"])
            self.parameters(params)
            names += self.path_param_names(params)
        if path_params is not None:
            names += self.path_param_names(path_params)
        url_params = {field for _, field, _, _ in string.Formatter().parse(url) if field}
        if set(names) != url_params:
            raise _Unsure("path parameters do not match the URL")

    def path_param_names(self, params: list[Any]) -> list[str]:
        names = []
        for param in params:
            param = self.mapping(param)
            if self.deref(param["in"]) == "path":
                names.append(self.deref(param["name"]))
        return names

    def parameters(self, params: list[Any]) -> None:
        seen = set()
        for param in params:
            param = self.mapping(param)
            if "schema" in param:
                self.schema(param["schema"], top=True)
            if self.v2 and "default" in param:
                self.defaults.append((param, self.deref(param["default"])))
            key = (self.deref(param["name"]), self.deref(param["in"]))
            if key in seen:
                raise _Unsure("duplicate parameter")
            seen.add(key)

    def response(self, response: dict[str, Any]) -> None:
        if self.v2:
            if "schema" in response:
                self.schema(response["schema"], top=True)
            return
        if "content" in response:
            for _, media in self.items(response["content"]):
                media = self.mapping(media)
                if "schema" in media:
                    self.schema(media["schema"], top=True)

    # -- schemas -----------------------------------------------------------------------------------

    def schema(self, node: Any, top: bool = False) -> None:
        """Every check OSV's SchemaValidator makes, on every visit (OSV skips some after the first)."""
        schema = self.deref(node)
        if not isinstance(schema, dict):
            raise _Unsure("schema is not an object")  # booleans too: the meta-schema rejects them
        key = id(schema)
        if top and key not in self.meta_checked:
            self.meta_checked.add(key)
            self.meta_pending.append(schema)
        if key in self.visited:
            return
        self.visited.add(key)
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in schema:
                for sub in self.sequence(schema[keyword]):
                    self.schema(sub)
        if "not" in schema:
            self.schema(schema["not"])
        if "items" in schema:
            self.schema(schema["items"])
        if "properties" in schema:
            for _, sub in self.items(schema["properties"]):
                self.schema(sub)
        if "allOf" in schema:  # OSV collects the names (and fails on a cycle) with or without `required`
            nested: set[str] = set()
            for sub in self.sequence(schema["allOf"]):
                nested |= self.property_names(sub, ())
            required = self.deref(schema["required"]) or [] if "required" in schema else []
            own = set(self.mapping(schema["properties"])) if "properties" in schema else set()
            if set(required) - own - nested:
                raise _Unsure("required names a property no schema defines")
        if "default" in schema:
            value = self.deref(schema["default"])
            nullable = self.deref(schema["nullable"]) if "nullable" in schema else False
            if value is not None or nullable is not True:
                self.defaults.append((schema, value))

    def property_names(self, node: Any, trail: tuple[int, ...]) -> set[str]:
        """OSV's _collect_properties; it recurses without a guard, so a cycle here makes OSV fail."""
        schema = self.mapping(node)
        if id(schema) in trail:
            raise _Unsure("recursive allOf/items chain")
        trail = (*trail, id(schema))
        names: set[str] = set(self.mapping(schema["properties"])) if "properties" in schema else set()
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in schema:
                for sub in self.sequence(schema[keyword]):
                    names |= self.property_names(sub, trail)
        for keyword in ("items", "not"):
            if keyword in schema:
                names |= self.property_names(schema[keyword], trail)
        return names

    def defaults_pass(self) -> bool:
        """Each default against its schema, with the validator OSV uses, refs resolved in this document; plain
        ones (xtgen/default_fits.surely_fits) without it: most documents then never import it (about 0.13 s)."""
        from xtgen.default_fits import surely_fits

        others = [(schema, value) for schema, value in self.defaults if not surely_fits(schema, value)]
        if not others:
            return True
        check = _default_checker(self.doc)
        return all(check(schema, value) for schema, value in others)


def _default_checker(document: dict[str, Any]) -> Callable[[Any, Any], bool]:
    from openapi_schema_validator import OAS30Validator, oas30_format_checker
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    # the resolver jsonschema-path builds for OSV: the document at base URI "", read as draft 2020-12
    resolver = Registry().with_resource("", DRAFT202012.create_resource(document)).resolver(base_uri="")

    def check(schema: Any, value: Any) -> bool:
        validator = OAS30Validator(schema, _resolver=resolver, format_checker=oas30_format_checker)
        return next(iter(validator.iter_errors(value)), None) is None

    return check
