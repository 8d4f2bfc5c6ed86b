"""Every message in and out of a WhatsApp chat, in ``conversations`` (indexed by phone and time).

Shared by the ai node (the customer's message and the bot's answer), the sales desk (a seller's
reply and the transcript it shows) and privacy erasure, so it lives in ``core``. Each document
is one message: ``direction`` ``in`` (customer) or ``out``; ``source`` says who wrote an ``out``
message (``rules``, ``llm``, ``seller``, ``flow``).
"""

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


async def log_outgoing(
    store: DocumentStore, *, phone: str, text: str, source: str, timestamp: float,
    **extra: Any,
) -> None:  # fmt: skip
    """One message sent to the customer by someone other than the bot (e.g. a seller)."""
    document = {"phone": phone, "direction": "out", "timestamp": timestamp, "text": text,
                "source": source, **extra}  # fmt: skip
    await store.run(lambda db: db[COLLECTION].insert_one(document))


async def transcript(store: DocumentStore, phone: str, limit: int = 200) -> list[dict[str, Any]]:
    """The last ``limit`` messages of ``phone``'s chat, oldest first, without store ids."""
    documents = await store.run(
        lambda db: list(db[COLLECTION].find({"phone": phone}).sort("timestamp", -1).limit(limit))
    )
    for document in documents:
        document.pop("_id", None)
    return list(reversed(documents))
