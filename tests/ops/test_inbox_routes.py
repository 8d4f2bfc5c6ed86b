"""The ops node's inbox over HTTP: de-duplication, done, stale listing and re-drive claims."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.ops.conftest import Clock

KEY = {"X-API-Key": "test-key-current"}


def record(
    client: TestClient, replay: dict[str, str], message_id: str = "wamid.A", **fields: object
) -> dict[str, object]:
    body = {"message_id": message_id, "phone": "59899123456", "text": "Hola", **fields}
    response = client.post("/ops/inbox", json=body, headers=replay)
    assert response.status_code in (200, 201), response.text
    return dict(response.json())


def test_inbox_first_delivery_is_new_and_answerable(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    result = record(client, replay_headers)

    assert (result["status"], result["answer"], result["text"], result["token"]) == (
        "new",
        True,
        "Hola",
        1,
    )


def test_inbox_redelivery_is_duplicate_with_200(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    record(client, replay_headers)

    response = client.post("/ops/inbox", json={"message_id": "wamid.A"}, headers=replay_headers)

    assert (response.status_code, response.json()["status"]) == (200, "duplicate")


def test_inbox_five_deliveries_give_one_new(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    statuses = [record(client, replay_headers)["status"] for _ in range(5)]

    assert statuses.count("new") == 1


def test_inbox_status_update_is_recorded_but_not_answered(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    result = record(client, replay_headers, "wamid.S:delivered", kind="status", status="delivered")

    entry = client.get("/ops/inbox/wamid.S:delivered", headers=KEY).json()
    assert (result["answer"], entry["state"]) == (False, "done")


def test_inbox_requires_api_key(client: TestClient) -> None:
    response = client.post("/ops/inbox", json={"message_id": "wamid.A"})

    assert response.status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="no-id"),
        pytest.param({"message_id": ""}, id="empty-id"),
        pytest.param({"message_id": "x", "kind": "reaction"}, id="unknown-kind"),
    ],
)
def test_inbox_rejects_bad_record_with_422(
    client: TestClient, body: dict[str, object], replay_headers: dict[str, str]
) -> None:
    response = client.post("/ops/inbox", json=body, headers=replay_headers)

    assert (response.status_code, response.headers["content-type"]) == (
        422,
        "application/problem+json",
    )


def test_inbox_done_marks_entry_and_records_outcome(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    record(client, replay_headers)

    body = {"token": 1, "outcome": "quote"}
    response = client.post("/ops/inbox/wamid.A/done", json=body, headers=KEY)

    assert (response.json()["state"], response.json()["outcome"]) == ("done", "quote")


def test_inbox_done_without_token_is_422(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    record(client, replay_headers)

    response = client.post("/ops/inbox/wamid.A/done", headers=KEY)

    assert response.status_code == 422


def test_inbox_done_twice_is_harmless(client: TestClient, replay_headers: dict[str, str]) -> None:
    record(client, replay_headers)
    client.post("/ops/inbox/wamid.A/done", json={"token": 1}, headers=KEY)

    response = client.post("/ops/inbox/wamid.A/done", json={"token": 1}, headers=KEY)

    assert (response.status_code, response.json()["state"]) == (200, "done")


def test_inbox_done_unknown_id_is_404(client: TestClient) -> None:
    response = client.post("/ops/inbox/wamid.nope/done", json={"token": 1}, headers=KEY)

    assert (response.status_code, response.json()["type"].rsplit("/", 2)[-2:]) == (
        404,
        ["ops", "inbox-entry-not-found"],
    )


def test_inbox_stale_lists_only_old_open_entries(
    client: TestClient, clock: Clock, replay_headers: dict[str, str]
) -> None:
    record(client, replay_headers, "wamid.open")
    record(client, replay_headers, "wamid.answered")
    client.post("/ops/inbox/wamid.answered/done", json={"token": 1}, headers=KEY)
    clock.advance(2)

    stale = client.get("/ops/inbox/stale?older_than_s=1", headers=KEY).json()

    assert [entry["message_id"] for entry in stale] == ["wamid.open"]


def test_inbox_stale_leaves_fresh_entries(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    record(client, replay_headers)

    stale = client.get("/ops/inbox/stale?older_than_s=300", headers=KEY).json()

    assert stale == []


def test_inbox_claim_returns_message_and_counts_attempt(
    client: TestClient, clock: Clock, replay_headers: dict[str, str]
) -> None:
    record(client, replay_headers, text="Quiero cotizar")
    clock.advance(2)

    claimed = client.post("/ops/inbox/wamid.A/claim", json={"older_than_s": 1}, headers=KEY)

    assert (claimed.json()["text"], claimed.json()["attempts"], claimed.json()["token"]) == (
        "Quiero cotizar",
        1,
        2,
    )


def test_inbox_second_claim_in_a_row_is_409(
    client: TestClient, clock: Clock, replay_headers: dict[str, str]
) -> None:
    record(client, replay_headers)
    clock.advance(2)
    client.post("/ops/inbox/wamid.A/claim", json={"older_than_s": 1}, headers=KEY)

    second = client.post("/ops/inbox/wamid.A/claim", json={"older_than_s": 1}, headers=KEY)

    assert second.status_code == 409


def test_inbox_claim_of_answered_entry_is_409(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    record(client, replay_headers)
    client.post("/ops/inbox/wamid.A/done", json={"token": 1}, headers=KEY)

    response = client.post("/ops/inbox/wamid.A/claim", json={"older_than_s": 1}, headers=KEY)

    assert response.status_code == 409
