"""Zones that share a side edge (reference §2.5, §2.7, §2.8), with the numbers of docs/quoting.md.

Zone 1: ISODEC EPS 100, 6.5 × 5.6 m (5 panels); zone 2: 4.0 × 3.36 m (3 panels); goteros on the
front and on both sides of each zone; zone 1's right side meets zone 2's left side over 4.0 m.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from py_nodes.core.config import Settings
from py_nodes.quote.engine.models import PricedQuote
from py_nodes.quote.engine.shared_edges import Encounter, encounter_sealant_units
from py_nodes.quote.errors import SharedEdgeInvalid
from tests.quote.api_helpers import headers, quote_client, roof_body
from tests.quote.engine_builders import CATALOG, D, line, quote, roof

EDGES = {
    "front": "gotero_frontal",
    "back": "ninguno",
    "left": "gotero_lateral",
    "right": "gotero_lateral",
}


def zones(shared: dict[str, Any] | None = None, **second: Any) -> list[dict[str, Any]]:
    first: dict[str, Any] = {"length_m": "6.5", "width_m": "5.6", "edges": EDGES}
    if shared is not None:
        first["shared_edges"] = [shared]
    return [first, {"length_m": "4", "width_m": "3.36", "edges": EDGES, **second}]


def t_roof(shared: dict[str, Any] | None = None, **fields: Any) -> PricedQuote:
    return quote(roof=roof(zones=zones(shared, **fields.pop("second", {})), **fields))


def quantity(result: PricedQuote, sku: str) -> Decimal:
    return sum((item.quantity for item in result.lines if item.sku == sku), Decimal(0))


def test_separate_zones_charge_both_edges_of_every_zone() -> None:
    result = t_roof()

    assert result.figures.fixing_points == 43  # 25 + 2 + 2 | 12 + 1 + 1
    assert quantity(result, "6842") == 10  # gotero lateral: 3 + 3 | 2 + 2 bars
    assert quantity(result, "T1") == 280  # 14 bars × 20
    assert result.subtotal == D("2716.84")


def test_a_continuous_shared_edge_drops_profiles_and_reinforcement_there() -> None:
    result = t_roof({"side": "right", "with_zone": 2})

    # zone 1: grid 5 × (3 + 2) = 25; left ceil(6.5/2.5) − 1 = 2; right 2.5 m exterior → 0
    # zone 2: grid 3 × (2 + 2) = 12; left fully shared → 0; right ceil(4/2.5) − 1 = 1
    assert result.figures.fixing_points == 40
    assert quantity(result, "TORTUGAPVC") == 40
    assert quantity(result, "TUERCA38") == 80
    # gotero lateral: zone 1 left 6.5 m → 3, right 2.5 m exterior → 1; zone 2 right 4 m → 2
    assert quantity(result, "6842") == 6
    assert quantity(result, "T1") == 200  # 10 bars × 20
    assert quantity(result, "MEMBRANA30") == 0
    assert result.subtotal == D("2606.50")


def test_a_step_between_zones_adds_its_profile_membrane_and_foam() -> None:
    shared = {"side": "right", "with_zone": 2, "kind": "desnivel", "profile": "babeta_empotrar"}

    result = t_roof(shared)

    assert quantity(result, "6865") == 2  # babeta de empotrar: ceil(4 / 3.0)
    assert quantity(result, "T1") == 240  # (10 + 2) bars × 20
    assert line(result, "MEMBRANA30").quantity == 1  # ceil(4 × 0.8 / 10)
    assert line(result, "ESPUMAPU").quantity == 1  # ceil(4 × 0.5 / 10)
    assert result.subtotal == D("2670.29")


def test_without_sealants_the_meeting_adds_no_membrane() -> None:
    shared = {"side": "right", "with_zone": 2, "kind": "pretil", "profile": "babeta_adosar"}

    result = t_roof(shared, sealants=False)

    assert quantity(result, "MEMBRANA30") == 0
    assert quantity(result, "6828") == 2  # babeta de adosar still charged


def test_a_shorter_shared_length_keeps_the_rest_of_the_side_exterior() -> None:
    result = t_roof({"side": "right", "with_zone": 2, "length_m": "1.5"})

    # zone 1 right: 5 m exterior → 1 point, 2 bars; zone 2 left: 2.5 m exterior → 0 points, 1 bar
    assert result.figures.fixing_points == 25 + 2 + 1 + 12 + 0 + 1
    assert quantity(result, "6842") == 3 + 2 + 1 + 2


def test_meeting_sealants_follow_the_calculator_s_factors() -> None:
    membrane, foam = CATALOG.sealants["membrana"], CATALOG.sealants["espuma_pu"]
    meetings = [Encounter(D(25), "cumbrera", None), Encounter(D(10), "pretil", None)]

    assert encounter_sealant_units(meetings, membrane.joint_factors, D(10)) == 3
    assert encounter_sealant_units(meetings, foam.joint_factors, D(10)) == 2
    assert (
        encounter_sealant_units([Encounter(D(40), "continuo", None)], foam.joint_factors, D(10))
        == 0
    )


@pytest.mark.parametrize(
    ("shared", "second", "message"),
    [
        pytest.param({"side": "right", "with_zone": 3}, {}, "hay 2 zonas", id="unknown-zone"),
        pytest.param({"side": "right", "with_zone": 1}, {}, "consigo misma", id="itself"),
        pytest.param(
            {"side": "right", "with_zone": 2, "length_m": "4.5"}, {}, "más largo", id="too-long"
        ),
        pytest.param(
            {"side": "right", "with_zone": 2},
            {"waters": "dos_aguas"},
            "dos aguas",
            id="two-waters",
        ),
        pytest.param(
            {"side": "right", "with_zone": 2},
            {"shared_edges": [{"side": "left", "with_zone": 1}]},
            "una sola vez",
            id="declared-twice",
        ),
    ],
)
def test_impossible_meetings_are_422_naming_the_zone(
    shared: dict[str, Any], second: dict[str, Any], message: str
) -> None:
    with pytest.raises(SharedEdgeInvalid, match=message) as error:
        t_roof(shared, second=second)

    assert error.value.extensions["errors"][0]["pointer"].startswith("#/roof/zones/")


def test_api_refuses_an_impossible_meeting_with_a_spanish_problem(settings: Settings) -> None:
    body = roof_body()
    body["roof"]["zones"] = zones({"side": "left", "with_zone": 5})

    for client in quote_client(settings):
        response = client.post("/quotes", json=body, headers=headers())

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "zona 1" in response.json()["detail"]
    assert response.json()["errors"][0]["pointer"] == "#/roof/zones/0/shared_edges/0"
