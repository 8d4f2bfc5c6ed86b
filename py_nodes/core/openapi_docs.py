"""OpenAPI additions: the catalogue of problem ``type``s and a problem+json body on every error."""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from py_nodes.core.auth import InsufficientScope, InvalidApiKey, MissingApiKey
from py_nodes.core.errors import (
    PROBLEM_CONTENT_TYPE,
    PROBLEM_TYPES,
    BadRequest,
    PayloadTooLarge,
    Problem,
    TooManyRequests,
    ValidationFailed,
)

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details. Extension members may follow; ignore unknown ones.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "Spanish text a person can act on."},
        "request_id": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"pointer": {"type": "string"}, "detail": {"type": "string"}},
            },
        },
    },
    "example": {
        "type": "https://bmc-bot.uy/problems/validation-error",
        "title": "Unprocessable content",
        "status": 422,
        "detail": "Revisá estos campos: #/roof/thickness_mm.",
        "errors": [{"pointer": "#/roof/thickness_mm", "detail": "Debe ser mayor o igual que 1."}],
        "request_id": "4f9c0d3e2b8a4f0e",
    },
}

Responses = dict[int | str, dict[str, Any]]


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def problem_responses(*problems: type[Problem]) -> Responses:
    """A route's error responses, for ``responses=``: one per status, naming each problem ``type``.

    Each response describes its ``type``s with the classes' own ``meaning`` and carries the
    problem+json body, so the document says exactly what the code raises::

        @router.get("/things/{id}", responses=problem_responses(ThingNotFound, ThingBusy))
    """
    by_status: dict[int, list[type[Problem]]] = {}
    for problem in problems:
        by_status.setdefault(problem.status, []).append(problem)
    return {
        status: {
            "description": "\n\n".join(f"`{cls.type_slug}`: {cls.meaning}" for cls in classes),
            "content": _problem_content(),
        }
        for status, classes in sorted(by_status.items())
    }


#: What any route may answer: a body that did not validate, an unexpected failure.
_COMMON = problem_responses(ValidationFailed, Problem)
#: What a route with a request body may answer besides.
_BODY = problem_responses(BadRequest, PayloadTooLarge)
#: What a route behind ``X-API-Key`` or a bearer token may answer besides.
_AUTHENTICATED = problem_responses(MissingApiKey, InvalidApiKey, InsufficientScope)
#: What a rate-limited route (all but the probes) may answer besides.
_LIMITED = problem_responses(TooManyRequests)


def describe_problems(type_base: str) -> str:
    """Markdown for the API description: one row per registered problem type."""
    rows = [
        f"| `{type_base.rstrip('/')}/{slug}` | {cls.status} | {cls.title} | {cls.meaning} |"
        for slug, cls in sorted(PROBLEM_TYPES.items())
    ]
    return "\n".join(
        [
            "Python nodes of BMC Bot, called by the n8n flows. Every error is "
            "`application/problem+json` (RFC 9457) with a Spanish `detail` and a `request_id`.",
            "",
            "| type | status | title | meaning |",
            "|---|---|---|---|",
            *rows,
        ]
    )


def _add_problem_responses(operation: dict[str, Any], limited: bool) -> None:
    """Add the problems every such route may answer; a status the route declares itself wins.

    FastAPI's own 422 (``HTTPValidationError``, a body this app never sends) is replaced.
    """
    responses: dict[str, Any] = operation.setdefault("responses", {})
    wanted = dict(_COMMON)
    if "requestBody" in operation:
        wanted.update(_BODY)
    if "security" in operation:
        wanted.update(_AUTHENTICATED)
    if limited:
        wanted.update(_LIMITED)
    if "parameters" not in operation and "requestBody" not in operation:
        wanted.pop(ValidationFailed.status)
    for status, response in wanted.items():
        declared = responses.get(str(status), {})
        if PROBLEM_CONTENT_TYPE not in declared.get("content", {}):
            responses[str(status)] = copy.deepcopy(response)
    for status, response in responses.items():
        if status.startswith(("4", "5")):
            response["content"] = _problem_content()


def install_openapi(app: FastAPI) -> None:
    """Replace ``app.openapi`` so every 4xx/5xx documents the problem+json body."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        for schema_name in ("HTTPValidationError", "ValidationError"):
            components["schemas"].pop(schema_name, None)
        for path, item in schema.get("paths", {}).items():
            limited = not path.startswith(("/health", "/metrics"))
            for operation in item.values():
                if isinstance(operation, dict) and "responses" in operation:
                    _add_problem_responses(operation, limited)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
