"""Roof fixings: rod-and-nut grid for ISODEC, brackets and screws for ISOROOF."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import pytest

from py_nodes.quote.engine.roof_fixings import (
    bracket_and_screw,
    rod_edge_points,
    rod_grid_points,
    rods_for,
)
from tests.quote.engine_builders import context, geometry, line, lines, quote, roof


@pytest.mark.parametrize(
    ("panels", "supports", "expected"),
    [
        pytest.param(10, 2, 40, id="two-lines"),
        pytest.param(10, 3, 50, id="three-lines"),
        pytest.param(16, 2, 64, id="sixteen-panels"),
        pytest.param(10, 1, 20, id="single-line"),
    ],
)
def test_rod_grid_points(panels: int, supports: int, expected: int) -> None:
    assert rod_grid_points(panels, supports) == expected


def test_rod_edge_points_reinforce_both_laterals() -> None:
    assert rod_edge_points([Decimal("5.6")] * 2, Decimal("2.5")) == 4


@pytest.mark.parametrize(
    ("points", "cut", "expected"),
    [
        pytest.param(50, "0.20", 10, id="metal-100-50pts"),
        pytest.param(64, "0.20", 13, id="metal-100-64pts"),
        pytest.param(54, "0.30", 18, id="concrete-100-54pts"),
        pytest.param(10, "0.2", 2, id="10-cuts"),
        pytest.param(11, "0.2", 3, id="11-cuts"),
        pytest.param(3, "1.2", 6, id="cut-longer-than-bar"),
    ],
)
def test_rods_for_packs_cuts_per_bar(points: int, cut: str, expected: int) -> None:
    assert rods_for(points, Decimal(cut), Decimal(1)) == expected


@pytest.mark.parametrize(
    ("structure", "nuts", "anchors"),
    [
        pytest.param("metal", 44, 0, id="metal-two-nuts"),
        pytest.param("hormigon", 22, 22, id="concrete-one-nut-and-anchor"),
        pytest.param("madera", 44, 0, id="wood-two-nuts"),
    ],
)
def test_rod_and_nut_nuts_per_structure(structure: str, nuts: int, anchors: int) -> None:
    result = quote(roof=roof(structure=structure))

    assert line(result, "TUERCA38").quantity == nuts
    assert sum(item.quantity for item in lines(result, "TACO38")) == anchors


def test_rod_and_nut_concrete_has_no_flat_washers() -> None:
    result = quote(roof=roof(structure="hormigon"))

    assert lines(result, "ARANDPLANA38") == []


@pytest.mark.parametrize(
    ("thickness", "length", "panels", "supports", "expected"),
    [
        pytest.param(30, "8", 4, 4, 56, id="30mm-4-supports"),
        pytest.param(80, "8", 4, 3, 44, id="80mm-3-supports"),
    ],
)
def test_bracket_count(
    thickness: int, length: str, panels: int, supports: int, expected: int
) -> None:
    span = {30: "2.8", 80: "4"}[thickness]
    built = geometry(panels, length, au="1", span=span)

    result = bracket_and_screw(context(), built, thickness, "metal")

    assert (result.supports, result.points) == (supports, expected)


def test_bracket_count_without_span_uses_2_9_m_spacing() -> None:
    built = geometry(3, "4", au="1", span=None)

    result = bracket_and_screw(context(), built, 30, "madera")

    assert (result.supports, result.points) == (3, 31)


@pytest.mark.parametrize(
    ("thickness", "structure", "screw"),
    [
        pytest.param(30, "metal", "HEX4MECHA", id="thin-metal"),
        pytest.param(50, "metal", "HEX6MECHA", id="thick-metal"),
        pytest.param(30, "madera", "HEX4AGUJA", id="thin-wood"),
        pytest.param(80, "madera", "HEX6AGUJA", id="thick-wood"),
    ],
)
def test_bracket_one_screw_per_bracket(
    thickness: int, structure: Literal["metal", "madera"], screw: str
) -> None:
    result = bracket_and_screw(context(), geometry(4, "3", au="1", span="3"), thickness, structure)

    screws = next(item for item in result.lines if item.sku == screw)
    assert screws.quantity == result.points


def test_bracket_on_concrete_uses_8mm_rod_and_anchor() -> None:
    result = bracket_and_screw(context(), geometry(4, "3", au="1", span="3"), 30, "hormigon")

    by_sku = {item.sku: item.quantity for item in result.lines}
    assert (by_sku["CABALLETE"], by_sku["TACO8MM"], by_sku["VARILLA8MM"]) == (
        Decimal(28),
        Decimal(28),
        Decimal(6),
    )
