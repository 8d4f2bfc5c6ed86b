"""Quotes held for a seller (needs_review): factory limits, absurd areas, openings, blocking
warnings; the customer gets the notice, the chat goes to sales."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_nodes.core import contacts
from py_nodes.core.config import Settings
from py_nodes.core.messages import load_catalog
from py_nodes.core.state import app_state
from py_nodes.quote.catalog.models import DEFAULT_CATALOG_PATH
from py_nodes.quote.catalog.models import load_catalog as load_price_catalog
from py_nodes.quote.engine.product_checks import color_warnings, length_warnings
from py_nodes.quote.engine.review_rules import WARNING_KINDS, warning_kind
from py_nodes.quote.engine.roof import span_warnings
from py_nodes.quote.errors import CatalogInvalid
from tests.quote.api_helpers import Clock, headers, quote_client
from tests.quote.engine_builders import CATALOG, geometry, quote, roof, wall

START = datetime(2026, 8, 20, 12, 0, tzinfo=UTC)
PHONE = "59899555001"
NOTICE = load_catalog().render("review.customer_notice")


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    yield from quote_client(settings, Clock(START))


def post(api: TestClient, **fields: Any) -> dict[str, Any]:
    body = {"customer": {"phone": PHONE, "name": "Ana"}, "delivery": {"pickup": True}, **fields}
    response = api.post("/quotes", json=body, headers=headers())
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def standing(api: TestClient, phone: str = PHONE) -> contacts.Contact:
    store = app_state(api.app).resources.store
    return asyncio.run(contacts.load(store, phone, now=START.timestamp()))


ISODEC = CATALOG.panels["ISODEC_EPS"]
ISOROOF = CATALOG.panels["ISOROOF_3G"]
ENGINE_TEXTS = {
    "length_above_max": length_warnings(ISOROOF, Decimal(10))[0],
    "length_below_min": length_warnings(CATALOG.panels["ISODEC_PIR"], Decimal(3))[0],
    "span_exceeded": span_warnings(geometry(5, "6.5"), "ISODEC EPS 100 mm", Decimal("5.5"),
                                   Decimal("0.95"))[0],
    "span_near_limit": span_warnings(geometry(5, "5.4"), "ISODEC EPS 100 mm", Decimal("5.5"),
                                     Decimal("0.95"))[0],
    "color_not_offered": color_warnings(ISODEC, 100, "Verde", Decimal(30))[0],
    "color_thickness_limit": color_warnings(ISODEC, 200, "Gris", Decimal(30))[0],
    "below_minimum_area": color_warnings(CATALOG.panels["ISOROOF_PLUS"], 50, None, Decimal(30))[0],
    "openings_cover_wall": next(
        w for w in quote(scenario="solo_fachada", wall=wall(
            perimeter_m="4", height_m="3", openings=[{"width_m": "5", "height_m": "3"}]
        )).warnings if "aberturas" in w
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(ENGINE_TEXTS))
def test_review_recognises_the_engines_own_warning_text(kind: str) -> None:
    text = ENGINE_TEXTS[kind]

    matches = [k for k, fragment in WARNING_KINDS.items() if fragment in text]
    assert (warning_kind(text), matches) == (kind, [kind])


def test_review_every_warning_kind_is_marked_in_the_packaged_catalog() -> None:
    missing = sorted(set(WARNING_KINDS) - set(CATALOG.review.warnings))

    assert missing == [], f"catalog.yaml review.warnings lacks: {missing}"


def test_review_catalog_refuses_an_unknown_warning_kind(tmp_path: Path) -> None:
    text = DEFAULT_CATALOG_PATH.read_text(encoding="utf-8")
    path = tmp_path / "catalog.yaml"
    path.write_text(text.replace("length_above_max:", "length_above_maxx:"), encoding="utf-8")

    with pytest.raises(CatalogInvalid, match="length_above_maxx"):
        load_price_catalog(path)


def test_review_plain_quote_goes_out_with_its_prices(api: TestClient) -> None:
    body = post(api, roof=roof())

    assert (body["needs_review"], body["review_reasons"]) == (False, [])
    assert "USD" in body["whatsapp_text"]
    assert standing(api).with_sales is False


def test_review_panel_longer_than_the_factory_makes_is_held(api: TestClient) -> None:
    body = post(api, roof=roof("ISOROOF_3G", 80, zone={"length_m": "10", "width_m": "12"}))

    assert (body["needs_review"], body["whatsapp_text"]) == (True, NOTICE)
    assert any("máximo fabricable" in reason for reason in body["review_reasons"])


def test_review_notice_carries_no_price(api: TestClient) -> None:
    body = post(api, roof=roof("ISOROOF_3G", 80, zone={"length_m": "10", "width_m": "12"}))

    assert all(marker not in body["whatsapp_text"] for marker in ("USD", body["total"], "$"))


def test_review_panel_shorter_than_the_factory_makes_is_held(api: TestClient) -> None:
    body = post(api, roof=roof("ISODEC_PIR", 80, zone={"length_m": "3", "width_m": "4"}))

    assert body["needs_review"] is True
    assert any("mínimo fabricable" in reason for reason in body["review_reasons"])


def test_review_wall_higher_than_the_longest_panel_is_held(api: TestClient) -> None:
    body = post(
        api,
        scenario="solo_fachada",
        wall=wall("ISOWALL_PIR", 80, height_m="15", perimeter_m="20"),
    )

    assert body["needs_review"] is True
    assert any("máximo fabricable" in reason for reason in body["review_reasons"])


def test_review_absurd_area_is_held(api: TestClient) -> None:
    body = post(api, roof=roof(zone={"length_m": "10", "width_m": "400"}))

    assert body["needs_review"] is True
    assert any("3000 m²" in reason for reason in body["review_reasons"])


def test_review_opening_taller_than_its_wall_is_held(api: TestClient) -> None:
    openings = [{"width_m": "2", "height_m": "4.5"}]
    body = post(api, scenario="solo_fachada", wall=wall(height_m="3.5", openings=openings))

    assert body["review_reasons"] == ["Una abertura de 2 × 4.5 m es más alta que la pared (3.5 m)."]


def test_review_opening_wider_than_its_wall_is_held(api: TestClient) -> None:
    openings = [{"width_m": "12", "height_m": "2"}]
    body = post(api, scenario="solo_fachada", wall=wall(perimeter_m="10", openings=openings))

    assert any("más ancha que la pared (10 m)" in r for r in body["review_reasons"])


def test_review_non_blocking_warning_does_not_hold(api: TestClient) -> None:
    body = post(api, roof=roof(zone={"length_m": "6.5", "width_m": "5.6"}))

    assert any("autoportancia" in w for w in body["warnings"])
    assert body["needs_review"] is False


def test_review_whatsapp_quote_hands_the_chat_to_sales(api: TestClient) -> None:
    post(api, roof=roof("ISOROOF_3G", 80, zone={"length_m": "10", "width_m": "12"}))

    contact = standing(api)
    assert (contact.with_sales, contact.handoff_reason) == (True, "review")


def test_review_quote_from_another_origin_hands_nothing(api: TestClient) -> None:
    post(api, origin="LO", roof=roof("ISOROOF_3G", 80, zone={"length_m": "10", "width_m": "12"}))

    assert standing(api).with_sales is False


def test_review_flag_is_stored_with_the_quote(api: TestClient) -> None:
    number = post(api, roof=roof("ISOROOF_3G", 80, zone={"length_m": "10", "width_m": "12"}))[
        "number"
    ]

    stored = api.get(f"/quotes/{number}", headers=headers("reader")).json()
    assert (stored["needs_review"], stored["whatsapp_text"]) == (True, NOTICE)


def test_review_phone_with_a_plus_hands_the_whatsapp_digits(api: TestClient) -> None:
    body = {
        "customer": {"phone": "+59899555002"},
        "roof": roof("ISOROOF_3G", 80, zone={"length_m": "10", "width_m": "12"}),
    }
    api.post("/quotes", json=body, headers=headers())

    assert standing(api, "59899555002").with_sales is True
