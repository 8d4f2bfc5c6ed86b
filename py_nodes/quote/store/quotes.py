"""Quote persistence: create with a number, read, list, change state, follow-ups, conversations.

Every filter is built here from typed, plain values: no caller-supplied dict ever reaches a query,
so a ``{"$gt": ""}`` sent by a client can never act as an operator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from py_nodes.core import metrics
from py_nodes.core.storage import DocumentStore
from py_nodes.quote.errors import (
    AlreadyFollowedUp,
    ConcurrentUpdate,
    IllegalTransition,
    QuoteNotFound,
)
from py_nodes.quote.store.models import (
    SUMMARY_FIELDS,
    QuoteDocument,
    QuoteSummaryRow,
    StateEntry,
)
from py_nodes.quote.store.numbering import NUMBER_PATTERN, local_iso, quote_year, take_number
from py_nodes.quote.store.states import (
    FINAL_STATES,
    FORWARD,
    QuoteState,
    allowed_next,
    can_transition,
)

QUOTES: Final = "quotes"
CONVERSATIONS: Final = "conversations"


@dataclass(frozen=True)
class QuoteFilter:
    """Plain values only; ``to_query`` turns them into a MongoDB filter."""

    phone: str | None = None
    state: QuoteState | None = None
    since_ts: float | None = None
    until_ts: float | None = None

    def to_query(self) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if self.phone is not None:
            query["user_phone"] = str(self.phone)
        if self.state is not None:
            query["state"] = str(self.state)
        window: dict[str, float] = {}
        if self.since_ts is not None:
            window["$gte"] = float(self.since_ts)
        if self.until_ts is not None:
            window["$lt"] = float(self.until_ts)
        if window:
            query["timestamp"] = window
        return query


def phone_variants(phone: str) -> list[str]:
    """The same WhatsApp number with and without the leading ``+``."""
    digits = phone.lstrip("+")
    return [digits, f"+{digits}"]


class QuoteStore:
    """The quote node's view of the document store."""

    def __init__(self, store: DocumentStore) -> None:
        self._store = store

    async def create(self, now: datetime, draft: QuoteDocument) -> QuoteDocument:
        """Store ``draft`` under the next number of ``now``'s year, taken and used in one store
        call. The draft is built and dumped before, off the store's thread; its own number
        (``UNNUMBERED``) is replaced."""
        year = quote_year(now)
        stored = draft.stored()

        def operation(db: Any) -> str:
            number = take_number(db, year)
            db[QUOTES].insert_one({**stored, "_id": number, "number": number})
            return number

        number = await self._store.run(operation)
        return draft.model_copy(update={"id": number, "number": number})

    async def next_number(self, now: datetime) -> str:
        year = quote_year(now)
        return await self._store.run(lambda db: take_number(db, year))

    async def get(self, number: str) -> QuoteDocument:
        if not NUMBER_PATTERN.match(number):
            raise QuoteNotFound(f"'{number[:40]}' no es un número de cotización (BMC-AAAA-NNNN).")
        key = str(number)
        document = await self._store.run(lambda db: db[QUOTES].find_one({"_id": key}))
        if document is None:
            raise QuoteNotFound(f"No existe la cotización {key}.")
        return QuoteDocument.model_validate(document)

    async def search(
        self, where: QuoteFilter, *, limit: int, offset: int
    ) -> tuple[list[QuoteSummaryRow], int]:
        query = where.to_query()

        def operation(db: Any) -> tuple[list[QuoteSummaryRow], int]:
            collection = db[QUOTES]
            cursor = collection.find(query, SUMMARY_FIELDS).sort([("timestamp", -1), ("_id", -1)])
            items = [
                QuoteSummaryRow.model_validate(row) for row in cursor.skip(offset).limit(limit)
            ]
            return items, int(collection.count_documents(query))

        return await self._store.run(operation)

    async def transition(
        self, number: str, target: QuoteState, by: str, now: datetime, assignee: str | None
    ) -> QuoteDocument:
        """Move the quote to ``target`` if the state machine allows it (compare-and-set)."""
        document = await self.get(number)
        current = document.state
        if not can_transition(current, target):
            allowed = allowed_next(current)
            options = ", ".join(allowed) if allowed else "ninguno (es un estado final)"
            raise IllegalTransition(
                f"La cotización {number} está en {current} y no puede pasar a {target}. "
                f"Estados posibles: {options}.",
                current=current,
                allowed=allowed,
            )
        changes: dict[str, Any] = {"state": target, "updated_at": local_iso(now)}
        if target == "Enviado":
            changes["sent_at"] = now.timestamp()
        if assignee is not None:
            changes["assignee"] = assignee
        entry = {"state": target, "by": by, "at": local_iso(now)}
        update = {"$set": changes, "$push": {"history": entry}}
        result = await self._store.run(
            lambda db: db[QUOTES].update_one({"_id": number, "state": current}, update)
        )
        if result.modified_count != 1:
            raise ConcurrentUpdate()
        metrics.QUOTE_TRANSITIONS.labels(state=target).inc()
        return document.model_copy(
            update={**changes, "history": [*document.history, StateEntry.model_validate(entry)]}
        )

    async def mark_sent(self, number: str, by: str, now: datetime) -> QuoteDocument:
        """Walk the quote forward to ``Enviado`` one legal step at a time (idempotent).

        ``Enviado`` or ``Listo`` is returned unchanged; a final state is an illegal transition.
        A step lost to a concurrent change is re-read and retried.
        """
        sent = FORWARD.index("Enviado")
        for _ in range(len(FORWARD) + 2):
            document = await self.get(number)
            current = document.state
            if current in FORWARD[sent:] and current not in FINAL_STATES:
                return document
            target = "Enviado" if current in FINAL_STATES else FORWARD[FORWARD.index(current) + 1]
            try:
                document = await self.transition(number, target, by, now, None)
            except ConcurrentUpdate:
                continue
            if document.state == "Enviado":
                return document
        raise ConcurrentUpdate()

    async def due_followups(
        self, sent_before_ts: float, limit: int, skip: int = 0
    ) -> list[QuoteDocument]:
        query = {"state": "Enviado", "followed_up_at": None, "sent_at": {"$lte": sent_before_ts}}
        documents = await self._store.run(
            lambda db: list(db[QUOTES].find(query).sort("sent_at", 1).skip(skip).limit(limit))
        )
        return [QuoteDocument.model_validate(document) for document in documents]

    async def mark_followed_up(self, number: str, now: datetime) -> QuoteDocument:
        """Set ``followed_up_at`` once; a second call is refused."""
        document = await self.get(number)
        at = local_iso(now)
        result = await self._store.run(
            lambda db: db[QUOTES].update_one(
                {"_id": number, "followed_up_at": None},
                {"$set": {"followed_up_at": at, "updated_at": at}},
            )
        )
        if result.modified_count != 1:
            raise AlreadyFollowedUp(
                f"A la cotización {number} ya se le hizo el seguimiento.",
                followed_up_at=document.followed_up_at,
            )
        return document.model_copy(update={"followed_up_at": at, "updated_at": at})

    async def last_inbound(self, phone: str) -> Any:
        """The ``timestamp`` of the customer's last inbound message, or None."""
        query = {"phone": {"$in": phone_variants(phone)}, "direction": "in"}

        def operation(db: Any) -> Any:
            latest = list(db[CONVERSATIONS].find(query).sort("timestamp", -1).limit(1))
            return latest[0].get("timestamp") if latest else None

        return await self._store.run(operation)

    async def export_rows(self, collection: str, where: QuoteFilter, limit: int) -> list[Any]:
        """Documents of ``quotes`` or ``conversations`` in a time window, oldest first."""
        query = where.to_query()
        return await self._store.run(
            lambda db: list(db[collection].find(query).sort("timestamp", 1).limit(limit))
        )
