"""Decimal rounding helpers: counts round up, money and measures round half-up."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from py_nodes.core import formatting

CENT = Decimal("0.01")


def round_places(value: Decimal, places: int) -> Decimal:
    """Round half-up to `places` decimals (the calculator's Math.round(x·10^n)/10^n)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def round2(value: Decimal) -> Decimal:
    return round_places(value, 2)


def round3(value: Decimal) -> Decimal:
    return round_places(value, 3)


def round_int(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ceil_int(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def floor_int(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def pieces_for(length_m: Decimal, bar_m: Decimal) -> int:
    """Whole bars needed to cover a length."""
    return ceil_int(length_m / bar_m) if length_m > 0 else 0


def money(quantity: Decimal | int, unit_price: Decimal) -> Decimal:
    """A line amount: quantity × unit price rounded to the cent."""
    return round2(Decimal(quantity) * unit_price)


def metres(value: Decimal) -> str:
    """A length for descriptions, as people read it: ``"5,00"``, ``"10,353"`` (es-UY)."""
    return formatting.metres(value, unit=False)
