"""Request and response of ``POST /ai/respond`` (what n8n sends and routes on)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Intent = Literal[
    "saludo", "consulta_producto", "cotizacion", "precio", "estado_cotizacion", "objecion",
    "humano", "despedida", "fuera_de_tema",
]  # fmt: skip
Action = Literal["reply", "quote", "handoff", "silent"]
HandoffReason = Literal["asked", "misunderstood", "angry"]


class BusinessSettings(BaseModel):
    """What BMC's staff set in n8n (data table *Configuración BMC*), sent with every message.

    A blank value counts as not set: the catalog or knowledge default is used.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    horario_atencion: str | None = Field(
        default=None, max_length=600,
        description="Opening hours: the answer, word for word, to a question about them.",
    )  # fmt: skip
    texto_espera: str | None = Field(
        default=None, max_length=300,
        description="The holding line sent while a person of sales has the chat.",
    )  # fmt: skip

    @field_validator("horario_atencion", "texto_espera", mode="after")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value or None


class RespondRequest(BaseModel):
    """One incoming WhatsApp message."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "message_id": "wamid.HBgLNTk4OTkxMjM0NTYVAgASGBQzQTJGMEI5",
                    "phone": "59899123456",
                    "text": "Hola, quiero Isodec 100 mm para un techo de 10 x 5 en Maldonado",
                    "message_type": "text",
                    "contact_name": "Ana",
                    "timestamp": "1760000000",
                    "settings": {"horario_atencion": "Lunes a viernes de 8 a 17 h."},
                }
            ]
        },
    )

    message_id: str = Field(min_length=1, max_length=200, description="The WhatsApp wamid.")
    phone: str = Field(pattern=r"^\+?[0-9]{6,20}$", description="The sender (WhatsApp `from`).")
    text: str = Field(default="", max_length=4096)
    message_type: str = Field(
        default="text", pattern=r"^[a-z_]{1,30}$",
        description="WhatsApp type: text, interactive, button, audio, image, sticker, location…",
    )  # fmt: skip
    contact_name: str | None = Field(default=None, max_length=120)
    timestamp: datetime = Field(description="When WhatsApp received it (epoch seconds or ISO).")
    settings: BusinessSettings | None = Field(
        default=None, description="BMC's business settings (n8n data table *Configuración BMC*)."
    )


class RespondResponse(BaseModel):
    """What to do with the message. n8n routes on ``action`` and sends ``reply``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reply": "¡Perfecto! Preparo tu cotización de *Isodec EPS 100 mm* para techo "
                    "de 10 × 5 m, entrega en Maldonado. En un momento te llega el detalle con el "
                    "precio.",
                    "intent": "cotizacion",
                    "action": "quote",
                    "slots": {"product": "ISODEC_EPS", "thickness_mm": 100, "use": "techo",
                              "length_m": 10.0, "width_m": 5.0, "zone": "Maldonado"},
                    "missing": [],
                    "quote_request": {
                        "scenario": "solo_techo",
                        "roof": {"product": "ISODEC_EPS", "thickness_mm": 100,
                                 "structure": "metal",
                                 "zones": [{"length_m": "10", "width_m": "5"}]},
                        "delivery": {"zone": "Maldonado"},
                        "customer": {"phone": "59899123456", "name": "Ana"},
                        "origin": "WA",
                    },
                    "confidence": 0.9,
                }
            ]
        }
    )  # fmt: skip

    reply: str = Field(
        description="Spanish WhatsApp text to send (never states a price); empty when `silent`."
    )
    intent: Intent
    action: Action = Field(
        description="`reply`: send `reply`. `quote`: send `reply`, then POST `quote_request` to "
        "/quotes and send its text. `handoff`: the chat is already handed to sales (recorded in "
        "`contacts`): send `reply` and tell sales. `silent`: a person has the chat; send nothing "
        "(`reply` is empty) and mark the message answered."
    )
    slots: dict[str, Any] = Field(description="Everything known about the quote so far.")
    missing: list[str] = Field(
        description="Quote slots still unknown: product, use, thickness_mm, dimensions, location."
    )
    quote_request: dict[str, Any] | None = Field(
        default=None, description="With `action=quote`: the exact body for `POST /quotes`."
    )
    confidence: float = Field(ge=0, le=1)
    handoff_reason: HandoffReason | None = Field(
        default=None,
        description="With `action=handoff`: why — the customer `asked` for a person, the engine "
        "`misunderstood` several messages in a row, or the customer is `angry`.",
    )
