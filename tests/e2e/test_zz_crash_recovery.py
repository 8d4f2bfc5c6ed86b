"""n8n killed mid-turn: before the send permit, the sweeper answers once after a restart; during
the send (WhatsApp's answer unknown), nothing sends it again (docs/reliability.md).

Runs last (file name): it kills and restarts the session's n8n.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import STALE_AFTER_S, Stack, unique_phone
from tests.e2e.whatsapp import new_wamid, post_signed, text_message
from tests.support.waiting import wait_until
from workflows.fake_graph import FakeGraph

pytestmark = pytest.mark.n8n
SWEEP_EVERY_S = 30


def test_sweeper_answers_message_once_after_n8n_crash(stack: Stack, graph: FakeGraph) -> None:
    phone = unique_phone()
    stack.faults.release.clear()
    stack.faults.reached.clear()
    stack.faults.held.add("/ai/")
    try:
        response = post_signed(stack.webhook, text_message(phone, "Hola"), stack.secrets.app_secret)
        assert response.status_code == 200
        assert stack.faults.reached.wait(30), "the turn never reached the AI node"
        stack.n8n.kill()
    finally:
        stack.faults.held.clear()
        stack.faults.release.set()
    assert graph.state.texts_to(phone) == []
    stack.n8n.start()

    assert wait_until(lambda: len(graph.state.texts_to(phone)) >= 1, timeout=STALE_AFTER_S + 60)
    time.sleep(STALE_AFTER_S + 2)
    assert len(graph.state.texts_to(phone)) == 1


def test_send_cut_off_by_n8n_crash_is_never_sent_again(stack: Stack, graph: FakeGraph) -> None:
    phone, wamid = unique_phone(), new_wamid()
    graph.state.hang_next(1)
    payload = text_message(phone, "Hola", wamid=wamid)
    response = post_signed(stack.webhook, payload, stack.secrets.app_secret)
    assert response.status_code == 200
    assert graph.state.hung.wait(30), "the reply never reached the Graph API"

    stack.n8n.kill()
    graph.state.release.set()
    stack.n8n.start()
    time.sleep(STALE_AFTER_S + SWEEP_EVERY_S + 5)

    entry = stack.py("GET", f"/ops/inbox/{wamid}").json()
    assert (graph.state.texts_to(phone), entry["state"], entry["sending"]) == (
        [],
        "sending",
        "reply",
    )
