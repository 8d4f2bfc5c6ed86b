"""n8n killed after Meta's 200 and before the reply: after a restart the sweeper answers, once.

Runs last (file name): it kills and restarts the session's n8n.
"""

from __future__ import annotations

import time

import pytest
from conftest import STALE_AFTER_S, Stack, unique_phone, wait_until
from whatsapp import post_signed, text_message

from workflows.fake_graph import FakeGraph

pytestmark = pytest.mark.n8n


def test_sweeper_answers_message_once_after_n8n_crash(stack: Stack, graph: FakeGraph) -> None:
    phone = unique_phone()
    graph.state.hang_next(1)
    response = post_signed(stack.webhook, text_message(phone, "Hola"), stack.secrets.app_secret)
    assert response.status_code == 200
    assert graph.state.hung.wait(30), "the reply never reached the Graph API"

    stack.n8n.kill()
    graph.state.release.set()
    assert graph.state.texts_to(phone) == []
    stack.n8n.start()

    assert wait_until(lambda: len(graph.state.texts_to(phone)) >= 1, timeout=STALE_AFTER_S + 60)
    time.sleep(STALE_AFTER_S + 2)
    assert len(graph.state.texts_to(phone)) == 1
