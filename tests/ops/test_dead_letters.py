"""Dead-letter records: written by the error-handler flow, listed newest first."""

from __future__ import annotations

from fastapi.testclient import TestClient

KEY = {"X-API-Key": "test-key-current"}
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

    listed = client.get("/ops/dead-letters", headers=KEY).json()

    assert [letter["execution_id"] for letter in listed] == ["2", "1"]


def test_dead_letters_filter_by_workflow(client: TestClient) -> None:
    client.post("/ops/dead-letters", json=LETTER, headers=KEY)
    client.post("/ops/dead-letters", json={**LETTER, "workflow": "inbox-sweeper"}, headers=KEY)

    listed = client.get("/ops/dead-letters?workflow=inbox-sweeper", headers=KEY).json()

    assert [letter["workflow"] for letter in listed] == ["inbox-sweeper"]


def test_dead_letter_without_execution_id_is_422(client: TestClient) -> None:
    response = client.post("/ops/dead-letters", json={"workflow": "x"}, headers=KEY)

    assert response.status_code == 422
