"""What the desk lists: chats waiting for a person first, then recent chats; one chat's story.

Reads ``contacts`` (standing with sales), ``conversations`` (messages) and ``desk_events``
(who took, answered or released a chat, and when: one document per action, field ``phone``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from py_nodes.core import contacts, conversations
from py_nodes.core.storage import DocumentStore

EVENTS: Final = "desk_events"
RECENT_SCAN: Final = 600
EventKind = Literal["take", "release"]


@dataclass(frozen=True)
class ChatRow:
    phone: str
    waiting: bool
    contact: contacts.Contact
    last_text: str
    last_at: float | None
    last_direction: str | None


async def record_event(
    store: DocumentStore, *, phone: str, kind: EventKind, seller: str, at: float,
    **extra: Any,
) -> None:  # fmt: skip
    document = {"phone": phone, "kind": kind, "seller": seller, "at": at, **extra}
    await store.run(lambda db: db[EVENTS].insert_one(document))


async def events_of(store: DocumentStore, phone: str, limit: int = 50) -> list[dict[str, Any]]:
    documents = await store.run(
        lambda db: list(db[EVENTS].find({"phone": phone}).sort("at", -1).limit(limit))
    )
    for document in documents:
        document.pop("_id", None)
    return list(reversed(documents))


async def _latest_messages(store: DocumentStore) -> dict[str, dict[str, Any]]:
    """phone -> its latest message, over the most recent ``RECENT_SCAN`` messages."""
    documents = await store.run(
        lambda db: list(
            db[conversations.COLLECTION].find({}).sort("timestamp", -1).limit(RECENT_SCAN)
        )
    )
    latest: dict[str, dict[str, Any]] = {}
    for document in documents:
        phone = str(document.get("phone", ""))
        if phone and phone not in latest:
            latest[phone] = document
    return latest


async def chat_list(store: DocumentStore, now: float, recent: int = 30) -> list[ChatRow]:
    """Chats with sales (oldest hand-off first), then the most recent others."""
    waiting = await contacts.with_sales(store)
    latest = await _latest_messages(store)
    rows: list[ChatRow] = []
    seen: set[str] = set()
    for contact in waiting:
        if contact.release_at is not None and contact.release_at <= now:
            continue  # its hold ran out: the next load releases it
        rows.append(_row(contact, latest.get(contact.phone), waiting=True))
        seen.add(contact.phone)
    others = [phone for phone in latest if phone not in seen][:recent]
    for phone in others:
        contact = await contacts.load(store, phone, now)
        rows.append(_row(contact, latest[phone], waiting=contact.with_sales))
    return rows


def _row(contact: contacts.Contact, message: dict[str, Any] | None, *, waiting: bool) -> ChatRow:
    message = message or {}
    timestamp = message.get("timestamp")
    return ChatRow(
        phone=contact.phone,
        waiting=waiting,
        contact=contact,
        last_text=str(message.get("text") or ""),
        last_at=float(timestamp) if isinstance(timestamp, int | float) else None,
        last_direction=message.get("direction"),
    )


@dataclass(frozen=True)
class StoryItem:
    """One line of the chat as the desk shows it: a message, a quote, or a desk action."""

    kind: Literal["in", "out", "quote", "event"]
    at: float
    data: dict[str, Any]


def story(
    messages: list[dict[str, Any]], quotes: list[dict[str, Any]], events: list[dict[str, Any]]
) -> list[StoryItem]:
    """Messages, quotes and desk actions of one chat, oldest first."""
    items: list[StoryItem] = []
    for message in messages:
        kind: Literal["in", "out"] = "in" if message.get("direction") == "in" else "out"
        items.append(StoryItem(kind, _at(message.get("timestamp")), message))
    items.extend(StoryItem("quote", _at(quote.get("timestamp")), quote) for quote in quotes)
    items.extend(StoryItem("event", _at(event.get("at")), event) for event in events)
    # A customer's message and the bot's answer share one timestamp: the question comes first.
    order = {"quote": 0, "in": 1, "out": 2, "event": 3}
    return sorted(items, key=lambda item: (item.at, order[item.kind]))


def _at(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0
