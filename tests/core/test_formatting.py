"""es-UY formatting of what people read: money, numbers, lengths, dates, unit prices."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from py_nodes.core import formatting as fmt


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("1767.94", "USD 1.767,94", id="thousands-dot-decimal-comma"),
        pytest.param("1345.525", "USD 1.345,53", id="half-up-not-half-even"),
        pytest.param("0.125", "USD 0,13", id="half-up-small"),
        pytest.param("1234567.8", "USD 1.234.567,80", id="millions"),
        pytest.param("-0.001", "USD 0,00", id="no-negative-zero"),
        pytest.param("-12.5", "USD -12,50", id="negative"),
    ],
)
def test_money(value: str, expected: str) -> None:
    assert fmt.money(Decimal(value)) == expected


def test_money_in_another_currency() -> None:
    assert fmt.money(Decimal("18000"), "UYU") == "UYU 18.000,00"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        pytest.param("36.40", 2, "36,4", id="no-trailing-zero"),
        pytest.param("180.000000", 2, "180", id="no-decimal-noise"),
        pytest.param("1234.5", 2, "1.234,5", id="thousands"),
        pytest.param("2.345", 2, "2,35", id="half-up"),
        pytest.param("21.6", 0, "22", id="integer"),
    ],
)
def test_number(value: str, places: int, expected: str) -> None:
    assert fmt.number(Decimal(value), places) == expected


def test_metres_show_a_third_decimal_only_when_it_matters() -> None:
    assert fmt.metres(Decimal("5.6")) == "5,60 m"
    assert fmt.metres(Decimal("10.353")) == "10,353 m"
    assert fmt.metres(Decimal("3.03"), unit=False) == "3,03"


def test_dates_as_uruguay_writes_them() -> None:
    assert fmt.date(date(2026, 5, 2)) == "02/05/2026"
    assert fmt.date_time(datetime(2026, 5, 2, 17, 3, tzinfo=UTC)) == "02/05/2026 14:03"


@pytest.mark.parametrize(
    ("quantity", "price", "amount", "expected"),
    [
        pytest.param("200", "0.0574", "11.48", "0,0574", id="t1-screws"),
        pytest.param("200", "0.06", "11.48", "0,0574", id="stored-rounded-price-recovered"),
        pytest.param("28", "41.15", "1152.20", "41,15", id="cents-suffice"),
        pytest.param("1", "1250", "1250.00", "1.250,00", id="thousands"),
        pytest.param("28.22", "40.176", "1133.77", "40,176", id="three-decimals"),
    ],
)
def test_unit_price_multiplies_back_to_the_line(
    quantity: str, price: str, amount: str, expected: str
) -> None:
    assert fmt.unit_price(Decimal(quantity), Decimal(price), Decimal(amount)) == expected


@given(
    quantity=st.integers(min_value=1, max_value=5000),
    price=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(500), places=4),
)
def test_shown_unit_price_times_quantity_is_the_line_total(quantity: int, price: Decimal) -> None:
    amount = (quantity * price).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    shown = fmt.shown_unit_price(Decimal(quantity), price, amount)

    assert (quantity * shown).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP") == amount
