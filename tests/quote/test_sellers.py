"""Sellers as data (py_nodes/sellers.yaml): the default assignment rule, checked assignments."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.core.errors import ConfigurationError
from py_nodes.core.sellers import load_roster, load_sellers, read_roster
from tests.quote.api_helpers import headers, quote_client, roof_body


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    yield from quote_client(settings)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sellers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_rule_assigns_by_origin_else_default(tmp_path: Path) -> None:
    sellers = read_roster(
        write(
            tmp_path,
            "sellers: [{code: MA, name: María}, {code: LU, name: Lucía}]\n"
            "assignment: {default: MA, by_origin: {EM: LU}}\n",
        )
    )

    assert (sellers.assign("EM"), sellers.assign("WA")) == ("LU", "MA")
    assert sellers.name("LU") == "Lucía"
    assert sellers.name("XX") == "XX"


def test_rule_naming_an_inactive_seller_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sellers: [{code: MA, name: MA, active: false}, {code: LU, name: LU}]\n"
        "assignment: {default: MA}\n",
    )

    with pytest.raises(ConfigurationError, match=r"sellers\.yaml: .*not active"):
        read_roster(path)


def test_without_a_rule_the_first_active_seller_is_the_default(tmp_path: Path) -> None:
    path = write(tmp_path, "sellers: [{code: XX, name: X, active: false}, {code: LU, name: L}]\n")

    assert read_roster(path).assign("WA") == "LU"


def test_shipped_file_keeps_the_codes_quotes_already_carry() -> None:
    assert {"MA", "MO", "RA", "SPRT", "Ref."} <= {seller.code for seller in load_sellers()}


def test_new_quote_without_seller_gets_the_rule_s_seller(api: TestClient) -> None:
    response = api.post("/quotes", json=roof_body(), headers=headers())

    assert response.json()["assignee"] == load_roster().assign("WA")


def test_new_quote_with_an_unknown_seller_is_422_naming_the_valid_ones(api: TestClient) -> None:
    response = api.post("/quotes", json=roof_body(assignee="ZZ"), headers=headers())

    assert response.status_code == 422
    assert "MA" in response.text
    assert "ZZ" in response.text
