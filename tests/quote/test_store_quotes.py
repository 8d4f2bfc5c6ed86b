"""The quote store on the embedded engine: numbering under concurrency, states, follow-ups."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from py_nodes.core.config import Settings
from py_nodes.core.storage import DocumentStore, open_store
from py_nodes.quote.engine.models import QuoteRequest
from py_nodes.quote.errors import (
    AlreadyFollowedUp,
    ConcurrentUpdate,
    IllegalTransition,
    QuoteNotFound,
)
from py_nodes.quote.store.models import UNNUMBERED, QuoteDocument
from py_nodes.quote.store.numbering import quote_year
from py_nodes.quote.store.quotes import QuoteFilter, QuoteStore
from tests.quote.api_helpers import priced, roof_body

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 5, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[DocumentStore]:
    document_store = open_store(settings)
    yield document_store
    document_store.close()


REQUEST = QuoteRequest.model_validate(roof_body())


def draft() -> QuoteDocument:
    return QuoteDocument.build(UNNUMBERED, REQUEST, priced(), NOW)


async def test_store_fifty_concurrent_creations_get_consecutive_numbers(
    store: DocumentStore,
) -> None:
    quotes = QuoteStore(store)

    created = await asyncio.gather(*(quotes.create(NOW, draft()) for _ in range(50)))

    numbers = sorted(document.number for document in created)
    assert numbers == [f"BMC-2026-{seq:04d}" for seq in range(1, 51)]
    assert await store.run(lambda db: db["quotes"].count_documents({})) == 50


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        pytest.param(datetime(2027, 1, 1, 2, 30, tzinfo=UTC), 2026, id="utc-new-year-mvd-old"),
        pytest.param(datetime(2027, 1, 1, 3, 0, tzinfo=UTC), 2027, id="mvd-midnight"),
    ],
)
def test_store_quote_year_is_montevideo_year(moment: datetime, year: int) -> None:
    assert quote_year(moment) == year


async def test_store_counter_restarts_each_year(store: DocumentStore) -> None:
    quotes = QuoteStore(store)
    await quotes.next_number(datetime(2026, 12, 31, 12, tzinfo=UTC))

    number = await quotes.next_number(datetime(2027, 1, 2, 12, tzinfo=UTC))

    assert number == "BMC-2027-0001"


async def test_store_transition_appends_history(store: DocumentStore) -> None:
    quotes = QuoteStore(store)
    await quotes.create(NOW, draft())

    await quotes.transition("BMC-2026-0001", "Asignado", "MO", NOW, "MO")

    stored = await quotes.get("BMC-2026-0001")
    assert (stored.state, stored.assignee) == ("Asignado", "MO")
    assert [entry.by for entry in stored.history] == ["sistema", "MO"]


async def test_store_transition_to_enviado_records_sent_at(store: DocumentStore) -> None:
    quotes = QuoteStore(store)
    await quotes.create(NOW, draft())
    await quotes.transition("BMC-2026-0001", "Asignado", "MA", NOW, None)

    await quotes.transition("BMC-2026-0001", "Enviado", "MA", NOW, None)

    assert (await quotes.get("BMC-2026-0001")).sent_at == NOW.timestamp()


async def test_store_illegal_transition_raises_with_allowed(store: DocumentStore) -> None:
    quotes = QuoteStore(store)
    await quotes.create(NOW, draft())

    with pytest.raises(IllegalTransition) as raised:
        await quotes.transition("BMC-2026-0001", "Confirmado", "MA", NOW, None)

    assert raised.value.extensions["allowed"] == ["Asignado", "Rechazado"]


async def test_store_concurrent_transitions_let_only_one_win(store: DocumentStore) -> None:
    quotes = QuoteStore(store)
    await quotes.create(NOW, draft())

    results = await asyncio.gather(
        quotes.transition("BMC-2026-0001", "Asignado", "MA", NOW, None),
        quotes.transition("BMC-2026-0001", "Rechazado", "MO", NOW, None),
        return_exceptions=True,
    )

    assert sum(isinstance(result, ConcurrentUpdate) for result in results) == 1
    assert len((await quotes.get("BMC-2026-0001")).history) == 2


async def test_store_follow_up_only_once(store: DocumentStore) -> None:
    quotes = QuoteStore(store)
    await quotes.create(NOW, draft())
    await quotes.mark_followed_up("BMC-2026-0001", NOW)

    with pytest.raises(AlreadyFollowedUp):
        await quotes.mark_followed_up("BMC-2026-0001", NOW)


async def test_store_get_unknown_raises_not_found(store: DocumentStore) -> None:
    with pytest.raises(QuoteNotFound):
        await QuoteStore(store).get("BMC-2026-0007")


async def test_store_filter_treats_operator_text_as_a_literal(store: DocumentStore) -> None:
    quotes = QuoteStore(store)
    await quotes.create(NOW, draft())

    items, total = await quotes.search(QuoteFilter(phone='{"$gt": ""}'), limit=10, offset=0)

    assert (items, total) == ([], 0)


def test_store_filter_builds_plain_equality_and_window() -> None:
    query = QuoteFilter(phone="598", state="Enviado", since_ts=1.0, until_ts=2.0).to_query()

    assert query == {
        "user_phone": "598",
        "state": "Enviado",
        "timestamp": {"$gte": 1.0, "$lt": 2.0},
    }
