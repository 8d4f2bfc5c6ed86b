"""OpenAPI examples of the ops node: one WhatsApp message through the inbox, one dead letter."""

from __future__ import annotations

from typing import Any, Final

WAMID: Final = "wamid.HBgLNTk4OTkxMjM0NTYVAgASGBQzQUVCMEI"
REPLY_ID: Final = "wamid.HBgLNTk4OTkxMjM0NTYVAgARGBI5QTNDQTVCM0Q0"
RECEIVED_AT: Final = 1732590001.25

INBOX_ENTRY_EXAMPLE: Final[dict[str, Any]] = {
    "message_id": WAMID,
    "kind": "message",
    "state": "open",
    "phone": "59899123456",
    "contact_name": "Ana",
    "message_type": "text",
    "text": "Hola, quiero cotizar un techo de 5 por 5,60 con ISODEC 100",
    "timestamp": "1732590000",
    "attempts": 0,
    "received_at": RECEIVED_AT,
    "updated_at": RECEIVED_AT,
    "outcome": None,
    "reply_id": None,
    "replied_at": None,
    "document_id": None,
    "token": 1,  # nosec B105 (a fencing counter)
    "owner": None,
    "sending": None,
    "sending_since": None,
    "refusals": 0,
}
SENDING_EXAMPLE: Final[dict[str, Any]] = {
    **INBOX_ENTRY_EXAMPLE,
    "state": "sending",
    "owner": "1234",
    "sending": "reply",
    "sending_since": 1732590004.1,
    "updated_at": 1732590004.1,
}
REPLIED_EXAMPLE: Final[dict[str, Any]] = {
    **INBOX_ENTRY_EXAMPLE,
    "state": "replied",
    "owner": "1234",
    "reply_id": REPLY_ID,
    "replied_at": 1732590004.8,
    "updated_at": 1732590004.8,
}
DONE_EXAMPLE: Final[dict[str, Any]] = {
    **REPLIED_EXAMPLE,
    "state": "done",
    "outcome": "quote",
    "updated_at": 1732590005.1,
}
CLAIMED_EXAMPLE: Final[dict[str, Any]] = {
    **INBOX_ENTRY_EXAMPLE,
    "attempts": 1,
    "token": 2,  # nosec B105 (a fencing counter)
    "updated_at": 1732590320.0,
}
DUPLICATE_EXAMPLE: Final[dict[str, Any]] = {
    "message_id": WAMID,
    "status": "duplicate",
    "answer": False,
    "phone": "59899123456",
    "contact_name": "Ana",
    "message_type": "text",
    "text": "Hola, quiero cotizar un techo de 5 por 5,60 con ISODEC 100",
    "timestamp": "1732590000",
}
DEAD_LETTER_EXAMPLE: Final[dict[str, Any]] = {
    "id": "7b4d3d9c307143339dc634e5e79e81c7",  # pragma: allowlist secret
    "execution_id": "1234",
    "workflow": "answer-message",
    "node": "Ask the AI",
    "message": "503 - Service Unavailable",
    "payload_ref": WAMID,
    "execution_url": "https://n8n.bmc-bot.uy/workflow/answer-message/executions/1234",
    "recorded_at": 1732590310.42,
    "details": {},
}
