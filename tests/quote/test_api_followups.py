"""GET /quotes/followups/due and POST /quotes/{id}/followups for the n8n flow quote-followup."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.core.state import app_state
from tests.quote.api_helpers import Clock, headers, quote_client, roof_body

START = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def api(settings: Settings, clock: Clock) -> Iterator[TestClient]:
    yield from quote_client(settings, clock)


def sent_quote(api: TestClient, phone: str = "59899123456") -> str:
    """Create a quote and move it to Enviado; returns its number."""
    number: str = api.post(
        "/quotes", json=roof_body(customer={"phone": phone}), headers=headers()
    ).json()["number"]
    for state in ("Asignado", "Enviado"):
        api.patch(
            f"/quotes/{number}/status", json={"state": state, "by": "MA"}, headers=headers("writer")
        )
    return number


def add_message(api: TestClient, phone: str, direction: str, at: datetime) -> None:
    store = app_state(api.app).resources.store
    message: dict[str, Any] = {
        "phone": phone,
        "direction": direction,
        "text": "hola",
        "timestamp": at.timestamp(),
    }
    asyncio.run(store.run(lambda db: db["conversations"].insert_one(message)))


def due(api: TestClient, hours: int = 48) -> list[dict[str, Any]]:
    response = api.get(f"/quotes/followups/due?after_hours={hours}", headers=headers())
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_due_lists_quotes_sent_longer_ago(api: TestClient, clock: Clock) -> None:
    number = sent_quote(api)
    clock.advance(hours=49)

    assert [item["number"] for item in due(api)] == [number]


def test_due_skips_recently_sent_quotes(api: TestClient, clock: Clock) -> None:
    sent_quote(api)
    clock.advance(hours=47)

    assert due(api) == []


def test_due_skips_quotes_not_sent(api: TestClient, clock: Clock) -> None:
    api.post("/quotes", json=roof_body(), headers=headers())
    clock.advance(hours=100)

    assert due(api) == []


def test_due_is_inside_window_after_recent_inbound_message(api: TestClient, clock: Clock) -> None:
    sent_quote(api, phone="59899000001")
    clock.advance(hours=49)
    add_message(api, "+59899000001", "in", clock.now - timedelta(hours=2))

    (item,) = due(api)

    assert item["within_24h_window"] is True
    assert item["last_inbound_at"] is not None


def test_due_is_outside_window_when_last_inbound_is_old(api: TestClient, clock: Clock) -> None:
    sent_quote(api, phone="59899000002")
    add_message(api, "59899000002", "in", clock.now)
    clock.advance(hours=49)
    add_message(api, "59899000002", "out", clock.now - timedelta(hours=1))

    (item,) = due(api)

    assert item["within_24h_window"] is False


def test_due_is_outside_window_without_messages(api: TestClient, clock: Clock) -> None:
    sent_quote(api)
    clock.advance(hours=49)

    (item,) = due(api)

    assert (item["within_24h_window"], item["last_inbound_at"]) == (False, None)


def test_mark_followed_up_removes_from_due(api: TestClient, clock: Clock) -> None:
    number = sent_quote(api)
    clock.advance(hours=49)

    response = api.post(f"/quotes/{number}/followups", headers=headers())

    assert response.status_code == 200
    assert due(api) == []


def test_mark_followed_up_twice_is_409(api: TestClient) -> None:
    number = sent_quote(api)
    api.post(f"/quotes/{number}/followups", headers=headers())

    response = api.post(f"/quotes/{number}/followups", headers=headers())

    assert response.status_code == 409
    assert response.json()["type"].endswith("/quote/already-followed-up")


def test_mark_followed_up_unknown_is_404(api: TestClient) -> None:
    response = api.post("/quotes/BMC-2026-0404/followups", headers=headers())

    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("after_hours=0", id="zero"),
        pytest.param("after_hours=nan", id="nan"),
        pytest.param("after_hours=abc", id="text"),
    ],
)
def test_due_bad_hours_is_422(api: TestClient, query: str) -> None:
    response = api.get(f"/quotes/followups/due?{query}", headers=headers())

    assert response.status_code == 422


def test_due_needs_api_key(api: TestClient) -> None:
    response = api.get("/quotes/followups/due")

    assert response.status_code == 401
