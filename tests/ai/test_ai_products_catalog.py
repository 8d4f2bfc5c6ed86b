"""The AI node's product file agrees with the quote node's catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from py_nodes.ai.nlu.products import PRODUCTS_PATH, Products, load_products

CATALOG = Path(__file__).resolve().parents[2] / "py_nodes" / "quote" / "catalog.yaml"


@pytest.mark.skipif(not CATALOG.exists(), reason="py_nodes/quote/catalog.yaml not written yet")
def test_products_families_and_thicknesses_match_the_quote_catalog() -> None:
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    expected = {key: sorted(int(t) for t in spec["thicknesses"])
                for key, spec in catalog["panels"].items()}  # fmt: skip

    ours = {key: sorted(f.thicknesses) for key, f in load_products().families.items()}

    assert ours == expected


@pytest.mark.skipif(not CATALOG.exists(), reason="py_nodes/quote/catalog.yaml not written yet")
def test_products_colours_match_the_quote_catalog() -> None:
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    expected = {key: sorted(spec["colors"]) for key, spec in catalog["panels"].items()}

    ours = {key: sorted(f.colors) for key, f in load_products().families.items()}

    assert ours == expected


@pytest.mark.skipif(not CATALOG.exists(), reason="py_nodes/quote/catalog.yaml not written yet")
def test_products_usable_widths_match_the_quote_catalog() -> None:
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    expected = {key: float(spec["au"]) for key, spec in catalog["panels"].items()}

    ours = {key: f.usable_width_m for key, f in load_products().families.items()}

    assert ours == expected


@pytest.mark.skipif(not CATALOG.exists(), reason="py_nodes/quote/catalog.yaml not written yet")
def test_products_panel_lengths_match_the_quote_catalog() -> None:
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    expected = {key: (float(spec["length_min_m"]), float(spec["length_max_m"]))
                for key, spec in catalog["panels"].items()}  # fmt: skip

    ours = {key: f.lengths_m for key, f in load_products().families.items()}

    assert ours == expected


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("isodec pir de 100", "ISODEC_PIR"),
        ("isodec de 100", "ISODEC_EPS"),
        ("isopanel pir 80", "ISOWALL_PIR"),
        ("isopanel 100", "ISOPANEL_EPS"),
    ],
)
def test_a_material_word_picks_the_variant_the_family_declares(text: str, family: str) -> None:
    assert load_products().find(text).family == family


def test_a_variant_naming_an_unknown_family_is_refused_at_load() -> None:
    raw = yaml.safe_load(PRODUCTS_PATH.read_text(encoding="utf-8"))
    raw["families"]["ISODEC_EPS"]["variants"] = {"pir": "ISODEC_XYZ"}

    with pytest.raises(ValueError, match="ISODEC_XYZ"):
        Products(raw)
