"""Builders shared by the pricing-engine tests: the packaged catalog and small requests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from py_nodes.quote.catalog.models import load_catalog
from py_nodes.quote.engine.context import PricingContext
from py_nodes.quote.engine.models import PricedQuote, QuoteLine, QuoteRequest
from py_nodes.quote.engine.pricing import price_quote
from py_nodes.quote.engine.roof import RoofGeometry, roof_geometry

CATALOG = load_catalog()
TODAY = date(2026, 8, 20)
NO_EDGES = {"front": "ninguno", "back": "ninguno", "left": "ninguno", "right": "ninguno"}
PHONE = {"phone": "59899123456"}


def D(value: str | int) -> Decimal:
    return Decimal(value)


def roof(product: str = "ISODEC_EPS", thickness: int = 100, **fields: Any) -> dict[str, Any]:
    zone = {"length_m": "5.0", "width_m": "5.6", "edges": NO_EDGES}
    zone.update(fields.pop("zone", {}))
    return {
        "product": product,
        "thickness_mm": thickness,
        "structure": "metal",
        "zones": fields.pop("zones", [zone]),
        **fields,
    }


def wall(product: str = "ISOPANEL_EPS", thickness: int = 100, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "product": product,
        "thickness_mm": thickness,
        "structure": "metal",
        "height_m": "3.5",
        "perimeter_m": "40",
        "outside_corners": 4,
    }
    return base | fields


def request(**fields: Any) -> QuoteRequest:
    return QuoteRequest.model_validate({"customer": PHONE, **fields})


def quote(listing: str = "web", **fields: Any) -> PricedQuote:
    """Price a request built from `fields`; `listing` is the caller's default price list."""
    return price_quote(request(**fields), CATALOG, price_list=listing, today=TODAY)  # type: ignore[arg-type]


def line(result: PricedQuote, sku: str) -> QuoteLine:
    return next(item for item in result.lines if item.sku == sku)


def lines(result: PricedQuote, sku: str) -> list[QuoteLine]:
    return [item for item in result.lines if item.sku == sku]


def context(price_list: str = "web") -> PricingContext:
    return PricingContext(CATALOG, price_list)  # type: ignore[arg-type]


def geometry(panels: int, length: str, au: str = "1.12", span: str | None = "5.5") -> RoofGeometry:
    width = Decimal(panels) * Decimal(au)
    return roof_geometry(D(length), D(length), width, D(au), D(span) if span else None)
