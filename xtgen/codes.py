"""The catalogue of every diagnostic code xtgen can emit: one home for its severity, stage, title,
explanation and basis.

Every `Diagnostic` is checked against it when it is made (xtgen.model.Diagnostic.__post_init__): an
unknown code, or a severity that is neither the code's default nor one listed in `also`, is refused.
`xtgen rules` lists and explains the codes, the README's table is generated from here, and
tests/test_codes.py fails when the source and the catalogue drift apart.

To add a code: pick a free number in its stage's range (below), add one `_code(...)` line, emit it,
and regenerate the README table (`xtgen rules --format markdown`, see README "Diagnostic codes").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from xtgen.model import Choice, Severity


class Basis(StrEnum):
    """Why the rule exists."""

    NINTEX_DOCS = "documented by Nintex"
    NINTEX_SAMPLES = "seen in Nintex samples"
    SWAGGER2 = "Swagger 2.0 rule"
    OPENAPI = "OpenAPI rule"
    XTGEN = "xtgen's choice"

    def __str__(self) -> str:
        return self.value


# The conventions' ranges: the hundreds digit of a code names its stage.
STAGES = (
    "input",  # XT0xx loading and input: files, parsing, versions, $ref resolution and bundling
    "security",  # XT1xx schemes, flows, requirements, the target's auth choice
    "servers",  # XT2xx servers, host, basePath, schemes
    "parameters",  # XT3xx parameters and request bodies
    "responses",  # XT4xx responses, headers, content types
    "schemas",  # XT5xx nullable, composition, 3.1 keywords
    "dropped",  # XT6xx callbacks, links, webhooks, methods
    "readiness",  # XT7xx Nintex readiness rules and vendor extensions
    "presets",  # XT8xx presets and offline access
    "output",  # XT9xx output validation and internal failures
)


@dataclass(frozen=True)
class CodeInfo:
    code: str  # "XT730"
    severity: Severity  # default severity
    stage: str  # one of STAGES, from the code's range
    title: str  # short, one line
    explanation: str  # what it means and how to fix or silence it
    basis: Basis
    also: frozenset[Severity] = frozenset()  # other severities some call sites use (the explanation says when)
    retired: str = ""  # non-empty: no longer emitted, and why (the number stays taken)

    @property
    def severities(self) -> frozenset[Severity]:
        """Every severity a diagnostic with this code may carry."""
        return self.also | {self.severity}


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
DOCS, SAMPLES, SW2, OAS, XT = Basis.NINTEX_DOCS, Basis.NINTEX_SAMPLES, Basis.SWAGGER2, Basis.OPENAPI, Basis.XTGEN


def stage_of(code: str) -> str:
    """The stage of a code, from its range (XT0xx input ... XT9xx output)."""
    return STAGES[int(code[2])]


def _code(
    code: str,
    severity: Severity,
    basis: Basis,
    title: str,
    explanation: str,
    also: tuple[Severity, ...] = (),
    retired: str = "",
) -> CodeInfo:
    return CodeInfo(code, severity, stage_of(code), title, explanation, basis, frozenset(also), retired)


# fmt: off
_ENTRIES = (
    # XT0xx: loading and input
    _code("XT001", E, OAS, "a path does not start with '/'",
          "OpenAPI path keys are templates that start with '/'; the path is left out of the output. Fix the key in "
          "the input (e.g. `users` -> `/users`)."),
    _code("XT002", E, OAS, "an operation is not an object",
          "An operation under a path item must be an object; a placeholder operation with only a default response is "
          "written instead. Fix the operation in the input."),
    _code("XT003", E, OAS, "the document has no info object",
          "OpenAPI requires `info` with `title` and `version`; the output gets an empty title and version and is not "
          "written. Add an info object to the input."),
    _code("XT004", W, SW2, "swagger: 2.0 read as a number",
          "YAML reads an unquoted `swagger: 2.0` as the number 2.0. xtgen treats the document as Swagger 2.0 "
          "everywhere (convert, lint, docs, presets) and writes the string \"2.0\" that the Swagger 2.0 schema "
          "requires. Quote the version in the file (`swagger: \"2.0\"`) to silence this."),
    _code("XT009", E, XT, "the input could not be read",
          "The file is missing, unreadable, not UTF-8, malformed, or not an OpenAPI/Swagger document; the message says"
          " why. Nothing is converted (exit 2), and the report still lists the input with this reason."),
    _code("XT010", E, OAS, "a $ref points at nothing",
          "The target of a `$ref` (local, or inside a bundled file) does not exist, so what it stood for is left out."
          " Fix the reference or add the missing component."),
    _code("XT011", E, OAS, "a circular chain of $refs",
          "A `$ref` leads to a `$ref` that leads back (in the document or between files) without ever reaching a "
          "value. Recursive schemas are fine; a chain of refs to refs is not. Point one of them at a real object."),
    _code("XT012", E, OAS, "a $ref is not a string",
          "`$ref` must hold a URI string; the schema is left empty. Fix the value in the input."),
    _code("XT013", E, XT, "an external $ref was not bundled",
          "A schema `$ref` into another file reached the converter unbundled; bundling inlines such refs, or reports "
          "XT014, XT017, XT018 or XT019 when it cannot. The schema is left empty. Fix what bundling reported, and "
          "convert through the CLI or `convert_file`, which bundle first."),
    _code("XT014", E, XT, "a $ref is a URL",
          "xtgen never fetches anything from the network. Save the referenced file beside the spec and refer to it by"
          " relative path."),
    _code("XT015", INFO, XT, "external $refs were bundled",
          "Nintex takes one self-contained file, so schemas from referenced files were copied into definitions and "
          "the refs rewritten. Nothing to fix."),
    _code("XT016", INFO, SW2, "components with no 2.0 home were inlined",
          "Swagger 2.0 has no shared headers, examples or path items; `components.headers`, `components.examples` and"
          " `components.pathItems` are inlined where they are used. Nothing to fix."),
    _code("XT017", E, XT, "a referenced file cannot be used",
          "A file named by a `$ref` is missing, unreadable, not JSON or YAML, or not a mapping; the message gives the"
          " reason. Fix the file or the reference."),
    _code("XT018", E, XT, "a relative file $ref with input from stdin",
          "A `$ref` names a file relative to the spec, but the spec came from stdin, so there is no folder to resolve"
          " it in. Pass the spec as a file path."),
    _code("XT019", E, XT, "a $ref leaves the allowed folder",
          "External refs are read only from the input's folder and below (after resolving symlinks), so a spec cannot"
          " read arbitrary files. Move the file under the spec's folder, or widen the root with `--ref-root DIR`."),
    _code("XT020", W, OAS, "the input is not valid OpenAPI",
          "openapi-spec-validator found a problem in the input. xtgen converts what it can; fix the input for a "
          "faithful result, or skip validation with `--no-validate`."),
    _code("XT021", W, XT, "input validation could not finish",
          "The OpenAPI validator itself failed on this input (for example on a reference it cannot resolve), so the "
          "input was not validated; conversion went on. Fix the problem named in the message, or pass "
          "`--no-validate`."),
    _code("XT022", W, XT, "input validation skipped: schema composition fans out",
          "This schema's `allOf` parts expand to more than 100,000 schemas, or lead back to themselves: the "
          "validators would walk every use or never finish, so the input is not validated. Merge the parts."),
    _code("XT023", E, XT, "a $ref chain is too long",
          "A chain of more than 50 `$ref`s to `$ref`s, reported once for the whole chain (an acyclic chain is not "
          "circular). Point the refs at their final target."),
    _code("XT030", E, XT, "the document nests too deeply",
          "xtgen reads at most 128 levels of nesting (also once YAML aliases are expanded); real specs stay under 40."
          " Flatten the document with `$ref`s to named components."),
    _code("XT031", E, XT, "the document is too large, or an alias bomb",
          "xtgen reads at most 5,000,000 values, and YAML aliases may not expand a document more than about 20 times "
          '(a "billion laughs" file). Split the spec, or replace the aliases.'),
    _code("XT032", E, XT, "a YAML alias contains itself",
          "A recursive YAML structure has no JSON form. Use a `$ref` instead of the alias."),
    _code("XT033", E, XT, "a mapping key is not a string",
          "JSON keys are strings; after reading YAML scalars as JSON would, a key was still not one. Quote the key."),
    _code("XT034", E, XT, "a value has no JSON form",
          "`inf`, `NaN` and non-JSON YAML values (timestamps that stay objects, binary) cannot be written as JSON. "
          "Write a finite number, or quote the value as a string."),
    _code("XT035", E, OAS, "the document root is not a mapping",
          "A spec is a JSON or YAML object at its root; the library was given something else. Pass the parsed "
          "document as a dict."),
    _code("XT036", E, XT, "external refs would inline too much",
          "Inlining non-schema external refs at every use would pass 20 times the values read plus 100,000. Move "
          "the shared object into components, so it is referenced instead of copied."),
    _code("XT037", E, XT, "a key is too long",
          "A key over 4,096 characters: every diagnostic under it would repeat it in its pointer (a 39 KB path "
          "produced 1.3 GB of output). Shorten the key."),
    _code("XT040", E, OAS, "an object was expected",
          "A field that must be an object (components, scopes, a mapping of names) holds something else; it is "
          "ignored. Fix its type in the input."),
    _code("XT041", E, OAS, "a list was expected",
          "A field that must be a list holds something else; it is ignored. Fix its type in the input."),
    _code("XT042", W, SW2, "a descriptive field has the wrong type",
          "`tags`, `externalDocs`, `contact`, `license` or a description of the wrong type (or scope descriptions "
          "that are not strings) would make the output invalid, so the value is kept as `x-<field>` (scope "
          "descriptions become ''). Fix the value in the input."),
    _code("XT043", W, SW2, "a URL or email field does not fit its format",
          "Swagger 2.0 validators check `url` fields as absolute URLs and `email` as an address; a value that does "
          "not fit is kept as `x-<field>` (an `externalDocs` with a bad url becomes `x-externalDocs`). Fix the value "
          "in the input."),
    _code("XT060", INFO, XT, "an overlay was applied to the input",
          "The overlay's `extends` or its targets (e.g. under `$.components`, `$.servers`, `requestBody`) show it "
          "was written for the OpenAPI 3 input, so it ran before conversion. Give `--overlay-stage output` to apply "
          "it to the Swagger 2.0 output instead."),
    _code("XT061", W, XT, "an overlay target matches nothing",
          "An overlay action's JSONPath target selected no node, so the action changed nothing; usually the spec "
          "was regenerated and a path or operation renamed. The Overlay Specification calls this a success; xtgen "
          "warns, and `--strict` fails. Update the target or remove the action."),
    _code("XT062", E, OAS, "an overlay value cannot be merged",
          "An `update` or copied value is incompatible with a selected node (e.g. an object merged into a string); "
          "the Overlay Specification makes that an error. Fix the action's value or target."),
    _code("XT063", E, OAS, "an overlay target selects mixed kinds",
          "An `update` or `copy` target selected objects, arrays and primitives together; the Overlay Specification "
          "needs one kind. Narrow the target."),
    _code("XT064", W, XT, "an overlay copy source matches nothing",
          "The `copy` JSONPath selected nothing, so the action changed nothing. Fix the source path."),
    _code("XT065", E, OAS, "an overlay copy source selects several nodes",
          "A `copy` source must select exactly one node (Overlay Specification 1.1). Narrow the source path."),
    _code("XT066", E, XT, "an overlay does too much work",
          "Over 100,000 matches in one action, 1,000,000 in a run, or over 5,000,000 values added: the remaining "
          "actions are skipped and nothing is written. Narrow the targets."),
    _code("XT067", E, XT, "an overlay removes the whole document",
          "A `remove` action targets `$`; the whole document cannot be removed. Target the nodes to remove."),
    _code("XT068", INFO, XT, "an overlay action was applied",
          "Names the action, its kind, its target, how many nodes it changed and at which stage; the docs' conversion "
          "report lists these. Nothing to fix."),
    _code("XT069", W, XT, "an overlay action has no effect",
          "The action has no `update`, no `copy` and no `remove: true`: valid against the schema, but it changes "
          "nothing. Add what the action should do, or delete it."),
    # XT1xx: security
    _code("XT100", E, OAS, "a security scheme is not an object",
          "A security scheme must be an object; it is left out. Fix it in the input."),
    _code("XT101", INFO, XT, "http bearer became an apiKey header",
          "Swagger 2.0 has no bearer scheme: the definition becomes an apiKey in header `Authorization` (with "
          "`bearerFormat` as `x-bearer-format`), and users type `Bearer <token>` as the key. Nothing to fix."),
    _code("XT102", W, SW2, "a security scheme was dropped",
          "Swagger 2.0 cannot express this scheme (apiKey in a cookie, http digest and other http schemes, mutualTLS,"
          " openIdConnect without `--oidc-discovery`, oauth2 without a known flow). A warning normally; an info when "
          "`--preset` is given, since the preset's definition replaces every scheme and nothing is lost. Choose "
          "another scheme with `--security`, use `--preset`, or pass `--oidc-discovery FILE`.", also=(INFO,)),
    _code("XT103", E, OAS, "an oauth2 flow lacks a URL",
          "An oauth2 flow is missing the `authorizationUrl` or `tokenUrl` its type needs, so the definition is "
          "incomplete. Add the URL to the flow."),
    _code("XT104", INFO, SW2, "refreshUrl kept as x-refresh-url",
          "Swagger 2.0 has no refresh URL; the value is kept as `x-refresh-url`. Nintex refreshes tokens at the "
          "tokenUrl. Nothing to fix."),
    _code("XT105", W, OAS, "unknown oauth2 flows dropped",
          "Only `authorizationCode`, `clientCredentials`, `implicit` and `password` flows exist; the others are left "
          "out. Fix the flow names in the input."),
    _code("XT106", INFO, SW2, "a scheme with several flows was split",
          "Swagger 2.0 allows one flow per definition: the first of accessCode, application, implicit, password keeps"
          " the scheme's name, the others become `<name>_<flow>`, and every requirement offers each as an alternative"
          " with the same scopes. Nothing to fix."),
    _code("XT107", E, XT, "the OIDC discovery file lacks endpoints",
          "The file given with `--oidc-discovery` has no `authorization_endpoint` or `token_endpoint`, so no oauth2 "
          "definition can be made from it. Pass the provider's complete `.well-known/openid-configuration`."),
    _code("XT108", INFO, XT, "openIdConnect became oauth2 accessCode",
          "With `--oidc-discovery FILE`, an openIdConnect scheme becomes an oauth2 `accessCode` definition with the "
          "discovery document's endpoints and `scopes_supported`. Nothing to fix."),
    _code("XT109", E, SW2, "an OAuth URL is not an absolute URL",
          "`authorizationUrl` or `tokenUrl` does not fit the `uri` format Swagger 2.0 validators check (e.g. it "
          "holds `\"` or `<`). An input problem: fix the URL in the input."),
    _code("XT110", INFO, XT, "a split flow's definition name was taken",
          "The name `<scheme>_<flow>` for a split flow was already used by another scheme, so a numbered name was "
          "used. Rename a scheme in the input to choose the names yourself."),
    _code("XT111", E, OAS, "security is not a list of requirement objects",
          "`security` must be a list of objects mapping scheme names to scope lists; the bad part is ignored. Fix it "
          "in the input."),
    _code("XT112", W, OAS, "a requirement names an undefined scheme",
          "A security requirement names a scheme (or, for Swagger 2.0 input, a definition) that the document does not"
          " define; that alternative is dropped. Define the scheme or fix the name."),
    _code("XT113", INFO, SW2, "requirement alternatives using a dropped scheme were removed",
          "A scheme Swagger 2.0 cannot express was dropped (XT102); the requirement alternatives that used it go, and"
          " the operation keeps its other alternatives. Nothing to fix unless you need that scheme."),
    _code("XT114", E, SW2, "an operation is left with no way to authenticate",
          "Every alternative of the operation's requirement used a scheme Swagger 2.0 cannot express. An error "
          "(nothing is written) normally; an info when `--preset` is given, since the preset's definition replaces it"
          " there. Pass `--security NAME`, `--preset NAME`, or `--oidc-discovery FILE`.", also=(INFO,)),
    _code("XT115", W, XT, "--security stands in for a scheme 2.0 cannot express",
          "An operation whose only schemes have no Swagger 2.0 form now asks for the definition named with "
          "`--security`. Check that the API accepts it there."),
    _code("XT116", INFO, OAS, "a relative OAuth URL was resolved against the server",
          "OpenAPI 3 resolves a relative `authorizationUrl`, `tokenUrl` or `refreshUrl` against the server URL; "
          "Swagger 2.0 wants it absolute, so it was resolved against the chosen server. Nothing to fix."),
    _code("XT117", E, OAS, "a relative OAuth URL with no absolute server",
          "There is no absolute server URL to resolve the relative OAuth URL against. Pass `--server-url "
          "https://HOST/PATH` (or the `server-url` config key), or write the absolute URL in the spec."),
    _code("XT120", E, XT, "--security names no such definition",
          "The definition (or `NAME:flow`) given with `--security` does not exist after conversion; the message lists"
          " the choices. Pass one of them."),
    _code("XT121", W, DOCS, "a security definition was dropped for Nintex",
          "Nintex allows one authentication type per file: the nintex target keeps one definition (by `--security`, "
          "else the first accessCode, application, or most used one) and drops the others. Pass `--security NAME` to "
          "keep another, or make one Xtension per type."),
    _code("XT122", W, SW2, "a requirement asks for undeclared scopes",
          "After the nintex target's security shaping, an operation asks for scopes the kept definition does not "
          "declare. Declare the scopes in the definition, or fix the requirement."),
    _code("XT190", W, OAS, "requirement scopes are not a list of strings",
          "The scopes of a security requirement must be a list of strings; the others (and repeats) are dropped. Fix "
          "the list in the input."),
    # XT2xx: servers
    _code("XT201", E, OAS, "a server has no url",
          "A server object needs a `url`; it cannot give a host. Add the url, or pass `--server-url`."),
    _code("XT202", E, OAS, "a server variable has no default",
          "A `{variable}` in the server URL has no default value to substitute. Pass `--server-var NAME=VALUE`, or "
          "add a default in the input."),
    _code("XT203", E, XT, "--server INDEX is out of range",
          "The document has fewer servers than the index given with `--server`. Pass an index the message allows.",
          retired="since 0.2.0 an out-of-range --server is a usage error (exit 2, one line), not a diagnostic"),
    _code("XT204", E, SAMPLES, "no servers: no host",
          "Without servers (and without `--server-url`), the output has no host. An error in the nintex target, since"
          " an uploaded Xtension has no host to fall back on and Nintex's samples always declare one; a warning with "
          "`--target swagger2`, where clients use the host serving the spec. Pass `--server-url "
          "https://api.example.com/base`.", also=(W,)),
    _code("XT205", E, SAMPLES, "the server URL is relative: no host",
          "A relative server URL gives no host. An error in the nintex target, since an uploaded Xtension has no host"
          " to fall back on; a warning with `--target swagger2`, or when the relative URL is the one given with "
          "`--server-url`. Pass an absolute `--server-url https://api.example.com/base`.", also=(W,)),
    _code("XT206", E, SW2, "the server's host is not a valid 2.0 host",
          "Swagger 2.0 `host` is a host name with an optional port; the server URL gives something else (or cannot be"
          " parsed). Fix the URL, or pass `--server-url`."),
    _code("XT207", W, SW2, "the server's scheme has no 2.0 form",
          "Swagger 2.0 schemes are http, https, ws and wss; the server's scheme is none of them and is left out. Fix "
          "the URL, or pass `--server-url`."),
    _code("XT208", INFO, SW2, "one of several servers was kept",
          "Swagger 2.0 has one host: the first server (or `--server INDEX`) is kept; the message lists the others. "
          "Choose another with `--server INDEX` or `--server-url`."),
    _code("XT209", INFO, DOCS, "an operation's own server became x-ntx-host",
          "A path- or operation-level server differs from the document's: the nintex target sets `x-ntx-host` / "
          "`x-ntx-basePath` on the operation, which Nintex documents. Nothing to fix."),
    _code("XT210", W, SW2, "an operation's own server has no 2.0 form",
          "A path- or operation-level server differs from the document's host, and Swagger 2.0 has one host per file,"
          " so calls go to the document's host. The nintex target keeps it as `x-ntx-host`; otherwise split the spec."),
    # XT3xx: parameters and request bodies
    _code("XT211", W, OAS, "a --server-var value is outside the variable's enum",
          "The value given with `--server-var NAME=VALUE` is not one of the server variable's enum values; it is "
          "used as given. Check the value (the message lists the allowed ones)."),
    _code("XT300", E, OAS, "a parameter is not valid",
          "A parameter must be an object with a `name` and `in` of path, query, header or cookie; it is left out. Fix"
          " it in the input."),
    _code("XT301", W, SW2, "a cookie parameter was dropped",
          "Swagger 2.0 has no cookie parameters; the parameter (and each reference to it) is left out. Send it as a "
          "header named Cookie if the API needs it."),
    _code("XT302", W, OAS, "a path parameter is not required",
          "Path parameters are always required; the output marks it required. Set `required: true` in the input."),
    _code("XT303", W, SW2, "a parameter style has no 2.0 form",
          "The `style` has no Swagger 2.0 `collectionFormat` (arrays get csv), or is set on a non-array parameter "
          "where 2.0 has none. Use form, simple, spaceDelimited or pipeDelimited."),
    _code("XT304", INFO, SW2, "allowReserved kept as x-allowReserved",
          "Swagger 2.0 has no allowReserved; the flag is kept as `x-allowReserved`. Nothing to fix."),
    _code("XT305", INFO, SW2, "a parameter with content became a string",
          "A parameter serialized through `content` (e.g. JSON in a query value) has no 2.0 form: it is sent as a "
          "string holding that text. Nothing to fix."),
    _code("XT306", W, OAS, "a parameter has no schema",
          "A parameter needs a `schema` or `content`; it is typed as string. Add a schema."),
    _code("XT307", W, SW2, "an object-valued parameter became a string",
          "Swagger 2.0 parameters (other than the body) cannot be objects; the value becomes a string, to be sent "
          "serialized as JSON. Use a body, or separate parameters."),
    _code("XT308", W, SW2, "oneOf/anyOf on a parameter became a string",
          "A parameter's composition of different types has no 2.0 form; it is typed as string. Give the parameter "
          "one type."),
    _code("XT309", INFO, XT, "a parameter schema without type became a string",
          "The parameter's schema has no type and none can be guessed from its keywords; it is typed as string. Add a"
          " type to silence this."),
    _code("XT310", W, OAS, "a requestBody has no content",
          "A requestBody needs `content` with at least one media type; no body parameter is made. Add the content."),
    _code("XT311", W, SW2, "request media types dropped",
          "Swagger 2.0 describes one body (or one set of form fields) per operation: the media types that cannot "
          "share it are dropped from consumes. Split the operation if each needs its own body."),
    _code("XT312", W, SW2, "an array of files became one file",
          "Swagger 2.0 form fields hold one file each; an array of files becomes one `type: file` parameter. Upload "
          "files one by one, or use several fields."),
    _code("XT313", W, SW2, "a form body without properties is one body parameter",
          "A form media type whose schema is not an object with properties cannot become formData fields, so it is "
          "described as one body parameter. Give the schema properties."),
    _code("XT314", W, SW2, "oneOf/anyOf in a form body",
          "Only the properties listed directly in a form body become formData parameters; those inside oneOf/anyOf "
          "are not. List the fields as properties."),
    _code("XT315", INFO, SW2, "a requestBody shares a parameter's name",
          "2.0 keeps request bodies with parameters in one `parameters` map; a requestBody named like a parameter is "
          "inlined where used instead. Rename one to keep both shared."),
    _code("XT316", E, XT, "allOf nests too deep",
          "`allOf` parts under a parameter or a form body nest more than 64 levels; merging them would not end in "
          "reasonable time. Flatten the composition."),
    _code("XT390", W, OAS, "a parameter repeats or is not in the path template",
          "A parameter listed twice keeps its first form; a path parameter whose name is not in the path template is "
          "dropped. Fix the parameters or the template."),
    _code("XT391", W, OAS, "a path template parameter is not declared",
          "The path template names a parameter that is not declared; it is added as a required string. Declare it "
          "with its real type."),
    _code("XT392", W, OAS, "a repeated operationId was renamed",
          "operationIds must be unique; a repeat becomes `<id>_2`, `<id>_3`, ... Give each operation its own id."),
    # XT4xx: responses
    _code("XT393", W, XT, "a path-template name was renamed",
          "A template name holding `:` or `!` (such as `{id:}`), which Swagger 2.0 validators read as format "
          "syntax, was renamed in the path and in its parameters; the URL sent is the same."),
    _code("XT400", E, OAS, "a response is not an object",
          "A response must be an object; it is written with an empty description. Fix it in the input."),
    _code("XT401", W, SW2, "an operation has no responses",
          "Swagger 2.0 requires responses: a default response is added. A warning for OpenAPI 3.0 (which requires "
          "them too) and Swagger 2.0 input; an info for OpenAPI 3.1, where responses are optional. Add the responses "
          "the API gives.", also=(INFO,)),
    _code("XT402", W, SW2, "a response key has no 2.0 form",
          "A status range like `4XX` becomes `400` when that code is free; other keys are dropped. Use explicit "
          "status codes."),
    _code("XT403", W, OAS, "a response has no description",
          "Responses need a description; an empty one is added. Add a description."),
    _code("XT404", INFO, SW2, "one schema kept for a response",
          "Swagger 2.0 has one schema per response: the schema of the preferred media type is kept and the others "
          "(described differently) are not. Nothing to fix."),
    _code("XT405", INFO, SW2, "one example kept per media type",
          "Swagger 2.0 keeps one example per media type; the first is kept. Nothing to fix."),
    # XT5xx: schemas
    _code("XT501", W, SW2, "type null alone",
          "A schema of type 'null' only has no 2.0 form; it is kept as `x-nullable` with no type. Use a real type "
          "with nullable."),
    _code("XT502", W, OAS, "an unknown type",
          "The type is none of the JSON Schema types; it is kept as `x-type` (no type, so any value). Fix the type."),
    _code("XT503", W, SW2, "a value of several types",
          "Swagger 2.0 has one type per schema: a type list with several non-null types leaves the type out (any "
          "value) and keeps the list as `x-type`. Use oneOf with one type per branch, or one type."),
    _code("XT504", INFO, SW2, "minimum/maximum and a numeric exclusive bound",
          "2.0 exclusive bounds are booleans on minimum/maximum; when both a bound and a different numeric exclusive "
          "bound are given, the exclusive one is kept. Nothing to fix."),
    _code("XT505", W, OAS, "a discriminator without propertyName",
          "A discriminator needs `propertyName`; it is dropped. Add the property name."),
    _code("XT506", W, SW2, "a discriminator mapping has no 2.0 form",
          "2.0 maps discriminator values through `x-discriminator-value` on component schemas; a mapping to anything "
          "else is dropped. Map to schemas in components."),
    _code("XT507", INFO, SW2, "discriminator mapping became x-discriminator-value",
          "The mapping is kept as `x-discriminator-value` on each target definition. Nothing to fix."),
    _code("XT508", INFO, SW2, "oneOf/anyOf with one non-null branch",
          "A composition with a single real branch (plus null) became that branch, marked nullable. Nothing to fix."),
    _code("XT509", W, SW2, "oneOf/anyOf has no 2.0 form",
          "Swagger 2.0 has no oneOf/anyOf: objects are merged into one object with every branch's properties, "
          "otherwise the schema accepts any value; the branches are kept as `x-oneOf`/`x-anyOf`. Restructure the "
          "schema if the merge is too loose."),
    _code("XT510", W, SW2, "the boolean schema false",
          "A schema that allows no value has no 2.0 form; it is kept as `x-not: {}`. Remove it, or leave it as "
          "documentation."),
    _code("XT511", E, OAS, "a schema or type of the wrong kind",
          "A schema must be an object (or a boolean in 3.1), and `type` a string or a list of strings; the bad one is"
          " left out. Fix it in the input."),
    _code("XT512", INFO, SW2, "one of several examples kept",
          "2.0 schemas hold one `example`: the first of `examples` is kept. Nothing to fix."),
    _code("XT513", W, SW2, "not kept as x-not",
          "Swagger 2.0 has no `not`; it is kept as `x-not`, which validators ignore. Restructure the schema if the "
          "restriction matters."),
    _code("XT514", INFO, SW2, "writeOnly kept as x-writeOnly",
          "Swagger 2.0 has no writeOnly; it is kept as `x-writeOnly`. Nothing to fix."),
    _code("XT515", INFO, SW2, "a JSON Schema $-keyword kept as x-",
          "`$schema`, `$id`, `$comment`, `$anchor`, `$defs` and the like have no 2.0 form; each is kept as "
          "`x-<name>`. Nothing to fix."),
    _code("XT516", W, SW2, "a schema keyword has no 2.0 form",
          "A keyword Swagger 2.0 lacks (const, if/then/else, prefixItems, patternProperties, ...) is kept as "
          "`x-<keyword>`, which validators ignore. Restructure the schema if the constraint matters."),
    _code("XT517", INFO, SW2, "a keyword 2.0 ignores was reshaped or dropped",
          "A `$ref` with sibling keywords became `allOf: [$ref]` plus the siblings (2.0 ignores siblings of $ref); "
          "the document's `jsonSchemaDialect`, which 2.0 has no form for, is dropped. Nothing to fix."),
    _code("XT518", W, SW2, "a recursive $ref outside components",
          "A schema that refers to itself from outside `components.schemas` must be inlined, and an inlined recursion"
          " cannot end: the inner occurrence accepts any value. Move the schema into components.schemas.",
          retired="since 0.2.0 such a schema is hoisted to a definition of its own (XT528) and recursion stays a $ref"),
    _code("XT519", INFO, SW2, "readOnly properties removed from required",
          "Swagger 2.0 forbids required readOnly properties; they are removed from required. Nothing to fix."),
    _code("XT520", INFO, SW2, "default null dropped",
          "Swagger 2.0 has no null; a null default is dropped. Nothing to fix."),
    _code("XT521", INFO, XT, "a default was coerced to its type",
          'A default of the wrong type (e.g. the string "10" for an integer) is converted to fit its schema, since '
          "validators check defaults. Fix the default to silence this."),
    _code("XT522", W, SW2, "a default its own schema rejects was dropped",
          "Validators check defaults against their schema; a default that does not fit (wrong type, not in the enum, "
          "...) and cannot be coerced is dropped. Fix the default."),
    _code("XT523", INFO, SW2, "duplicate enum values removed",
          "2.0 enums hold unique values; repeats are removed. Nothing to fix."),
    _code("XT524", W, OAS, "enum is not a list",
          "`enum` must be a list; it is dropped. Fix it in the input."),
    _code("XT525", E, XT, "a pattern backtracks on its default",
          "Matching this schema's `pattern` against its `default` runs for more than 2 s (a regular expression "
          "such as `(a+)+`), so checking the default would never finish. Rewrite the pattern."),
    _code("XT526", INFO, SW2, "a pattern was rewritten to its ECMA-262 equivalent",
          "A pattern in another regex dialect (`[\\w-.]`, `\\A..\\z`) was rewritten to the equivalent every "
          "validator compiles (`[\\w\\-.]`, `^..$`). Nothing to fix."),
    _code("XT527", W, XT, "a null schema was read as an empty schema",
          "`schema: null` is read as `{}`, which accepts any value. Write the schema the value should have."),
    _code("XT528", INFO, SW2, "a schema $ref was hoisted to definitions",
          "The `$ref` points at a place Swagger 2.0 has no home for (nested `definitions`/`$defs`, a oneOf branch "
          "the merge removed, a schema outside components.schemas): the target became a definition of its own, "
          "made once, so recursion stays a reference. Nothing to fix."),
    _code("XT590", W, OAS, "a schema keyword value is not valid",
          "A keyword's value has the wrong type or range for its keyword (e.g. `minLength: -1`); it is kept as "
          "`x-<keyword>`, which validators ignore. Fix the value in the input."),
    _code("XT591", W, OAS, "required lists non-names or repeats",
          "`required` must list property names, each once; it is cleaned (or dropped when nothing is left). Fix the "
          "list in the input."),
    _code("XT592", INFO, SW2, "an empty allOf or items list dropped",
          "An empty `allOf` or `items` list says nothing and 2.0 forbids it; it is dropped. Nothing to fix."),
    # XT6xx: dropped constructs
    _code("XT601", INFO, SW2, "links dropped",
          "Swagger 2.0 has no links; response links and `components.links` are dropped. Nothing to fix."),
    _code("XT602", W, SW2, "callbacks dropped",
          "Swagger 2.0 has no callbacks; an operation's callbacks are dropped (a warning: calls are lost), "
          "`components.callbacks` with an info. Describe the callback API in a spec of its own.", also=(INFO,)),
    _code("XT603", W, SW2, "a trace operation dropped",
          "Swagger 2.0 has no trace method; the operation is dropped. Nothing to fix, unless the API needs it."),
    _code("XT604", INFO, SW2, "path-level summary or description kept as x-",
          "2.0 path items have no summary or description; each is kept as `x-summary`/`x-description`. Nothing to "
          "fix."),
    _code("XT605", W, SW2, "an unknown path item field dropped",
          "A path item field 2.0 does not know (and that is not an `x-` extension) is dropped. Fix or remove it in "
          "the input."),
    _code("XT606", W, SW2, "webhooks dropped",
          "Swagger 2.0 has no webhooks; they are dropped. Describe them in a spec of their own."),
    _code("XT690", W, SW2, "an x- entry among paths dropped",
          "Swagger 2.0 validators read an `x-` entry under `paths` that holds operations or a `$ref` (or is not an "
          "object) as a path item and fail; it is dropped. Move it to the document root."),
    # XT7xx: Nintex readiness (xtgen lint, and the nintex target's last stage)
    _code("XT700", E, DOCS, "the file is not Swagger 2.0 (Nintex rejects OpenAPI 3)",
          "Xtensions accept Swagger 2.0 only. Convert the file first: `xtgen convert FILE`."),
    _code("XT701", W, DOCS, "the file is not JSON (Nintex imports JSON; YAML import is not documented)",
          "Nintex documents JSON files only. Write JSON: `xtgen convert FILE --format json`."),
    _code("XT702", E, SW2, "the document is not valid Swagger 2.0",
          "openapi-spec-validator rejects a file xtgen did not write itself (`xtgen lint`, or Swagger 2.0 input to "
          "convert); the message names the problem. Fix it in the input. A finding already reported by a readiness "
          "error is not repeated."),
    _code("XT703", E, SAMPLES, "no host (nor x-ntx-host): an uploaded file has no host to fall back on",
          'Nintex calls the API at host + basePath; its samples always declare a host. Add `"host": '
          "\"api.example.com\"` (xtgen convert: `--server-url`). Based on Nintex's samples, not on documentation."),
    _code("XT704", E, SW2, "host is not a host name with an optional port (e.g. a trailing space)",
          "Swagger 2.0 `host` has no scheme, path or spaces. Write it like `api.example.com` or "
          "`api.example.com:8443`."),
    _code("XT705", W, SAMPLES, "https is not among schemes",
          "Nintex's samples all declare `schemes` with https and call their APIs over it. Add \"https\" if the API "
          "serves it. Based on Nintex's samples, not on documentation."),
    _code("XT706", W, DOCS, "a local or intranet host needs Nintex Gateway",
          "Nintex Automation Cloud reaches a local or private host (or `x-ntx-host`) only through Nintex Gateway. Use"
          " a public host, or set up the Gateway."),
    _code("XT707", E, DOCS, "an external $ref: Nintex takes one self-contained file",
          "Nintex imports one file, so a `$ref` into another file cannot resolve. Bundle it (xtgen convert does it "
          "for OpenAPI 3 input)."),
    _code("XT708", W, XT, "an option that only applies to OpenAPI 3 input was given with Swagger 2.0",
          "`--server`, `--server-url`, `--server-var`, `--oidc-discovery` or `--ref-root` were given with Swagger 2.0"
          " input, which is passed through, so they are ignored. Edit the file's host, basePath or "
          "securityDefinitions instead."),
    _code("XT709", INFO, XT, "a Swagger 2.0 response schema type file became type string, format binary",
          "openapi-spec-validator, which checks every output, rejects `type: file` in response schemas; `type: "
          "string, format: binary` is the same download, in the form Nintex documents. Nothing to fix."),
    _code("XT710", E, DOCS, "more than one security definition (one authentication type per file)",
          "Nintex allows one authentication type per file. Keep one (xtgen convert keeps one, chosen with `--security"
          " NAME`) or make one Xtension per type."),
    _code("XT711", INFO, DOCS, "oauth2 flow implicit (mentioned by Nintex, not in the supported list)",
          "Nintex supports accessCode and application; its OAuth page mentions implicit only as a way to keep a token"
          " available. Prefer accessCode."),
    _code("XT712", W, DOCS, "oauth2 flow password (not documented by Nintex)",
          "Nintex documents accessCode and application only; expect the import to refuse password. Use accessCode or "
          "application."),
    _code("XT713", E, DOCS, "oauth2 authorizationUrl or tokenUrl missing or not an absolute https URL",
          "Nintex opens these URLs from its cloud, so each flow needs the provider's full https addresses. Add or fix"
          " the URL."),
    _code("XT714", W, DOCS, "operations rely on the root security instead of their own arrays",
          "Nintex's OAuth page asks for a `security` array in each operation that needs authentication (some samples "
          "rely on the root one). xtgen convert copies the root requirement down."),
    _code("XT715", E, SW2, "a security requirement names an undefined security definition",
          "A requirement must name a definition in `securityDefinitions`. Define it, or fix the name."),
    _code("XT716", W, SW2, "a security requirement asks for scopes its definition does not declare",
          "Scopes must be declared in the oauth2 definition for Nintex to ask for them, and non-oauth2 requirements "
          "take an empty list. Declare the scopes, or empty the list."),
    _code("XT717", W, XT,
          "a Swagger 2.0 requirement naming an undefined definition was read as the file's only definition",
          "As Power Automate does, a requirement that names an undefined definition in a file with exactly one "
          "definition is pointed at that one. Fix the name to silence this."),
    _code("XT718", W, DOCS, "an operation has no security array in a file that defines security",
          "Nintex calls such an operation without credentials (likely a 401 in a workflow). Add a requirement, e.g. "
          "`security: [{\"<definition>\": []}]`; `security: []` on the operation or at the root says it is public "
          "on purpose. Not reported when a root requirement applies (XT714 covers that)."),
    _code("XT720", W, DOCS,
          "an operation's consumes or produces has no content type Nintex handles (application/json, "
          "multipart/form-data for uploads, application/octet-stream)",
          "Nintex handles application/json, multipart/form-data (uploads) and application/octet-stream; other content"
          " (XML, text, forms) needs a proxy in between."),
    _code("XT721", INFO, DOCS, "an unsupported content type listed beside a supported one",
          "Nintex uses the supported content type; the other is ignored. Remove it to silence this."),
    _code("XT730", W, DOCS, "a parameter is or holds an array of objects without root x-ntx-render-version: 2",
          "Nintex accepts arrays of objects as parameters only with `x-ntx-render-version: 2` at the root. Pass "
          "`--render-version 2` to xtgen convert, or add it by hand."),
    _code("XT731", W, DOCS, "x-ntx-render-version: 2 with file parameters (no file support)",
          "Render version 2 has no file support. Drop the render version, or move the file operations into another "
          "Xtension."),
    _code("XT732", INFO, XT, "--render-version set x-ntx-render-version at the root",
          "`--render-version 2` sets `x-ntx-render-version: 2`, `--render-version 1` removes it. Nothing to fix."),
    _code("XT740", E, DOCS, "a formData file parameter without consumes multipart/form-data",
          'A file sent as a form upload needs `"consumes": ["multipart/form-data"]` on the operation or the root. Add'
          " it (xtgen convert does)."),
    _code("XT741", INFO, XT, "set consumes multipart/form-data on an operation with a formData file",
          "The nintex target adds the content type a form upload needs. Nothing to fix."),
    _code("XT750", W, SAMPLES, "an operation has no operationId",
          "Nintex's samples give every operation an operationId, and `x-ntx-dynamic-values` refer to them. Add one "
          "(xtgen convert generates one). Based on Nintex's samples."),
    _code("XT751", E, SW2, "an operationId is used by more than one operation",
          "operationIds must be unique. Rename the repeats (xtgen convert renames them `<id>_2`, ...)."),
    _code("XT752", W, SAMPLES, "an operation has no summary (the action's label)",
          "The summary is the name Nintex shows for the action; Nintex's samples always have one. Add one (xtgen "
          "convert generates one)."),
    _code("XT753", INFO, XT, "generated a missing operationId from the method and path",
          "The nintex target names an operation without an id from its method and path (`getUsersIdTasks`, unique). "
          "Add your own id to choose it."),
    _code("XT754", INFO, XT, "generated a missing summary from the description or operationId",
          "The nintex target labels an operation without a summary from its operationId (or the description's first "
          "short sentence when the id was generated). Add your own summary to choose it."),
    _code("XT755", INFO, XT, "renamed a duplicate operationId",
          "The nintex target renames a repeated operationId `<id>_2`, ... Give each operation its own id to choose "
          "them."),
    _code("XT760", W, DOCS, "an unknown x-ntx-* extension (the message names the closest known one)",
          "Nintex documents a fixed set of `x-ntx-*` extensions; an unknown one does nothing. Fix the name (the "
          "message suggests the closest)."),
    _code("XT761", W, DOCS, "a known x-ntx-* extension in a place it does not apply to",
          "Nintex reads each extension only where it documents it (the message says where); here it is ignored. Move "
          "it."),
    _code("XT762", E, DOCS, "x-ntx-dynamic-values or -schema names an operationId the file lacks",
          "The helper operation that supplies the values or schema must be in the same file. Fix the operationId."),
    _code("XT763", E, DOCS, "x-ntx-dynamic-values or -schema lacks operationId (or value-path for dynamic-values)",
          "A dynamic drop-down or schema needs the helper's operationId, and dynamic values the value-path of each "
          "item. Add them."),
    _code("XT764", W, DOCS, "x-ntx-dynamic-* parameters do not match the helper's or the operation's parameters",
          "The `parameters` of a dynamic extension map the helper's parameters to this operation's; a name on either "
          "side that does not exist is ignored. Fix the names."),
    _code("XT765", E, DOCS, "x-ntx-dynamic-schema on a body parameter",
          "Nintex does not allow a dynamic schema on a body parameter. Put it on the body's schema (or on a "
          "definition it refers to)."),
    _code("XT766", E, DOCS, "x-ntx-connection-properties outside a security definition",
          "Nintex reads connection properties only inside one securityDefinitions entry. Move it there."),
    _code("XT767", W, DOCS, "an x-ntx-* extension value has the wrong shape",
          "The value does not have the form Nintex documents for the extension (the message says which). Fix the "
          "value."),
    _code("XT768", W, DOCS, "x-ntx-dynamic-schema without value-path",
          "Without value-path, Nintex takes the whole helper response as the schema. Add value-path unless that is "
          "meant."),
    _code("XT770", INFO, DOCS, "x-ms-summary (Nintex accepts it; convert renames it x-ntx-summary)",
          "Nintex accepts the Power Automate label too. xtgen convert renames it `x-ntx-summary`; nothing to fix."),
    _code("XT771", W, XT, "an x-ms-* extension with an x-ntx-* equivalent (convert translates it)",
          "Nintex ignores the Power Automate form. Convert the file with `xtgen convert` (or `--from-power-automate`)"
          " to translate it."),
    _code("XT772", INFO, XT, "an x-ms-* extension that only documents (Nintex ignores it, nothing is lost)",
          "Display hints and metadata (such as Microsoft Graph's `x-ms-docs-*`) have no Nintex counterpart and lose "
          "nothing; `xtgen lint` reports them as this info, as `convert` does with XT785. Remove them to silence "
          "this. Before 0.2.0 this code covered every untranslatable x-ms-* extension; those whose behaviour Nintex "
          "lacks are now XT782 in lint as in convert."),
    _code("XT780", INFO, XT, "Power Automate extensions found: migration on",
          "The nintex target (or `--from-power-automate`) translates `x-ms-*` extensions to their Nintex equivalents."
          " Nothing to fix."),
    _code("XT781", INFO, XT, "translated x-ms-* extensions to their x-ntx-* equivalents",
          "One diagnostic per extension name, with a count and the first pointer. Nothing to fix."),
    _code("XT782", W, XT, "an x-ms-* extension whose behaviour Nintex lacks: kept as is",
          "Triggers, pickers and the like have no Nintex equivalent; the extension stays (Nintex ignores it) and that"
          " behaviour is lost. `convert` and `lint` both report it as this warning. A misspelt translatable name is "
          "named in the message."),
    _code("XT783", W, XT, "an x-ms-* extension that could not be translated: kept as is",
          "A translation would not work in Nintex (an operationId missing from the file, parameters in an "
          "undocumented form, a dynamic schema on a body parameter); the message says why. Fix it and convert again, "
          "or write the x-ntx form by hand."),
    _code("XT784", INFO, XT, "dropped an x-ms-* extension whose x-ntx-* form was already there",
          "When the object already has the Nintex form (or another Power Automate form was translated), the first "
          "translatable one wins and the other is dropped. Nothing to fix."),
    _code("XT785", INFO, XT, "an x-ms-* extension with nothing to translate (display hints, metadata): kept as is",
          "Display hints and metadata have no Nintex counterpart and lose nothing; they stay (Nintex ignores them). "
          "Nothing to fix."),
    # XT8xx: presets and offline access
    _code("XT800", INFO, XT, "security definitions replaced by the preset's",
          "Applying a preset replaces every security definition with the preset's one, and operations that "
          "authenticated now point at it. Nothing to fix."),
    _code("XT801", INFO, DOCS, "the Nintex import preset to choose and what to type into it",
          "Nintex offers security presets at import; the message names the one matching this definition and the "
          "fields to fill (client id, secret, resource, ...), in the provider's terms. Follow it when importing."),
    _code("XT802", INFO, XT, "no operation had a requirement: every operation now uses the preset",
          "The spec had no security requirement anywhere, so every operation gets the preset's. Mark public "
          "operations with `security: []` to keep them public."),
    _code("XT803", INFO, DOCS, "the root requirement moved onto each operation",
          "Nintex asks for a `security` array in each operation that authenticates, so the root requirement is copied"
          " down. Nothing to fix."),
    _code("XT804", INFO, DOCS, "generic-oauth2: offline requirement added for a recognised provider",
          "The URLs belong to a provider that gives a refresh token only on request (Microsoft v2: `offline_access`; "
          "Salesforce: `refresh_token`; Google: `access_type=offline` on the authorization URL), so that requirement "
          "was added. `--no-offline-access` leaves it out."),
    _code("XT805", W, DOCS, "--no-offline-access: Nintex gets no refresh token",
          "Without the provider's offline scope (or URL parameter), Nintex gets no refresh token and connections stop"
          " working when the first access token expires. Drop `--no-offline-access` unless that is meant."),
    _code("XT806", INFO, XT, "the preset replaced per-operation scopes",
          "The scopes operations asked for are not the preset's: those operations now ask for the preset's scopes,"
          " since Nintex requests one set of scopes per connection. Pass `--scope` where the preset takes it."),
    _code("XT810", W, XT, "a provider rule for this flow",
          "The provider has a rule for this preset and flow, e.g. SharePoint app-only access through Azure AD needs a"
          " certificate, not a client secret. Follow the message, or choose another flow."),
    _code("XT811", W, DOCS, "advice for this spec from the preset",
          "The preset does not suit this spec, e.g. Nintex recommends Generic OAuth 2 over the Microsoft Graph preset"
          " for Outlook (mail, calendar) APIs; the message gives the command to use instead."),
    _code("XT812", INFO, XT, "bare scopes qualified with their resource",
          "Microsoft v2 scopes are resource-qualified: a bare `Mail.Read` becomes "
          "`https://graph.microsoft.com/Mail.Read` (or `{--resource}/Mail.Read`). Give qualified scopes to silence "
          "this."),
    _code("XT820", W, DOCS, "Microsoft v2 definition without offline_access",
          "Converted without a preset: the Microsoft identity platform gives Nintex a refresh token only with the "
          "scope `offline_access`, so connections stop working when the first access token expires. Add the scope, or"
          " convert with `--preset azure-ad-v2`."),
    _code("XT821", W, DOCS, "Salesforce definition without refresh_token",
          "Converted without a preset: Salesforce gives Nintex a refresh token only with the scope `refresh_token` "
          "(or its alias `offline_access`). Add the scope, or convert with `--preset salesforce`."),
    _code("XT822", W, XT, "Google definition without access_type=offline",
          "Converted without a preset: Google gives a refresh token only when the authorization URL carries "
          "`access_type=offline` (a URL parameter, not a scope); the message gives the URL to use. Without it, "
          "connections stop working when the first access token expires."),
    # XT9xx: output validation and internal failures
    _code("XT901", E, SW2, "the output is not valid Swagger 2.0 (an xtgen bug)",
          "xtgen validates what it writes; an invalid conversion is never written. Please report it with the input "
          "(or a reduced one)."),
    _code("XT902", E, XT, "output validation failed to run",
          "The Swagger 2.0 validator itself failed, so the output could not be checked and is not written. Please "
          "report it; `--no-validate` skips validation."),
    _code("XT903", E, XT, "internal error (an xtgen bug)",
          "An unexpected exception inside the conversion; nothing is written. Please report it with the input and the"
          " message, which names where it happened."),
    _code("XT904", E, XT, "the output cannot be validated: composition fans out",
          "The output's `allOf` fan-out or cycle would not finish in the validators, so it is not written; "
          "`--no-validate` writes it unchecked. Merge the composed parts in the input."),
    _code("XT905", E, SW2, "an output $ref points at nothing",
          "A `$ref` of the output, anywhere outside `x-` extensions and example values, has no target: the output "
          "is not written. An xtgen bug: please report it with the input."),
    _code("XT909", E, XT, "the output could not be written",
          "A folder is missing, a permission is denied, the disk is full, or the docs could not be rendered; nothing "
          "is left half-written (exit 2). Fix the path or permissions and run again."),
)
# fmt: on

CATALOGUE: Mapping[str, CodeInfo] = MappingProxyType({info.code: info for info in _ENTRIES})


def lookup(code: str) -> CodeInfo:
    """The catalogue entry of a code; KeyError for an unknown code."""
    return CATALOGUE[code]


def allowed(code: str, severity: Severity) -> bool:
    """Whether a diagnostic may carry this code with this severity."""
    info = CATALOGUE.get(code)
    return info is not None and (severity == info.severity or severity in info.also)


# Rendering for `xtgen rules` and the README (no printing here: the CLI writes what these return).


class TableFormat(Choice):
    """How `xtgen rules` writes the catalogue."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


def severities_text(info: CodeInfo) -> str:
    """The default severity, then the others a call site may use: 'warning/info'."""
    others = sorted(s.value for s in info.also)
    return "/".join([info.severity.value, *others])


def as_dict(info: CodeInfo) -> dict[str, object]:
    """One entry as JSON: code, severity, also, stage, basis, title, explanation (and retired when it is)."""
    entry: dict[str, object] = {
        "code": info.code,
        "severity": info.severity.value,
        "also": sorted(s.value for s in info.also),
        "stage": info.stage,
        "basis": info.basis.value,
        "title": info.title,
        "explanation": info.explanation,
    }
    if info.retired:
        entry["retired"] = info.retired
    return entry


def catalogue_table(fmt: TableFormat = TableFormat.TEXT) -> str:
    """Every code: plain columns (code, severity, stage, title), a Markdown table for the README (with the
    basis too), or JSON (every field)."""
    entries = list(CATALOGUE.values())
    if fmt is TableFormat.JSON:
        return json.dumps([as_dict(i) for i in entries], indent=2, ensure_ascii=False) + "\n"
    if fmt is TableFormat.MARKDOWN:
        lines = ["| code | severity | stage | basis | title |", "|---|---|---|---|---|"]
        lines += [f"| {i.code} | {severities_text(i)} | {i.stage} | {i.basis} | {_cell(i.title)} |" for i in entries]
        return "\n".join(lines) + "\n"
    lines = [f"{'CODE':<6} {'SEVERITY':<13} {'STAGE':<10} TITLE"]
    lines += [f"{i.code:<6} {severities_text(i):<13} {i.stage:<10} {i.title}" for i in entries]
    return "\n".join(lines) + "\n"


def explain(code: str, fmt: TableFormat = TableFormat.TEXT) -> str:
    """One code in full; KeyError for an unknown code (see `suggest`)."""
    import textwrap

    info = lookup(normalise(code))
    if fmt is TableFormat.JSON:
        return json.dumps(as_dict(info), indent=2, ensure_ascii=False) + "\n"
    also = ", ".join(s.value for s in sorted(info.also))
    severity = info.severity.value + (f" (some call sites: {also})" if also else "")
    if fmt is TableFormat.MARKDOWN:
        head = f"### {info.code}: {_cell(info.title)}\n\n"
        facts = f"- severity: {severity}\n- stage: {info.stage}\n- basis: {info.basis}\n"
        retired = f"- retired: {info.retired}\n" if info.retired else ""
        return head + facts + retired + f"\n{info.explanation}\n"
    lines = [
        f"{info.code}: {info.title}",
        f"severity: {severity}",
        f"stage:    {info.stage}",
        f"basis:    {info.basis}",
        *([f"retired:  {info.retired}"] if info.retired else []),
        "",
        *textwrap.wrap(info.explanation, width=100),
    ]
    return "\n".join(lines) + "\n"


def normalise(code: str) -> str:
    """A code as typed on the command line, in catalogue form: 'xt730' and '730' are 'XT730'."""
    wanted = code.strip().upper()
    return "XT" + wanted if wanted.isdigit() else wanted


def suggest(code: str) -> list[str]:
    """Catalogued codes close to an unknown one (a typo, a missing digit), best first."""
    import difflib

    wanted = normalise(code)
    started = [c for c in CATALOGUE if c.startswith(wanted)] if len(wanted) > 2 else []
    close = difflib.get_close_matches(wanted, list(CATALOGUE), n=3, cutoff=0.6)
    return list(dict.fromkeys([*started, *close]))[:3]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
