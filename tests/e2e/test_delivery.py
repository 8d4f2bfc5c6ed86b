"""Signature, duplicates, statuses, non-text messages and Graph API failures, through real n8n."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.e2e.conftest import Stack, unique_phone
from tests.e2e.whatsapp import image_message, new_wamid, post_signed, status_update, text_message
from tests.support.waiting import assert_stays, wait_until
from workflows.fake_graph import FakeGraph

pytestmark = pytest.mark.n8n
#: How long "nothing more happens" is watched once the delivery was handled.
QUIET_S = 3


def inbox_state(stack: Stack, message_id: str) -> str | None:
    """The inbox entry's state, or None while the Python nodes have no entry for the id."""
    response = stack.py("GET", f"/ops/inbox/{message_id}")
    return None if response.status_code == 404 else str(response.json()["state"])


def test_bad_signature_is_401_and_nothing_is_sent(stack: Stack, graph: FakeGraph) -> None:
    phone, wamid = unique_phone(), new_wamid()
    raw = json.dumps(text_message(phone, "Hola", wamid=wamid)).encode()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=" + "0" * 64}

    response = httpx.post(stack.webhook, content=raw, headers=headers, timeout=30)

    assert response.status_code == 401
    assert_stays(
        lambda: graph.state.texts_to(phone) == [] and inbox_state(stack, wamid) is None,
        for_s=QUIET_S,
        what="no reply and no inbox entry",
    )


def test_missing_signature_is_401(stack: Stack, graph: FakeGraph) -> None:
    response = httpx.post(stack.webhook, json=text_message(unique_phone(), "Hola"), timeout=30)

    assert response.status_code == 401


def test_same_wamid_five_times_gives_one_reply(stack: Stack, graph: FakeGraph) -> None:
    phone, wamid = unique_phone(), new_wamid()
    payload = text_message(phone, "Hola", wamid=wamid)

    codes = [
        post_signed(stack.webhook, payload, stack.secrets.app_secret).status_code for _ in range(5)
    ]

    assert codes == [200] * 5
    assert wait_until(lambda: inbox_state(stack, wamid) in ("replied", "done"), timeout=30)
    assert_stays(lambda: len(graph.state.texts_to(phone)) == 1, QUIET_S, what="one reply")


def test_graph_failing_twice_then_working_delivers_once(stack: Stack, graph: FakeGraph) -> None:
    phone = unique_phone()
    graph.state.fail_next(2, status=500)

    wamid = new_wamid()

    post_signed(stack.webhook, text_message(phone, "Hola", wamid=wamid), stack.secrets.app_secret)

    assert wait_until(lambda: inbox_state(stack, wamid) in ("replied", "done"), timeout=30)
    assert graph.state.fail_remaining == 0
    assert_stays(lambda: len(graph.state.texts_to(phone)) == 1, QUIET_S, what="one reply")


def test_status_update_gets_no_reply(stack: Stack, graph: FakeGraph) -> None:
    phone = unique_phone()
    update = status_update(phone)
    status = update["entry"][0]["changes"][0]["value"]["statuses"][0]

    response = post_signed(stack.webhook, update, stack.secrets.app_secret)

    assert response.status_code == 200
    assert wait_until(lambda: inbox_state(stack, f"{status['id']}:delivered") == "done")
    assert_stays(lambda: graph.state.texts_to(phone) == [], QUIET_S, what="no reply")


def test_non_text_message_gets_the_polite_text_request(stack: Stack, graph: FakeGraph) -> None:
    phone = unique_phone()

    post_signed(stack.webhook, image_message(phone), stack.secrets.app_secret)

    assert wait_until(lambda: len(graph.state.texts_to(phone)) == 1, timeout=30)
    assert "texto" in graph.state.texts_to(phone)[0]
