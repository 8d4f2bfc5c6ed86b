"""Quotes stored in older shapes (Spanish ``estado``, lines as positional rows) still read, and the
start-up upgrade rewrites them so that queries on ``state`` find them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from py_nodes.core.config import Settings
from py_nodes.core.storage import DocumentStore, open_store
from py_nodes.quote.engine.models import QuoteRequest
from py_nodes.quote.store.migrate import upgrade_stored_quotes
from py_nodes.quote.store.models import ROW_FIELDS, QuoteDocument
from py_nodes.quote.store.quotes import QuoteFilter, QuoteStore
from tests.quote.api_helpers import headers, priced, quote_client, roof_body

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 5, 20, 15, 0, tzinfo=UTC)
NUMBER = "BMC-2026-0001"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[DocumentStore]:
    document_store = open_store(settings)
    yield document_store
    document_store.close()


def today(number: str = NUMBER) -> QuoteDocument:
    return QuoteDocument.build(number, QuoteRequest.model_validate(roof_body()), priced(3), NOW)


def with_rows(document: dict[str, Any]) -> dict[str, Any]:
    """As written from 2026-11-26: ``estado``, lines as rows with their ``line_fields``."""
    old = {("estado" if key == "state" else key): value for key, value in document.items()}
    quote = dict(document["quote"])
    quote["line_fields"] = list(ROW_FIELDS)
    quote["lines"] = [[line[field] for field in ROW_FIELDS] for line in quote["lines"]]
    old["quote"] = quote
    return old


def with_dict_lines(document: dict[str, Any]) -> dict[str, Any]:
    """As first written: ``estado``, lines already one dict per line."""
    return {("estado" if key == "state" else key): value for key, value in document.items()}


async def insert(store: DocumentStore, *documents: dict[str, Any]) -> None:
    await store.run(lambda db: db["quotes"].insert_many(list(documents)))


async def raw(store: DocumentStore, number: str) -> dict[str, Any]:
    found = await store.run(lambda db: db["quotes"].find_one({"_id": number}))
    assert found is not None
    return dict(found)


def test_old_document_new_stores_lines_as_named_fields() -> None:
    stored = today().stored()

    assert "estado" not in stored
    assert stored["state"] == "Pendiente"
    assert stored["quote"]["lines"][0] == {
        "group": "PANELES",
        "description": 'Varilla roscada 3/8" (1m) #0',
        "sku": "SKU-0",
        "quantity": "180",
        "unit": "m²",
        "unit_price": "41.15",
        "amount": "1345.53",
    }
    assert "line_fields" not in stored["quote"]


@pytest.mark.parametrize("shape", [with_rows, with_dict_lines], ids=["rows", "dict-lines"])
async def test_old_document_reads_as_todays(store: DocumentStore, shape: Any) -> None:
    await insert(store, shape(today().stored()))

    document = await QuoteStore(store).get(NUMBER)

    assert document == today()
    assert document.quote.priced() == priced(3)


async def test_old_document_upgrade_rewrites_each_once(store: DocumentStore) -> None:
    await insert(
        store,
        with_rows(today("BMC-2026-0001").stored()),
        with_dict_lines(today("BMC-2026-0002").stored()),
        today("BMC-2026-0003").stored(),
    )

    first, second = await upgrade_stored_quotes(store), await upgrade_stored_quotes(store)

    assert (first, second) == (2, 0)
    for number in ("BMC-2026-0001", "BMC-2026-0002"):
        assert await raw(store, number) == today(number).stored()


async def test_old_document_upgraded_is_found_by_state(store: DocumentStore) -> None:
    await insert(store, with_rows(today().stored()))
    quotes = QuoteStore(store)
    before, _ = await quotes.search(QuoteFilter(state="Pendiente"), limit=10, offset=0)

    await upgrade_stored_quotes(store)

    after, total = await quotes.search(QuoteFilter(state="Pendiente"), limit=10, offset=0)
    assert (before, [row.number for row in after], total) == ([], [NUMBER], 1)


def test_old_document_api_answers_the_same_after_a_restart(settings: Settings) -> None:
    for api in quote_client(settings):
        created = api.post("/quotes", json=roof_body(), headers=headers()).json()
    number = created["number"]

    async def age() -> None:
        store = open_store(settings)
        stored = await raw(store, number)
        await store.run(lambda db: db["quotes"].replace_one({"_id": number}, with_rows(stored)))
        assert "estado" in await raw(store, number)
        store.close()

    asyncio.run(age())
    for api in quote_client(settings):  # the start upgrades it
        listed = api.get("/quotes", params={"state": "Pendiente"}, headers=headers("reader"))
        again = api.get(f"/quotes/{number}", headers=headers("reader"))
    assert [item["number"] for item in listed.json()["items"]] == [number]
    assert again.json() == created
