"""OpenAPI declarations of the quote routes' successful responses: the PDF, examples.

Error responses are declared from the ``Problem`` classes with ``core.openapi_docs``'s
``problem_responses``; authentication problems are added to every protected route there.
"""

from __future__ import annotations

from typing import Any

from py_nodes.quote.api.examples import PDF_EXAMPLE

PDF_RESPONSE: dict[str, Any] = {
    "description": "The customer PDF",
    "content": {
        "application/pdf": {
            "schema": {"type": "string", "format": "binary"},
            "example": PDF_EXAMPLE,
        }
    },
}


def example(value: Any, media_type: str = "application/json") -> dict[str, Any]:
    """A 2xx response's example, merged by FastAPI with the route's response schema."""
    return {"content": {media_type: {"example": value}}}
