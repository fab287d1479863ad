"""Overlays (OpenAPI Overlay Specification 1.0.x, 1.1.x): customisations kept outside the generated spec.

    overlay = load_overlay("nintex.overlay.yaml")            # validated; raises XtgenError when bad
    document, diagnostics = apply_overlays(document, [overlay])

load.py reads and validates overlays and picks their stage; apply.py is the stage; starter.py writes
`xtgen overlay new`'s starter overlay; schemas/ holds the published Overlay JSON Schemas (Apache-2.0).
"""

from xtgen.target.overlay.apply import APPLIED, apply_overlays, overlay_stage
from xtgen.target.overlay.load import STAGES, Overlay, load_overlay, overlay_from_document

__all__ = ["APPLIED", "STAGES", "Overlay", "apply_overlays", "load_overlay", "overlay_from_document", "overlay_stage"]
