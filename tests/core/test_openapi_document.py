"""The OpenAPI document describes itself: examples, summaries, problem+json errors, error types."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from py_nodes.core.config import Settings
from py_nodes.core.errors import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES
from py_nodes.main import available_nodes, create_app

PROBLEM_REF = "#/components/schemas/Problem"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _build_document() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(env="test", data_dir=Path(data_dir), log_level="WARNING")
        return create_app(settings, nodes=list(available_nodes())).openapi()


DOCUMENT = _build_document()
OPERATIONS = [
    pytest.param(operation, id=f"{method.upper()} {path}")
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    if method in METHODS
]


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref``s into ``components.schemas``."""
    while "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def has_example(media: dict[str, Any]) -> bool:
    """An example on the media type, or on its (referenced) schema."""
    if "example" in media or "examples" in media:
        return True
    schema = resolve(media.get("schema", {}))
    return "example" in schema or "examples" in schema


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("get", "/health/ready", id="core"),
        pytest.param("post", "/quotes", id="quote"),
        pytest.param("post", "/ai/respond", id="ai"),
        pytest.param("post", "/security/whatsapp/signature", id="security"),
        pytest.param("post", "/ops/inbox", id="ops"),
    ],
)
def test_openapi_document_covers_every_node(method: str, path: str) -> None:
    assert method in DOCUMENT["paths"].get(path, {})


@pytest.mark.parametrize("operation", OPERATIONS)
def test_openapi_request_body_has_example(operation: dict[str, Any]) -> None:
    content = operation.get("requestBody", {}).get("content", {})

    missing = [media_type for media_type, media in content.items() if not has_example(media)]

    assert not missing, f"request body without an example: {missing}"


@pytest.mark.parametrize("operation", OPERATIONS)
def test_openapi_success_response_has_example(operation: dict[str, Any]) -> None:
    missing = [
        f"{status} {media_type}"
        for status, response in operation["responses"].items()
        if status.startswith("2")
        for media_type, media in response.get("content", {}).items()
        if not has_example(media)
    ]

    assert not missing, f"2xx response without an example: {missing}"


@pytest.mark.parametrize("operation", OPERATIONS)
def test_openapi_operation_has_summary_and_description(operation: dict[str, Any]) -> None:
    # FastAPI derives a summary from the handler's name; the description is its docstring.
    assert operation.get("summary")
    assert operation.get("description", "").strip(), "handler without a docstring"


@pytest.mark.parametrize("operation", OPERATIONS)
def test_openapi_error_responses_are_problem_json(operation: dict[str, Any]) -> None:
    errors = {
        status: response.get("content", {})
        for status, response in operation["responses"].items()
        if status.startswith(("4", "5"))
    }

    wrong = {
        status: content
        for status, content in errors.items()
        if content != {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": PROBLEM_REF}}}
    }

    assert errors, "no error response documented"
    assert not wrong, f"error responses not problem+json with the Problem schema: {wrong}"


@pytest.mark.parametrize("slug", sorted(PROBLEM_TYPES), ids=str)
def test_openapi_description_lists_problem_type(slug: str) -> None:
    base = Settings.model_fields["problem_type_base"].default.rstrip("/")

    assert f"| `{base}/{slug}` | {PROBLEM_TYPES[slug].status} |" in DOCUMENT["info"]["description"]
