"""GET /quotes/{id}/notice: what sales read about a new quote (es-UY, template-safe fields)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.core.formatting import money
from py_nodes.quote.documents.notice import one_line
from tests.quote.api_helpers import headers, quote_client, roof_body

FIELDS = ("number", "phone", "customer", "product", "size", "zone", "total")


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    yield from quote_client(settings)


def test_notice_has_product_size_zone_and_total_for_people(api: TestClient) -> None:
    body = roof_body(delivery={"zone": "Maldonado", "address": "Ruta 10\nkm 160"})
    created = api.post("/quotes", json=body, headers=headers()).json()
    number = created["number"]

    response = api.get(f"/quotes/{number}/notice", headers=headers())

    notice = response.json()
    assert response.status_code == 200
    assert notice["product"] == "ISODEC EPS 100mm · Solo techo"
    assert notice["size"] == "28 m² · 5 paneles"
    assert notice["zone"] == "Ruta 10 km 160, Maldonado"
    assert notice["total"] == money(Decimal(created["total"]))
    assert notice["total"] == "USD 1.983,15"  # 1,345.53 + freight 280, with IVA
    assert f"Nueva cotización {number}" in notice["subject"]
    assert "Cliente: Ana Pérez (+59899123456)" in notice["text"]
    assert all("\n" not in notice[name] and "  " not in notice[name] for name in FIELDS)


def test_notice_without_name_or_zone_says_so(api: TestClient) -> None:
    body = roof_body(customer={"phone": "59899123456"}, delivery={})
    number = api.post("/quotes", json=body, headers=headers()).json()["number"]

    notice = api.get(f"/quotes/{number}/notice", headers=headers()).json()

    assert (notice["customer"], notice["zone"]) == ("sin nombre", "sin indicar")


def test_notice_needs_the_service_key_and_a_known_quote(api: TestClient) -> None:
    assert api.get("/quotes/BMC-2026-0001/notice").status_code == 401
    assert api.get("/quotes/BMC-2026-0999/notice", headers=headers()).status_code == 404


def test_one_line_cleans_and_bounds_a_template_parameter() -> None:
    assert one_line("  Ana\n\tPérez   López ") == "Ana Pérez López"
    assert len(one_line("x" * 500)) == 120


def test_a_quote_held_for_review_reaches_sales_as_a_draft(api: TestClient) -> None:
    body = roof_body()
    body["roof"]["zones"][0]["length_m"] = "16"  # longer than any ISODEC panel the plant makes
    created = api.post("/quotes", json=body, headers=headers()).json()
    assert created["needs_review"] is True

    notice = api.get(f"/quotes/{created['number']}/notice", headers=headers()).json()

    assert notice["subject"].startswith(f"BORRADOR para revisar {created['number']}")
    assert notice["text"].startswith("BORRADOR: esta cotización NO se envió al cliente")
    assert created["review_reasons"][0] in notice["text"]
