"""The AI node's product file agrees with the quote node's catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from py_nodes.ai.nlu.products import load_products

CATALOG = Path(__file__).resolve().parents[2] / "py_nodes" / "quote" / "catalog" / "catalog.yaml"


@pytest.mark.skipif(not CATALOG.exists(), reason="the quote catalog is missing")
def test_products_families_and_thicknesses_match_the_quote_catalog() -> None:
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    expected = {key: sorted(int(t) for t in spec["thicknesses"])
                for key, spec in catalog["panels"].items()}  # fmt: skip

    ours = {key: sorted(f.thicknesses) for key, f in load_products().families.items()}

    assert ours == expected


@pytest.mark.skipif(not CATALOG.exists(), reason="the quote catalog is missing")
def test_products_colours_match_the_quote_catalog() -> None:
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    expected = {key: sorted(spec["colors"]) for key, spec in catalog["panels"].items()}

    ours = {key: sorted(f.colors) for key, f in load_products().families.items()}

    assert ours == expected


@pytest.mark.skipif(not CATALOG.exists(), reason="the quote catalog is missing")
def test_products_usable_widths_match_the_quote_catalog() -> None:
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    expected = {key: float(spec["au"]) for key, spec in catalog["panels"].items()}

    ours = {key: f.usable_width_m for key, f in load_products().families.items()}

    assert ours == expected


@pytest.mark.skipif(not CATALOG.exists(), reason="the quote catalog is missing")
def test_products_panel_lengths_match_the_quote_catalog() -> None:
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    expected = {key: (float(spec["length_min_m"]), float(spec["length_max_m"]))
                for key, spec in catalog["panels"].items()}  # fmt: skip

    ours = {key: f.lengths_m for key, f in load_products().families.items()}

    assert ours == expected
