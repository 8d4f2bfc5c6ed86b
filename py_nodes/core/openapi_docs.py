"""OpenAPI additions: the catalogue of problem ``type``s and a problem+json body on every error."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from py_nodes.core.errors import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES

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

_COMMON_ERRORS = {
    "422": "The request did not validate (`validation-error`); `errors` has a pointer per field.",
    "500": "Unexpected failure (`internal-error`); nothing internal is disclosed.",
}
_BODY_ERRORS = {
    "400": "The body cannot be read (`bad-request`), for example bytes that are not UTF-8.",
    "413": "The body is over 1 MiB (`payload-too-large`).",
}
_PROTECTED_ERRORS = {
    "401": "Missing or wrong `X-API-Key` (`auth/missing-api-key`, `auth/invalid-api-key`).",
    "429": "Rate limit exceeded (`rate-limited`); wait `Retry-After` seconds.",
}


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


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _add_problem_responses(operation: dict[str, Any], protected: bool) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    wanted = {**_COMMON_ERRORS, **(_PROTECTED_ERRORS if protected else {})}
    if "requestBody" in operation:
        wanted.update(_BODY_ERRORS)
    if "parameters" not in operation and "requestBody" not in operation:
        wanted.pop("422")
    for status, text in wanted.items():
        responses.setdefault(status, {"description": text})
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
            protected = not path.startswith(("/health", "/metrics"))
            for operation in item.values():
                if isinstance(operation, dict) and "responses" in operation:
                    _add_problem_responses(operation, protected)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
