"""The message inbox: one entry per wamid, so a redelivered message is answered only once.

An entry is ``open`` from the moment the inbound flow records it, with fencing ``token`` 1 for the
execution the inbound flow starts. The sweeper re-drives ``open`` entries whose lease expired
(``updated_at`` older than the stale time): its claim atomically bumps the token, so an earlier
execution that was only slow holds a dead token and is refused its send permit (``sends.py``).
Nothing here depends on timing for correctness: a lease that is too short costs a wasted
attempt, never a second answer. An entry claimed ``MAX_ATTEMPTS`` times is marked ``failed``.

Once a send permit is granted the entry is ``sending`` and the sweeper never touches it again
(``sends.py`` explains the states after that).
"""

from __future__ import annotations

import json
import time
from typing import Any

from py_nodes.core import metrics
from py_nodes.core.storage import DocumentStore
from py_nodes.ops.deliveries import split_delivery
from py_nodes.ops.errors import DeliveryUnreadable, InboxEntryBusy, InboxEntryNotFound
from py_nodes.ops.models import DeliveryResult, InboxEntry, InboxRecord, InboxResult

COLLECTION = "ops_inbox"
MAX_ATTEMPTS = 5
#: The token of the execution the inbound flow starts; every re-drive claim adds one.
FIRST_TOKEN = 1
#: States in which an entry still waits for its answer (the open-entries gauge counts them).
UNFINISHED = ("open", "sending", "replied")


def as_entry(document: dict[str, Any]) -> InboxEntry:
    return InboxEntry(
        message_id=document["_id"], **{k: v for k, v in document.items() if k != "_id"}
    )


def parse_delivery(raw: bytes) -> dict[str, Any]:
    """The JSON object of a delivery's exact bytes; anything else is a 400 (nothing recorded)."""
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError):
        raise DeliveryUnreadable() from None
    if not isinstance(payload, dict):
        raise DeliveryUnreadable("La entrega firmada es JSON, pero no un objeto; no se registró.")
    return payload


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
        token=FIRST_TOKEN if item.kind == "message" else 0,
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
    answer = is_new and item.kind == "message"
    return InboxResult(
        message_id=item.message_id,
        status="new" if is_new else "duplicate",
        answer=answer,
        token=FIRST_TOKEN if answer else 0,
        **item.model_dump(include={"phone", "contact_name", "message_type", "text", "timestamp"}),
    )


async def mark_done(
    store: DocumentStore, message_id: str, token: int, outcome: str | None
) -> InboxEntry:
    """Close the entry; only the token's holder may, and not while a send is unconfirmed.

    Marking a ``done`` entry again is harmless; a dead token or a ``sending`` entry is a 409.
    """
    now = time.time()
    query = {"_id": message_id, "token": token, "state": {"$in": ["open", "replied"]}}
    update = {"$set": {"state": "done", "outcome": outcome, "updated_at": now}}
    before = await store.run(lambda db: db[COLLECTION].find_one_and_update(query, update))
    if before is not None:
        metrics.INBOX_OPEN.dec()
        return as_entry({**before, "state": "done", "outcome": outcome, "updated_at": now})
    entry = await get(store, message_id)
    if entry.state == "done":
        return entry
    raise InboxEntryBusy(
        "Otra ejecución tomó este mensaje, o su envío no está confirmado; no se cierra.",
        message_id=message_id,
        state=entry.state,
    )


async def stale(
    store: DocumentStore, older_than_s: int, limit: int, now: float | None = None
) -> list[InboxEntry]:
    """Open entries untouched for ``older_than_s`` seconds, oldest first."""
    cutoff = (time.time() if now is None else now) - older_than_s
    query = {"state": "open", "updated_at": {"$lt": cutoff}}
    documents = await store.run(
        lambda db: list(db[COLLECTION].find(query).sort("updated_at", 1).limit(limit))
    )
    return [as_entry(document) for document in documents]


async def claim(
    store: DocumentStore, message_id: str, older_than_s: int, now: float | None = None
) -> InboxEntry:
    """Take a stale open entry for re-driving: a new token, one attempt more; 409 otherwise.

    Only ``open`` entries qualify: once a send permit was granted, nothing re-drives the entry.
    """
    now = time.time() if now is None else now
    query = {"_id": message_id, "state": "open", "updated_at": {"$lt": now - older_than_s}}
    update = {
        "$set": {"updated_at": now, "owner": None, "refusals": 0},
        "$inc": {"attempts": 1, "token": 1},  # nosec B105 (a fencing counter)
    }
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
    return as_entry({
        **before, "updated_at": now, "owner": None, "refusals": 0,
        "attempts": before.get("attempts", 0) + 1, "token": before.get("token", 0) + 1,
    })  # fmt: skip


async def in_state(store: DocumentStore, state: str, limit: int) -> list[InboxEntry]:
    """Entries in ``state``, least recently touched first."""
    documents = await store.run(
        lambda db: list(db[COLLECTION].find({"state": state}).sort("updated_at", 1).limit(limit))
    )
    return [as_entry(document) for document in documents]


async def get(store: DocumentStore, message_id: str) -> InboxEntry:
    document = await store.run(lambda db: db[COLLECTION].find_one({"_id": message_id}))
    if document is None:
        raise InboxEntryNotFound(message_id=message_id)
    return as_entry(document)
