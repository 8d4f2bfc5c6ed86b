"""Cold rooms: walls around the plan plus an ISODEC EPS ceiling."""

from __future__ import annotations

from decimal import Decimal

from py_nodes.quote.engine.cold_room import ceiling_product
from tests.quote.engine_builders import CATALOG, line, quote

ROOM = {
    "product": "ISOFRIG_PIR",
    "thickness_mm": 100,
    "length_m": "4",
    "width_m": "3",
    "height_m": "2.5",
}


def test_cold_room_walls_go_around_the_plan() -> None:
    result = quote(scenario="camara_frig", cold_room=ROOM)

    assert line(result, "ISOFRIG_PIR-100").quantity == Decimal("37.05")  # 13 × 2.5 × 1.14


def test_cold_room_has_four_outside_corners() -> None:
    result = quote(scenario="camara_frig", cold_room=ROOM)

    assert line(result, "ESQ-EXT").quantity == 4


def test_cold_room_ceiling_is_isodec_eps_same_thickness() -> None:
    result = quote(scenario="camara_frig", cold_room=ROOM)

    assert line(result, "ISODEC_EPS-100").quantity == Decimal("13.44")  # 3 panels × 4 m × 1.12


def test_ceiling_product_takes_next_larger_thickness() -> None:
    assert ceiling_product(CATALOG, "ISOFRIG_PIR", 80) == ("ISODEC_EPS", 100)


def test_ceiling_product_takes_largest_when_none_is_thick_enough() -> None:
    assert ceiling_product(CATALOG, "ISOFRIG_PIR", 300) == ("ISODEC_EPS", 250)


def test_cold_room_warns_when_ceiling_thickness_changes() -> None:
    result = quote(scenario="camara_frig", cold_room=ROOM | {"thickness_mm": 60})

    assert any("se cotiza con 100 mm" in w for w in result.warnings)
