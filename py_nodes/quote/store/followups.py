"""Follow-up candidates: quotes sent hours ago, never followed up, and the 24-hour window.

A phone that opted out ("baja", "no me escriban más") never gets a follow-up: its quotes are
left out of the list until the customer writes again (``core.contacts``). Nor does a phone whose
chat a person has: the bot stays silent there, and the quote is listed once the chat is back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

from py_nodes.core import contacts
from py_nodes.core.storage import DocumentStore
from py_nodes.quote.store.models import QuoteDocument
from py_nodes.quote.store.numbering import MONTEVIDEO
from py_nodes.quote.store.quotes import QuoteStore, phone_variants

WINDOW_S: Final = 24 * 3600
#: Pages of due quotes read at most per listing when opted-out phones fill whole pages.
MAX_PAGES: Final = 20


def as_epoch(value: Any) -> float | None:
    """A conversation ``timestamp`` (epoch seconds, or an ISO string) as epoch seconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    return None


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, MONTEVIDEO).isoformat(timespec="seconds")


def within_window(last_inbound: float | None, now: datetime) -> bool:
    """WhatsApp allows free text only within 24 h of the customer's last message."""
    return last_inbound is not None and now.timestamp() - last_inbound < WINDOW_S


async def due_quotes(
    store: DocumentStore, sent_before_ts: float, limit: int, now: float
) -> list[QuoteDocument]:
    """Up to ``limit`` due quotes, oldest first, none of them to a phone the bot must not write
    to: opted out, or with sales right now (listed again once the chat is back with the bot)."""
    quotes = QuoteStore(store)
    kept: list[QuoteDocument] = []
    for page in range(MAX_PAGES):
        batch = await quotes.due_followups(sent_before_ts, limit, skip=page * limit)
        silenced = await _silenced(store, [document.user_phone for document in batch], now)
        kept += [d for d in batch if d.user_phone.lstrip("+") not in silenced]
        if len(kept) >= limit or len(batch) < limit:
            break
    return kept[:limit]


async def _silenced(store: DocumentStore, phones: list[str], now: float) -> set[str]:
    """The digits of ``phones`` that opted out or whose chat a person has."""
    digits = sorted({phone.lstrip("+") for phone in phones})
    variants = [variant for phone in digits for variant in phone_variants(phone)]
    silenced = {phone.lstrip("+") for phone in await contacts.opted_out_among(store, variants)}
    for phone in digits:
        if phone not in silenced and (await contacts.load(store, phone, now)).with_sales:
            silenced.add(phone)
    return silenced
