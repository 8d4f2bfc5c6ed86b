"""Meta's webhook payload split into inbox records: one per message, one per status update.

One delivery may carry several entries, changes, messages and statuses. A button or list reply
is read as the text the customer tapped. Status updates (sent, delivered, read) are recorded
under ``<wamid>:<status>`` and never answered.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from py_nodes.core.errors import ValidationFailed
from py_nodes.ops.models import InboxRecord


def _objects(value: Any) -> list[dict[str, Any]]:
    """The dict items of ``value`` when it is a list; anything else is no items."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _choice(message: dict[str, Any]) -> str | None:
    """The text of a tapped button or list row, if the message is one."""
    interactive = _dict(message.get("interactive"))
    candidates = [
        _dict(message.get("button")).get("text"),
        _dict(interactive.get("button_reply")).get("title"),
        _dict(interactive.get("list_reply")).get("title"),
    ]
    return next((str(text) for text in candidates if text), None)


def _message(message: dict[str, Any], names: dict[str, Any]) -> dict[str, Any]:
    choice = _choice(message)
    body = _dict(message.get("text")).get("body")
    sender = _text(message.get("from"))
    return {
        "message_id": _text(message.get("id")),
        "kind": "message",
        "phone": sender,
        "contact_name": names.get(sender),
        "message_type": "text" if choice else _text(message.get("type") or "unknown"),
        "text": _text(body if body is not None else choice or ""),
        "timestamp": _text(message.get("timestamp")),
    }


def _status(status: dict[str, Any]) -> dict[str, Any]:
    state = _text(status.get("status") or "unknown")
    return {
        "message_id": f"{_text(status.get('id'))}:{state}",
        "kind": "status",
        "phone": _text(status.get("recipient_id")),
        "status": state,
        "message_type": "status",
        "timestamp": _text(status.get("timestamp")),
    }


def raw_items(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages then statuses of every change, in payload order."""
    items: list[dict[str, Any]] = []
    for entry in _objects(payload.get("entry")):
        for change in _objects(entry.get("changes")):
            value = _dict(change.get("value"))
            names = {
                _text(contact.get("wa_id")): _dict(contact.get("profile")).get("name")
                for contact in _objects(value.get("contacts"))
            }
            items += [_message(message, names) for message in _objects(value.get("messages"))]
            items += [_status(status) for status in _objects(value.get("statuses"))]
    return items


def split_delivery(payload: dict[str, Any]) -> list[InboxRecord]:
    """Inbox records of one delivery; a field out of bounds is a 422 naming where it is."""
    records = []
    for index, item in enumerate(raw_items(payload)):
        try:
            records.append(InboxRecord.model_validate(item))
        except ValidationError as error:
            field = ".".join(str(part) for part in error.errors()[0]["loc"])
            raise ValidationFailed(
                "Un mensaje de la entrega de WhatsApp tiene un campo inválido.",
                errors=[{"pointer": f"#/items/{index}/{field}", "detail": "valor inválido"}],
            ) from None
    return records
