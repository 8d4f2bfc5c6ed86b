"""Every message in and out, in ``conversations`` (indexed by timestamp and by phone)."""

from __future__ import annotations

from typing import Any

from py_nodes.core.storage import DocumentStore

COLLECTION = "conversations"


async def log_exchange(
    store: DocumentStore, *, phone: str, message_id: str, incoming: dict[str, Any],
    outgoing: dict[str, Any], timestamp: float,
) -> None:  # fmt: skip
    """Write the customer's message and the bot's answer as two documents, in one call."""
    documents = [
        {"phone": phone, "message_id": message_id, "direction": "in", "timestamp": timestamp,
         **incoming},
        {"phone": phone, "message_id": message_id, "direction": "out", "timestamp": timestamp,
         **outgoing},
    ]  # fmt: skip
    await store.run(lambda db: db[COLLECTION].insert_many(documents))
