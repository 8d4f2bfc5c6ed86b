"""The catalog file: exact prices, fingerprint, lookups, and broken files named precisely."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from py_nodes.quote.catalog.models import DEFAULT_CATALOG_PATH, load_catalog
from py_nodes.quote.errors import CatalogInvalid
from tests.quote.engine_builders import CATALOG

GOOD_TEXT = DEFAULT_CATALOG_PATH.read_text(encoding="utf-8")


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    assert GOOD_TEXT.count(old) == 1
    path = tmp_path / "catalog.yaml"
    path.write_text(GOOD_TEXT.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        pytest.param(
            '100: {web: "41.15", venta: "41.15", costo: "35.79", span_m: "5.5"}',
            '100: {venta: "41.15", costo: "35.79", span_m: "5.5"}',
            "panels.ISODEC_EPS.thicknesses.100.web",
            id="missing-price",
        ),
        pytest.param(
            'tuerca_38: {label: "Tuerca 3/8\\" galv.", sku: TUERCA38, web: "0.08"',
            'tuerca_38: {label: "Tuerca 3/8\\" galv.", sku: TUERCA38, web: "-0.08"',
            "fixings.tuerca_38.web",
            id="negative-price",
        ),
        pytest.param(
            "fixing_system: varilla_tuerca\n    accessory_families: [ISODEC_PIR]",
            "fixing_system: pegamento\n    accessory_families: [ISODEC_PIR]",
            "panels.ISODEC_PIR.fixing_system",
            id="unknown-fixing-system",
        ),
        pytest.param(
            '{family: ISOROOF, thickness: 30, sku: GFS30, bar_m: "3.03", web: "19.6"',
            '{family: ISOROOF, thickness: 30, sku: GFS30, bar_m: "3.03", web: "abc"',
            "roof_profiles.gotero_frontal.rows.0[GFS30].web",
            id="bad-profile-price",
        ),
    ],
)
def test_catalog_broken_file_names_item_and_field(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    path = _broken(tmp_path, old, new)

    with pytest.raises(CatalogInvalid) as caught:
        load_catalog(path)

    assert f"catalog.yaml: {where}:" in str(caught.value)


def test_catalog_missing_required_fixing_is_named(tmp_path: Path) -> None:
    path = _broken(tmp_path, "  remache_pop: {", "  remache_pop_old: {")

    with pytest.raises(CatalogInvalid, match=r"fixings: .*remache_pop"):
        load_catalog(path)


def test_catalog_unreadable_file_fails(tmp_path: Path) -> None:
    with pytest.raises(CatalogInvalid, match="no se pudo leer"):
        load_catalog(tmp_path / "missing.yaml")


def test_catalog_prices_load_as_exact_decimals() -> None:
    assert CATALOG.fixings["tornillo_t1"].web == Decimal("0.0574")


def test_catalog_header_fields() -> None:
    assert (CATALOG.valid_from.isoformat(), CATALOG.iva_rate, CATALOG.validity_days) == (
        "2026-08-15",
        Decimal("0.22"),
        10,
    )


def test_catalog_has_twelve_conditions() -> None:
    assert CATALOG.conditions[5].text == "NO INCLUYE MONTAJE."


def test_catalog_fingerprint_changes_with_content(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'version: "2026-08-15.1"', 'version: "2026-08-15.2"')

    assert load_catalog(path).fingerprint != CATALOG.fingerprint


@pytest.mark.parametrize(
    ("price_list", "expected"),
    [
        pytest.param("web", "46.872", id="web"),
        pytest.param("venta", "40.176", id="venta"),
    ],
)
def test_catalog_panel_price_per_list(price_list: str, expected: str) -> None:
    thickness = CATALOG.panel_thickness("ISODEC_PIR", 50)

    assert thickness is not None
    assert thickness.price(price_list) == Decimal(expected)  # type: ignore[arg-type]


def test_catalog_accessory_all_row_for_any_thickness() -> None:
    match = CATALOG.accessory("wall", "perfil_k2", ["ISOWALL"], 80)

    assert match is not None
    assert (match.row.sku, match.requested_mm) == ("K2", None)
