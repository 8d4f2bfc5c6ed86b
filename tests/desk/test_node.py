"""The desk as a node: alone, unconfigured, and its seller list kept as data."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter, ValidationError

from py_nodes.core.errors import ConfigurationError
from py_nodes.core.sellers import load_sellers, read_sellers
from py_nodes.main import create_app
from py_nodes.quote.engine.models import Assignee
from tests.desk.desk_helpers import desk_settings, sign_in


def test_the_desk_runs_alone(tmp_path: Path) -> None:
    app = create_app(desk_settings(tmp_path), nodes=["desk"])
    with TestClient(app) as client:
        signed_in = sign_in(client)
        inbox = client.get("/desk/conversaciones")

    assert signed_in.status_code == 303
    assert "Esperan a una persona" in inbox.text
    assert not any(path.startswith("/quotes") for path in app.openapi()["paths"])


def test_without_session_keys_the_desk_says_it_is_not_configured(tmp_path: Path) -> None:
    app = create_app(desk_settings(tmp_path, desk_session_keys=None))
    with TestClient(app) as client:
        response = client.get("/desk/ingresar")

    assert response.status_code == 503
    assert "DESK_SESSION_KEYS" in response.text


def test_a_malformed_accounts_secret_stops_the_start(tmp_path: Path) -> None:
    app = create_app(desk_settings(tmp_path, desk_accounts="ana:sin-hash:Ana"))

    with pytest.raises(ConfigurationError, match="DESK_ACCOUNTS line 1"), TestClient(app):
        pass


def test_every_seller_in_the_list_is_a_code_the_quote_node_accepts() -> None:
    accepts = TypeAdapter(Assignee).validate_python
    active = [seller.code for seller in load_sellers() if seller.active]

    assert [accepts(code) for code in active] == active
    with pytest.raises(ValidationError):
        accepts("NADIE")


@pytest.mark.parametrize(
    "text",
    [
        "sellers: []\n",
        "sellers:\n  - code: MA\n",
        "sellers:\n  - {code: MA, name: A}\n  - {code: MA, name: B}\n",
    ],
)
def test_a_malformed_seller_list_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "sellers.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ConfigurationError, match=r"sellers\.yaml"):
        read_sellers(path)


def test_desk_money_uses_the_shared_es_uy_formatter() -> None:
    from py_nodes.desk.display import money

    assert (money("1767.94"), money("0.5"), money("no es un número")) == (
        "USD 1.767,94", "USD 0,50", "",
    )  # fmt: skip


def test_the_sales_notice_link_opens_the_chat(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from py_nodes.main import create_app
    from tests.conftest import make_settings

    with TestClient(create_app(make_settings(tmp_path), nodes=["desk"])) as client:
        response = client.get("/desk/conversaciones/59899123456", follow_redirects=False)
        refused = client.get("/desk/conversaciones/no-es-un-telefono", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (
        303, "/desk/conversaciones?tel=59899123456",
    )  # fmt: skip
    assert refused.status_code == 422
