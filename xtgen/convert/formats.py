"""String formats Swagger 2.0's schema imposes (`uri` for URLs, `email`), checked the way validators do.

openapi-spec-validator checks them with jsonschema-rs when it is installed (xtgen depends on it), so a
relative `externalDocs.url` or an empty `contact.email` copied as it is would make the output invalid.
Such a value is kept under an `x-` name instead, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from xtgen import pointer as jp

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")

# Values every checker accepts, told without importing one (jsonschema_rs costs about 20 ms of CPU to import,
# more than a --no-validate conversion of GitHub's description asks of it): an http(s) URL written with RFC
# 3986's plainest characters (no userinfo, no percent-escapes), an address of letters and digits with single
# separators, in lengths every checker allows. A value they do not match goes to the checker.
# tests/test_format_fast_path.py holds them to the installed jsonschema-rs and to the expressions above.
_PCHARS = "A-Za-z0-9._~!$&'()*+,;=:@-"
_SURELY = {
    "uri": re.compile(
        rf"https?://[A-Za-z0-9._~-]+(?::[0-9]{{1,5}})?(?:/[{_PCHARS}]*)*(?:\?[/?{_PCHARS}]*)?(?:#[/?{_PCHARS}]*)?"
    ),
    "email": re.compile(  # bounded: at most 64 characters before the @, 63 a label, 254 in all
        r"[A-Za-z0-9]{1,16}(?:[._+-][A-Za-z0-9]{1,16}){0,2}@"
        r"[A-Za-z0-9]{1,20}(?:-[A-Za-z0-9]{1,20})?(?:\.[A-Za-z0-9]{1,20}(?:-[A-Za-z0-9]{1,20})?){1,3}"
    ),
}


@cache
def _checker(fmt: str) -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # other Python implementations: a regular expression at least as strict
        return None
    return jsonschema_rs.validator_for({"type": "string", "format": fmt}, validate_formats=True)


def fits_format(value: Any, fmt: str) -> bool:
    """Whether a value passes the `uri` or `email` format check."""
    if not isinstance(value, str):
        return False
    surely = _SURELY.get(fmt)
    if surely is not None and surely.fullmatch(value):
        return True
    checker = _checker(fmt)
    if checker is not None:
        return bool(checker.is_valid(value))
    return bool((_URI if fmt == "uri" else _EMAIL).match(value))


def fit_formatted_fields(
    warning: Callable[[str, str, str], None], holder: Any, fields: dict[str, str], ptr: str
) -> Any:
    """A copy of `holder` whose fields that fail their format are moved to `x-<field>` (a `warning` each:
    code, message, pointer)."""
    if not isinstance(holder, dict) or all(k not in holder or fits_format(holder[k], f) for k, f in fields.items()):
        return holder
    out = {}
    for key, value in holder.items():
        fmt = fields.get(key)
        if fmt is not None and not fits_format(value, fmt):
            out["x-" + key] = value
            what = "an absolute URL" if fmt == "uri" else "an email address"
            warning(
                "XT043",
                f"{key} {value!r} is not {what}, which Swagger 2.0 requires: kept as x-{key}",
                jp.join(ptr, key),
            )
        else:
            out[key] = value
    return out
