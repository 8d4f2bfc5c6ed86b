"""Example A of the reference (ISODEC EPS 100, 5.0 × 5.6, metal, no edges) to the cent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.quote.engine_builders import line, quote, roof

EXAMPLE_A: dict[str, Any] = {"roof": roof(color="Blanco")}


@pytest.mark.parametrize(
    ("sku", "quantity", "unit_price", "amount"),
    [
        pytest.param("ISODEC_EPS-100", "28.00", "41.15", "1152.20", id="panels"),
        pytest.param("VARILLA38", "5", "3.68", "18.40", id="rods"),
        pytest.param("TUERCA38", "44", "0.08", "3.52", id="nuts"),
        pytest.param("ARANDCARR38", "22", "0.66", "14.52", id="carriage-washers"),
        pytest.param("ARANDPLANA38", "22", "0.12", "2.64", id="flat-washers"),
        pytest.param("TORTUGAPVC", "22", "1.51", "33.22", id="pvc-caps"),
        pytest.param("SILBROM600", "4", "11.24", "44.96", id="silicone-600"),
        pytest.param("SILNEUTRA300", "8", "7.11", "56.88", id="silicone-300"),
        pytest.param("CINTABUTILO", "1", "19.19", "19.19", id="butyl"),
    ],
)
def test_example_a_line(sku: str, quantity: str, unit_price: str, amount: str) -> None:
    result = quote(**EXAMPLE_A)

    priced = line(result, sku)

    assert (priced.quantity, priced.unit_price, priced.amount) == (
        Decimal(quantity),
        Decimal(unit_price),
        Decimal(amount),
    )


def test_example_a_has_exactly_the_reference_lines() -> None:
    result = quote(**EXAMPLE_A)

    assert len(result.lines) == 9


@pytest.mark.parametrize(
    ("price_list", "subtotal", "iva", "total"),
    [
        pytest.param("web", "1345.53", "296.02", "1641.55", id="web"),
        pytest.param("venta", "1371.99", "301.84", "1673.83", id="venta"),
    ],
)
def test_example_a_totals(price_list: str, subtotal: str, iva: str, total: str) -> None:
    result = quote(price_list, **EXAMPLE_A)

    assert (result.subtotal, result.iva, result.total) == (
        Decimal(subtotal),
        Decimal(iva),
        Decimal(total),
    )


def test_example_a_figures() -> None:
    result = quote(**EXAMPLE_A)

    assert (result.figures.area_m2, result.figures.panels) == (Decimal("28.00"), 5)
    assert (result.figures.supports, result.figures.fixing_points) == (2, 22)


def test_request_price_list_overrides_argument() -> None:
    result = quote("web", **EXAMPLE_A, price_list="venta")

    assert (result.price_list, result.subtotal) == ("venta", Decimal("1371.99"))
