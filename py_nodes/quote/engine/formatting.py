"""Machine strings of Decimals for the stored documents and the API (``"1345.53"``, ``"0.0574"``).

What people read is formatted for es-UY by :mod:`py_nodes.core.formatting`; this module keeps the
exact machine form and the Spanish unit names.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_money(amount: Decimal) -> Decimal:
    """Half-up to the cent, as the price list and the customer documents round."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal) -> str:
    """Money for JSON: always two decimals, never an exponent (``"1345.53"``, ``"0.00"``)."""
    text = format(round_money(amount), "f")
    return "0.00" if text == "-0.00" else text


def price_str(price: Decimal) -> str:
    """A unit price for JSON, exact: at least two decimals, more when the price has them
    (``"41.15"``, ``"0.0574"``). Rounding it to cents would make lines that do not multiply."""
    if price == round_money(price):
        return money_str(price)
    return format(price.normalize(), "f")


def quantity_str(quantity: Decimal) -> str:
    """A quantity without noise: ``Decimal("180.000000")`` -> ``"180"``, ``36.40`` -> ``"36.4"``."""
    if quantity == 0:
        return "0"
    text = format(quantity, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


_PLURALS = {"barra": "barras", "rollo": "rollos", "servicio": "servicios", "pieza": "piezas"}


def unit_display(unit: str, quantity: Decimal) -> str:
    """The unit in Spanish agreeing with the quantity (``1 barra``, ``2 barras``)."""
    return unit if quantity == 1 else _PLURALS.get(unit, unit)
