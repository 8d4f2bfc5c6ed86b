"""Freight: pickup, a seller's amount, and the zone suggestion of the tariffs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from py_nodes.quote.engine.bom import PanelLoad
from py_nodes.quote.engine.freight import suggest_freight, truck_rows
from py_nodes.quote.engine.models import Delivery
from tests.quote.engine_builders import CATALOG, line, lines, quote, roof


def _loads(count: int, length: str, family: str = "ISODEC_EPS") -> list[PanelLoad]:
    return [PanelLoad(family, 100, count, Decimal(length))]


@pytest.mark.parametrize(
    ("zone", "loads", "expected"),
    [
        pytest.param("Maldonado", _loads(8, "6"), 280, id="maldonado-one-row"),
        pytest.param("Solymar", _loads(8, "6"), 252, id="costa-one-row"),
        pytest.param("Punta del Este", _loads(40, "6"), 525, id="corridor-two-rows"),
        pytest.param("Lagomar", _loads(40, "6"), 473, id="costa-two-rows-90pct"),
        pytest.param("Piriápolis", _loads(8, "10"), 700, id="trailer-over-8m"),
        pytest.param("Maldonado", _loads(8, "13"), 650, id="long-truck-12-14m"),
    ],
)
def test_freight_truck_row_tariffs(zone: str, loads: list[PanelLoad], expected: int) -> None:
    outcome = suggest_freight(Delivery(zone=zone), loads, Decimal(1000), CATALOG)

    assert outcome.amount_usd == expected


@pytest.mark.parametrize(
    ("zone", "materials", "expected"),
    [
        pytest.param("Montevideo", "2000", 200, id="mvd-10pct"),
        pytest.param("montevideo", "500", 150, id="mvd-minimum"),
        pytest.param("Las Piedras, Canelones", "3000", 300, id="canelones-10pct"),
        pytest.param("Canelones", "1000", 220, id="canelones-minimum"),
    ],
)
def test_freight_percentage_zones(zone: str, materials: str, expected: int) -> None:
    outcome = suggest_freight(Delivery(zone=zone), _loads(8, "6"), Decimal(materials), CATALOG)

    assert outcome.amount_usd == expected


@pytest.mark.parametrize(
    "zone",
    [
        pytest.param("Salto", id="interior"),
        pytest.param("Colonia del Sacramento", id="colonia-is-interior"),
        pytest.param("Marte", id="unknown"),
    ],
)
def test_freight_interior_or_unknown_is_manual(zone: str) -> None:
    outcome = suggest_freight(Delivery(zone=zone), _loads(8, "6"), Decimal(1000), CATALOG)

    assert (outcome.amount_usd, outcome.warning is not None) == (None, True)


def test_freight_pickup_has_no_line_and_a_note() -> None:
    result = quote(roof=roof(), delivery={"pickup": True, "zone": "Maldonado"})

    assert (lines(result, "FLETE"), result.freight_note) == (
        [],
        "Retiro sin cargo en planta (Colonia Nicolich)",
    )


def test_freight_zone_text_for_plant_is_pickup() -> None:
    outcome = suggest_freight(Delivery(zone="Colonia Nicolich"), [], Decimal(0), CATALOG)

    assert outcome.amount_usd is None


def test_freight_seller_amount_wins() -> None:
    result = quote(roof=roof(), delivery={"zone": "Salto", "freight_usd": "410"})

    assert line(result, "FLETE").amount == Decimal("410.00")


def test_freight_line_is_in_services_and_taxed() -> None:
    result = quote(roof=roof(), delivery={"zone": "Maldonado"})

    freight = line(result, "FLETE")
    assert (freight.group, freight.unit, freight.description) == (
        "SERVICIOS",
        "servicio",
        "Flete con entrega en obra — Maldonado",
    )
    assert result.subtotal == Decimal("1345.53") + Decimal("280.00")


def test_freight_montevideo_uses_materials_subtotal() -> None:
    result = quote(roof=roof(), delivery={"zone": "Pocitos, Montevideo"})

    assert line(result, "FLETE").amount == Decimal("150.00")


def test_truck_rows_stack_thickness_plus_spacer() -> None:
    assert (truck_rows(_loads(20, "6"), CATALOG), truck_rows(_loads(21, "6"), CATALOG)) == (1, 2)
