"""The message inbox: one entry per wamid, so a redelivered message is answered only once.

An entry is ``open`` from the moment the inbound flow records it until the answering flow marks it
``done``. The sweeper re-drives ``open`` entries nobody touched for a while; a claim refreshes
``updated_at`` atomically, so two sweeps never take the same entry, and an entry claimed
``MAX_ATTEMPTS`` times is marked ``failed`` instead of being retried forever.

Once WhatsApp accepted the reply, the answering flow records its Graph id (``reply_id``) at once:
the sweeper never re-drives such an entry, so a crash later in the turn cannot send the reply
twice (what came after the reply, e.g. the PDF or the sales notice, is then not redone).
"""

from __future__ import annotations

import time
from typing import Any

from py_nodes.core import metrics
from py_nodes.core.storage import DocumentStore
from py_nodes.ops.deliveries import split_delivery
from py_nodes.ops.errors import InboxEntryBusy, InboxEntryNotFound
from py_nodes.ops.models import DeliveryResult, InboxEntry, InboxRecord, InboxResult

COLLECTION = "ops_inbox"
MAX_ATTEMPTS = 5


def _entry(document: dict[str, Any]) -> InboxEntry:
    return InboxEntry(
        message_id=document["_id"], **{k: v for k, v in document.items() if k != "_id"}
    )


async def record_delivery(store: DocumentStore, payload: dict[str, Any]) -> DeliveryResult:
    """Record every message and status of a Meta delivery; the new messages are to answer."""
    records = split_delivery(payload)
    results = [await record(store, item) for item in records]
    return DeliveryResult(recorded=len(results), answer=[r for r in results if r.answer])


async def record(store: DocumentStore, item: InboxRecord, now: float | None = None) -> InboxResult:
    """Insert the entry unless its id exists; statuses are stored already ``done``."""
    now = time.time() if now is None else now
    fields = item.model_dump(exclude={"message_id", "status"})
    fields.update(
        state="open" if item.kind == "message" else "done",
        attempts=0,
        received_at=now,
        updated_at=now,
        outcome=None if item.kind == "message" else f"status:{item.status or 'unknown'}",
    )
    result = await store.run(
        lambda db: db[COLLECTION].update_one(
            {"_id": item.message_id}, {"$setOnInsert": fields}, upsert=True
        )
    )
    is_new = result.upserted_id is not None
    if is_new and item.kind == "message":
        metrics.INBOX_OPEN.inc()
    return InboxResult(
        message_id=item.message_id,
        status="new" if is_new else "duplicate",
        answer=is_new and item.kind == "message",
        **item.model_dump(include={"phone", "contact_name", "message_type", "text", "timestamp"}),
    )


async def mark_done(store: DocumentStore, message_id: str, outcome: str | None) -> InboxEntry:
    """Mark the entry answered; marking twice is harmless."""
    update = {"$set": {"state": "done", "outcome": outcome, "updated_at": time.time()}}
    before = await store.run(
        lambda db: db[COLLECTION].find_one_and_update({"_id": message_id}, update)
    )
    if before is None:
        raise InboxEntryNotFound(message_id=message_id)
    if before.get("state") == "open":
        metrics.INBOX_OPEN.dec()
    document = await store.run(lambda db: db[COLLECTION].find_one({"_id": message_id}))
    return _entry(document)


async def mark_replied(store: DocumentStore, message_id: str, reply_id: str) -> InboxEntry:
    """Record the Graph id of the reply (the first one wins; marking again is harmless)."""
    now = time.time()
    update = {"$set": {"reply_id": reply_id, "replied_at": now, "updated_at": now}}
    await store.run(
        lambda db: db[COLLECTION].update_one({"_id": message_id, "reply_id": None}, update)
    )
    return await get(store, message_id)


async def stale(
    store: DocumentStore, older_than_s: int, limit: int, now: float | None = None
) -> list[InboxEntry]:
    """Open entries untouched for ``older_than_s`` seconds, oldest first."""
    cutoff = (time.time() if now is None else now) - older_than_s
    query = {"state": "open", "reply_id": None, "updated_at": {"$lt": cutoff}}
    documents = await store.run(
        lambda db: list(db[COLLECTION].find(query).sort("updated_at", 1).limit(limit))
    )
    return [_entry(document) for document in documents]


async def claim(
    store: DocumentStore, message_id: str, older_than_s: int, now: float | None = None
) -> InboxEntry:
    """Take a stale open entry for re-driving (one attempt more); 409 when it is not claimable."""
    now = time.time() if now is None else now
    query = {
        "_id": message_id,
        "state": "open",
        "reply_id": None,
        "updated_at": {"$lt": now - older_than_s},
    }
    update = {"$set": {"updated_at": now}, "$inc": {"attempts": 1}}
    before = await store.run(lambda db: db[COLLECTION].find_one_and_update(query, update))
    if before is None:
        exists = await store.run(lambda db: db[COLLECTION].find_one({"_id": message_id}))
        if exists is None:
            raise InboxEntryNotFound(message_id=message_id)
        raise InboxEntryBusy(message_id=message_id, state=exists.get("state"))
    if before.get("attempts", 0) + 1 > MAX_ATTEMPTS:
        await store.run(
            lambda db: db[COLLECTION].update_one({"_id": message_id}, {"$set": {"state": "failed"}})
        )
        metrics.INBOX_OPEN.dec()
        raise InboxEntryBusy(
            "El mensaje se reintentó demasiadas veces; revisá las cartas muertas.",
            message_id=message_id,
            state="failed",
        )
    return _entry({**before, "updated_at": now, "attempts": before.get("attempts", 0) + 1})


async def get(store: DocumentStore, message_id: str) -> InboxEntry:
    document = await store.run(lambda db: db[COLLECTION].find_one({"_id": message_id}))
    if document is None:
        raise InboxEntryNotFound(message_id=message_id)
    return _entry(document)
