"""Quote follow-ups never reach a phone that opted out (until the customer writes again), nor
one whose chat a seller has."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_nodes.core import contacts
from py_nodes.core.config import Settings
from py_nodes.core.state import app_state
from py_nodes.quote.store import followups
from tests.quote.api_helpers import Clock, headers, quote_client, roof_body

START = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def api(settings: Settings, clock: Clock) -> Iterator[TestClient]:
    yield from quote_client(settings, clock)


def sent_quote(api: TestClient, phone: str) -> str:
    number: str = api.post(
        "/quotes", json=roof_body(customer={"phone": phone}), headers=headers()
    ).json()["number"]
    response = api.post(f"/quotes/{number}/sent", headers=headers())
    assert response.status_code == 200, response.text
    return number


def set_opted_out(api: TestClient, phone: str, opted_out: bool) -> None:
    store = app_state(api.app).resources.store
    change = contacts.opt_out if opted_out else contacts.opt_in
    asyncio.run(change(store, phone, now=START.timestamp()))


def due(api: TestClient, limit: int = 100) -> list[str]:
    response = api.get(f"/quotes/followups/due?after_hours=48&limit={limit}", headers=headers())
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return [item["number"] for item in items]


def test_followups_leave_out_an_opted_out_phone(api: TestClient, clock: Clock) -> None:
    kept = sent_quote(api, "59899000001")
    sent_quote(api, "59899000002")
    set_opted_out(api, "59899000002", True)
    clock.advance(hours=49)

    assert due(api) == [kept]


def test_followups_match_the_phone_with_or_without_plus(api: TestClient, clock: Clock) -> None:
    sent_quote(api, "+59899000003")
    set_opted_out(api, "59899000003", True)
    clock.advance(hours=49)

    assert due(api) == []


def test_followups_come_back_when_the_customer_writes_again(api: TestClient, clock: Clock) -> None:
    number = sent_quote(api, "59899000004")
    set_opted_out(api, "59899000004", True)
    set_opted_out(api, "59899000004", False)
    clock.advance(hours=49)

    assert due(api) == [number]


def test_followups_opted_out_pages_do_not_hide_later_quotes(
    api: TestClient, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    silenced = [sent_quote(api, f"5989900010{i}") for i in range(4)]
    wanted = [sent_quote(api, f"5989900020{i}") for i in range(2)]
    for number in silenced:
        phone = api.get(f"/quotes/{number}", headers=headers("reader")).json()["customer"]["phone"]
        set_opted_out(api, phone, True)
    monkeypatch.setattr(followups, "MAX_PAGES", 5)
    clock.advance(hours=49)

    assert due(api, limit=2) == wanted


def hand_to_sales(api: TestClient, phone: str, hold_h: float) -> None:
    store = app_state(api.app).resources.store
    now = START.timestamp()
    asyncio.run(contacts.hand_to_sales(store, phone, "asked", now=now, hold_s=hold_h * 3600))


def test_followups_wait_while_a_seller_has_the_chat(api: TestClient, clock: Clock) -> None:
    sent_quote(api, "59899000301")
    hand_to_sales(api, "59899000301", hold_h=100)
    clock.advance(hours=49)

    assert due(api) == []


def test_followups_resume_once_the_chat_is_back_with_the_bot(api: TestClient, clock: Clock) -> None:
    number = sent_quote(api, "59899000302")
    hand_to_sales(api, "59899000302", hold_h=50)
    clock.advance(hours=51)

    assert due(api) == [number]
