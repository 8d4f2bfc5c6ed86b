"""Response and small request models of the quote node's HTTP API (money as 2-decimal strings)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from py_nodes.quote.schemas import Assignee, Origin, PriceList, StrictModel
from py_nodes.quote.states import QuoteState

MoneyText = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["1345.53"])]
Phone = Annotated[str, Field(pattern=r"^\+?[0-9]{6,20}$", examples=["59899123456"])]

LINE_EXAMPLE: JsonDict = {
    "group": "PANELES",
    "description": "ISODEC EPS 100mm · 5 paneles × 5.00 m",
    "sku": "ISODEC_EPS-100",
    "quantity": "28",
    "unit": "m²",
    "unit_price": "41.15",
    "amount": "1152.20",
}


class LineOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [LINE_EXAMPLE]})

    group: str
    description: str
    sku: str
    quantity: str = Field(examples=["28", "36.4"])
    unit: str
    unit_price: MoneyText
    amount: MoneyText


class GroupOut(BaseModel):
    group: str
    amount: MoneyText


class FiguresOut(BaseModel):
    area_m2: str = Field(examples=["28"])
    panels: int
    supports: int | None
    fixing_points: int


class HistoryEntry(BaseModel):
    state: QuoteState
    by: str
    at: str = Field(examples=["2026-05-20T14:03:11-03:00"])


class CustomerOut(BaseModel):
    phone: str
    name: str | None = None


class StoredQuote(BaseModel):
    """A stored quote: identity, state, every priced line, totals and the texts to send."""

    id: str = Field(examples=["BMC-2026-0001"])
    number: str = Field(examples=["BMC-2026-0001"])
    state: QuoteState
    assignee: Assignee
    origin: Origin
    customer: CustomerOut
    scenario: str = Field(examples=["solo_techo"])
    price_list: PriceList
    currency: Literal["USD"] = "USD"
    catalog_version: str
    lines: list[LineOut]
    groups: list[GroupOut]
    subtotal: MoneyText
    iva: MoneyText
    total: MoneyText
    figures: FiguresOut
    warnings: list[str]
    freight_note: str | None = None
    valid_until: date
    created_at: str
    history: list[HistoryEntry]
    followed_up_at: str | None = None
    whatsapp_text: str = Field(description="Spanish text with WhatsApp *bold*, ≤ 4096 characters.")
    pdf_url: str = Field(examples=["/quotes/BMC-2026-0001/pdf"])


class QuoteSummary(BaseModel):
    id: str
    number: str
    state: QuoteState
    assignee: Assignee
    origin: Origin
    phone: str
    customer_name: str | None = None
    product: str
    total: MoneyText
    currency: Literal["USD"] = "USD"
    created_at: str


class QuotePage(BaseModel):
    """One page of quotes, newest first; `total` counts every match."""

    items: list[QuoteSummary]
    total: int
    limit: int
    offset: int


class QuoteListQuery(BaseModel):
    """Filters of ``GET /quotes``; unknown parameters (``phone[$ne]``...) are refused."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    phone: Phone | None = None
    state: QuoteState | None = None
    date_from: date | None = Field(default=None, alias="from", description="Inclusive (Montevideo)")
    date_to: date | None = Field(default=None, alias="to", description="Inclusive (Montevideo)")
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=100_000)


class StatusChange(StrictModel):
    """A state change; `assignee` may be set at the same time (typically when assigning)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"state": "Asignado", "by": "MA", "assignee": "MA"}]}
    )

    state: QuoteState
    by: str = Field(min_length=1, max_length=60, pattern=r"^[^$.{}]+$", examples=["MA"])
    assignee: Assignee | None = None


class FollowupCandidate(BaseModel):
    id: str
    number: str
    phone: str
    customer_name: str | None = None
    total: MoneyText
    sent_at: str
    hours_since_sent: float
    last_inbound_at: str | None = None
    within_24h_window: bool = Field(
        description="True: free text is allowed; False: WhatsApp needs an approved template."
    )


class FollowupsDue(BaseModel):
    items: list[FollowupCandidate]
    count: int


class FollowupMarked(BaseModel):
    id: str
    number: str
    followed_up_at: str


def example_quote() -> dict[str, Any]:
    """A response example for the OpenAPI description (ISODEC EPS 100 mm, 5 × 5.6 m roof)."""
    return {
        "id": "BMC-2026-0001",
        "number": "BMC-2026-0001",
        "state": "Pendiente",
        "assignee": "MA",
        "origin": "WA",
        "customer": {"phone": "59899123456", "name": "Ana Pérez"},
        "scenario": "solo_techo",
        "price_list": "web",
        "currency": "USD",
        "catalog_version": "2026-08-15.1",
        "lines": [LINE_EXAMPLE],
        "groups": [{"group": "PANELES", "amount": "1152.20"}],
        "subtotal": "1345.53",
        "iva": "296.02",
        "total": "1641.55",
        "figures": {"area_m2": "28", "panels": 5, "supports": 2, "fixing_points": 22},
        "warnings": [],
        "freight_note": None,
        "valid_until": "2026-05-30",
        "created_at": "2026-05-20T14:03:11-03:00",
        "history": [{"state": "Pendiente", "by": "sistema", "at": "2026-05-20T14:03:11-03:00"}],
        "followed_up_at": None,
        "whatsapp_text": "*Cotización BMC Uruguay*\n...",
        "pdf_url": "/quotes/BMC-2026-0001/pdf",
    }
