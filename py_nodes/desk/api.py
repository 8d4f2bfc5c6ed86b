"""The desk's one service route: n8n records a seller's reply once WhatsApp accepted it."""

from __future__ import annotations

import time
from typing import Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from py_nodes.core import conversations
from py_nodes.core.deps import StoreDep

router = APIRouter(prefix="/desk", tags=["desk"])


class SentReply(BaseModel):
    """A reply the desk-reply flow delivered (free text, or the template outside 24 hours)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"phone": "59899123456", "text": "Hola, soy Ana de BMC.",
                          "seller": "ana", "mode": "text", "message_id": "wamid.HBg..."}]
        },
    )  # fmt: skip

    phone: str = Field(pattern=r"^\+?[0-9]{6,20}$")
    text: str = Field(min_length=1, max_length=4096)
    seller: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    mode: Literal["text", "template"]
    message_id: str | None = Field(default=None, max_length=200)


class Logged(BaseModel):
    logged: bool = True
    message_id: str | None = None


@router.post(
    "/replies",
    status_code=status.HTTP_201_CREATED,
    responses={
        201: {
            "content": {
                "application/json": {"example": {"logged": True, "message_id": "wamid.HBg..."}}
            }
        },
    },
)
async def post_reply_sent(body: SentReply, store: StoreDep) -> Logged:
    """Record a seller's reply in the chat's transcript (`source: seller`).

    Called by the `desk-reply` flow right after the Graph API accepted the message, so the
    transcript shows only what really went out. Needs the service key.
    """
    await conversations.log_outgoing(
        store, phone=body.phone, text=body.text, source="seller", timestamp=time.time(),
        seller=body.seller, mode=body.mode, message_id=body.message_id,
    )  # fmt: skip
    return Logged(message_id=body.message_id)
