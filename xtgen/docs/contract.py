"""The template context: what every docs template receives, as plain dicts (typed here, documented in
templates/README.md). Keys are only ever added; a key never changes meaning or disappears.

All text is raw text from the spec (not escaped): HTML templates are autoescaped, Markdown templates
escape every printed value (see xtgen/docs/escape.py). Optional values are None, never missing.
"""

from __future__ import annotations

from typing import TypedDict


class Field(TypedDict):
    """One input or output field, flattened: nested objects become rows with a deeper `depth`."""

    name: str  # the property or parameter name, e.g. "city"
    path: str  # where it sits, e.g. "address.city", "items[].id" ("[]" = each item of an array)
    label: str  # what Nintex shows: x-ntx-summary, else x-ms-summary, else the name
    depth: int  # 0 for a top-level field, 1 for a field inside it, ...
    location: str  # inputs: "path", "query", "header", "body", "formData"; outputs: "body" or "header"
    type: str  # readable type: "string (date-time)", "array of object (Pet)", "file", "any"
    required: bool
    description: str
    default: str | None  # as text (JSON for non-strings)
    example: str | None
    enum: list[str]  # allowed values, as text
    hidden: bool  # x-ntx-visibility: internal (Nintex does not show it)
    notes: list[str]  # plain sentences: drop-down source, limits, file handling, recursion, ...


class Response(TypedDict):
    status: str  # "200", "404", "default"
    description: str
    type: str | None  # readable type of the body, None when the response has no body
    fields: list[Field]  # the body's fields, flattened
    fields_truncated: bool  # True when the body has more fields than the docs list
    headers: list[Field]


class Action(TypedDict):
    """One operation, as a workflow action."""

    anchor: str  # unique id for links, [a-z0-9-] only
    operation_id: str | None
    label: str  # what Nintex shows: x-ntx-summary, else summary, else operationId, else "METHOD /path"
    summary: str
    description: str
    method: str  # upper case, e.g. "GET"
    path: str  # e.g. "/pets/{petId}"
    hidden: bool  # x-ntx-visibility: internal: a helper action the designer does not list
    deprecated: bool
    tags: list[str]
    consumes: list[str]
    produces: list[str]
    scopes: list[str]  # OAuth 2.0 scopes this action asks for
    inputs: list[Field]  # parameters in order; a body parameter's fields follow it with depth + 1
    inputs_truncated: bool
    outputs: list[Response]
    notes: list[str]  # e.g. a host override (x-ntx-host)


class Scope(TypedDict):
    name: str
    description: str
    offline: bool  # True for a scope that asks for a refresh token (offline_access, refresh_token)


class ImportField(TypedDict):
    label: str  # the field of Nintex's import screen, e.g. "Client ID"
    value: str  # what to type, or a hint where the value is yours (e.g. the client secret)


class RegionUrl(TypedDict):
    region: str  # "us", "eu", "au", "ca", "uk"
    url: str
    documented: bool  # only the US redirect URL is documented by Nintex: verify the others in your tenant
    selected: bool  # the region given with --region


class Offline(TypedDict):
    needed: bool  # False when the flow fetches a new token without a user (application)
    scope: str | None  # the scope that asks for a refresh token, when the provider uses one
    declared: bool  # the scope (or Google's access_type=offline) is already in the definition
    advice: str  # one or two sentences for the reader


class Registration(TypedDict):
    """Where a recognised provider registers OAuth clients (Microsoft, Salesforce, Google)."""

    provider: str  # "Microsoft Entra ID (Azure AD)", "Salesforce", "Google"
    console: str  # "Azure portal", "Salesforce Setup", "Google Cloud console"
    console_url: str | None  # where the console opens, when it has one address for everyone
    path: list[str]  # the pages to open in the console, in order: ["Microsoft Entra ID", "App registrations", ...]
    app: str  # what to create there: "an app registration (platform Web)"
    redirect_field: str  # the field that takes the redirect URL: "Redirect URI"
    credentials: str  # where the client ID and secret are, one or two sentences
    scopes: str  # where the scopes are allowed, one sentence


class Connection(TypedDict):
    """How to connect: the one security definition Nintex will use."""

    type: str  # "none", "basic", "apiKey", "oauth2"
    type_label: str  # "No authentication", "Basic authentication", "API key", "OAuth 2.0"
    name: str | None  # the securityDefinitions key
    description: str
    # apiKey
    key_name: str | None  # header or query parameter name
    key_in: str | None  # "header" or "query"
    bearer: bool  # an API key in the Authorization header holding "Bearer <token>"
    # oauth2
    flow: str | None  # "accessCode", "application", "implicit", "password"
    flow_label: str | None  # "Authorization code", "Client credentials", ...
    authorization_url: str | None
    token_url: str | None
    refresh_url: str | None  # x-refresh-url
    scopes: list[Scope]
    provider: str | None  # recognised provider: "microsoft", "salesforce", "google", or None
    redirect_url: str | None  # for the selected region
    redirect_documented: bool
    redirect_urls: list[RegionUrl]  # every region
    offline: Offline | None  # oauth2 only
    # the Nintex import screen
    preset: str | None  # xtgen's preset name, when one applies
    nintex_preset: str | None  # the security preset to choose at import ("Generic OAuth 2", ...)
    import_fields: list[ImportField]
    preset_note: str  # why that preset; "" when there is nothing to add
    registration: Registration | None  # where to register the client, for a recognised provider
    connection_properties: list[Field]  # x-ntx-connection-properties: extra fields asked when connecting
    others: list[str]  # other definitions in the file ("name (type)"): Nintex uses one per Xtension


class DiagnosticItem(TypedDict):
    code: str
    severity: str
    message: str
    pointer: str
    where: str  # the pointer in words: "Action “List tasks” (GET /tasks) › parameter “status”" ("" if none)


class DiagnosticGroup(TypedDict):
    severity: str  # "error", "warning", "info"
    title: str  # "Errors", "Warnings", "Changes made for you"
    diagnostics: list[DiagnosticItem]


class Report(TypedDict):
    source_format: str  # "openapi3" (converted by xtgen) or "swagger2" (used as given)
    source_version: str  # the version the input declares, e.g. "3.0.3", "2.0"
    total: int
    counts: dict[str, int]  # {"error": n, "warning": n, "info": n}
    groups: list[DiagnosticGroup]  # non-empty groups only, errors first
    overlay_actions: list[DiagnosticItem]  # overlay actions applied (XT068, also in groups), in order


class Contact(TypedDict):
    name: str | None
    url: str | None
    email: str | None


class DocsContext(TypedDict):
    """The root: a template sees each key as a variable ({{ title }}, {% for a in actions %})."""

    contract_version: int  # 1; raised only if a key ever had to change meaning
    generator: str  # "xtgen"
    title: str
    version: str
    description: str
    host: str | None
    base_path: str
    schemes: list[str]
    base_url: str | None  # e.g. "https://api.example.com/v1"
    contact: Contact | None
    license: str | None
    terms_of_service: str | None
    region: str  # the selected region code
    xtension_file: str | None  # the file to upload to Nintex, when known (the output of convert, a Swagger 2.0 input)
    connection: Connection
    actions: list[Action]
    visible_actions: int
    hidden_actions: int
    report: Report
