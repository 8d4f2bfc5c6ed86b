"""Pure formatting of Decimals: money strings, clean quantities, ``USD 1,345.53``."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_money(amount: Decimal) -> Decimal:
    """Half-up to the cent, as the price list and the customer documents round."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal) -> str:
    """Money for JSON: always two decimals, never an exponent (``"1345.53"``, ``"0.00"``)."""
    text = format(round_money(amount), "f")
    return "0.00" if text == "-0.00" else text


def quantity_str(quantity: Decimal) -> str:
    """A quantity without noise: ``Decimal("180.000000")`` -> ``"180"``, ``36.40`` -> ``"36.4"``."""
    if quantity == 0:
        return "0"
    text = format(quantity, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def usd(amount: Decimal) -> str:
    """Money for people: ``USD 1,345.53``."""
    return f"USD {round_money(amount):,.2f}"


def unit_price(amount: Decimal) -> str:
    """A unit price for people: cents when exact, else up to four decimals (``0.0574``).

    Rounding a fraction-of-a-cent price to cents would show a product that does not add up
    (120 × 0.06 ≠ 6.89)."""
    if amount == round_money(amount):
        return thousands(amount)
    exact = amount.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
    return f"{exact:,f}"


_PLURALS = {"barra": "barras", "rollo": "rollos", "servicio": "servicios", "pieza": "piezas"}


def unit_display(unit: str, quantity: Decimal) -> str:
    """The unit in Spanish agreeing with the quantity (``1 barra``, ``2 barras``)."""
    return unit if quantity == 1 else _PLURALS.get(unit, unit)


def thousands(amount: Decimal) -> str:
    """Money without the currency code: ``1,345.53``."""
    return f"{round_money(amount):,.2f}"


def quantity_display(quantity: Decimal) -> str:
    """A quantity for people: at most two decimals, thousands separated (``1,234.5``)."""
    rounded = round_money(quantity).normalize()
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded:,f}"


def date_display(day: date) -> str:
    """``dd/mm/yyyy``, as Uruguay writes dates."""
    return day.strftime("%d/%m/%Y")
