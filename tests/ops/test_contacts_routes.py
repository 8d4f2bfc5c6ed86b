"""The chats with sales over HTTP: list (waiting first), one phone, take, release."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_nodes.core import contacts
from py_nodes.core.contacts import HandoffReason
from py_nodes.core.state import app_state
from py_nodes.core.storage import DocumentStore
from py_nodes.main import create_app
from tests.conftest import make_settings

# The sales desk's key: reading chats and taking/releasing them are the desk's scopes.
DESK_KEY = "desk-key-0123456789abcdef0123456789abcdef"  # pragma: allowlist secret
KEY = {"X-API-Key": DESK_KEY}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(tmp_path, api_keys=f"n8n:test-key-current\ndesk:{DESK_KEY}")
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_n8n_may_release_but_not_read_chats(client: TestClient) -> None:
    n8n = {"X-API-Key": "test-key-current"}
    assert client.get(f"/ops/contacts/{PHONE}", headers=n8n).status_code == 403
    released = client.post(f"/ops/contacts/{PHONE}/release", json={"by": "n8n"}, headers=n8n)
    assert released.status_code == 200, released.text


PHONE = "59899000111"
HOLD_S = 3600.0


def store_of(client: TestClient) -> DocumentStore:
    store: DocumentStore = app_state(client.app).resources.store
    return store


def hand_off(
    client: TestClient,
    phone: str,
    at: float,
    reason: HandoffReason = "asked",
    hold_s: float = HOLD_S,
) -> None:
    asyncio.run(contacts.hand_to_sales(store_of(client), phone, reason, now=at, hold_s=hold_s))


def take(client: TestClient, phone: str, seller: str) -> dict[str, Any]:
    response = client.post(f"/ops/contacts/{phone}/take", json={"seller": seller}, headers=KEY)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_contacts_unknown_phone_is_with_the_bot(client: TestClient) -> None:
    body = client.get(f"/ops/contacts/{PHONE}", headers=KEY).json()

    assert (body["phone"], body["with_sales"], body["waiting_for_seller"]) == (PHONE, False, False)


def test_contacts_handed_off_phone_waits_for_a_seller(client: TestClient) -> None:
    hand_off(client, PHONE, time.time())

    body = client.get(f"/ops/contacts/{PHONE}", headers=KEY).json()

    assert (body["with_sales"], body["handoff_reason"], body["waiting_for_seller"]) == (
        True,
        "asked",
        True,
    )


def test_contacts_list_puts_waiting_chats_first_then_oldest(client: TestClient) -> None:
    now = time.time()
    hand_off(client, "59899000001", now - 30)
    hand_off(client, "59899000002", now - 20)
    hand_off(client, "59899000003", now - 10)
    take(client, "59899000001", "MA")

    listed = client.get("/ops/contacts", params={"with_sales": "true"}, headers=KEY).json()

    assert [c["phone"] for c in listed] == ["59899000002", "59899000003", "59899000001"]


def test_contacts_list_leaves_out_hand_offs_past_their_hold(client: TestClient) -> None:
    hand_off(client, "59899000004", time.time() - 120, hold_s=60)
    hand_off(client, "59899000005", time.time())

    listed = client.get("/ops/contacts", headers=KEY).json()

    assert [c["phone"] for c in listed] == ["59899000005"]


def test_contacts_list_without_with_sales_is_a_spanish_problem(client: TestClient) -> None:
    response = client.get("/ops/contacts", params={"with_sales": "false"}, headers=KEY)

    assert (response.status_code, response.headers["content-type"]) == (
        422,
        "application/problem+json",
    )
    assert "with_sales=true" in response.json()["detail"]


def test_contacts_take_records_the_seller_and_holds_the_chat(client: TestClient) -> None:
    body = take(client, PHONE, "MA")

    assert (body["with_sales"], body["taken_by"], body["handoff_reason"]) == (True, "MA", "seller")
    assert body["release_at"] > time.time() + 3600


def test_contacts_take_by_the_same_seller_twice_is_harmless(client: TestClient) -> None:
    take(client, PHONE, "MA")

    assert take(client, PHONE, "MA")["taken_by"] == "MA"


def test_contacts_take_of_a_chat_another_seller_holds_is_409(client: TestClient) -> None:
    take(client, PHONE, "MA")

    response = client.post(f"/ops/contacts/{PHONE}/take", json={"seller": "RA"}, headers=KEY)

    body = response.json()
    assert (response.status_code, body["taken_by"], body["type"].endswith("ops/chat-taken")) == (
        409,
        "MA",
        True,
    )
    assert "MA" in body["detail"]
    assert "liber" in body["detail"]


def test_contacts_new_hand_off_after_a_release_can_be_taken_by_anyone(client: TestClient) -> None:
    take(client, PHONE, "MA")
    client.post(f"/ops/contacts/{PHONE}/release", json={"by": "MA"}, headers=KEY)
    hand_off(client, PHONE, time.time() + 1)

    assert take(client, PHONE, "RA")["taken_by"] == "RA"


def test_contacts_release_gives_the_chat_back_to_the_bot(client: TestClient) -> None:
    hand_off(client, PHONE, time.time())

    response = client.post(f"/ops/contacts/{PHONE}/release", json={"by": "n8n"}, headers=KEY)

    body = response.json()
    assert (response.status_code, body["with_sales"], body["released_by"]) == (200, False, "n8n")
    assert client.get("/ops/contacts", headers=KEY).json() == []


def test_contacts_release_of_a_chat_with_the_bot_changes_nothing(client: TestClient) -> None:
    response = client.post(f"/ops/contacts/{PHONE}/release", json={"by": "MA"}, headers=KEY)

    assert (response.status_code, response.json()["released_by"]) == (200, None)


def test_contacts_bad_phone_is_422_problem(client: TestClient) -> None:
    response = client.get("/ops/contacts/not-a-phone", headers=KEY)

    assert (response.status_code, response.headers["content-type"]) == (
        422,
        "application/problem+json",
    )


def test_contacts_take_needs_a_seller(client: TestClient) -> None:
    response = client.post(f"/ops/contacts/{PHONE}/take", json={"seller": ""}, headers=KEY)

    assert response.status_code == 422


def test_contacts_routes_require_the_api_key(client: TestClient) -> None:
    responses = [
        client.get("/ops/contacts"),
        client.get(f"/ops/contacts/{PHONE}"),
        client.post(f"/ops/contacts/{PHONE}/take", json={"seller": "MA"}),
        client.post(f"/ops/contacts/{PHONE}/release", json={"by": "MA"}),
    ]

    assert [r.status_code for r in responses] == [401, 401, 401, 401]


def test_contacts_phone_with_a_plus_is_refused(client: TestClient) -> None:
    # Contacts are keyed by the digits WhatsApp sends; "+598…" would be another, empty record.
    response = client.get("/ops/contacts/+59899000111", headers=KEY)

    assert response.status_code == 422
