"""Request and response bodies of the ops node: inbox entries and dead-letter records."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from py_nodes.ops.examples import DEAD_LETTER_EXAMPLE, INBOX_ENTRY_EXAMPLE
from py_nodes.ops.notices import NoticeDue

InboxKind = Literal["message", "status"]
InboxState = Literal["open", "sending", "replied", "done", "failed"]
#: What the answer flow sends to the customer, in order: the text reply, then the quote PDF.
SendPart = Literal["reply", "document"]


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
    token: int = Field(
        default=0, description="Fencing token of the first answer; send permits must present it."
    )
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
    document_id: str | None = Field(
        default=None, description="Graph API id of the quote PDF message, once accepted."
    )
    token: int = Field(
        default=0,
        description="Fencing token: bumped by every re-drive claim; only its holder may send.",
    )
    owner: str | None = Field(default=None, description="n8n execution that holds the permit.")
    sending: SendPart | None = Field(
        default=None, description="The part whose send permit is granted and not yet confirmed."
    )
    sending_since: float | None = None
    refusals: int = Field(default=0, description="Sends WhatsApp refused under this permit.")


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


def _token() -> Any:
    return Field(ge=1, description="The fencing token the execution was given.")


class PermitRequest(BaseModel):
    """Ask to send one part to the customer now; granted only to the token's holder."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"token": 2, "part": "reply", "owner": "1234"}]}  # nosec B105 (a fencing counter)
    )

    token: int = _token()
    part: SendPart
    owner: str | None = Field(default=None, max_length=64, description="n8n execution id.")


class SentRequest(BaseModel):
    """WhatsApp accepted the part sent under the permit: its Graph API message id."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"token": 2, "part": "reply", "graph_id": "wamid.HBgLNTk4OTkxMjM0"}]  # nosec B105 (a fencing counter)
        }
    )

    token: int = _token()
    part: SendPart
    graph_id: str = Field(min_length=1, max_length=256, examples=["wamid.HBgLNTk4OTkxMjM0"])
    done: bool = Field(
        default=False,
        description="Nothing more will be sent for this message: close the entry too (`done`).",
    )
    outcome: str | None = Field(
        default=None, max_length=64, description="With `done`: the outcome, as for `/done`."
    )


class RefusedRequest(BaseModel):
    """WhatsApp answered the send with an error status: nothing went out, the permit is returned."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"token": 2, "part": "reply", "status": 503}]}  # nosec B105 (a fencing counter)
    )

    token: int = _token()
    part: SendPart
    status: int = Field(ge=100, le=599, description="The Graph API's HTTP status.")


class DoneRequest(BaseModel):
    """Close the entry: only the token's holder may (free-text outcome, for the record)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"token": 1, "outcome": "quote"}]})  # nosec B105 (a fencing counter)

    token: int = _token()
    outcome: str | None = Field(default=None, max_length=64, examples=["quote"])


class ClaimRequest(BaseModel):
    """Re-drive lease: the entry is taken only if untouched for ``older_than_s`` seconds."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"older_than_s": 300}]})

    older_than_s: int = Field(default=300, ge=1, le=86400)


class GiveUpRequest(BaseModel):
    """Sends unconfirmed for this long are given up (failed, dead letter), never sent again."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"older_than_s": 3600}]})

    older_than_s: int = Field(default=3600, ge=1, le=7 * 86400)


class DeadLetterIn(BaseModel):
    """A failed execution, as the error-handler flow reports it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "execution_id": "1234",
                    "workflow": "Responder un mensaje de WhatsApp",
                    "workflow_id": "bmcAnswerMessage",
                    "node": "Preguntarle a la IA",
                    "message": "503 - Service Unavailable",
                    "payload_ref": "wamid.X",
                }
            ]
        }
    )

    execution_id: str = Field(min_length=1, max_length=64)
    workflow: str = Field(min_length=1, max_length=256, description="The flow's name, for people.")
    workflow_id: str | None = Field(
        default=None,
        max_length=64,
        description="n8n's id of the flow: unchanged when staff rename it, so the metric's label.",
    )
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
