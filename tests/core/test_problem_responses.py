"""A route's problem responses come from the ``Problem`` classes it raises, through one helper."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

from py_nodes.core.auth import InvalidApiKey, MissingApiKey
from py_nodes.core.config import Settings
from py_nodes.core.errors import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, NotFound
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.main import available_nodes, create_app
from py_nodes.ops.errors import InboxEntryNotFound

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
SLUG = re.compile(r"^`([^`]+)`: ", re.MULTILINE)


def _document() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(env="test", data_dir=Path(data_dir), log_level="WARNING")
        return create_app(settings, nodes=list(available_nodes())).openapi()


DOCUMENT = _document()


def _operation(method: str, path: str) -> dict[str, Any]:
    operation: dict[str, Any] = DOCUMENT["paths"][path][method]
    return operation


def test_problem_responses_group_the_classes_by_status() -> None:
    responses = problem_responses(MissingApiKey, NotFound, InvalidApiKey)

    assert list(responses) == [401, 404]
    assert SLUG.findall(responses[401]["description"]) == [
        "auth/missing-api-key",
        "auth/invalid-api-key",
    ]
    assert responses[404]["description"] == f"`not-found`: {NotFound.meaning}"
    assert responses[401]["content"] == {PROBLEM_CONTENT_TYPE: {"schema": PROBLEM_REF}}


def test_problem_responses_of_nothing_is_nothing() -> None:
    assert problem_responses() == {}


def test_a_status_the_route_declares_is_kept() -> None:
    responses = _operation("get", "/ops/inbox/{message_id}")["responses"]

    assert SLUG.findall(responses["404"]["description"]) == [InboxEntryNotFound.type_slug]
    assert responses["404"]["content"][PROBLEM_CONTENT_TYPE]["schema"] == PROBLEM_REF


def test_a_route_with_credentials_documents_the_auth_problems() -> None:
    responses = _operation("post", "/ops/dead-letters")["responses"]

    assert SLUG.findall(responses["401"]["description"]) == [
        "auth/missing-api-key",
        "auth/invalid-api-key",
    ]
    assert SLUG.findall(responses["403"]["description"]) == ["auth/insufficient-scope"]
    assert SLUG.findall(responses["429"]["description"]) == ["rate-limited"]


def test_a_probe_documents_neither_credentials_nor_rate_limits() -> None:
    responses = _operation("get", "/health/live")["responses"]

    assert not {"401", "403", "429"} & set(responses)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        (method, path)
        for path, item in DOCUMENT["paths"].items()
        for method, operation in item.items()
        if "422" in operation.get("responses", {})
    ],
)
def test_fastapis_own_422_never_survives(method: str, path: str) -> None:
    """FastAPI's ``HTTPValidationError`` is a body this app never sends."""
    response = _operation(method, path)["responses"]["422"]

    assert response["description"] != "Validation Error"
    assert list(response["content"]) == [PROBLEM_CONTENT_TYPE]


def test_every_type_the_document_names_is_registered() -> None:
    named = {
        slug
        for item in DOCUMENT["paths"].values()
        for operation in item.values()
        for response in operation.get("responses", {}).values()
        for slug in SLUG.findall(response.get("description", ""))
    }

    assert named, "no problem type named at all"
    assert named <= set(PROBLEM_TYPES)
