"""Roof perimeter profiles, the canalón kit, T1 screws, the thickness fallback and two waters."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.quote.engine_builders import NO_EDGES, line, lines, quote, roof


def _edges(**chosen: str) -> dict[str, str]:
    return NO_EDGES | chosen


def test_front_drip_pieces_cover_width() -> None:
    result = quote(roof=roof(zone={"edges": _edges(front="gotero_frontal")}))

    assert line(result, "6838").quantity == 2


def test_lateral_drip_pieces_cover_length() -> None:
    result = quote(roof=roof(zone={"length_m": "6.5", "edges": _edges(left="gotero_lateral")}))

    assert line(result, "6842").quantity == 3


@pytest.mark.parametrize(
    ("width", "supports"),
    [
        pytest.param("5.6", 1, id="5-panels-1.80m"),
        pytest.param("22.4", 3, id="20-panels-6.30m"),
    ],
)
def test_gutter_brings_support_bars(width: str, supports: int) -> None:
    result = quote(roof=roof(zone={"width_m": width, "edges": _edges(front="canalon")}))

    assert line(result, "6805").quantity == supports


def test_t1_screws_are_20_per_piece_and_double_on_ridge() -> None:
    edges = _edges(front="gotero_frontal", back="cumbrera")

    result = quote(roof=roof(zone={"edges": edges}))

    assert line(result, "T1").quantity == 2 * 20 + 2 * 40


def test_missing_thickness_uses_nearest_lower_row_and_warns() -> None:
    result = quote(
        roof=roof(
            product="ISOROOF_3G", thickness=40, zone={"edges": _edges(front="gotero_frontal")}
        )
    )

    assert line(result, "GFS30").quantity == 2  # 6 panels × 1 m over 3.03 m bars
    assert any("se cotiza el de 30 mm (GFS30)" in w for w in result.warnings)


def test_range_fallback_60_mm_picks_50_mm_row() -> None:
    from tests.quote.engine_builders import CATALOG

    match = CATALOG.accessory("roof", "gotero_frontal", ["ISOROOF"], 60)

    assert match is not None
    assert (match.row.sku, match.requested_mm) == ("GFS50", 60)


def test_range_fallback_below_smallest_picks_smallest() -> None:
    from tests.quote.engine_builders import CATALOG

    match = CATALOG.accessory("roof", "gotero_lateral_camara", ["ISOROOF"], 30)

    assert match is not None
    assert match.row.sku == "GLDCAM50"


def test_profile_not_offered_for_family_is_reported() -> None:
    result = quote(roof=roof(top_drip_edge=True))

    assert any("Gotero superior no se ofrece para ISODEC EPS" in w for w in result.warnings)


def test_top_drip_edge_adds_pieces_over_front() -> None:
    result = quote(roof=roof(product="ISODEC_PIR", thickness=80, top_drip_edge=True))

    assert line(result, "GSDECAM80").quantity == 2


def test_colonial_uses_its_own_ridge() -> None:
    zone = {"length_m": "4", "width_m": "4", "edges": _edges(back="cumbrera")}

    result = quote(roof=roof(product="ISOROOF_COLONIAL", thickness=40, zone=zone))

    assert line(result, "CUMROOFCOL").quantity == 2


def test_two_waters_split_width_into_two_halves() -> None:
    zone = {"width_m": "11.2", "waters": "dos_aguas"}

    result = quote(roof=roof(zone=zone))

    assert (result.figures.panels, line(result, "ISODEC_EPS-100").quantity) == (
        10,
        Decimal("56.00"),
    )


def test_two_waters_each_eave_gets_front_profile() -> None:
    zone = {"width_m": "11.2", "waters": "dos_aguas", "edges": _edges(front="gotero_frontal")}

    result = quote(roof=roof(zone=zone))

    assert line(result, "6838").quantity == 4


def test_two_waters_ridge_charged_once_over_ridge_length() -> None:
    edges = _edges(back="cumbrera")
    zone = {"width_m": "11.2", "waters": "dos_aguas", "edges": edges}

    result = quote(roof=roof(zone=zone))

    assert line(result, "6847").quantity == 2


def test_two_waters_laterals_on_both_halves() -> None:
    edges = _edges(left="gotero_lateral", right="gotero_lateral")
    zone = {"length_m": "5", "width_m": "11.2", "waters": "dos_aguas", "edges": edges}

    result = quote(roof=roof(zone=zone))

    assert line(result, "6842").quantity == 4 * 2


def test_zones_merge_same_sku_lines() -> None:
    zones = [
        {"length_m": "5", "width_m": "5.6", "edges": _edges(front="gotero_frontal")},
        {"length_m": "4", "width_m": "5.6", "edges": _edges(front="gotero_frontal")},
    ]

    result = quote(roof=roof(zones=zones))

    assert len(lines(result, "6838")) == 1
    assert line(result, "6838").quantity == 4
    assert line(result, "TUERCA38").amount == Decimal("3.52") * 2


def test_zones_with_different_lengths_keep_separate_panel_lines() -> None:
    zones = [{"length_m": "5", "width_m": "5.6", "edges": NO_EDGES},
             {"length_m": "4", "width_m": "5.6", "edges": NO_EDGES}]  # fmt: skip

    result = quote(roof=roof(zones=zones))

    assert [item.quantity for item in lines(result, "ISODEC_EPS-100")] == [
        Decimal("28.00"),
        Decimal("22.40"),
    ]


def test_zones_with_same_length_merge_panel_count() -> None:
    zone = {"length_m": "5", "width_m": "5.6", "edges": NO_EDGES}

    result = quote(roof=roof(zones=[zone, zone]))

    assert line(result, "ISODEC_EPS-100").description == "ISODEC EPS 100mm · 10 paneles × 5,00 m"
