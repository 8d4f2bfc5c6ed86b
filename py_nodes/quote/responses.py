"""OpenAPI declarations of the error responses the quote routes return."""

from __future__ import annotations

from typing import Any


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
