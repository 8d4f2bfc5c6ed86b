"""Quote search for the desk: a read-only view of the ``quotes`` collection.

The quote node's ``GET /quotes`` filters by phone, state and days only; sellers also look quotes
up by number and by customer name, so the desk reads the collection itself (never writes it:
every change goes through the quote node's API, see ``quote_api``). Filters are built from typed
values; free text is escaped before it reaches a ``$regex``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from py_nodes.core.storage import DocumentStore

QUOTES: Final = "quotes"
MONTEVIDEO: Final = ZoneInfo("America/Montevideo")
STATES: Final = ("Pendiente", "Asignado", "Enviado", "Listo", "Confirmado", "Rechazado")
FIELDS: Final = {
    "number": 1, "state": 1, "assignee": 1, "origin": 1, "user_phone": 1, "customer_name": 1,
    "product": 1, "quote.total": 1, "created_at": 1, "timestamp": 1,
}  # fmt: skip
PAGE: Final = 50


@dataclass(frozen=True)
class QuoteQuery:
    """What a seller typed: ``text`` is a number, a phone or part of a name."""

    text: str = ""
    state: str | None = None
    since: date | None = None
    until: date | None = None

    def to_filter(self) -> dict[str, Any]:
        clauses: list[dict[str, Any]] = []
        text = self.text.strip()[:80]
        if text:
            pattern = re.escape(text)
            digits = re.sub(r"\D", "", text)
            options: list[dict[str, Any]] = [
                {"number": {"$regex": pattern, "$options": "i"}},
                {"customer_name": {"$regex": pattern, "$options": "i"}},
            ]
            if len(digits) >= 4:
                options.append({"user_phone": {"$regex": re.escape(digits)}})
            clauses.append({"$or": options})
        if self.state in STATES:
            clauses.append({"state": str(self.state)})
        window: dict[str, float] = {}
        if self.since is not None:
            window["$gte"] = _day_start(self.since)
        if self.until is not None:
            window["$lt"] = _day_start(self.until + timedelta(days=1))
        if window:
            clauses.append({"timestamp": window})
        if not clauses:
            return {}
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _day_start(day: date) -> float:
    return datetime.combine(day, time.min, tzinfo=MONTEVIDEO).timestamp()


async def search(
    store: DocumentStore, query: QuoteQuery, limit: int = PAGE
) -> list[dict[str, Any]]:
    """Matching quotes, newest first."""
    where = query.to_filter()
    return await store.run(
        lambda db: list(
            db[QUOTES].find(where, FIELDS).sort([("timestamp", -1), ("_id", -1)]).limit(limit)
        )
    )


async def of_phone(store: DocumentStore, phone: str, limit: int = 20) -> list[dict[str, Any]]:
    """The quotes of one customer (with or without the leading ``+``), newest first."""
    digits = phone.lstrip("+")
    where = {"user_phone": {"$in": [digits, f"+{digits}"]}}
    return await store.run(
        lambda db: list(db[QUOTES].find(where, FIELDS).sort("timestamp", -1).limit(limit))
    )
