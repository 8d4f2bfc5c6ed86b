"""Response and small request models of the quote node's HTTP API (money as 2-decimal strings)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from py_nodes.core.sellers import SellerCodeText
from py_nodes.quote.api.examples import (
    FOLLOWUP_MARKED_EXAMPLE,
    FOLLOWUPS_DUE_EXAMPLE,
    LINE_EXAMPLE,
    QUOTE_EXAMPLE,
    QUOTE_PAGE_EXAMPLE,
    quote_example,
)
from py_nodes.quote.documents.export import ExportFormat, ExportKind
from py_nodes.quote.engine.models import Assignee, Origin, PriceList, StrictModel
from py_nodes.quote.store.states import QuoteState

MoneyText = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["1345.53"])]
#: A unit price is exact (a T1 screw costs 0.0574): rounded to cents, lines would not multiply.
PriceText = Annotated[str, Field(pattern=r"^-?\d+\.\d{2,8}$", examples=["41.15", "0.0574"])]
Phone = Annotated[str, Field(pattern=r"^\+?[0-9]{6,20}$", examples=["59899123456"])]


class LineOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [LINE_EXAMPLE]})

    group: str
    description: str
    sku: str
    quantity: str = Field(examples=["28", "36.4"])
    unit: str
    unit_price: PriceText
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

    model_config = ConfigDict(json_schema_extra={"examples": [QUOTE_EXAMPLE]})

    id: str = Field(examples=["BMC-2026-0001"])
    number: str = Field(examples=["BMC-2026-0001"])
    state: QuoteState
    assignee: SellerCodeText
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
    needs_review: bool = Field(
        default=False,
        description="True: a seller checks the quote before the customer sees it; send "
        "`whatsapp_text` (the notice, no prices) and no PDF, and give sales the draft.",
    )
    review_reasons: list[str] = Field(
        default_factory=list,
        description="Why the quote waits for a seller (Spanish, for sales).",
        examples=[["Largo de panel 10 m excede el máximo fabricable de ISOROOF 3G (8.5 m)."]],
    )
    whatsapp_text: str = Field(description="Spanish text with WhatsApp *bold*, ≤ 4096 characters.")
    pdf_url: str = Field(examples=["/quotes/BMC-2026-0001/pdf"])


class QuoteSummary(BaseModel):
    id: str
    number: str
    state: QuoteState
    assignee: SellerCodeText
    origin: Origin
    phone: str
    customer_name: str | None = None
    product: str
    total: MoneyText
    currency: Literal["USD"] = "USD"
    created_at: str


class QuotePage(BaseModel):
    """One page of quotes, newest first; `total` counts every match."""

    model_config = ConfigDict(json_schema_extra={"examples": [QUOTE_PAGE_EXAMPLE]})

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
    """Quotes due for a follow-up, oldest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [FOLLOWUPS_DUE_EXAMPLE]})

    items: list[FollowupCandidate]
    count: int


class FollowupMarked(BaseModel):
    """The follow-up is recorded; a second one is refused."""

    model_config = ConfigDict(json_schema_extra={"examples": [FOLLOWUP_MARKED_EXAMPLE]})

    id: str
    number: str
    followed_up_at: str


class ExportQuery(BaseModel):
    """What to export; unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    kind: ExportKind = "quotes"
    format: ExportFormat = "csv"
    date_from: date | None = Field(default=None, alias="from", description="Inclusive")
    date_to: date | None = Field(default=None, alias="to", description="Inclusive")


def example_quote() -> dict[str, Any]:
    """A response example for the OpenAPI description (reference example A, just created)."""
    return quote_example()
