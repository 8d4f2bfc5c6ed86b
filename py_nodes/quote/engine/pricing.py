"""Entry point: validate a quote request, price each part, add freight, merge and total."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from py_nodes.quote.catalog.models import Catalog
from py_nodes.quote.engine.bom import Line, PartResult, merge_lines
from py_nodes.quote.engine.cold_room import price_cold_room
from py_nodes.quote.engine.context import PricingContext
from py_nodes.quote.engine.freight import freight_line, suggest_freight
from py_nodes.quote.engine.models import (
    PricedQuote,
    PriceList,
    QuoteFigures,
    QuoteLine,
    QuoteRequest,
    QuoteTerms,
)
from py_nodes.quote.engine.roof_part import price_roof
from py_nodes.quote.engine.rounding import round2
from py_nodes.quote.engine.totals import group_subtotals, quote_totals
from py_nodes.quote.engine.validation import validate_request
from py_nodes.quote.engine.walls import price_wall


def price_quote(
    request: QuoteRequest, catalog: Catalog, *, price_list: PriceList = "web", today: date
) -> PricedQuote:
    """Price a request against a catalog; the request's own `price_list` wins over the argument.

    Raises a `ValidationFailed` subclass (see py_nodes.quote.errors) when the request does not
    fit its scenario or the catalog.
    """
    plan = validate_request(request, catalog)
    ctx = PricingContext(catalog, request.price_list or price_list, warnings=list(plan.warnings))
    parts = PartResult()
    if plan.roof:
        parts.absorb(price_roof(ctx, plan.roof))
    if plan.wall:
        parts.absorb(price_wall(ctx, plan.wall))
    if plan.cold_room:
        parts.absorb(price_cold_room(ctx, plan.cold_room))

    materials = merge_lines(parts.lines)
    materials_usd = sum((line.amount for line in materials), Decimal(0))
    freight = suggest_freight(request.delivery, parts.loads, materials_usd, catalog)
    if freight.warning:
        ctx.warn(freight.warning)
    extra = freight_line(freight, request.delivery, catalog)
    lines: list[Line] = [*materials, extra] if extra else materials
    totals = quote_totals(lines, catalog.iva_rate)

    return PricedQuote(
        price_list=ctx.price_list,
        catalog_version=catalog.version,
        lines=[_public(line) for line in lines],
        groups=group_subtotals(lines),
        subtotal=totals.subtotal,
        iva=totals.iva,
        total=totals.total,
        figures=QuoteFigures(
            area_m2=round2(parts.area_m2),
            panels=parts.panels,
            supports=parts.supports,
            fixing_points=parts.fixing_points,
        ),
        warnings=ctx.warnings,
        freight_note=freight.note,
        valid_until=today + timedelta(days=catalog.validity_days),
        terms=QuoteTerms(delivery=catalog.terms.delivery, payment=catalog.terms.payment),
    )


def _public(line: Line) -> QuoteLine:
    return QuoteLine(
        group=line.group,
        description=line.description,
        sku=line.sku,
        quantity=line.quantity,
        unit=line.unit,
        unit_price=line.unit_price,
        amount=line.amount,
    )
