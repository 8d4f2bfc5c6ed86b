"""POST /ops/inbox/deliveries (a whole Meta payload); a replied entry is never re-driven."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_nodes.ops.deliveries import raw_items
from tests.ops.conftest import Clock

KEY = {"X-API-Key": "test-key-current"}


def delivery(messages: list[dict[str, Any]], statuses: list[dict[str, Any]] | None = None) -> Any:
    value = {
        "messaging_product": "whatsapp",
        "contacts": [{"profile": {"name": "Ana"}, "wa_id": "59899123456"}],
        "messages": messages,
        "statuses": statuses or [],
    }
    change = {"field": "messages", "value": value}
    return {"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [change]}]}


def text(wamid: str, body: str = "Hola") -> dict[str, Any]:
    return {"from": "59899123456", "id": wamid, "timestamp": "1732590000", "type": "text",
            "text": {"body": body}}  # fmt: skip


def post(client: TestClient, replay: dict[str, str], payload: Any) -> Any:
    return client.post("/ops/inbox/deliveries", json=payload, headers=replay)


def test_delivery_new_message_is_listed_to_answer(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    body = post(client, replay_headers, delivery([text("wamid.D1")])).json()

    assert body["recorded"] == 1
    assert [(a["message_id"], a["contact_name"], a["text"]) for a in body["answer"]] == [
        ("wamid.D1", "Ana", "Hola")
    ]


def test_delivery_redelivered_has_nothing_to_answer(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    post(client, replay_headers, delivery([text("wamid.D2")]))

    body = post(client, replay_headers, delivery([text("wamid.D2")])).json()

    assert (body["recorded"], body["answer"]) == (1, [])


def test_delivery_several_messages_keep_their_order(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    body = post(
        client, replay_headers, delivery([text("wamid.D3", "uno"), text("wamid.D4", "dos")])
    ).json()

    assert [a["text"] for a in body["answer"]] == ["uno", "dos"]


def test_delivery_status_is_recorded_not_answered(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    status = {"id": "wamid.out.9", "status": "read", "timestamp": "1", "recipient_id": "598"}

    body = post(client, replay_headers, delivery([], [status])).json()

    entry = client.get("/ops/inbox/wamid.out.9:read", headers=KEY).json()
    assert (body["recorded"], body["answer"], entry["state"]) == (1, [], "done")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        pytest.param({"type": "button", "button": {"text": "Sí"}}, ("text", "Sí"), id="button"),
        pytest.param(
            {"type": "interactive", "interactive": {"list_reply": {"title": "Techo"}}},
            ("text", "Techo"),
            id="list-reply",
        ),
        pytest.param({"type": "image", "image": {"id": "m1"}}, ("image", ""), id="image"),
    ],
)
def test_delivery_message_types(message: dict[str, Any], expected: tuple[str, str]) -> None:
    items = raw_items(delivery([{"from": "598", "id": "wamid.T", "timestamp": "1", **message}]))

    assert (items[0]["message_type"], items[0]["text"]) == expected


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({}, id="empty-object"),
        pytest.param({"entry": "nonsense"}, id="entry-not-a-list"),
        pytest.param({"entry": [{"changes": [{"value": None}]}]}, id="no-value"),
    ],
)
def test_delivery_without_messages_records_nothing(
    client: TestClient, payload: Any, replay_headers: dict[str, str]
) -> None:
    response = post(client, replay_headers, payload)

    assert (response.status_code, response.json()) == (200, {"recorded": 0, "answer": []})


def test_delivery_message_without_id_is_422(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    message = text("wamid.X")
    del message["id"]

    response = post(client, replay_headers, delivery([message]))

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "#/items/0/message_id"


def test_delivery_body_not_an_object_is_422(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    response = post(client, replay_headers, [1, 2])

    assert response.status_code == 422


def test_delivery_requires_api_key(client: TestClient) -> None:
    response = client.post("/ops/inbox/deliveries", json=delivery([text("wamid.K")]))

    assert response.status_code == 401


def reply(client: TestClient, wamid: str, graph_id: str = "wamid.out.1") -> None:
    permit = {"token": 1, "part": "reply"}
    assert client.post(f"/ops/inbox/{wamid}/send-permit", json=permit, headers=KEY).is_success
    sent = {**permit, "graph_id": graph_id}
    assert client.post(f"/ops/inbox/{wamid}/sent", json=sent, headers=KEY).is_success


def test_replied_entry_is_never_stale(
    client: TestClient, clock: Clock, replay_headers: dict[str, str]
) -> None:
    post(client, replay_headers, delivery([text("wamid.R1")]))
    reply(client, "wamid.R1")
    clock.advance(2)

    stale = client.get("/ops/inbox/stale?older_than_s=1", headers=KEY).json()

    assert [entry["message_id"] for entry in stale] == []


def test_unreplied_entry_is_stale(
    client: TestClient, clock: Clock, replay_headers: dict[str, str]
) -> None:
    post(client, replay_headers, delivery([text("wamid.R2")]))
    clock.advance(2)

    stale = client.get("/ops/inbox/stale?older_than_s=1", headers=KEY).json()

    assert [entry["message_id"] for entry in stale] == ["wamid.R2"]


def test_replied_entry_cannot_be_claimed(
    client: TestClient, clock: Clock, replay_headers: dict[str, str]
) -> None:
    post(client, replay_headers, delivery([text("wamid.R3")]))
    reply(client, "wamid.R3")
    clock.advance(2)

    response = client.post("/ops/inbox/wamid.R3/claim", json={"older_than_s": 1}, headers=KEY)

    assert response.status_code == 409


def test_delivery_answer_carries_the_first_token(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    result = post(client, replay_headers, delivery([text("wamid.R5")])).json()

    assert [item["token"] for item in result["answer"]] == [1]
