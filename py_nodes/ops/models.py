"""Request and response bodies of the ops node: inbox entries and dead-letter records."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from py_nodes.ops.examples import DEAD_LETTER_EXAMPLE, INBOX_ENTRY_EXAMPLE
from py_nodes.ops.notices import NoticeDue

InboxKind = Literal["message", "status"]
InboxState = Literal["open", "done", "failed"]


class InboxRecord(BaseModel):
    """One inbound WhatsApp message (or status update) as the inbound flow records it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "message_id": "wamid.HBgLNTk4OTkxMjM0NTYVAgASGBQzQUVCMEI",
                    "kind": "message",
                    "phone": "59899123456",
                    "contact_name": "Ana",
                    "message_type": "text",
                    "text": "Hola, quiero cotizar un techo",
                    "timestamp": "1732590000",
                }
            ]
        }
    )

    message_id: str = Field(
        min_length=1, max_length=256, description="Meta's wamid (or status id)."
    )
    kind: InboxKind = "message"
    phone: str = Field(default="", max_length=32)
    contact_name: str | None = Field(default=None, max_length=256)
    message_type: str = Field(default="text", max_length=32)
    text: str = Field(default="", max_length=8192)
    timestamp: str = Field(default="", max_length=32)
    status: str | None = Field(default=None, max_length=32, description="For kind=status only.")


class InboxResult(BaseModel):
    """Whether the message is new (answer it) or a duplicate delivery (stop)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"message_id": "wamid.X", "status": "new", "answer": True, "phone": "598"}]
        }
    )

    message_id: str
    status: Literal["new", "duplicate"]
    answer: bool = Field(description="True only for a new message that needs a reply.")
    phone: str = ""
    contact_name: str | None = None
    message_type: str = "text"
    text: str = ""
    timestamp: str = ""


class InboxEntry(BaseModel):
    """A stored inbox entry: what the answering flow needs to (re)answer it."""

    model_config = ConfigDict(json_schema_extra={"examples": [INBOX_ENTRY_EXAMPLE]})

    message_id: str
    kind: InboxKind
    state: InboxState
    phone: str
    contact_name: str | None = None
    message_type: str
    text: str
    timestamp: str
    attempts: int
    received_at: float
    updated_at: float
    outcome: str | None = None
    reply_id: str | None = Field(
        default=None, description="Graph API id of the reply, once WhatsApp accepted it."
    )
    replied_at: float | None = None


class DeliveryResult(BaseModel):
    """Every message and status of one Meta delivery, recorded; `answer` lists the new ones."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "recorded": 2,
                    "answer": [
                        {"message_id": "wamid.X", "status": "new", "answer": True, "phone": "598"}
                    ],
                }
            ]
        }
    )

    recorded: int = Field(description="Messages and statuses in the delivery.")
    answer: list[InboxResult] = Field(description="New messages that need a reply, in order.")


class RepliedRequest(BaseModel):
    """The Graph API's id of the reply WhatsApp accepted."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reply_id": "wamid.HBgLNTk4OTkxMjM0"}]}
    )

    reply_id: str = Field(min_length=1, max_length=256, examples=["wamid.HBgLNTk4OTkxMjM0"])


class DoneRequest(BaseModel):
    """How the message was answered (free text, for the record)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"outcome": "quote"}]})

    outcome: str | None = Field(default=None, max_length=64, examples=["quote"])


class ClaimRequest(BaseModel):
    """Re-drive lease: the entry is taken only if untouched for ``older_than_s`` seconds."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"older_than_s": 300}]})

    older_than_s: int = Field(default=300, ge=1, le=86400)


class DeadLetterIn(BaseModel):
    """A failed execution, as the error-handler flow reports it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "execution_id": "1234",
                    "workflow": "answer-message",
                    "node": "Ask the AI",
                    "message": "503 - Service Unavailable",
                    "payload_ref": "wamid.X",
                }
            ]
        }
    )

    execution_id: str = Field(min_length=1, max_length=64)
    workflow: str = Field(min_length=1, max_length=256)
    node: str = Field(default="", max_length=256)
    message: str = Field(default="", max_length=4000)
    payload_ref: str | None = Field(default=None, max_length=512)
    execution_url: str | None = Field(default=None, max_length=1024)


class DeadLetter(DeadLetterIn):
    """A stored dead-letter record."""

    model_config = ConfigDict(json_schema_extra={"examples": [DEAD_LETTER_EXAMPLE]})

    id: str
    recorded_at: float
    details: dict[str, Any] = Field(default_factory=dict)
    #: Whether the error flow should tell operations now (one notice per kind per window).
    notice: NoticeDue | None = None
