"""GET /export and the pure CSV/XLSX/JSON rendering behind it (Spanish, es-UY, neutralised)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from py_nodes.core.config import Settings
from py_nodes.core.state import app_state
from py_nodes.quote.documents.export import render, safe_cell
from tests.quote.api_helpers import Clock, headers, quote_client, roof_body

QUOTE = {
    "number": "BMC-2026-0001",
    "created_at": "2026-05-20T14:03:11-03:00",
    "state": "Enviado",
    "assignee": "SPRT",
    "origin": "WA",
    "user_phone": "59899123456",
    "customer_name": "Ana Pérez",
    "product": "ISODEC_EPS",
    "scenario": "solo_techo",
    "quote": {"price_list": "web", "subtotal": "1345.53", "iva": "296.02", "total": "1641.55"},
}


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param('=HYPERLINK("x")', '\'=HYPERLINK("x")', id="formula"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("+1+cmd", "'+1+cmd", id="plus-expression"),
        pytest.param("-2-3", "'-2-3", id="minus-expression"),
        pytest.param("\n=1+1", "'=1+1", id="formula-after-line-break"),
        pytest.param("\t=1+1", "'=1+1", id="formula-after-tab"),
        pytest.param("hola\r\nchau", "hola chau", id="line-break"),
        pytest.param("a\x00b\x1bc", "abc", id="control-characters"),
        pytest.param("+59899123456", "+59899123456", id="phone"),
        pytest.param("-12.5", "-12.5", id="negative-number"),
        pytest.param("hola;=1+1", "hola;=1+1", id="separator-inside-text"),
    ],
)
def test_safe_cell_neutralises_formulas_and_breaks(value: str, expected: str) -> None:
    assert safe_cell(value) == expected


def test_quotes_csv_is_spanish_semicolon_separated_and_quoted() -> None:
    content = render("quotes", "csv", [QUOTE])
    text = content.decode("utf-8-sig")
    rows = csv_rows(content)

    assert text.startswith('"Número";"Fecha";"Estado";"Vendedor"')
    assert rows[1][:4] == ["BMC-2026-0001", "20/05/2026 14:03", "Enviado", "Soporte"]
    assert rows[1][7:13] == ["ISODEC EPS", "Solo techo", "web", "1.345,53", "296,02", "1.641,55"]
    assert all(line.startswith('"') for line in text.splitlines())


def test_a_cell_with_separator_and_formula_stays_one_quoted_text_cell() -> None:
    message = {"phone": "598", "direction": "in", "text": "hola;=1+1\n=2+2", "timestamp": 0.0}

    content = render("conversations", "csv", [message])

    assert '"hola;=1+1 =2+2"' in content.decode("utf-8-sig")
    assert csv_rows(content)[1] == ["31/12/1969 21:00", "598", "Recibido", "hola;=1+1 =2+2"]


def test_quotes_xlsx_has_real_dates_numbers_formats_and_widths() -> None:
    content = render("quotes", "xlsx", [QUOTE])

    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert header[:3] == ["Número", "Fecha", "Estado"]
    assert row["Fecha"].value == datetime(2026, 5, 20, 14, 3, 11)
    assert row["Fecha"].number_format == "dd/mm/yyyy hh:mm"
    assert row["Total USD"].value == pytest.approx(1641.55)
    assert row["Total USD"].number_format == "#,##0.00"
    assert sheet.column_dimensions["G"].width == 26
    assert sheet.freeze_panes == "A2"


def test_xlsx_strips_control_characters_instead_of_failing() -> None:
    message = {"phone": "598", "direction": "out", "text": "ok\x0b\x1b=1+1", "timestamp": 0.0}

    content = render("conversations", "xlsx", [message])

    sheet = load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[2]][2:] == ["Enviado", "ok=1+1"]


def test_json_keeps_machine_values() -> None:
    (row,) = json.loads(render("quotes", "json", [QUOTE]))

    assert (row["assignee"], row["product"], row["total"]) == ("SPRT", "ISODEC_EPS", "1641.55")
    assert row["created_at"] == "2026-05-20T14:03:11-03:00"


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 5, 20, 15, 0, tzinfo=UTC))


@pytest.fixture
def api(settings: Settings, clock: Clock) -> Iterator[TestClient]:
    yield from quote_client(settings, clock)


def export(api: TestClient, query: str, token: str = "exporter") -> Any:
    return api.get(f"/export?{query}", headers=headers(token))


def insert_message(api: TestClient, message: dict[str, Any]) -> None:
    store = app_state(api.app).resources.store
    api.portal.call(store.run, lambda db: db["conversations"].insert_one(message))  # type: ignore[union-attr]


def test_export_quotes_csv_filters_by_day(api: TestClient, clock: Clock) -> None:
    api.post("/quotes", json=roof_body(), headers=headers())
    clock.advance(days=2)
    api.post("/quotes", json=roof_body(), headers=headers())

    response = export(api, "kind=quotes&format=csv&from=2026-05-22&to=2026-05-22")

    rows = csv_rows(response.content)
    assert response.headers["content-type"].startswith("text/csv")
    assert [(r[0], r[3], r[12]) for r in rows[1:]] == [("BMC-2026-0002", "MA", "1.641,55")]


def test_export_conversations_json(api: TestClient) -> None:
    moment = datetime(2026, 5, 20, 15, tzinfo=UTC).timestamp()
    insert_message(
        api, {"phone": "59899123456", "direction": "in", "text": "hola", "timestamp": moment}
    )

    response = export(api, "kind=conversations&format=json&from=2026-05-20")

    assert json.loads(response.content) == [
        {
            "timestamp": "2026-05-20T12:00:00-03:00",
            "phone": "59899123456",
            "direction": "in",
            "text": "hola",
        }
    ]


def test_export_xlsx_with_a_control_character_answers_200(api: TestClient) -> None:
    moment = datetime(2026, 5, 20, 15, tzinfo=UTC).timestamp()
    insert_message(api, {"phone": "598", "direction": "in", "text": "a\x01b", "timestamp": moment})

    response = export(api, "kind=conversations&format=xlsx")

    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active["D2"].value == "ab"


def test_export_xlsx_is_a_workbook(api: TestClient) -> None:
    api.post("/quotes", json=roof_body(), headers=headers())

    response = export(api, "kind=quotes&format=xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2
    assert sheet["M2"].value == pytest.approx(float(Decimal("1641.55")))


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
