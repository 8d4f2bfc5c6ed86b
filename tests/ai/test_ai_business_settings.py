"""BMC's business settings (n8n data table *Configuración BMC*) in POST /ai/respond: the
opening hours answered word for word, the holding line replaced, defaults when absent, bad values
refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_nodes.ai.dialogue.render import Part as MessagePart
from py_nodes.ai.dialogue.render import Renderer
from py_nodes.core.config import Settings
from py_nodes.main import create_app

HEADERS = {"X-API-Key": "test-key-current"}
HOURS = "Lunes a viernes de 7:30 a 16:30 y sábados de 8 a 12 (planta de Colonia Nicolich)."
HOLDING = "Ya te atiende Martina de ventas; en un rato te escribe."


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, nodes=["ai"])) as client:
        yield client


class Chat:
    def __init__(self, client: TestClient, phone: str) -> None:
        self.client, self.phone, self.count = client, phone, 0

    def post(self, text: str, settings: dict[str, Any] | None = None) -> Any:
        self.count += 1
        body: dict[str, Any] = {
            "message_id": f"wamid.{self.phone}.{self.count}", "phone": self.phone, "text": text,
            "timestamp": 1_760_000_000 + self.count * 30,
        }  # fmt: skip
        if settings is not None:
            body["settings"] = settings
        return self.client.post("/ai/respond", headers=HEADERS, json=body)

    def say(self, text: str, settings: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.post(text, settings)
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer


def test_an_opening_hours_question_gets_the_staffs_text_verbatim(client: TestClient) -> None:
    answer = Chat(client, "59899000101").say(
        "¿a qué hora abren?", {"horario_atencion": HOURS, "texto_espera": HOLDING}
    )

    assert answer["action"] == "reply"
    assert HOURS in answer["reply"]


def test_without_settings_the_knowledge_file_answers_the_hours(client: TestClient) -> None:
    without = Chat(client, "59899000102").say("¿a qué hora abren?")
    blank = Chat(client, "59899000103").say("¿a qué hora abren?", {"horario_atencion": "  "})

    assert "horario de oficina" in without["reply"]  # py_nodes/ai/knowledge.yaml, entry "hours"
    assert blank["reply"] == without["reply"]
    assert HOURS not in without["reply"]


def test_the_hours_setting_does_not_answer_other_questions(client: TestClient) -> None:
    answer = Chat(client, "59899000104").say("¿hacen la instalación?", {"horario_atencion": HOURS})

    assert HOURS not in answer["reply"]


def test_the_holding_line_is_the_staffs_text_while_sales_has_the_chat(client: TestClient) -> None:
    chat = Chat(client, "59899000105")
    assert chat.say("quisiera hablar con una persona por favor")["action"] == "handoff"

    held = chat.say("hola? hay alguien?", {"texto_espera": HOLDING})
    after = chat.say("hola??", {"texto_espera": HOLDING})

    assert (held["action"], held["reply"]) == ("reply", HOLDING)
    assert (after["action"], after["reply"]) == ("silent", "")  # still one holding line at most


def test_without_a_holding_text_the_catalog_line_is_sent(client: TestClient) -> None:
    chat = Chat(client, "59899000106")
    chat.say("quisiera hablar con una persona por favor")

    held = chat.say("hola? hay alguien?", {"horario_atencion": HOURS})

    assert held["reply"] == Renderer().part(MessagePart("holding"))


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param({"horario_atencion": "x" * 601}, id="hours-too-long"),
        pytest.param({"texto_espera": "x" * 301}, id="holding-too-long"),
        pytest.param({"ventas_email": "ventas@bmc.uy"}, id="unknown-key"),
        pytest.param({"horario_atencion": 8}, id="not-text"),
    ],
)
def test_bad_settings_are_refused_in_spanish(client: TestClient, bad: dict[str, Any]) -> None:
    response = Chat(client, "59899000107").post("¿a qué hora abren?", bad)

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "settings" in response.text
