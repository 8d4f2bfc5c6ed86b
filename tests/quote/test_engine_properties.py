"""Properties of any priced quote: totals add up, money has cents, pricing is deterministic."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from py_nodes.quote.engine.models import PricedQuote
from py_nodes.quote.engine.pricing import price_quote
from tests.quote.engine_builders import CATALOG, TODAY, request

ROOFS = [
    (family, t) for family, p in CATALOG.panels.items() if p.kind == "roof" for t in p.thicknesses
]
EDGE_FRONT = ["gotero_frontal", "canalon", "ninguno"]
EDGE_BACK = ["ninguno", "cumbrera", "babeta_adosar", "gotero_lateral"]
EDGE_SIDE = ["gotero_lateral", "babeta_empotrar", "ninguno"]
metres = st.decimals(min_value=Decimal("1"), max_value=Decimal("30"), places=2)


@st.composite
def roof_requests(draw: st.DrawFn) -> dict[str, Any]:
    family, thickness = draw(st.sampled_from(ROOFS))
    zone = {
        "length_m": str(draw(metres)),
        "width_m": str(draw(metres)),
        "waters": draw(st.sampled_from(["una_agua", "dos_aguas"])),
        "edges": {
            "front": draw(st.sampled_from(EDGE_FRONT)),
            "back": draw(st.sampled_from(EDGE_BACK)),
            "left": draw(st.sampled_from(EDGE_SIDE)),
            "right": draw(st.sampled_from(EDGE_SIDE)),
        },
    }
    return {
        "roof": {
            "product": family,
            "thickness_mm": thickness,
            "structure": draw(st.sampled_from(["metal", "hormigon", "madera"])),
            "zones": [zone],
            "sealants": draw(st.booleans()),
        },
        "price_list": draw(st.sampled_from(["web", "venta"])),
        "delivery": {"zone": draw(st.sampled_from(["Montevideo", "Maldonado", "Salto"]))},
    }


def _price(fields: dict[str, Any]) -> PricedQuote:
    return price_quote(request(**fields), CATALOG, today=TODAY)


FAST = settings(max_examples=40, deadline=None)


@FAST
@given(roof_requests())
def test_property_total_is_subtotal_plus_iva(fields: dict[str, Any]) -> None:
    result = _price(fields)

    assert result.total == result.subtotal + result.iva


@FAST
@given(roof_requests())
def test_property_subtotal_is_sum_of_lines_and_of_groups(fields: dict[str, Any]) -> None:
    result = _price(fields)

    assert result.subtotal == sum(line.amount for line in result.lines)
    assert result.subtotal == sum(group.amount for group in result.groups)


@FAST
@given(roof_requests())
def test_property_nothing_is_negative(fields: dict[str, Any]) -> None:
    result = _price(fields)

    assert all(line.quantity > 0 and line.amount >= 0 for line in result.lines)
    assert min(result.subtotal, result.iva, result.total) >= 0


@FAST
@given(roof_requests())
def test_property_same_input_same_total(fields: dict[str, Any]) -> None:
    assert _price(fields).total == _price(fields).total


@FAST
@given(roof_requests())
def test_property_money_has_at_most_two_decimals(fields: dict[str, Any]) -> None:
    result = _price(fields)

    amounts = [line.amount for line in result.lines] + [result.subtotal, result.iva, result.total]
    assert all(amount == amount.quantize(Decimal("0.01")) for amount in amounts)
