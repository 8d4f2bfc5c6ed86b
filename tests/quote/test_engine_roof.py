"""Roof geometry: panel count, billed area, slope, supports, waste and roof warnings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from py_nodes.quote.engine.models import RoofZone
from py_nodes.quote.engine.roof import (
    count_panels,
    real_length,
    roof_geometry,
    slope_factor,
    supports_needed,
    waste,
)
from tests.quote.engine_builders import D, geometry, line, quote, roof


@pytest.mark.parametrize(
    ("width", "au", "expected"),
    [
        pytest.param("5.6", "1.12", 5, id="exact-5.6"),
        pytest.param("3.36", "1.12", 3, id="epsilon-keeps-exact-multiple"),
        pytest.param("3.3601", "1.12", 4, id="just-over-rounds-up"),
        pytest.param("5.0", "1.12", 5, id="rounds-up"),
        pytest.param("0.1", "1", 1, id="at-least-one"),
    ],
)
def test_count_panels_rounds_up_with_epsilon(width: str, au: str, expected: int) -> None:
    assert count_panels(D(width), D(au)) == expected


def test_roof_geometry_bills_panels_times_length_times_au() -> None:
    built = roof_geometry(D("6.5"), D("6.5"), D("5.6"), D("1.12"), D("5.5"))

    assert built.area_m2 == Decimal("36.40")


@pytest.mark.parametrize(
    ("degrees", "factor"),
    [
        pytest.param("15", "1.0353", id="15-deg"),
        pytest.param("25", "1.1034", id="25-deg"),
        pytest.param("0", "1.0000", id="flat"),
    ],
)
def test_slope_factor_is_secant_to_four_decimals(degrees: str, factor: str) -> None:
    assert slope_factor(D(degrees)) == Decimal(factor)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        pytest.param(
            {"slope_mode": "calcular_pendiente", "slope_deg": "15"}, "10.353", id="slope-15"
        ),
        pytest.param({"slope_mode": "calcular_altura", "height_diff_m": "3"}, "10.440", id="rise"),
        pytest.param({"slope_mode": "incluye_pendiente", "slope_deg": "15"}, "10", id="included"),
    ],
)
def test_real_length_follows_slope_mode(zone: dict[str, str], expected: str) -> None:
    built = RoofZone.model_validate({"length_m": "10", "width_m": "5", **zone})

    assert real_length(built) == Decimal(expected)


@pytest.mark.parametrize(
    ("length", "span", "expected"),
    [
        pytest.param("6.5", "5.5", 3, id="over-span"),
        pytest.param("5.0", "5.5", 2, id="within-span"),
        pytest.param("11", "5.5", 3, id="exact-double"),
    ],
)
def test_supports_needed_is_ceil_length_over_span_plus_one(
    length: str, span: str, expected: int
) -> None:
    assert supports_needed(D(length), D(span)) == expected


@pytest.mark.parametrize(
    ("width", "extra", "area", "percent"),
    [
        pytest.param("5.0", "0.60", "3.00", "12.0", id="one-decimal"),
        pytest.param("2.2", "0.04", "0.20", "1.82", id="two-decimals-under-half-metre"),
        pytest.param("5.6", "0.00", "0.00", "0.00", id="no-waste"),
    ],
)
def test_waste_reports_offcut(width: str, extra: str, area: str, percent: str) -> None:
    built = roof_geometry(D("5.0"), D("5.0"), D(width), D("1.12"), D("5.5"))

    measured = waste(built)

    assert (measured.width_m, measured.area_m2, measured.percent) == (
        Decimal(extra),
        Decimal(area),
        Decimal(percent),
    )


def test_roof_slope_changes_billed_area() -> None:
    zone = {
        "length_m": "10",
        "width_m": "1.12",
        "slope_mode": "calcular_pendiente",
        "slope_deg": "15",
    }

    result = quote(roof=roof(product="ISODEC_EPS", thickness=250, zone=zone))

    assert line(result, "ISODEC_EPS-250").quantity == Decimal("11.60")


def test_roof_panels_mode_gives_n_panels() -> None:
    result = quote(roof=roof(zone={"width_m": None, "panels": 7}))

    assert result.figures.panels == 7


def test_roof_span_exceeded_warns_with_supports() -> None:
    result = quote(roof=roof(zone={"length_m": "6.5"}))

    assert any("excede la autoportancia" in w and "3 apoyos" in w for w in result.warnings)


def test_roof_span_within_five_percent_warns() -> None:
    result = quote(roof=roof(zone={"length_m": "5.3"}))

    assert any("dentro del 5 %" in w for w in result.warnings)


def test_roof_length_over_manufacturing_range_warns() -> None:
    result = quote(roof=roof(product="ISOROOF_3G", thickness=30, zone={"length_m": "9"}))

    assert any("excede el máximo fabricable" in w for w in result.warnings)


def test_roof_plus_under_800_m2_warns() -> None:
    result = quote(roof=roof(product="ISOROOF_PLUS", thickness=50, color="Gris"))

    assert any(w.startswith("ISOROOF PLUS 3G requiere mínimo 800 m²") for w in result.warnings)


def test_roof_3g_white_under_500_m2_warns() -> None:
    result = quote(roof=roof(product="ISOROOF_3G", thickness=50, color="blanco"))

    assert any("color Blanco requiere mínimo 500 m²" in w for w in result.warnings)


def test_roof_grey_isodec_over_150_mm_warns() -> None:
    result = quote(roof=roof(thickness=200, color="Gris"))

    assert any("solo hasta 150 mm" in w for w in result.warnings)


def test_roof_grey_isodec_notes_lead_time() -> None:
    result = quote(roof=roof(thickness=100, color="Gris"))

    assert any("+20 días" in w for w in result.warnings)


def test_roof_colour_not_offered_warns_with_options() -> None:
    result = quote(roof=roof(product="ISOROOF_FOIL", thickness=30, color="Blanco"))

    assert any(
        "no se ofrece en ISOROOF FOIL 3G" in w and "Gris, Rojo" in w for w in result.warnings
    )


def test_roof_pir_50_says_avoid() -> None:
    result = quote(roof=roof(product="ISODEC_PIR", thickness=50, zone={"length_m": "3.5"}))

    assert any("ISODEC PIR 50 mm: evitar" in w for w in result.warnings)


def test_roof_without_structure_assumes_metal() -> None:
    spec = roof()
    del spec["structure"]

    result = quote(roof=spec)

    assert any("se asumió estructura metálica" in w for w in result.warnings)


def test_roof_geometry_helper_counts_panels() -> None:
    assert geometry(5, "5.0").panels == 5
