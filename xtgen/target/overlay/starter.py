"""`xtgen overlay new`: a starter overlay that already targets every action of a converted spec.

One action per operation, in document order: `x-ntx-summary` set to the label Nintex shows today, and
`x-ntx-visibility: internal` as a comment to uncomment (or uncommented when the operation is hidden
already). The text is YAML with comments (ruamel.yaml), and the same spec gives the same bytes.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

from xtgen.docs.context import action_label
from xtgen.formats import operations
from xtgen.model import XtgenError

HEADER = """\
Nintex customisations for {title}, kept outside the generated spec.
Started by `xtgen overlay new {spec}`; apply with `xtgen convert {spec} --overlay FILE`
(or `overlays = ["FILE"]` in xtgen.toml). Each action targets one operation of the converted
Swagger 2.0 output: edit the label, uncomment x-ntx-visibility to hide a helper, delete the actions
you do not need. Overlay Specification 1.1: https://spec.openapis.org/overlay/v1.1.0.html
"""


def operation_target(path: str, method: str) -> str:
    """An RFC 9535 JSONPath selecting one operation: `$.paths["/users/{id}"].get` (JSON string escapes are
    RFC 9535 escapes)."""
    return f"$.paths[{json.dumps(path, ensure_ascii=False)}].{method}"


def starter_overlay(document: Mapping[str, Any], spec_name: str) -> str:
    """The starter overlay's YAML text for a Swagger 2.0 document (as xtgen writes it). Raises XtgenError when
    the document has no operation."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    info = document.get("info")
    title = str((info.get("title") if isinstance(info, dict) else None) or "this API").strip()
    root = CommentedMap()
    root["overlay"] = "1.1.0"
    root["info"] = CommentedMap(title=f"Nintex customisations for {title}", version="1.0.0")
    actions = CommentedSeq()
    for operation in operations(document):
        path, method, op = operation.path, operation.method, operation.node
        update = CommentedMap()
        update["x-ntx-summary"] = action_label(op, method, path)
        hidden = op.get("x-ntx-visibility") == "internal"
        if hidden:
            update["x-ntx-visibility"] = "internal"
        else:
            update.yaml_set_comment_before_after_key("x-ntx-summary", before="x-ntx-visibility: internal", indent=6)
        action = CommentedMap()
        action["target"] = operation_target(path, method)
        name = op.get("operationId")
        action["description"] = f"{method.upper()} {path}" + (f" ({name})" if isinstance(name, str) else "")
        action["update"] = update
        actions.append(action)
    if not actions:
        raise XtgenError(f"{spec_name}: has no operations, so there is no action to start an overlay for")
    root["actions"] = actions
    header = HEADER.format(title=title, spec=spec_name)
    root.yaml_set_start_comment(header.rstrip("\n"))
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(root, buffer)
    return buffer.getvalue()
