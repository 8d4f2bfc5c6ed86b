"""The stored quote document: built from a request and its priced result, read back as models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from py_nodes.core.sellers import load_roster
from py_nodes.quote.engine.formatting import money_str, price_str, quantity_str
from py_nodes.quote.engine.models import PricedQuote, QuoteRequest
from py_nodes.quote.store.numbering import local_iso
from py_nodes.quote.store.states import INITIAL_STATE

SYSTEM_ACTOR = "sistema"
#: Stored lines are rows in this column order: seven keys fewer per line for the store to encode.
LINE_FIELDS = ("group", "description", "sku", "quantity", "unit", "unit_price", "amount")


def main_product(request: QuoteRequest) -> str:
    """The product family the quote is about: the roof's, else the wall's, else the cold room's."""
    for part in (request.roof, request.wall, request.cold_room):
        if part is not None:
            return part.product
    return "ninguno"


def priced_to_json(priced: PricedQuote) -> dict[str, Any]:
    """The priced result with Decimals as clean strings (money with 2 decimals)."""
    figures = priced.figures
    return {
        "currency": priced.currency,
        "price_list": priced.price_list,
        "catalog_version": priced.catalog_version,
        "line_fields": list(LINE_FIELDS),
        "lines": [
            [
                line.group,
                line.description,
                line.sku,
                quantity_str(line.quantity),
                line.unit,
                price_str(line.unit_price),
                money_str(line.amount),
            ]
            for line in priced.lines
        ],
        "groups": [{"group": g.group, "amount": money_str(g.amount)} for g in priced.groups],
        "subtotal": money_str(priced.subtotal),
        "iva": money_str(priced.iva),
        "total": money_str(priced.total),
        "figures": {
            "area_m2": quantity_str(figures.area_m2),
            "panels": figures.panels,
            "supports": figures.supports,
            "fixing_points": figures.fixing_points,
        },
        "warnings": list(priced.warnings),
        "freight_note": priced.freight_note,
        "valid_until": priced.valid_until.isoformat(),
        "terms": priced.terms.model_dump(),
    }


def stored_lines(quote: dict[str, Any]) -> list[dict[str, str]]:
    """The stored rows back as one dict per line (older documents already hold dicts)."""
    fields = quote.get("line_fields", LINE_FIELDS)
    return [
        row if isinstance(row, dict) else dict(zip(fields, row, strict=True))
        for row in quote["lines"]
    ]


def build_document(
    number: str, request: QuoteRequest, priced: PricedQuote, now: datetime
) -> dict[str, Any]:
    """A JSON-only document (montydb stores JSON); ``_id`` is the quote number."""
    at = local_iso(now)
    return {
        "_id": number,
        "number": number,
        "estado": INITIAL_STATE,
        "assignee": request.assignee or load_roster().assign(request.origin),
        "origin": request.origin,
        "user_phone": request.customer.phone,
        "customer_name": request.customer.name,
        "product": main_product(request),
        "scenario": request.scenario,
        "request": request.model_dump(mode="json", exclude_none=True),
        "quote": priced_to_json(priced),
        "history": [{"state": INITIAL_STATE, "by": SYSTEM_ACTOR, "at": at}],
        "timestamp": now.timestamp(),
        "created_at": at,
        "updated_at": at,
        "sent_at": None,
        "followed_up_at": None,
    }
