"""The WhatsApp summary of a quote and the machine strings stored for the API."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from py_nodes.core.messages import MessageCatalog, load_catalog, validate
from py_nodes.quote.documents.whatsapp import (
    MESSAGES,
    WHATSAPP_LIMIT,
    message_length,
    whatsapp_text,
)
from py_nodes.quote.engine.formatting import money_str, price_str, quantity_str, unit_display
from py_nodes.quote.engine.models import QuoteTerms
from tests.quote.api_helpers import header, priced

finite_decimals = st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), allow_nan=False, allow_infinity=False
)


def terms_quote(**changes: object):  # type: ignore[no-untyped-def]
    quote = priced(3).model_copy(
        update={"terms": QuoteTerms(delivery="Entrega de 10 a 45 días", payment="Seña 60%")}
    )
    return quote.model_copy(update=changes)


def test_summary_says_what_how_much_and_until_when_in_es_uy() -> None:
    text = whatsapp_text(header(assumptions=("Estructura metálica",)), terms_quote())

    assert text.splitlines()[0] == "*Cotización BMC-2026-0001* · BMC Uruguay"
    assert "📐 *ISODEC EPS 100mm* · Solo techo" in text
    assert "🎨 Color Blanco" in text
    assert "📏 28 m² · 5 paneles" in text
    assert "💰 Subtotal USD 1.345,53 + IVA 22 % USD 296,02" in text
    assert "✅ *Total con IVA: USD 1.641,55*" in text
    assert "🗓 Válido hasta el 30/05/2026 (10 días)." in text
    assert "• Estructura metálica" in text
    assert "_Entrega de 10 a 45 días · Seña 60%_" in text


def test_summary_leaves_the_itemisation_to_the_pdf() -> None:
    quote = priced(40)
    text = whatsapp_text(header(), quote)

    assert not any(line.description in text for line in quote.lines)
    assert "PDF" in text
    assert len(text.splitlines()) <= 20


def test_summary_prints_no_empty_fields() -> None:
    text = whatsapp_text(header(color=None, address=None, customer_name=None), priced(2))

    assert "Color" not in text
    assert "—" not in text
    assert "📍" not in text
    assert "Hola" not in text


def test_summary_uses_single_asterisk_bold() -> None:
    assert "**" not in whatsapp_text(header(), priced(2))


def test_many_warnings_are_listed_up_to_four_and_counted() -> None:
    quote = priced(2).model_copy(update={"warnings": [f"Aviso {n}" for n in range(7)]})
    text = whatsapp_text(header(), quote)

    assert "• Aviso 3" in text
    assert "• Aviso 4" not in text
    assert "• …y 3 más en el PDF." in text


def test_wording_comes_from_the_message_catalog() -> None:
    catalog = load_catalog()
    validate(catalog, {"quote": MESSAGES})
    custom = MessageCatalog({**catalog.texts, "quote.summary.total": "TOTAL: {total}"})

    assert "TOTAL: USD 1.641,55" in whatsapp_text(header(), priced(2), messages=custom)


@settings(max_examples=40, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=600),
    name=st.text(max_size=120),
    notes=st.lists(st.text(min_size=1, max_size=300), max_size=10),
)
def test_whatsapp_text_never_exceeds_the_limit(count: int, name: str, notes: list[str]) -> None:
    quote = priced(count).model_copy(update={"warnings": notes})
    text = whatsapp_text(header(customer_name=name or None, assumptions=tuple(notes)), quote)

    assert message_length(text) <= WHATSAPP_LIMIT


def test_an_absurd_header_is_cut_to_the_limit() -> None:
    text = whatsapp_text(replace(header(), product_label="X" * 5000), priced(2))

    assert message_length(text) <= WHATSAPP_LIMIT
    assert text.endswith("…")


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


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        pytest.param("41.15", "41.15", id="cents"),
        pytest.param("41.1", "41.10", id="two-decimals-at-least"),
        pytest.param("0.0574", "0.0574", id="fraction-of-cent-kept"),
        pytest.param("40.176", "40.176", id="venta-pir-50"),
        pytest.param("0.05000", "0.05", id="trailing-zeros"),
        pytest.param("525", "525.00", id="integer"),
    ],
)
def test_price_str_stores_the_exact_unit_price(price: str, expected: str) -> None:
    assert price_str(Decimal(price)) == expected


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
