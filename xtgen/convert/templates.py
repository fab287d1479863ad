"""Path-template names 2.0 validators cannot read: `{id:}` is read as `id` with a format spec, so neither
`id:` nor `id` resolves. Such a name is renamed in the template and in the path parameters that carry it."""

from __future__ import annotations

import re
from typing import Any

from xtgen.convert.context import Context

TEMPLATE = re.compile(r"\{([^{}/]+)\}")
UNREADABLE = re.compile(r"[:!]")  # what Python's str.format reads as a format spec or a conversion


def readable_name(name: str, taken: set[str]) -> str:
    base = UNREADABLE.sub("_", name).strip("_") or "param"
    new, n = base, 2
    while new in taken:
        new, n = f"{base}_{n}", n + 1
    return new


def rename_template_names(ctx: Context, path: str, item: dict[str, Any], ptr: str) -> str:
    """The path with unreadable template names renamed; the converted path item's path parameters follow."""
    names = list(dict.fromkeys(TEMPLATE.findall(path)))
    taken = {n for n in names if not UNREADABLE.search(n)}
    renamed: dict[str, str] = {}
    for name in names:
        if UNREADABLE.search(name):
            renamed[name] = readable_name(name, taken)
            taken.add(renamed[name])
    if not renamed:
        return path
    new_path = TEMPLATE.sub(lambda m: "{" + renamed.get(m.group(1), m.group(1)) + "}", path)
    lists = [item.get("parameters"), *(op.get("parameters") for op in item.values() if isinstance(op, dict))]
    for params in (p for p in lists if isinstance(p, list)):
        for i, param in enumerate(params):
            if isinstance(param, dict) and param.get("in") == "path" and param.get("name") in renamed:
                params[i] = {**param, "name": renamed[param["name"]]}
    shown = ", ".join(f"{{{old}}} -> {{{new}}}" for old, new in renamed.items())
    ctx.warning(
        "XT393",
        f"path template names with ':' or '!' cannot be read by 2.0 validators: renamed {shown} in the path "
        f"and its path parameters (the URL sent is the same); rename them in the input to silence this",
        ptr,
    )
    return new_path
