"""WhatsApp text of a quote and the money/quantity formatting under it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from api_helpers import header, priced
from hypothesis import given, settings
from hypothesis import strategies as st

from py_nodes.quote.formatting import money_str, quantity_str, unit_display, unit_price, usd
from py_nodes.quote.whatsapp import PDF_NOTE, WHATSAPP_LIMIT, message_length, whatsapp_text

finite_decimals = st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), allow_nan=False, allow_infinity=False
)


def test_whatsapp_text_lists_every_line_with_usd_amounts() -> None:
    text = whatsapp_text(header(), priced(3))

    assert '• Varilla roscada 3/8" (1m) #2: 36.4 unid × USD 41.15 = USD 1,345.53' in text


def test_whatsapp_text_uses_single_asterisk_bold() -> None:
    text = whatsapp_text(header(), priced(2))

    assert "*TOTAL USD: 1,641.55*" in text
    assert "**" not in text


def test_whatsapp_text_has_no_decimal_noise() -> None:
    text = whatsapp_text(header(), priced(2))

    assert "180.000000" not in text
    assert ": 180 m² ×" in text


def test_whatsapp_text_of_huge_quote_fits_and_points_to_pdf() -> None:
    text = whatsapp_text(header(), priced(400, description="Perfil de terminación " * 3))

    assert message_length(text) <= WHATSAPP_LIMIT
    assert PDF_NOTE in text
    assert "• FIJACIONES (399 ítems): USD 536,866.47" in text


@settings(max_examples=40, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=600),
    description=st.text(min_size=1, max_size=120),
    name=st.text(max_size=120),
)
def test_whatsapp_text_never_exceeds_the_limit(count: int, description: str, name: str) -> None:
    text = whatsapp_text(header(customer_name=name or None), priced(count, description))

    assert message_length(text) <= WHATSAPP_LIMIT


@given(finite_decimals)
def test_money_str_always_has_two_decimals(amount: Decimal) -> None:
    text = money_str(amount)

    integer, _, cents = text.lstrip("-").partition(".")
    assert integer.isdigit()
    assert len(cents) == 2
    assert cents.isdigit()


@given(finite_decimals)
def test_quantity_str_is_exact_and_without_trailing_zeros(quantity: Decimal) -> None:
    text = quantity_str(quantity)

    assert Decimal(text) == quantity
    assert "E" not in text
    assert not ("." in text and text.endswith("0"))


def test_usd_rounds_half_up_with_thousands() -> None:
    assert usd(Decimal("1345.525")) == "USD 1,345.53"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        pytest.param("41.15", "41.15", id="cents"),
        pytest.param("0.0574", "0.0574", id="fraction-of-cent"),
        pytest.param("0.0492", "0.0492", id="venta-t1"),
        pytest.param("1234.5", "1,234.50", id="thousands"),
        pytest.param("0.05000", "0.05", id="trailing-zeros"),
    ],
)
def test_unit_price_shows_what_the_amount_was_computed_with(amount: str, expected: str) -> None:
    assert unit_price(Decimal(amount)) == expected


@pytest.mark.parametrize(
    ("unit", "quantity", "expected"),
    [
        pytest.param("barra", "1", "barra", id="one-bar"),
        pytest.param("barra", "2", "barras", id="bars"),
        pytest.param("unid", "8", "unid", id="abbreviation"),
        pytest.param("m²", "28", "m²", id="area"),
    ],
)
def test_unit_display_agrees_with_quantity(unit: str, quantity: str, expected: str) -> None:
    assert unit_display(unit, Decimal(quantity)) == expected
