"""Quotes in the desk: search, state changes through the quote node, PDF and exports."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from py_nodes.core.state import app_state
from py_nodes.desk.state import DeskState
from tests.desk.desk_helpers import create_quote, page_csrf, sign_in


@pytest.fixture
def quotes(client: TestClient) -> dict[str, str]:
    numbers = {
        "ana": create_quote(client, "59899111222", "Ana Pérez"),
        "bruno": create_quote(client, "59899333444", "Bruno Díaz"),
    }
    sign_in(client)
    return numbers


def listed(client: TestClient, **params: str) -> list[str]:
    response = client.get("/desk/cotizaciones", params=params)
    assert response.status_code == 200
    return [part.split('"')[0] for part in response.text.split('data-number="')[1:]]


def state_of(client: TestClient, number: str) -> str:
    html = client.get("/desk/cotizaciones", params={"q": number}).text
    row = html.split(f'data-number="{number}"')[1].split("</tr>")[0]
    return row.split('class="state s-')[1].split(">")[1].split("<")[0]


def test_the_list_shows_every_quote_newest_first(
    client: TestClient, quotes: dict[str, str]
) -> None:
    assert listed(client) == [quotes["bruno"], quotes["ana"]]


@pytest.mark.parametrize(
    ("text", "who"),
    [("bruno", "bruno"), ("PÉREZ", "ana"), ("99333", "bruno"), ("+598 99 111 222", "ana")],
)
def test_search_by_name_or_phone(
    client: TestClient, quotes: dict[str, str], text: str, who: str
) -> None:
    assert listed(client, q=text) == [quotes[who]]


def test_search_by_number(client: TestClient, quotes: dict[str, str]) -> None:
    assert listed(client, q=quotes["ana"]) == [quotes["ana"]]


def test_search_by_state_and_date(client: TestClient, quotes: dict[str, str]) -> None:
    assert sorted(listed(client, estado="Pendiente")) == sorted(quotes.values())
    assert listed(client, estado="Confirmado") == []
    assert listed(client, desde="2000-01-01", hasta="2000-12-31") == []
    assert len(listed(client, desde="2000-01-01")) == 2


def test_search_text_is_never_a_pattern_or_an_operator(
    client: TestClient, quotes: dict[str, str]
) -> None:
    assert listed(client, q=".*") == []
    assert listed(client, q="(") == []
    assert listed(client, q='{"$ne": ""}') == []


def test_a_bad_date_is_said_in_spanish(client: TestClient, quotes: dict[str, str]) -> None:
    html = client.get("/desk/cotizaciones", params={"desde": "ayer"}).text

    assert "Las fechas van como AAAA-MM-DD" in html


def test_assign_a_seller_moves_the_quote_through_the_quote_node(
    client: TestClient, quotes: dict[str, str]
) -> None:
    number = quotes["ana"]
    response = client.post(
        f"/desk/cotizaciones/{number}/estado",
        data={
            "csrf": page_csrf(client, "/desk/cotizaciones"),
            "estado": "Asignado",
            "asignado": "RA",
            "back": "q=ana",
        },
        follow_redirects=False,
    )
    page = client.get(response.headers["location"]).text
    row = page.split(f'data-number="{number}"')[1].split("</tr>")[0]

    assert response.headers["location"] == "/desk/cotizaciones?q=ana"
    assert "Cotización actualizada" in page
    assert ">Asignado<" in row
    assert "<td>RA</td>" in row


def test_an_illegal_change_shows_the_quote_nodes_reason(
    client: TestClient, quotes: dict[str, str]
) -> None:
    number = quotes["bruno"]
    response = client.post(
        f"/desk/cotizaciones/{number}/estado",
        data={"csrf": page_csrf(client, "/desk/cotizaciones"), "estado": "Confirmado"},
        follow_redirects=False,
    )
    page = client.get(response.headers["location"]).text

    assert "No se pudo cambiar la cotización" in page
    assert "está en Pendiente y no puede pasar a Confirmado" in page
    assert state_of(client, number) == "Pendiente"


def test_state_change_without_the_form_token_is_refused(
    client: TestClient, quotes: dict[str, str]
) -> None:
    response = client.post(
        f"/desk/cotizaciones/{quotes['ana']}/estado", data={"estado": "Rechazado"}
    )

    assert response.status_code == 403
    assert state_of(client, quotes["ana"]) == "Pendiente"


def test_pdf_download(client: TestClient, quotes: dict[str, str]) -> None:
    response = client.get(f"/desk/cotizaciones/{quotes['ana']}/pdf")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert ".pdf" in response.headers["content-disposition"]


def test_pdf_of_an_unknown_quote_is_a_page_not_a_crash(
    client: TestClient, quotes: dict[str, str]
) -> None:
    response = client.get("/desk/cotizaciones/BMC-2099-9999/pdf")

    assert response.status_code == 409
    assert "No existe la cotización BMC-2099-9999" in response.text


@pytest.mark.parametrize(
    ("formato", "media"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("csv", "text/csv"),
    ],
)
def test_export_through_the_quote_node(
    client: TestClient, quotes: dict[str, str], formato: str, media: str
) -> None:
    response = client.get("/desk/exportar", params={"tipo": "quotes", "formato": formato})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    if formato == "csv":
        assert quotes["ana"] in response.text
        assert quotes["bruno"] in response.text


def test_the_quote_node_unreachable_is_said_in_spanish(
    client: TestClient, quotes: dict[str, str]
) -> None:
    state = app_state(client.app).nodes.get(DeskState)
    state.quotes.http = httpx.AsyncClient(transport=httpx.MockTransport(_refuse))

    response = client.get(f"/desk/cotizaciones/{quotes['ana']}/pdf")

    assert response.status_code == 502
    assert "El servicio de cotizaciones no responde" in response.text


def _refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused", request=request)
