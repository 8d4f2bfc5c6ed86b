"""Bad input to POST /quotes is a 4xx problem+json naming the field in Spanish, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from tests.quote.api_helpers import headers, quote_client, roof_body


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    yield from quote_client(settings)


def with_roof(**fields: Any) -> dict[str, Any]:
    body = roof_body()
    body["roof"].update(fields)
    return body


def with_zone(**fields: Any) -> dict[str, Any]:
    body = roof_body()
    body["roof"]["zones"][0].update(fields)
    return body


def post(api: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post("/quotes", json=body, headers=headers())
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    return problem


def test_unknown_product_lists_the_valid_ones(api: TestClient) -> None:
    problem = post(api, with_roof(product="ISOMAGIC"))

    assert problem["errors"][0]["pointer"] == "#/roof/product"
    assert "ISOMAGIC" in problem["detail"]
    assert "ISODEC_EPS" in problem["detail"]


def test_thickness_not_made_lists_those_made(api: TestClient) -> None:
    problem = post(api, with_roof(thickness_mm=120))

    assert problem["errors"][0]["pointer"] == "#/roof/thickness_mm"
    assert "100, 150, 200, 250" in problem["detail"]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        pytest.param("0", "mayor que 0", id="zero"),
        pytest.param(-5, "mayor que 0", id="negative"),
        pytest.param("1000.01", "como máximo 1000", id="above-1000-m"),
        pytest.param("NaN", "finito", id="nan"),
        pytest.param("Infinity", "finito", id="infinity"),
        pytest.param(1e308, "dígitos", id="huge"),
        pytest.param("cinco", "Se esperaba un número", id="text"),
        pytest.param([5], "Se esperaba un número", id="list"),
    ],
)
def test_bad_length_names_the_field(api: TestClient, value: Any, reason: str) -> None:
    problem = post(api, with_zone(length_m=value))

    assert problem["errors"][0]["pointer"] == "#/roof/zones/0/length_m"
    assert reason in problem["errors"][0]["detail"]


def test_infinite_json_literal_is_refused(api: TestClient) -> None:
    raw = (
        b'{"customer": {"phone": "59899123456"}, "roof": {"product": "ISODEC_EPS",'
        b' "thickness_mm": 100, "zones": [{"length_m": 1e999, "width_m": 5}]}}'
    )

    response = api.post(
        "/quotes", content=raw, headers={**headers(), "Content-Type": "application/json"}
    )

    assert response.status_code == 422


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        pytest.param(roof_body(customer={"phone": {"$gt": ""}}), "#/customer/phone", id="phone"),
        pytest.param(with_roof(product={"$ne": None}), "#/roof/product", id="product"),
        pytest.param(with_roof(color={"$regex": ".*"}), "#/roof/color", id="color"),
        pytest.param(roof_body(origin={"$in": ["WA"]}), "#/origin", id="origin"),
    ],
)
def test_operator_injection_in_body_is_refused(
    api: TestClient, body: dict[str, Any], pointer: str
) -> None:
    problem = post(api, body)

    assert problem["errors"][0]["pointer"] == pointer


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        pytest.param(with_roof(thickness_mm="cien"), "#/roof/thickness_mm", id="thickness-text"),
        pytest.param(roof_body(customer={"phone": "abc"}), "#/customer/phone", id="bad-phone"),
        pytest.param(roof_body(origin="FAX"), "#/origin", id="unknown-origin"),
        pytest.param(roof_body(assignee="ZZ"), "#/assignee", id="unknown-assignee"),
        pytest.param(roof_body(price_list="mayorista"), "#/price_list", id="unknown-list"),
        pytest.param(roof_body(descuento=10), "#/descuento", id="unknown-field"),
    ],
)
def test_wrong_types_and_values_name_the_field(
    api: TestClient, body: dict[str, Any], pointer: str
) -> None:
    problem = post(api, body)

    assert pointer in [error["pointer"] for error in problem["errors"]]


def test_refused_request_takes_no_number(api: TestClient) -> None:
    post(api, with_roof(product="ISOMAGIC"))

    response = api.post("/quotes", json=roof_body(), headers=headers())

    assert response.json()["number"].endswith("-0001")


def test_body_that_is_not_json_is_4xx(api: TestClient) -> None:
    response = api.post(
        "/quotes", content=b"{nope", headers={**headers(), "Content-Type": "application/json"}
    )

    assert 400 <= response.status_code < 500


def test_operator_in_path_is_404(api: TestClient) -> None:
    response = api.get('/quotes/{"$gt": ""}/pdf', headers=headers())

    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("to=9999-12-31", id="last-day"),
        pytest.param("from=0001-01-01&to=9999-12-31", id="whole-calendar"),
    ],
)
def test_list_quotes_with_last_representable_day_is_not_500(api: TestClient, query: str) -> None:
    response = api.get(f"/quotes?{query}", headers=headers("reader"))

    assert response.status_code == 200
