"""The state one conversion carries: the source document, the options, and the diagnostics sink."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xtgen import pointer as jp
from xtgen.convert.formats import fit_formatted_fields, fits_format
from xtgen.model import Document, Options
from xtgen.sink import DiagnosticSink


@dataclass
class Context(DiagnosticSink):
    """Collects diagnostics while the concern modules convert; resolves local refs in the source."""

    source: Document
    options: Options
    version: str = "3.0"
    # security scheme name -> names of the 2.0 definitions it became (several when a scheme had many flows)
    security_names: dict[str, list[str]] = field(default_factory=dict)
    # components.requestBodies names emitted as 2.0 body parameters
    body_parameters: set[str] = field(default_factory=set)
    # components.parameters names dropped (cookie, unconvertible)
    dropped_parameters: set[str] = field(default_factory=set)
    # definition name -> x-discriminator-value to set on it
    discriminator_values: dict[str, str] = field(default_factory=dict)
    # schemas 2.0 has no place for, hoisted to definitions: source ref -> definition name, and name -> schema
    hoisted_names: dict[str, str] = field(default_factory=dict)
    hoisted: dict[str, Any] = field(default_factory=dict)
    # operationIds given so far (2.0 wants them unique)
    operation_ids: set[str] = field(default_factory=set)
    # a later stage replaces every security definition (a preset): a scheme 2.0 cannot express loses nothing
    security_replaced: bool = False
    # the next suffix to try for a repeated operationId (10,000 repeats: linear, not quadratic)
    operation_id_suffix: dict[str, int] = field(default_factory=dict)
    # local refs resolved so far (the source never changes during a conversion; GitHub's description asks
    # for its shared parameters thousands of times)
    resolved: dict[str, Any] = field(default_factory=dict)
    # an output parameter's $ref -> the (name, in) it stands for (convert/paths.py)
    parameter_keys: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def mapping(self, value: Any, what: str, pointer: str) -> dict[str, Any]:
        """`value` when it is an object; {} when absent, or after an error when it is something else."""
        if isinstance(value, dict):
            return value
        if value is not None:
            self.error("XT040", f"{what} must be an object, found {_kind(value)}: ignored", pointer)
        return {}

    def sequence(self, value: Any, what: str, pointer: str) -> list[Any]:
        """`value` when it is a list; [] when absent, or after an error when it is something else."""
        if isinstance(value, list):
            return value
        if value is not None:
            self.error("XT041", f"{what} must be a list, found {_kind(value)}: ignored", pointer)
        return []

    def copy_fields(self, source: dict[str, Any], keys: tuple[str, ...], out: dict[str, Any], pointer: str) -> None:
        """Copy descriptive fields 2.0 shares with 3.x; a value of the wrong type is kept as x-<field>."""
        for key in keys:
            if key not in source:
                continue
            value = source[key]
            if key == "externalDocs" and FIELD_FITS[key](value) and not self.url_fits(value, jp.join(pointer, key)):
                out["x-" + key] = value
            elif FIELD_FITS.get(key, _is_text)(value):
                out[key] = self.fit_formats(key, value, jp.join(pointer, key)) if key in FORMATTED_FIELDS else value
            else:
                out["x-" + key] = value
                self.warning(
                    "XT042", f"{key} must be {FIELD_KINDS.get(key, 'a string')}: kept as x-{key}", jp.join(pointer, key)
                )

    def url_fits(self, external_docs: dict[str, Any], pointer: str) -> bool:
        """externalDocs needs an absolute url: False (after a warning) when it has another."""
        if fits_format(external_docs.get("url"), "uri"):
            return True
        self.warning(
            "XT043",
            f"externalDocs url {external_docs.get('url')!r} is not an absolute URL, which Swagger "
            "2.0 requires: kept as x-externalDocs",
            jp.join(pointer, "url"),
        )
        return False

    def fit_formats(self, key: str, value: Any, pointer: str) -> Any:
        """contact, license and externalDocs with their `uri` / `email` fields fit for validators."""
        fields = FORMATTED_FIELDS.get(key)
        return fit_formatted_fields(self.warning, value, fields, pointer) if fields else value

    @property
    def nintex(self) -> bool:
        return self.options.target == "nintex"

    def lookup(self, ref: str) -> Any:
        """Resolve a local ref ('#/...') in the source; KeyError when it points at nothing."""
        if not ref.startswith("#"):
            raise KeyError(ref)
        value = self.resolved.get(ref, _UNRESOLVED)
        if value is _UNRESOLVED:  # resolved once; a ref to nothing raises KeyError each time
            value = self.resolved[ref] = jp.resolve_ref(self.source, ref)
        return value

    def deref(self, value: Any, pointer: str, *, limit: int = 50) -> tuple[Any, str]:
        """Follow $ref chains of a non-schema object. Returns (target, pointer of target).

        A broken or circular chain yields ({}, pointer) after an error diagnostic.
        """
        seen: set[str] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            ref = value["$ref"]
            if ref in seen or len(seen) > limit:
                self.error("XT011", f"circular $ref chain through {ref!r}", pointer)
                return {}, pointer
            seen.add(ref)
            try:
                value = self.lookup(ref)
            except KeyError:
                self.error("XT010", f"$ref {ref!r} points at nothing in the document", pointer)
                return {}, pointer
            pointer = jp.fragment_pointer(ref)
        return value, pointer


_UNRESOLVED = object()


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(type(value), "a number")


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _texts(value: Any) -> bool:
    return isinstance(value, dict) and all(_is_text(v) for k, v in value.items() if not str(k).startswith("x-"))


FIELD_FITS: dict[str, Callable[[Any], bool]] = {
    "tags": lambda v: isinstance(v, list) and all(_is_text(t) for t in v) and len(set(v)) == len(v),
    "externalDocs": lambda v: _texts(v) and _is_text(v.get("url")),
    "contact": _texts,
    "license": lambda v: _texts(v) and _is_text(v.get("name")),
}
FORMATTED_FIELDS = {"contact": {"url": "uri", "email": "email"}, "license": {"url": "uri"}}
FIELD_KINDS = {
    "tags": "a list of distinct strings",
    "externalDocs": "an object with a url",
    "contact": "an object of strings",
    "license": "an object with a name",
}
