"""A Python node down: the error workflow writes a dead letter and tells operations."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Stack, unique_phone
from tests.e2e.whatsapp import post_signed, text_message
from tests.support.waiting import wait_until
from workflows.fake_graph import FakeGraph

pytestmark = pytest.mark.n8n


def dead_letters(stack: Stack) -> list[dict[str, object]]:
    return list(stack.py("GET", "/ops/dead-letters", params={"limit": 200}).json())


def test_ai_node_down_writes_dead_letter_and_tells_operations(
    stack: Stack, graph: FakeGraph
) -> None:
    phone = unique_phone()
    known = {letter["id"] for letter in dead_letters(stack)}
    stack.faults.down.add("/ai/")
    try:
        response = post_signed(stack.webhook, text_message(phone, "Hola"), stack.secrets.app_secret)
        assert response.status_code == 200
        assert wait_until(lambda: any(
            letter["id"] not in known and letter["node"] == "Detener: la IA no respondió"
            and letter["workflow_id"] == "bmcAnswerMessage"  # the alert rules' label
            for letter in dead_letters(stack)), timeout=40)  # fmt: skip
    finally:
        stack.faults.down.clear()

    assert wait_until(lambda: any("Preguntarle a la IA" in text or "AI" in text
                                  for text in graph.state.texts_to("59890000002")))  # fmt: skip
    assert graph.state.texts_to(phone) == []
