"""Slots -> QuoteRequest: every scenario validates against the quote node's own schema."""

from __future__ import annotations

from decimal import Decimal

import pytest

from py_nodes.ai.dialogue.slots import Slots, missing
from py_nodes.ai.quote_request import build_quote_request, orient_roof
from py_nodes.quote.engine.models import QuoteRequest

PHONE = "59899123456"


def roof(**extra: object) -> Slots:
    values: dict[str, object] = {"product": "ISODEC_EPS", "use": "techo", "thickness_mm": 100,
                                 "zone": "Maldonado"}  # fmt: skip
    values.update(extra)
    return Slots.model_validate(values)


@pytest.mark.parametrize(
    "slots",
    [
        pytest.param(roof(length_m=10.5, width_m=4.0), id="roof-metres"),
        pytest.param(roof(area_m2=50.0), id="roof-area"),
        pytest.param(roof(panels=8, length_m=10.0), id="roof-panels"),
        pytest.param(roof(length_m=10, width_m=6, waters="dos_aguas", accessories=["canalon"]),
                     id="roof-two-waters"),
        pytest.param(Slots(product="ISOPANEL_EPS", use="pared", thickness_mm=100, length_m=20,
                           height_m=3, pickup=True), id="wall"),
        pytest.param(Slots(product="ISOFRIG_PIR", use="camara", thickness_mm=100, length_m=4,
                           width_m=3, height_m=2.5, zone="Canelones"), id="cold-room"),
    ],
)  # fmt: skip
def test_build_quote_request_validates_as_quote_request(slots: Slots) -> None:
    assert missing(slots) == []

    built = build_quote_request(slots, PHONE, "Ana")

    assert QuoteRequest.model_validate(built.request).customer.phone == PHONE


def test_build_quote_request_area_becomes_a_square_and_says_so() -> None:
    built = build_quote_request(roof(area_m2=49.0), PHONE, None)

    zone = QuoteRequest.model_validate(built.request).roof.zones[0]  # type: ignore[union-attr]
    assert (zone.length_m, zone.width_m) == (Decimal("7"), Decimal("7"))
    assert "cuadrado de 7 × 7 m" in built.request["assumptions"][0]


def test_build_quote_request_states_the_defaults_taken() -> None:
    built = build_quote_request(roof(length_m=10, width_m=5), PHONE, None)

    assert built.request["roof"]["structure"] == "metal"
    assert "estructura metálica" in built.request["assumptions"][-1]


def test_build_quote_request_pickup_sets_delivery_pickup() -> None:
    built = build_quote_request(roof(length_m=10, width_m=5, zone=None, pickup=True), PHONE, None)

    assert built.request["delivery"] == {"pickup": True}


def test_missing_lists_what_the_quote_still_needs() -> None:
    assert missing(Slots(product="ISODEC_EPS", use="techo")) == [
        "thickness_mm",
        "dimensions",
        "location",
    ]


@pytest.mark.parametrize(
    ("first", "second", "usable", "expected"),
    [
        pytest.param(5.6, 5.0, 1.12, (5.0, 5.6), id="example-a-width-first"),
        pytest.param(5.0, 5.6, 1.12, (5.0, 5.6), id="example-a-length-first"),
        pytest.param(10.0, 4.0, 1.0, (4.0, 10.0), id="tie-shorter-length"),
        pytest.param(6.5, 4.48, 1.12, (6.5, 4.48), id="exact-cover-wins"),
    ],
)
def test_orient_roof_prefers_whole_panels_then_short_length(
    first: float, second: float, usable: float, expected: tuple[float, float]
) -> None:
    assert orient_roof(first, second, usable) == expected


def test_build_quote_request_orients_bare_dimensions_and_says_so() -> None:
    slots = roof(length_m=5.6, width_m=5.0, free_orientation=True)

    built = build_quote_request(slots, PHONE, "Ana", usable_width_m=1.12)

    zone = built.request["roof"]["zones"][0]
    assert (zone["length_m"], zone["width_m"]) == ("5", "5.6")
    assert built.request["assumptions"] == [
        "Los paneles van de 5 m de largo (5 paneles cubren 5,6 m de ancho).",
        "Por defecto: techo a un agua, goteros frontal y laterales y estructura metálica.",
    ]


def test_build_quote_request_keeps_labelled_dimensions() -> None:
    slots = roof(length_m=5.6, width_m=5.0)

    built = build_quote_request(slots, PHONE, "Ana", usable_width_m=1.12)

    zone = built.request["roof"]["zones"][0]
    assert (zone["length_m"], zone["width_m"]) == ("5.6", "5")
