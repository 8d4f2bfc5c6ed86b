"""Dead-letter records: written by the error-handler flow, listed newest first."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from py_nodes.core.auth import Principal
from py_nodes.core.errors import Unauthorized

KEY = {"X-API-Key": "test-key-current"}
OPERATOR = {"Authorization": "Bearer operator"}


class OperatorVerifier:
    """Stands in for the security node: the token "operator" may read ops records."""

    def verify_access(self, token: str) -> Principal:
        if token != "operator":
            raise Unauthorized("Token inválido.")
        return Principal(subject="operator", scopes=frozenset({"ops:read"}))


@pytest.fixture(autouse=True)
def operator_token(client: TestClient) -> None:
    client.app.state.token_verifier = OperatorVerifier()  # type: ignore[attr-defined]


LETTER = {
    "execution_id": "42",
    "workflow": "answer-message",
    "node": "Ask the AI",
    "message": "503 - Service Unavailable",
    "payload_ref": "wamid.A",
}


def test_dead_letter_write_returns_stored_record(client: TestClient) -> None:
    response = client.post("/ops/dead-letters", json=LETTER, headers=KEY)

    assert (response.status_code, response.json()["payload_ref"]) == (201, "wamid.A")


def test_dead_letters_list_newest_first(client: TestClient) -> None:
    for execution_id in ("1", "2"):
        client.post("/ops/dead-letters", json={**LETTER, "execution_id": execution_id}, headers=KEY)

    listed = client.get("/ops/dead-letters", headers=OPERATOR).json()

    assert [letter["execution_id"] for letter in listed] == ["2", "1"]


def test_dead_letters_filter_by_workflow(client: TestClient) -> None:
    client.post("/ops/dead-letters", json=LETTER, headers=KEY)
    client.post("/ops/dead-letters", json={**LETTER, "workflow": "inbox-sweeper"}, headers=KEY)

    listed = client.get("/ops/dead-letters?workflow=inbox-sweeper", headers=OPERATOR).json()

    assert [letter["workflow"] for letter in listed] == ["inbox-sweeper"]


def test_dead_letter_without_execution_id_is_422(client: TestClient) -> None:
    response = client.post("/ops/dead-letters", json={"workflow": "x"}, headers=KEY)

    assert response.status_code == 422
