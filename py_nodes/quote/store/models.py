"""The stored quote document, typed: the same model on MongoDB and on the embedded engine.

Documents are JSON only (montydb stores JSON): money and quantities as exact strings, times as ISO
text plus an epoch ``timestamp`` for sorting. ``_id`` is the quote number.

Older documents are read as they are (:func:`upgrade`): the state under the Spanish key
``estado``, and lines as positional rows (with or without ``line_fields``). The node rewrites
them once at start (``store/migrate.py``) so that queries on ``state`` find them too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from py_nodes.core.sellers import load_roster
from py_nodes.quote.engine.formatting import money_str, price_str, quantity_str
from py_nodes.quote.engine.models import Origin, PricedQuote, PriceList, QuoteRequest
from py_nodes.quote.store.numbering import local_iso
from py_nodes.quote.store.states import INITIAL_STATE, QuoteState

SYSTEM_ACTOR: Final = "sistema"
#: The number of a quote built before the store numbers it (``QuoteStore.create``).
UNNUMBERED: Final = ""
#: The column order of lines stored as positional rows (documents written before 2026-11-28).
ROW_FIELDS: Final = ("group", "description", "sku", "quantity", "unit", "unit_price", "amount")


class _Stored(BaseModel):
    """A part of a stored document; fields it does not know are ignored when read."""

    model_config = ConfigDict(populate_by_name=True)


class StoredLine(_Stored):
    """One priced line; amounts and quantities as exact machine text (``"1345.53"``)."""

    group: str
    description: str
    sku: str
    quantity: str
    unit: str
    unit_price: str
    amount: str


class StoredGroup(_Stored):
    group: str
    amount: str


class StoredFigures(_Stored):
    area_m2: str
    panels: int
    supports: int | None
    fixing_points: int


class StoredPricing(_Stored):
    """The priced result as stored: Decimals as clean strings (money with two decimals)."""

    currency: Literal["USD"] = "USD"
    price_list: PriceList
    catalog_version: str
    lines: list[StoredLine]
    groups: list[StoredGroup]
    subtotal: str
    iva: str
    total: str
    figures: StoredFigures
    warnings: list[str] = Field(default_factory=list)
    freight_note: str | None = None
    valid_until: str
    terms: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def of(cls, priced: PricedQuote) -> StoredPricing:
        figures = priced.figures
        return cls(
            currency=priced.currency,
            price_list=priced.price_list,
            catalog_version=priced.catalog_version,
            lines=[
                StoredLine(
                    group=line.group,
                    description=line.description,
                    sku=line.sku,
                    quantity=quantity_str(line.quantity),
                    unit=line.unit,
                    unit_price=price_str(line.unit_price),
                    amount=money_str(line.amount),
                )
                for line in priced.lines
            ],
            groups=[StoredGroup(group=g.group, amount=money_str(g.amount)) for g in priced.groups],
            subtotal=money_str(priced.subtotal),
            iva=money_str(priced.iva),
            total=money_str(priced.total),
            figures=StoredFigures(
                area_m2=quantity_str(figures.area_m2),
                panels=figures.panels,
                supports=figures.supports,
                fixing_points=figures.fixing_points,
            ),
            warnings=list(priced.warnings),
            freight_note=priced.freight_note,
            valid_until=priced.valid_until.isoformat(),
            terms=priced.terms.model_dump(),
        )

    def priced(self) -> PricedQuote:
        """Back to the engine's model, with Decimals."""
        return PricedQuote.model_validate(self.model_dump())


class StateEntry(_Stored):
    state: QuoteState
    by: str
    at: str


class PrintableQuote(_Stored):
    """What the customer documents show; it never changes after creation (cached for the PDF)."""

    id: str = Field(alias="_id")
    number: str
    user_phone: str
    customer_name: str | None = None
    product: str
    scenario: str = ""
    request: dict[str, Any] = Field(default_factory=dict)
    quote: StoredPricing
    created_at: str
    needs_review: bool = False
    review_reasons: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        return upgrade(data) if isinstance(data, dict) else data

    def stored(self) -> dict[str, Any]:
        """The JSON document, keyed as stored (``_id``)."""
        return self.model_dump(mode="json", by_alias=True)


class QuoteDocument(PrintableQuote):
    """A whole stored quote: the printable part plus state, seller and follow-up."""

    state: QuoteState
    assignee: str
    origin: Origin
    history: list[StateEntry]
    timestamp: float
    updated_at: str
    sent_at: float | None = None
    followed_up_at: str | None = None

    @classmethod
    def build(
        cls,
        number: str,
        request: QuoteRequest,
        priced: PricedQuote,
        now: datetime,
        review_reasons: list[str] | None = None,
    ) -> QuoteDocument:
        """A new quote in the initial state; ``review_reasons`` holds it for a seller."""
        at = local_iso(now)
        return cls(
            id=number,
            number=number,
            state=INITIAL_STATE,
            assignee=request.assignee or load_roster().assign(request.origin),
            origin=request.origin,
            user_phone=request.customer.phone,
            customer_name=request.customer.name,
            product=main_product(request),
            scenario=request.scenario,
            request=request.model_dump(mode="json", exclude_none=True),
            quote=StoredPricing.of(priced),
            history=[StateEntry(state=INITIAL_STATE, by=SYSTEM_ACTOR, at=at)],
            timestamp=now.timestamp(),
            created_at=at,
            updated_at=at,
            needs_review=bool(review_reasons),
            review_reasons=list(review_reasons or []),
        )


class QuoteSummaryRow(_Stored):
    """The fields a listing reads (``SUMMARY_FIELDS``), typed."""

    id: str = Field(alias="_id")
    number: str
    state: QuoteState
    assignee: str
    origin: Origin
    user_phone: str
    customer_name: str | None = None
    product: str
    total: str
    created_at: str

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = upgrade(data)
        return {**data, "total": data.get("quote", {}).get("total")}


#: The projection of a listing: the summary's fields, nothing of the lines.
SUMMARY_FIELDS: Final = {
    "number": 1, "state": 1, "assignee": 1, "origin": 1, "user_phone": 1, "customer_name": 1,
    "product": 1, "quote.total": 1, "created_at": 1, "timestamp": 1,
}  # fmt: skip


def is_old(document: dict[str, Any]) -> bool:
    """True for a document in an older shape (Spanish ``estado``, lines as positional rows)."""
    quote = document.get("quote")
    if not isinstance(quote, dict):
        return "estado" in document
    lines = quote.get("lines", [])
    return (
        "estado" in document
        or "line_fields" in quote
        or any(not isinstance(line, dict) for line in lines)
    )


def upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """An older document in today's shape (a new dict; today's documents come back unchanged)."""
    if not is_old(document):
        return document
    upgraded = {key: value for key, value in document.items() if key != "estado"}
    if "estado" in document:
        upgraded.setdefault("state", document["estado"])
    quote = document.get("quote")
    if isinstance(quote, dict):
        fields = quote.get("line_fields", ROW_FIELDS)
        lines = [
            line if isinstance(line, dict) else dict(zip(fields, line, strict=True))
            for line in quote.get("lines", [])
        ]
        upgraded["quote"] = {
            **{key: value for key, value in quote.items() if key != "line_fields"},
            "lines": lines,
        }
    return upgraded


def main_product(request: QuoteRequest) -> str:
    """The product family the quote is about: the roof's, else the wall's, else the cold room's."""
    for part in (request.roof, request.wall, request.cold_room):
        if part is not None:
            return part.product
    return "ninguno"
