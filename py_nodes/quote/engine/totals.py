"""Totals: group subtotals, subtotal, IVA once on the subtotal, total."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from py_nodes.quote.engine.bom import GROUP_ORDER, Line
from py_nodes.quote.engine.models import GroupSubtotal
from py_nodes.quote.engine.rounding import round2


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    iva: Decimal
    total: Decimal


def group_subtotals(lines: list[Line]) -> list[GroupSubtotal]:
    """One subtotal per group that has lines, in the fixed group order."""
    return [
        GroupSubtotal(group=group, amount=_sum(line for line in lines if line.group == group))
        for group in GROUP_ORDER
        if any(line.group == group for line in lines)
    ]


def quote_totals(lines: list[Line], iva_rate: Decimal) -> Totals:
    subtotal = round2(_sum(lines))
    iva = round2(subtotal * iva_rate)
    return Totals(subtotal=subtotal, iva=iva, total=round2(subtotal + iva))


def _sum(lines: Iterable[Line]) -> Decimal:
    return sum((line.amount for line in lines), Decimal(0))
