"""A phone's standing: hand-off, automatic release, take/release, holding replies, opt-out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from py_nodes.core import contacts
from py_nodes.core.config import Settings
from py_nodes.core.storage import DocumentStore, open_store

T = TypeVar("T")
PHONE = "59899000111"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DocumentStore]:
    opened = open_store(Settings(data_dir=tmp_path / "data"))
    yield opened
    opened.close()


def run(scenario: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(scenario())  # type: ignore[arg-type]


def test_unknown_phone_is_with_the_bot(store: DocumentStore) -> None:
    contact = run(lambda: contacts.load(store, PHONE, now=0.0))
    assert (contact.with_sales, contact.opted_out) == (False, False)


def test_hand_off_holds_until_release_time_then_returns_to_the_bot(store: DocumentStore) -> None:
    async def scenario() -> tuple[bool, bool, str | None]:
        await contacts.hand_to_sales(store, PHONE, "asked", now=100.0, hold_s=50.0)
        during = await contacts.load(store, PHONE, now=149.0)
        after = await contacts.load(store, PHONE, now=150.0)
        return during.with_sales, after.with_sales, after.released_by

    assert run(scenario) == (True, False, "timeout")


def test_seller_take_and_release_are_recorded(store: DocumentStore) -> None:
    async def scenario() -> tuple[contacts.Contact, contacts.Contact, list[str]]:
        taken = await contacts.take(store, PHONE, "gonzalo", now=10.0, hold_s=1000.0)
        waiting = [c.phone for c in await contacts.with_sales(store)]
        released = await contacts.release(store, PHONE, by="gonzalo", now=20.0)
        return taken, released, waiting

    taken, released, waiting = run(scenario)
    assert (taken.with_sales, taken.taken_by, taken.taken_at) == (True, "gonzalo", 10.0)
    assert waiting == [PHONE]
    assert (released.with_sales, released.released_by, released.released_at) == (
        False, "gonzalo", 20.0,
    )  # fmt: skip


def test_holding_reply_at_most_once_per_interval(store: DocumentStore) -> None:
    async def scenario() -> list[bool]:
        await contacts.hand_to_sales(store, PHONE, "asked", now=0.0, hold_s=10_000.0)
        first = (await contacts.load(store, PHONE, now=1.0)).may_send_holding(1.0, 100.0)
        await contacts.note_holding_sent(store, PHONE, now=1.0)
        soon = (await contacts.load(store, PHONE, now=50.0)).may_send_holding(50.0, 100.0)
        later = (await contacts.load(store, PHONE, now=101.0)).may_send_holding(101.0, 100.0)
        return [first, soon, later]

    assert run(scenario) == [True, False, True]


def test_opt_out_is_stored_and_listed_until_opt_in(store: DocumentStore) -> None:
    async def scenario() -> tuple[set[str], set[str]]:
        await contacts.opt_out(store, PHONE, now=5.0)
        await contacts.load(store, "59899000222", now=5.0)
        out = await contacts.opted_out_among(store, [PHONE, "59899000222"])
        await contacts.opt_in(store, PHONE, now=6.0)
        return out, await contacts.opted_out_among(store, [PHONE])

    assert run(scenario) == ({PHONE}, set())
