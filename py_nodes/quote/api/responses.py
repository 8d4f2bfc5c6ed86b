"""OpenAPI declarations of the quote routes' responses: errors, the PDF, examples."""

from __future__ import annotations

from typing import Any

from py_nodes.quote.api.examples import PDF_EXAMPLE


def problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {}}}


AUTH: dict[int | str, dict[str, Any]] = {401: problem("Missing or invalid X-API-Key")}
SCOPED: dict[int | str, dict[str, Any]] = {
    401: problem("Missing or invalid X-API-Key or bearer token"),
    403: problem("The token lacks the scope"),
}
NOT_FOUND = problem("No quote with this number")
INVALID = problem("Invalid field; `errors` names each one in Spanish")
BAD_RANGE = problem("`from` is after `to` (`quote/invalid-date-range`)")
CONFLICT = problem("Illegal state change, or follow-up already done")
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
