"""Request checks: scenario parts, product families and thicknesses, with Spanish details."""

from __future__ import annotations

import pytest

from py_nodes.quote.engine.pricing import price_quote
from py_nodes.quote.engine.validation import family_key
from py_nodes.quote.errors import (
    ScenarioIncomplete,
    ThicknessNotMade,
    UnknownProduct,
    WrongProductKind,
)
from tests.quote.engine_builders import CATALOG, TODAY, quote, request, roof, wall


@pytest.mark.parametrize(
    ("fields", "pointer"),
    [
        pytest.param({"scenario": "solo_techo"}, "#/roof", id="roof-missing"),
        pytest.param({"scenario": "solo_fachada"}, "#/wall", id="wall-missing"),
        pytest.param({"scenario": "techo_fachada", "roof": roof()}, "#/wall", id="wall-of-both"),
        pytest.param({"scenario": "camara_frig"}, "#/cold_room", id="room-missing"),
    ],
)
def test_validation_scenario_needs_its_parts(fields: dict[str, object], pointer: str) -> None:
    with pytest.raises(ScenarioIncomplete) as caught:
        price_quote(request(**fields), CATALOG, today=TODAY)

    assert caught.value.extensions["errors"][0]["pointer"] == pointer


def test_validation_unknown_product_lists_options() -> None:
    with pytest.raises(UnknownProduct) as caught:
        quote(roof=roof(product="CHAPA_ZINC"))

    assert "ISODEC_EPS" in caught.value.detail
    assert caught.value.extensions["errors"][0]["pointer"] == "#/roof/product"


def test_validation_wall_panel_on_roof_is_wrong_kind() -> None:
    with pytest.raises(WrongProductKind) as caught:
        quote(roof=roof(product="ISOPANEL_EPS"))

    assert "panel de pared" in caught.value.detail


def test_validation_roof_panel_on_wall_is_wrong_kind() -> None:
    with pytest.raises(WrongProductKind):
        quote(scenario="solo_fachada", wall=wall(product="ISODEC_EPS"))


def test_validation_thickness_not_made_lists_thicknesses() -> None:
    with pytest.raises(ThicknessNotMade) as caught:
        quote(roof=roof(thickness=120))

    assert "100, 150, 200, 250 mm" in caught.value.detail
    assert caught.value.extensions["errors"][0]["pointer"] == "#/roof/thickness_mm"


def test_validation_accepts_loosely_typed_product() -> None:
    result = quote(roof=roof(product="isodec eps"))

    assert result.lines[0].sku == "ISODEC_EPS-100"


def test_validation_family_key_normalises_spacing_and_case() -> None:
    assert family_key(" Isoroof-3G ") == "ISOROOF_3G"


def test_validation_unused_part_is_ignored_with_warning() -> None:
    result = quote(roof=roof(), wall=wall())

    assert any("Se ignoró el bloque de fachada" in w for w in result.warnings)


def test_validation_error_type_slugs() -> None:
    assert (UnknownProduct.type_slug, ThicknessNotMade.type_slug) == (
        "quote/unknown-product",
        "quote/thickness-not-made",
    )
