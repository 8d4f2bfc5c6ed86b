"""POST /quotes (and its old path), GET /quotes/{id}, GET /quotes, PATCH status, GET pdf."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_nodes.core import metrics
from py_nodes.core.config import Settings
from py_nodes.core.state import app_state
from tests.quote.api_helpers import Clock, headers, quote_client, roof_body

MONEY = re.compile(r"^\d+\.\d{2}$")
PRICE = re.compile(r"^\d+\.\d{2,8}$")


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 5, 20, 17, 0, tzinfo=UTC))


@pytest.fixture
def api(settings: Settings, clock: Clock) -> Iterator[TestClient]:
    yield from quote_client(settings, clock)


def create(api: TestClient, **overrides: Any) -> dict[str, Any]:
    response = api.post("/quotes", json=roof_body(**overrides), headers=headers())
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_post_quote_returns_the_reference_example_totals(api: TestClient) -> None:
    body = create(api)

    assert (body["subtotal"], body["iva"], body["total"]) == ("1345.53", "296.02", "1641.55")


def test_post_quote_numbers_and_stores_as_pendiente(api: TestClient) -> None:
    body = create(api)

    assert body["number"] == "BMC-2026-0001"
    assert body["state"] == "Pendiente"
    assert body["pdf_url"] == "/quotes/BMC-2026-0001/pdf"


def test_post_quote_money_and_quantities_are_clean_strings(api: TestClient) -> None:
    body = create(api)

    panel = body["lines"][0]
    assert panel["quantity"] == "28"
    assert all(MONEY.match(line["amount"]) for line in body["lines"])
    assert all(PRICE.match(line["unit_price"]) for line in body["lines"])
    assert body["figures"] == {"area_m2": "28", "panels": 5, "supports": 2, "fixing_points": 22}


def test_post_quote_whatsapp_text_is_a_summary_in_es_uy(api: TestClient) -> None:
    body = create(api)

    assert "✅ *Total con IVA: USD 1.641,55*" in body["whatsapp_text"]
    assert "Tuerca" not in body["whatsapp_text"]
    assert body["total"] == "1641.55"


def test_post_quote_keeps_the_exact_unit_price(api: TestClient) -> None:
    roof = roof_body()["roof"]
    roof["zones"][0]["edges"] = {"front": "gotero_frontal", "left": "ninguno", "right": "ninguno"}

    body = create(api, roof=roof)

    screws = next(line for line in body["lines"] if line["sku"] == "T1")
    assert screws["unit_price"] == "0.0574"
    exact = Decimal(screws["quantity"]) * Decimal(screws["unit_price"])
    assert exact.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP") == Decimal(screws["amount"])


def test_post_quote_prints_its_assumptions(api: TestClient) -> None:
    notes = ["Los paneles van de 5 m de largo.", "Por defecto: estructura metálica."]

    body = create(api, assumptions=notes)

    assert (
        "• Los paneles van de 5 m de largo.\n• Por defecto: estructura metálica."
        in (body["whatsapp_text"])
    )


def test_post_quote_too_many_assumptions_is_422(api: TestClient) -> None:
    response = api.post("/quotes", json=roof_body(assumptions=["x"] * 11), headers=headers())

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "#/assumptions"


def test_post_quote_venta_list_per_quote(api: TestClient) -> None:
    body = create(api, price_list="venta")

    assert (body["price_list"], body["subtotal"]) == ("venta", "1371.99")


def test_post_quote_default_list_comes_from_settings(settings: Settings, clock: Clock) -> None:
    venta = settings.model_copy(update={"price_list": "venta"})

    for api in quote_client(venta, clock):
        assert create(api)["subtotal"] == "1371.99"


def test_post_quote_counts_creation_metric(api: TestClient) -> None:
    counter = metrics.QUOTES_CREATED.labels(product="ISODEC_EPS", origin="LO")
    before = counter._value.get()

    create(api, origin="LO")

    assert counter._value.get() == before + 1


def test_post_quote_old_path_creates_too(api: TestClient) -> None:
    response = api.post("/cotizacion/generar", json=roof_body(), headers=headers())

    assert response.status_code == 201
    assert response.json()["number"] == "BMC-2026-0001"


def test_post_quote_old_path_is_deprecated_in_openapi(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]

    assert paths["/cotizacion/generar"]["post"]["deprecated"] is True
    assert "deprecated" not in paths["/quotes"]["post"]


def test_post_quote_without_api_key_is_401(api: TestClient) -> None:
    response = api.post("/quotes", json=roof_body())

    assert response.status_code == 401


def test_post_quote_numbers_are_consecutive(api: TestClient) -> None:
    numbers = [create(api)["number"] for _ in range(3)]

    assert numbers == ["BMC-2026-0001", "BMC-2026-0002", "BMC-2026-0003"]


def test_get_quote_by_number_returns_it(api: TestClient) -> None:
    created = create(api)

    response = api.get(f"/quotes/{created['number']}", headers=headers("reader"))

    assert response.status_code == 200
    assert response.json() == created


@pytest.mark.parametrize(
    ("token", "status"),
    [
        pytest.param(None, 403, id="service-key-without-scope"),
        pytest.param("nobody", 403, id="no-scope"),
        pytest.param("exporter", 403, id="other-scope"),
    ],
)
def test_get_quote_needs_read_scope(api: TestClient, token: str | None, status: int) -> None:
    create(api)

    response = api.get("/quotes/BMC-2026-0001", headers=headers(token))

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "quote_id",
    [pytest.param("BMC-2026-0999", id="absent"), pytest.param("nada", id="not-a-number")],
)
def test_get_quote_unknown_is_404(api: TestClient, quote_id: str) -> None:
    response = api.get(f"/quotes/{quote_id}", headers=headers("reader"))

    assert response.status_code == 404
    assert response.json()["type"].endswith("/quote/not-found")


def test_list_quotes_filters_by_phone_with_total(api: TestClient) -> None:
    create(api)
    create(api, customer={"phone": "59891000000"})
    create(api, customer={"phone": "59891000000"})

    response = api.get("/quotes?phone=59891000000&limit=1", headers=headers("reader"))

    body = response.json()
    assert (body["total"], len(body["items"])) == (2, 1)
    assert body["items"][0]["number"] == "BMC-2026-0003"


def test_list_quotes_pages_with_offset(api: TestClient) -> None:
    for _ in range(3):
        create(api)

    body = api.get("/quotes?limit=2&offset=2", headers=headers("reader")).json()

    assert [item["number"] for item in body["items"]] == ["BMC-2026-0001"]


def test_list_quotes_filters_by_state(api: TestClient) -> None:
    create(api)
    create(api)
    api.patch(
        "/quotes/BMC-2026-0002/status",
        json={"state": "Asignado", "by": "MO"},
        headers=headers("writer"),
    )

    body = api.get("/quotes?state=Asignado", headers=headers("reader")).json()

    assert [item["number"] for item in body["items"]] == ["BMC-2026-0002"]


def test_list_quotes_filters_by_montevideo_day(api: TestClient, clock: Clock) -> None:
    create(api)  # 2026-05-20 14:00 in Montevideo
    clock.advance(hours=8)  # 2026-05-20 22:00 in Montevideo, already the 21st in UTC
    create(api)
    clock.advance(hours=3)
    create(api)  # the 21st in Montevideo

    body = api.get("/quotes?from=2026-05-20&to=2026-05-20", headers=headers("reader")).json()

    assert body["total"] == 2


def test_list_quotes_refuses_reversed_dates(api: TestClient) -> None:
    response = api.get("/quotes?from=2026-05-21&to=2026-05-20", headers=headers("reader"))

    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        pytest.param('phone={"$gt": ""}', id="operator-as-value"),
        pytest.param("phone[$ne]=1", id="operator-in-name"),
        pytest.param("state[$ne]=Pendiente", id="operator-on-state"),
        pytest.param("state=Pendiente&$where=1", id="extra-param"),
    ],
)
def test_list_quotes_refuses_operator_injection(api: TestClient, query: str) -> None:
    create(api)

    response = api.get(f"/quotes?{query}", headers=headers("reader"))

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_patch_status_moves_forward_and_records_history(api: TestClient) -> None:
    create(api)

    response = api.patch(
        "/quotes/BMC-2026-0001/status",
        json={"state": "Asignado", "by": "RA", "assignee": "RA"},
        headers=headers("writer"),
    )

    body = response.json()
    assert (response.status_code, body["state"], body["assignee"]) == (200, "Asignado", "RA")
    assert [(h["state"], h["by"]) for h in body["history"]] == [
        ("Pendiente", "sistema"),
        ("Asignado", "RA"),
    ]


def test_patch_status_illegal_transition_is_409(api: TestClient) -> None:
    create(api)

    response = api.patch(
        "/quotes/BMC-2026-0001/status",
        json={"state": "Listo", "by": "MA"},
        headers=headers("writer"),
    )

    assert response.status_code == 409
    assert response.json()["allowed"] == ["Asignado", "Rechazado"]


def test_patch_status_after_rejection_is_409(api: TestClient) -> None:
    create(api)
    api.patch(
        "/quotes/BMC-2026-0001/status",
        json={"state": "Rechazado", "by": "MA"},
        headers=headers("writer"),
    )

    response = api.patch(
        "/quotes/BMC-2026-0001/status",
        json={"state": "Asignado", "by": "MA"},
        headers=headers("writer"),
    )

    assert response.status_code == 409


def test_patch_status_needs_write_scope(api: TestClient) -> None:
    create(api)

    response = api.patch(
        "/quotes/BMC-2026-0001/status",
        json={"state": "Asignado", "by": "MA"},
        headers=headers("reader"),
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"state": "Perdido", "by": "MA"}, id="unknown-state"),
        pytest.param({"state": {"$ne": "x"}, "by": "MA"}, id="operator-state"),
        pytest.param({"state": "Asignado", "by": {"$gt": ""}}, id="operator-by"),
        pytest.param({"state": "Asignado", "by": "MA", "assignee": "XX"}, id="unknown-assignee"),
    ],
)
def test_patch_status_bad_body_is_422(api: TestClient, body: dict[str, Any]) -> None:
    create(api)

    response = api.patch("/quotes/BMC-2026-0001/status", json=body, headers=headers("writer"))

    assert response.status_code == 422


def test_get_pdf_is_a_pdf_document(api: TestClient) -> None:
    create(api)

    response = api.get("/quotes/BMC-2026-0001/pdf", headers=headers())

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response.headers["content-disposition"]
    assert 'filename="0001BMC-200526-Ana Prez.pdf"' in disposition
    assert "filename*=UTF-8''0001BMC-200526-Ana%20P%C3%A9rez.pdf" in disposition


def test_get_pdf_unknown_is_404(api: TestClient) -> None:
    response = api.get("/quotes/BMC-2026-0042/pdf", headers=headers())

    assert response.status_code == 404


def test_get_pdf_of_a_new_quote_is_read_from_the_cache(api: TestClient) -> None:
    create(api)
    hits = metrics.CACHE_REQUESTS.labels(cache="quote_printable", result="hit")
    before = hits._value.get()

    response = api.get("/quotes/BMC-2026-0001/pdf", headers=headers())

    assert response.status_code == 200
    assert hits._value.get() == before + 1


def test_get_pdf_falls_back_to_the_store(api: TestClient) -> None:
    create(api)
    cache = app_state(api.app).resources.cache
    api.portal.call(cache.delete, "quote:printable:BMC-2026-0001")  # type: ignore[union-attr]

    response = api.get("/quotes/BMC-2026-0001/pdf", headers=headers())

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def mark_sent(api: TestClient, number: str = "BMC-2026-0001") -> Any:
    return api.post(f"/quotes/{number}/sent", headers=headers())


def test_post_sent_walks_a_new_quote_to_enviado_by_the_bot(api: TestClient) -> None:
    create(api)

    response = mark_sent(api)

    body = response.json()
    assert (response.status_code, body["state"]) == (200, "Enviado")
    assert [(h["state"], h["by"]) for h in body["history"]] == [
        ("Pendiente", "sistema"),
        ("Asignado", "bot"),
        ("Enviado", "bot"),
    ]


def test_post_sent_starts_the_followup_clock(api: TestClient, clock: Clock) -> None:
    create(api)
    mark_sent(api)
    clock.advance(hours=49)

    response = api.get("/quotes/followups/due?after_hours=48", headers=headers())

    assert [item["number"] for item in response.json()["items"]] == ["BMC-2026-0001"]


def test_post_sent_twice_answers_200_unchanged(api: TestClient) -> None:
    create(api)
    first = mark_sent(api).json()

    response = mark_sent(api)

    assert (response.status_code, response.json()["history"]) == (200, first["history"])


def test_post_sent_from_asignado_takes_one_step(api: TestClient) -> None:
    create(api)
    api.patch(
        "/quotes/BMC-2026-0001/status",
        json={"state": "Asignado", "by": "RA", "assignee": "RA"},
        headers=headers("writer"),
    )

    body = mark_sent(api).json()

    assert [(h["state"], h["by"]) for h in body["history"]][1:] == [
        ("Asignado", "RA"),
        ("Enviado", "bot"),
    ]


@pytest.mark.parametrize(
    ("walk", "status"),
    [
        pytest.param(["Asignado", "Enviado", "Listo"], 200, id="listo-unchanged"),
        pytest.param(["Rechazado"], 409, id="rechazado"),
        pytest.param(["Asignado", "Enviado", "Listo", "Confirmado"], 409, id="confirmado"),
    ],
)
def test_post_sent_after_enviado_or_final(api: TestClient, walk: list[str], status: int) -> None:
    create(api)
    for state in walk:
        api.patch(
            "/quotes/BMC-2026-0001/status",
            json={"state": state, "by": "MA"},
            headers=headers("writer"),
        )

    response = mark_sent(api)

    assert response.status_code == status
    assert api.get("/quotes/BMC-2026-0001", headers=headers("reader")).json()["state"] == walk[-1]


def test_post_sent_without_api_key_is_401(api: TestClient) -> None:
    create(api)

    response = api.post("/quotes/BMC-2026-0001/sent")

    assert response.status_code == 401


def test_post_sent_unknown_quote_is_404(api: TestClient) -> None:
    response = mark_sent(api, "BMC-2026-0099")

    assert response.status_code == 404
