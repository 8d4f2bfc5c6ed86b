"""Dead-letter records: written by the error-handler flow, listed newest first."""

from __future__ import annotations

from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

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


def _dead_letters_counted(flow: str) -> float:
    return REGISTRY.get_sample_value("bmc_dead_letters_total", {"flow": flow}) or 0.0


def test_dead_letters_are_counted_by_flow_id_when_given(client: TestClient) -> None:
    renamed = {**LETTER, "workflow": "Responder (copia de Ana)", "workflow_id": "bmcAnswerMessage"}
    before = _dead_letters_counted("bmcAnswerMessage"), _dead_letters_counted("answer-message")

    client.post("/ops/dead-letters", json=renamed, headers=KEY)
    client.post("/ops/dead-letters", json=LETTER, headers=KEY)  # an older handler: no id

    after = _dead_letters_counted("bmcAnswerMessage"), _dead_letters_counted("answer-message")
    assert (after[0] - before[0], after[1] - before[1]) == (1.0, 1.0)
