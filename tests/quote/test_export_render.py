"""GET /export and the pure CSV/XLSX/JSON rendering behind it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from api_helpers import Clock, headers, quote_client, roof_body
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from py_nodes.core.config import Settings
from py_nodes.quote.export import render, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param('=HYPERLINK("x")', '\'=HYPERLINK("x")', id="formula"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("+1+cmd", "'+1+cmd", id="plus-expression"),
        pytest.param("+59899123456", "+59899123456", id="phone"),
        pytest.param("-12.5", "-12.5", id="negative-number"),
        pytest.param("hola", "hola", id="text"),
    ],
)
def test_safe_cell_neutralises_formulas_only(value: str, expected: str) -> None:
    assert safe_cell(value) == expected


def test_render_conversations_csv_has_header_and_iso_time() -> None:
    rows = [{"phone": "598", "direction": "in", "text": "=1+1", "timestamp": 0.0}]

    content = render("conversations", "csv", rows).decode("utf-8-sig")

    parsed = list(csv.DictReader(io.StringIO(content)))
    assert parsed == [
        {
            "timestamp": "1969-12-31T21:00:00-03:00",
            "phone": "598",
            "direction": "in",
            "text": "'=1+1",
        }
    ]


def test_render_quotes_xlsx_keeps_money_as_numbers() -> None:
    rows = [{"number": "BMC-2026-0001", "quote": {"total": "1641.55", "price_list": "web"}}]

    content = render("quotes", "xlsx", rows)

    sheet = load_workbook(io.BytesIO(content)).active
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    assert values[1][header.index("total")] == pytest.approx(1641.55)
    assert values[1][header.index("number")] == "BMC-2026-0001"


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 5, 20, 15, 0, tzinfo=UTC))


@pytest.fixture
def api(settings: Settings, clock: Clock) -> Iterator[TestClient]:
    yield from quote_client(settings, clock)


def export(api: TestClient, query: str, token: str = "exporter") -> Any:
    return api.get(f"/export?{query}", headers=headers(token))


def test_export_quotes_csv_filters_by_day(api: TestClient, clock: Clock) -> None:
    api.post("/quotes", json=roof_body(), headers=headers())
    clock.advance(days=2)
    api.post("/quotes", json=roof_body(), headers=headers())

    response = export(api, "kind=quotes&format=csv&from=2026-05-22&to=2026-05-22")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response.headers["content-type"].startswith("text/csv")
    assert [(r["number"], r["total"]) for r in rows] == [("BMC-2026-0002", "1641.55")]


def test_export_conversations_json(api: TestClient) -> None:
    message = {
        "phone": "59899123456",
        "direction": "in",
        "text": "hola",
        "timestamp": datetime(2026, 5, 20, 15, tzinfo=UTC).timestamp(),
    }
    store = api.app.state.resources.store  # type: ignore[attr-defined]
    api.portal.call(store.run, lambda db: db["conversations"].insert_one(message))  # type: ignore[union-attr]

    response = export(api, "kind=conversations&format=json&from=2026-05-20")

    assert json.loads(response.content) == [
        {
            "timestamp": "2026-05-20T12:00:00-03:00",
            "phone": "59899123456",
            "direction": "in",
            "text": "hola",
        }
    ]


def test_export_xlsx_is_a_workbook(api: TestClient) -> None:
    api.post("/quotes", json=roof_body(), headers=headers())

    response = export(api, "kind=quotes&format=xlsx")

    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 2


@pytest.mark.parametrize(
    ("token", "status"),
    [
        pytest.param(None, 403, id="service-key-without-scope"),
        pytest.param("reader", 403, id="read-scope"),
    ],
)
def test_export_needs_export_scope(api: TestClient, token: str | None, status: int) -> None:
    response = api.get("/export", headers=headers(token))

    assert response.status_code == status


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("format=pdf", id="format"),
        pytest.param("kind=users", id="kind"),
        pytest.param("from=ayer", id="date"),
        pytest.param("kind[$ne]=x", id="operator"),
    ],
)
def test_export_bad_query_is_422(api: TestClient, query: str) -> None:
    assert export(api, query).status_code == 422
