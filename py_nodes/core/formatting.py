"""Numbers, money and dates as people in Uruguay read them (es-UY, with Babel): ``USD 1.767,94``.

Everything a person reads (WhatsApp texts, the PDF, the sales desk, the human columns of the
exports) goes through these functions; the API and the stored documents keep machine numbers
(``"1767.94"``). Values are rounded half-up here, as the price list and BMC's documents round
(Babel alone would round half-even), and formatted from ``Decimal`` without passing through float.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime as DateTime
from decimal import ROUND_HALF_UP, Decimal
from typing import Final
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

LOCALE: Final = "es_UY"
MONTEVIDEO: Final = ZoneInfo("America/Montevideo")
CENT: Final = Decimal("0.01")
#: The most decimals a unit price is ever shown with (catalog prices carry at most four).
MAX_PRICE_PLACES: Final = 6


def _round(value: Decimal, places: int) -> Decimal:
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded if rounded != 0 else abs(rounded)  # never "-0,00"


def _pattern(min_places: int, max_places: int) -> str:
    optional = "#" * (max_places - min_places)
    decimals = "0" * min_places + optional
    return f"#,##0.{decimals}" if decimals else "#,##0"


def number(value: Decimal | int, places: int = 2, *, min_places: int = 0) -> str:
    """A number with thousands dots and a decimal comma: ``1234.5`` -> ``"1.234,5"``.

    At most ``places`` decimals (rounded half-up), at least ``min_places`` (``number(3,
    min_places=2)`` -> ``"3,00"``)."""
    rounded = _round(Decimal(value), places)
    return format_decimal(rounded, format=_pattern(min_places, places), locale=LOCALE)


def amount(value: Decimal) -> str:
    """Money without its currency, always two decimals: ``1767.944`` -> ``"1.767,94"``."""
    return number(value, 2, min_places=2)


def money(value: Decimal, currency: str = "USD") -> str:
    """Money for people: ``money(Decimal("1767.94"))`` -> ``"USD 1.767,94"``."""
    return f"{currency} {amount(value)}"


def metres(value: Decimal, *, unit: bool = True) -> str:
    """A length: two decimals, three when the third one matters: ``"5,60 m"``, ``"10,353 m"``."""
    places = 2 if value == _round(value, 2) else 3
    text = number(value, places, min_places=2)
    return f"{text} m" if unit else text


def date(day: Date) -> str:
    """``dd/mm/aaaa``, as Uruguay writes dates: ``"20/05/2026"``."""
    return day.strftime("%d/%m/%Y")


def date_time(moment: DateTime) -> str:
    """A moment in Montevideo time: ``"20/05/2026 14:03"`` (naive values are taken as UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(MONTEVIDEO).strftime("%d/%m/%Y %H:%M")


def shown_unit_price(quantity: Decimal, unit_price: Decimal, line_amount: Decimal) -> Decimal:
    """The unit price with the fewest decimals (at least two) that multiplies back to the line.

    ``200 × 0.0574 = 11.48``: two decimals would print ``0,06`` (and 200 × 0,06 is 12), so the
    price is shown with four. A line stored with a price already rounded to cents (quotes made
    before prices were stored exactly) is recovered from its amount: ``11.48 / 200``.
    """
    return _price_places(quantity, unit_price, line_amount)[0]


def unit_price(quantity: Decimal, price: Decimal, line_amount: Decimal) -> str:
    """A unit price as printed next to its line: ``"0,0574"``, ``"41,15"``, ``"1.250,00"``."""
    shown, places = _price_places(quantity, price, line_amount)
    return number(shown, places, min_places=places)


def _price_places(quantity: Decimal, price: Decimal, line_amount: Decimal) -> tuple[Decimal, int]:
    exact = price
    if quantity and _round(quantity * price, 2) != line_amount:
        exact = line_amount / quantity
    for places in range(2, MAX_PRICE_PLACES + 1):
        shown = _round(exact, places)
        if not quantity or _round(quantity * shown, 2) == line_amount:
            return shown, places
    return _round(exact, MAX_PRICE_PLACES), MAX_PRICE_PLACES
