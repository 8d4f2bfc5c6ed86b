"""The dialogue through POST /ai/respond: keeping faith, hand-off and silence, opt-out, the job
never changing silently, haggling, what reaches the quote request, and the message catalog."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from py_nodes.ai.dialogue.render import MESSAGES, Renderer
from py_nodes.ai.dialogue.slots import Slots
from py_nodes.ai.dialogue.summary import missing_question
from py_nodes.ai.nlu.places import gazetteer
from py_nodes.ai.nlu.products import PRODUCTS_PATH, Products
from py_nodes.core import contacts
from py_nodes.core.config import Settings
from py_nodes.core.messages import load_catalog, validate
from py_nodes.core.state import app_state
from py_nodes.main import create_app
from py_nodes.quote.catalog.models import DEFAULT_CATALOG_PATH as CATALOG_PATH

HEADERS = {"X-API-Key": "test-key-current"}
PHONE = "59899555111"


@pytest.fixture
def chat(settings: Settings) -> Iterator[Any]:
    with TestClient(create_app(settings, nodes=["ai"])) as client:
        counter = iter(range(1000))

        def say(text: str, at: int = 0) -> dict[str, Any]:
            number = next(counter)
            response = client.post("/ai/respond", headers=HEADERS, json={
                "message_id": f"wamid.d{number}", "phone": PHONE, "text": text,
                "message_type": "text", "timestamp": 1_760_000_000 + number * 30 + at,
            })  # fmt: skip
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            return body

        say.client = client  # type: ignore[attr-defined]
        yield say


def contact(say: Any) -> contacts.Contact:
    client = say.client
    store = app_state(client.app).resources.store
    result: contacts.Contact = client.portal.call(contacts.load, store, PHONE, 1_760_000_000.0)
    return result


def test_a_turn_not_understood_mid_quote_keeps_faith(chat: Any) -> None:
    chat("isodec 150 para un techo, lo retiro yo")

    body = chat("che y el partido de ayer?")

    assert body["action"] == "reply"
    assert "no te puedo ayudar" not in body["reply"].lower()
    assert "Anoté" in body["reply"]
    assert "Isodec EPS 150 mm" in body["reply"]
    assert "medidas del techo" in body["reply"]
    assert body["slots"]["thickness_mm"] == 150


def test_three_turns_not_understood_in_a_row_go_to_a_person(chat: Any) -> None:
    chat("isodec 100 para techo")
    for text in ("asdf qwer", "zxcv poiu"):
        assert chat(text)["action"] == "reply"

    body = chat("mnbv lkjh")

    assert (body["action"], body["handoff_reason"]) == ("handoff", "misunderstood")
    assert contact(chat).with_sales


def test_after_a_hand_off_one_holding_line_then_silence(chat: Any) -> None:
    handed = chat("quisiera hablar con una persona por favor")
    assert (handed["action"], handed["handoff_reason"]) == ("handoff", "asked")
    assert contact(chat).handoff_reason == "asked"

    thanks = chat("dale gracias")
    again = chat("hola? hay alguien?")
    later = chat("hola??")

    assert (thanks["action"], thanks["reply"]) == ("silent", "")
    assert again["action"] == "reply"
    assert "?" not in again["reply"]
    assert "asistente" not in again["reply"]  # not the greeting again
    assert (later["action"], later["reply"]) == ("silent", "")


def test_an_angry_customer_is_handed_over(chat: Any) -> None:
    body = chat("esto es una verguenza, nadie me contesta")

    assert (body["action"], body["handoff_reason"]) == ("handoff", "angry")


def test_opt_out_is_acknowledged_stored_and_undone_by_writing_again(chat: Any) -> None:
    chat("hola, precio del isopanel")

    body = chat("no me escriban mas por favor")

    assert body["action"] == "reply"
    assert "?" not in body["reply"]
    assert contact(chat).opted_out
    chat("hola de nuevo, ahora si quiero cotizar")
    assert not contact(chat).opted_out


def test_a_roof_product_then_a_wall_asks_instead_of_switching(chat: Any) -> None:
    chat("isodec 100")

    body = chat("es para cerrar una pared de 10 x 3, entrega en Pando")

    assert body["action"] == "reply"
    assert body["slots"]["product"] == "ISODEC_EPS"
    assert "techo o para pared" in body["reply"]
    answer = chat("para pared")
    assert answer["slots"]["product"] == "ISOPANEL_EPS"


def test_haggling_with_complete_data_quotes_at_list_price(chat: Any) -> None:
    body = chat(
        "isodec 100, 5 de largo x 6 de ancho, sobre madera, lo retiro. me haces un descuento?"
    )

    assert body["action"] == "quote"
    assert "precios de lista" in body["reply"]
    assert body["quote_request"]["roof"]["structure"] == "madera"


def test_openings_and_corners_reach_the_wall_quote(chat: Any) -> None:
    chat("isopanel 100 para una pared de 12 m de largo y 3 de alto")

    body = chat(
        "tiene una puerta de 0,90 x 2,10 y 2 ventanas de 1 x 1, 2 esquinas. retiro en planta"
    )

    wall = body["quote_request"]["wall"]
    assert (wall["height_m"], wall["perimeter_m"], wall["outside_corners"]) == ("3", "12", 2)
    assert wall["openings"] == [
        {"width_m": "0.9", "height_m": "2.1", "count": 1},
        {"width_m": "1", "height_m": "1", "count": 2},
    ]


def test_edges_and_slope_reach_the_roof_quote(chat: Any) -> None:
    body = chat(
        "isodec pir 80, en horizontal 4 m de caida y 6 de ancho, pendiente 10 %, "
        "canaleta abajo y babeta de adosar arriba, lo retiro"
    )

    [zone] = body["quote_request"]["roof"]["zones"]
    assert zone["edges"] == {"front": "canalon", "back": "babeta_adosar",
                             "left": "gotero_lateral", "right": "gotero_lateral"}  # fmt: skip
    assert zone["slope_mode"] == "calcular_pendiente"


def test_the_catalog_matches_what_the_code_renders() -> None:
    catalog = load_catalog()
    validate(catalog, {"ai": MESSAGES})
    assert all(catalog.has(f"ai.{key}") for key in MESSAGES.keys)


def test_a_new_family_is_offered_from_the_product_data_alone() -> None:
    raw = yaml.safe_load(PRODUCTS_PATH.read_text(encoding="utf-8"))
    raw["families"]["ISOTEST_EPS"] = {
        "label": "Isotest", "usable_width_m": 1, "use": "pared", "material": "eps",
        "thicknesses": [60], "colors": ["Blanco"], "synonyms": ["isotest"], "lengths_m": [2, 9],
    }  # fmt: skip
    products = Products(raw)

    question = Renderer().part(missing_question(["product"], Slots(), products))

    assert "*Isotest* (pared)" in question


def test_every_freight_place_of_the_quote_catalog_is_a_known_place() -> None:
    catalog = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))
    known = {phrase for phrase, _ in gazetteer()}
    keywords = {k for zone in catalog["freight"]["zones"] for k in zone["keywords"]}
    missing = sorted(k for k in keywords - known if k not in ("retiro", "retira",
                                                              "planta industrial"))  # fmt: skip
    assert missing == [], f"add these places to py_nodes/ai/places.yaml: {missing}"


def test_the_plant_address_comes_from_knowledge(chat: Any) -> None:
    body = chat("donde queda la fabrica?")

    assert "Nicolich" in body["reply"]


def test_a_later_message_naming_one_side_keeps_the_other(chat: Any) -> None:
    chat("isodec 150 para un techo de 8 x 6")
    chat("el largo de los paneles es 6")

    body = chat("lo paso a buscar")

    [zone] = body["quote_request"]["roof"]["zones"]
    assert (zone["length_m"], zone["width_m"]) == ("6", "8")


def test_two_waters_on_a_bare_footprint_split_the_short_side(chat: Any) -> None:
    body = chat("isodec 100, galpon de 20 x 10 a dos aguas, metalica, retiro")

    [zone] = body["quote_request"]["roof"]["zones"]
    assert (zone["length_m"], zone["width_m"], zone["waters"]) == ("5", "40", "dos_aguas")


def test_counted_wall_panels_stand_up(chat: Any) -> None:
    body = chat("necesito 12 paneles isopanel 100 de 3 m para una pared, retiro yo")

    wall = body["quote_request"]["wall"]
    assert (wall["panels"], wall["height_m"]) == (12, "3")


def test_a_new_thickness_re_quotes(chat: Any) -> None:
    chat("isodec 100 techo 5 x 6 en Pando")

    body = chat("cambialo a 150")

    assert body["action"] == "quote"
    assert body["quote_request"]["roof"]["thickness_mm"] == 150
