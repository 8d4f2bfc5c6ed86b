"""Walls and façades: panels net of openings, profiles and fixings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.quote.engine_builders import line, lines, quote, wall

FACADE = {"scenario": "solo_fachada"}
OPENINGS = [
    {"width_m": "1.1", "height_m": "1.5", "count": 2},
    {"width_m": "0.9", "height_m": "1.1"},
]


def test_wall_panels_ceil_perimeter_over_au() -> None:
    result = quote(**FACADE, wall=wall())

    assert result.figures.panels == 36


def test_wall_gross_area_bills_without_openings() -> None:
    result = quote(**FACADE, wall=wall())

    assert line(result, "ISOPANEL_EPS-100").quantity == Decimal("143.64")


def test_wall_openings_are_deducted() -> None:
    result = quote(**FACADE, wall=wall(openings=OPENINGS))

    assert line(result, "ISOPANEL_EPS-100").quantity == Decimal("139.35")


@pytest.mark.parametrize(
    ("sku", "expected"),
    [
        pytest.param("ANCLAJEH100", 137, id="anchors-every-30cm"),
        pytest.param("REMACHE532", 72, id="two-rivets-per-panel"),
        pytest.param("T2", 791, id="t2-gross-area-times-5.5"),
        pytest.param("K2", 70, id="k2-joints-times-bars-per-height"),
        pytest.param("G2-100", 70, id="g2-isopanel"),
        pytest.param("ESQ-EXT", 8, id="outside-corners"),
    ],
)
def test_wall_accessory_quantity(sku: str, expected: int) -> None:
    result = quote(**FACADE, wall=wall())

    assert line(result, sku).quantity == expected


def test_wall_u_profile_at_base_and_top() -> None:
    result = quote(**FACADE, wall=wall())

    assert [item.quantity for item in lines(result, "PU100MM")] == [14, 14]


def test_wall_on_concrete_has_no_t2_but_keeps_anchors() -> None:
    result = quote(**FACADE, wall=wall(structure="hormigon"))

    assert (lines(result, "T2"), line(result, "ANCLAJEH100").quantity) == ([], Decimal(137))


def test_wall_t2_uses_gross_area_despite_openings() -> None:
    result = quote(**FACADE, wall=wall(openings=OPENINGS))

    assert line(result, "T2").quantity == 791


def test_wall_isowall_has_no_g2() -> None:
    result = quote(**FACADE, wall=wall(product="ISOWALL_PIR", thickness=80))

    assert lines(result, "G2-100") == []


def test_wall_5852_covers_width_in_6_8_m_bars() -> None:
    result = quote(**FACADE, wall=wall(aluminium_profile_5852=True))

    assert line(result, "PA5852").quantity == 7


def test_wall_panels_mode_sets_perimeter() -> None:
    result = quote(**FACADE, wall=wall(perimeter_m=None, panels=10))

    assert line(result, "ISOPANEL_EPS-100").quantity == Decimal("39.90")


def test_wall_without_outside_corners_warns() -> None:
    result = quote(**FACADE, wall=wall(outside_corners=0))

    assert any("no tiene esquinas exteriores" in w for w in result.warnings)


def test_wall_isopanel_50_is_interior_only() -> None:
    result = quote(**FACADE, wall=wall(thickness=50))

    assert any("solo para subdivisiones interiores" in w for w in result.warnings)


def test_wall_height_outside_range_warns() -> None:
    result = quote(**FACADE, wall=wall(product="ISOWALL_PIR", thickness=80, height_m="3"))

    assert any("menor al mínimo fabricable" in w for w in result.warnings)


def test_roof_and_facade_price_both_parts() -> None:
    from tests.quote.engine_builders import roof

    result = quote(scenario="techo_fachada", roof=roof(), wall=wall())

    assert result.figures.panels == 5 + 36
