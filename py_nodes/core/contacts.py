"""A customer's standing with the bot, per phone: with the bot, with sales, or opted out.

Shared by the nodes that read or change it (the ai node hands a chat to sales and honours
opt-outs, the ops routes and the sales desk take and release chats, the quote follow-ups skip
opted-out phones), so it lives in ``core``. One document per phone in ``contacts``, keyed by
the phone: every read is a primary-key read on both engines, every change one atomic update.

- *with sales*: after a hand-off the bot stays silent for that phone (at most one short holding
  reply per ``holding_interval_s``) until a seller or n8n releases it, or until ``release_at``.
- *opted out*: no follow-up, no template, until the customer writes again (the ai node calls
  :func:`opt_in` when an opted-out phone sends a message that is not another opt-out).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from py_nodes.core.storage import DocumentStore

COLLECTION = "contacts"
HandoffReason = Literal["asked", "review", "misunderstood", "angry", "seller"]


class Contact(BaseModel):
    """The stored standing of one phone; a phone never seen is a default ``Contact``."""

    phone: str
    with_sales: bool = False
    handoff_reason: HandoffReason | None = None
    handed_off_at: float | None = None
    release_at: float | None = None
    taken_by: str | None = None
    taken_at: float | None = None
    holding_sent_at: float | None = None
    released_by: str | None = None
    released_at: float | None = None
    opted_out: bool = False
    opted_out_at: float | None = None
    updated_at: float = 0.0

    def may_send_holding(self, now: float, interval_s: float) -> bool:
        """True when no holding reply went out in the last ``interval_s`` of this hand-off."""
        return self.holding_sent_at is None or now - self.holding_sent_at >= interval_s


def _from_document(phone: str, document: dict[str, Any] | None) -> Contact:
    if document is None:
        return Contact(phone=phone)
    fields = {k: v for k, v in document.items() if k != "_id"}
    return Contact(phone=phone, **fields)


async def _update(store: DocumentStore, phone: str, changes: dict[str, Any]) -> Contact:
    document = await store.run(
        lambda db: db[COLLECTION].find_one_and_update(
            {"_id": phone}, {"$set": changes}, upsert=True, return_document=True
        )
    )
    return _from_document(phone, document)


async def load(store: DocumentStore, phone: str, now: float) -> Contact:
    """The phone's standing; a hand-off whose ``release_at`` has passed is released here."""
    document = await store.run(lambda db: db[COLLECTION].find_one({"_id": phone}))
    contact = _from_document(phone, document)
    if contact.with_sales and contact.release_at is not None and contact.release_at <= now:
        return await release(store, phone, by="timeout", now=now)
    return contact


async def hand_to_sales(
    store: DocumentStore, phone: str, reason: HandoffReason, now: float, hold_s: float
) -> Contact:
    """Give the chat to sales: the bot goes silent for ``phone`` until released or ``hold_s``."""
    return await _update(
        store,
        phone,
        {
            "with_sales": True,
            "handoff_reason": reason,
            "handed_off_at": now,
            "release_at": now + hold_s,
            "holding_sent_at": None,
            "updated_at": now,
        },
    )


async def take(store: DocumentStore, phone: str, seller: str, now: float, hold_s: float) -> Contact:
    """A seller takes the chat (from the desk): like a hand-off, and it records who and when."""
    return await _update(
        store,
        phone,
        {
            "with_sales": True,
            "handoff_reason": "seller",
            "handed_off_at": now,
            "release_at": now + hold_s,
            "taken_by": seller,
            "taken_at": now,
            "updated_at": now,
        },
    )


async def release(store: DocumentStore, phone: str, by: str, now: float) -> Contact:
    """Give the chat back to the bot (a seller, n8n, or ``timeout``)."""
    return await _update(
        store,
        phone,
        {
            "with_sales": False,
            "release_at": None,
            "holding_sent_at": None,
            "released_by": by,
            "released_at": now,
            "updated_at": now,
        },
    )


async def note_holding_sent(store: DocumentStore, phone: str, now: float) -> None:
    await _update(store, phone, {"holding_sent_at": now, "updated_at": now})


async def opt_out(store: DocumentStore, phone: str, now: float) -> Contact:
    return await _update(store, phone, {"opted_out": True, "opted_out_at": now, "updated_at": now})


async def opt_in(store: DocumentStore, phone: str, now: float) -> Contact:
    """The customer wrote again after opting out: follow-ups are allowed again."""
    return await _update(
        store, phone, {"opted_out": False, "opted_out_at": None, "updated_at": now}
    )


async def opted_out_among(store: DocumentStore, phones: list[str]) -> set[str]:
    """The phones of ``phones`` that opted out (one query)."""
    if not phones:
        return set()
    documents = await store.run(
        lambda db: list(db[COLLECTION].find({"_id": {"$in": phones}, "opted_out": True}))
    )
    return {str(document["_id"]) for document in documents}


async def with_sales(store: DocumentStore, limit: int = 200) -> list[Contact]:
    """The chats waiting for, or held by, a person; oldest hand-off first."""
    documents = await store.run(
        lambda db: list(db[COLLECTION].find({"with_sales": True}).limit(limit))
    )
    contacts = [_from_document(str(d["_id"]), d) for d in documents]
    return sorted(contacts, key=lambda c: c.handed_off_at or 0.0)
