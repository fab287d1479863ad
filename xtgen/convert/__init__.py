"""Stage 3, convert: OpenAPI 3.0/3.1 -> Swagger 2.0, split by concern (one module each)."""

from xtgen.convert.document import convert_document, definition_names

__all__ = ["convert_document", "definition_names"]
