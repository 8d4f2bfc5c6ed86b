"""Queue mode: the only worker killed (-9) mid-turn, while it waits on the AI node.

Meta already has its 200 (the inbox recorded the message). Bull does not run a stalled job again
(n8n sets ``maxStalledCount: 0``), so the message is answered by the inbox sweeper (main's
schedule, run on the restarted worker) once it is ``STALE_AFTER_S`` old: exactly one reply.
(A turn killed *during* its send to WhatsApp is never sent again: the send permit is the point
of no return; tests/e2e/test_zz_crash_recovery.py, docs/reliability.md.)
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import STALE_AFTER_S, QueueStack, Stack, unique_phone
from tests.e2e.whatsapp import post_signed, text_message
from tests.support.waiting import wait_until
from workflows.fake_graph import FakeGraph

pytestmark = [pytest.mark.n8n, pytest.mark.slow, pytest.mark.faults]
SWEEP_EVERY_S = 30


@pytest.fixture
def stack(queue_stack: QueueStack) -> Stack:
    """``graph`` (conftest) resets this stack's fake Graph API."""
    return queue_stack


def test_worker_killed_mid_turn_message_is_answered_exactly_once(
    queue_stack: QueueStack, graph: FakeGraph
) -> None:
    assert queue_stack.queue is not None
    worker = queue_stack.queue.worker_instances[0]
    phone = unique_phone()
    faults = queue_stack.faults
    faults.release.clear()
    faults.reached.clear()
    faults.held.add("/ai/")
    try:
        response = post_signed(
            queue_stack.webhook, text_message(phone, "Hola"), queue_stack.secrets.app_secret
        )
        assert response.status_code == 200, response.text
        assert faults.reached.wait(30), "the turn never reached the AI node"
        worker.kill()
    finally:
        faults.held.clear()
        faults.release.set()
    assert graph.state.texts_to(phone) == []
    queue_stack.queue.restart_worker(0)

    answered = wait_until(
        lambda: len(graph.state.texts_to(phone)) >= 1, timeout=STALE_AFTER_S + 2 * SWEEP_EVERY_S
    )
    assert answered, "the sweeper never answered the message"
    time.sleep(STALE_AFTER_S + 2)
    assert len(graph.state.texts_to(phone)) == 1
