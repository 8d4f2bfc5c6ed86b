"""Signature, duplicates, statuses, non-text messages and Graph API failures, through real n8n."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from tests.e2e.conftest import Stack, unique_phone, wait_until
from tests.e2e.whatsapp import image_message, new_wamid, post_signed, status_update, text_message
from workflows.fake_graph import FakeGraph

pytestmark = pytest.mark.n8n


def test_bad_signature_is_401_and_nothing_is_sent(stack: Stack, graph: FakeGraph) -> None:
    phone = unique_phone()
    raw = json.dumps(text_message(phone, "Hola")).encode()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=" + "0" * 64}

    response = httpx.post(stack.webhook, content=raw, headers=headers, timeout=30)
    time.sleep(3)

    assert (response.status_code, graph.state.texts_to(phone)) == (401, [])


def test_missing_signature_is_401(stack: Stack, graph: FakeGraph) -> None:
    response = httpx.post(stack.webhook, json=text_message(unique_phone(), "Hola"), timeout=30)

    assert response.status_code == 401


def test_same_wamid_five_times_gives_one_reply(stack: Stack, graph: FakeGraph) -> None:
    phone, wamid = unique_phone(), new_wamid()
    payload = text_message(phone, "Hola", wamid=wamid)

    codes = [
        post_signed(stack.webhook, payload, stack.secrets.app_secret).status_code for _ in range(5)
    ]
    wait_until(lambda: len(graph.state.texts_to(phone)) >= 1, timeout=30)
    time.sleep(3)

    assert (codes, len(graph.state.texts_to(phone))) == ([200] * 5, 1)


def test_graph_failing_twice_then_working_delivers_once(stack: Stack, graph: FakeGraph) -> None:
    phone = unique_phone()
    graph.state.fail_next(2, status=500)

    post_signed(stack.webhook, text_message(phone, "Hola"), stack.secrets.app_secret)
    wait_until(lambda: len(graph.state.texts_to(phone)) >= 1, timeout=30)
    time.sleep(2)

    assert (len(graph.state.texts_to(phone)), graph.state.fail_remaining) == (1, 0)


def test_status_update_gets_no_reply(stack: Stack, graph: FakeGraph) -> None:
    phone = unique_phone()

    response = post_signed(stack.webhook, status_update(phone), stack.secrets.app_secret)
    time.sleep(3)

    assert (response.status_code, graph.state.texts_to(phone)) == (200, [])


def test_non_text_message_gets_the_polite_text_request(stack: Stack, graph: FakeGraph) -> None:
    phone = unique_phone()

    post_signed(stack.webhook, image_message(phone), stack.secrets.app_secret)

    assert wait_until(lambda: len(graph.state.texts_to(phone)) == 1, timeout=30)
    assert "texto" in graph.state.texts_to(phone)[0]
