"""A seller's reply, handed to n8n (``desk-reply`` flow), which sends it and logs it back.

n8n owns sending: retries, and WhatsApp's 24-hour rule (free text within 24 hours of the
customer's last message, an approved template outside it). The desk sends the phone, the text,
who wrote it and when the customer last wrote; the flow answers once the Graph API accepted the
message, after recording it with ``POST /desk/replies`` (``conversations.log_outgoing``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

import httpx

from py_nodes.core.config import Settings, secret_values
from py_nodes.core.storage import DocumentStore
from py_nodes.desk.quote_api import DeskNotConfigured

CONVERSATIONS: Final = "conversations"
#: n8n retries the Graph API three times with a wait: give it time before giving up.
TIMEOUT_S: Final = 45.0


@dataclass(frozen=True)
class ReplyOutcome:
    sent: bool
    mode: Literal["text", "template"] | None = None
    message_id: str | None = None


async def last_inbound(store: DocumentStore, phone: str) -> float | None:
    """Epoch seconds of the customer's last message, or ``None`` when they never wrote."""
    digits = phone.lstrip("+")
    query = {"phone": {"$in": [digits, f"+{digits}"]}, "direction": "in"}

    def operation(db: Any) -> float | None:
        latest = list(db[CONVERSATIONS].find(query).sort("timestamp", -1).limit(1))
        value = latest[0].get("timestamp") if latest else None
        return float(value) if isinstance(value, int | float) else None

    return await store.run(operation)


async def hand_to_n8n(
    http: httpx.AsyncClient, settings: Settings, *, phone: str, text: str, seller: str,
    seller_name: str, last_inbound_at: float | None, request_id: str | None,
) -> ReplyOutcome:  # fmt: skip
    """POST the reply to the flow; ``sent`` is False when n8n could not deliver it."""
    keys = secret_values(settings.api_keys)
    if not settings.desk_reply_url or not keys:
        raise DeskNotConfigured("Falta DESK_REPLY_URL o API_KEYS: no se pueden enviar respuestas.")
    body = {
        "phone": phone, "text": text, "seller": seller, "seller_name": seller_name,
        "last_inbound_at": last_inbound_at,
    }  # fmt: skip
    headers = {"X-API-Key": keys[0]}
    if request_id:
        headers["X-Request-ID"] = request_id
    try:
        response = await http.post(
            settings.desk_reply_url, json=body, headers=headers, timeout=TIMEOUT_S
        )
    except httpx.HTTPError:
        return ReplyOutcome(sent=False)
    if response.status_code != 200:
        return ReplyOutcome(sent=False)
    try:
        payload = response.json()
    except ValueError:
        return ReplyOutcome(sent=False)
    mode = payload.get("mode")
    return ReplyOutcome(
        sent=payload.get("sent") is True,
        mode=mode if mode in ("text", "template") else None,
        message_id=str(payload["message_id"]) if payload.get("message_id") else None,
    )
