"""The app-wide body limit: a body over 1 MiB is a 413 problem+json before any route reads it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from py_nodes.core.body_limit import MAX_REQUEST_BODY_BYTES

JSON = {"X-API-Key": "test-key-current", "Content-Type": "application/json"}
TOO_LARGE = "https://bmc-bot.uy/problems/payload-too-large"


def oversized_json() -> bytes:
    padding = b"a" * MAX_REQUEST_BODY_BYTES
    return b'{"message_id": "wamid.1", "phone": "59899123456", "text": "' + padding + b'"}'


def in_chunks(body: bytes) -> Iterator[bytes]:
    for start in range(0, len(body), 65536):
        yield body[start : start + 65536]


@pytest.mark.parametrize(
    "path", [pytest.param("/ai/respond", id="ai"), pytest.param("/ops/inbox", id="ops")]
)
def test_body_limit_refuses_declared_oversized_body(client: TestClient, path: str) -> None:
    response = client.post(path, content=oversized_json(), headers=JSON)

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == TOO_LARGE


def test_body_limit_refuses_oversized_chunked_body(client: TestClient) -> None:
    response = client.post("/ai/respond", content=in_chunks(oversized_json()), headers=JSON)

    assert response.status_code == 413
    assert response.json()["type"] == TOO_LARGE


def test_body_limit_refuses_before_authentication(client: TestClient) -> None:
    response = client.post(
        "/ops/inbox", content=oversized_json(), headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 413


def test_body_limit_lets_a_body_at_the_limit_reach_the_route(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    body = b"[" + b" " * (MAX_REQUEST_BODY_BYTES - 2) + b"]"

    response = client.post("/ops/inbox", content=body, headers={**JSON, **replay_headers})

    assert response.status_code == 422
