"""Meta's subscription handshake through n8n: the challenge back, or 403."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import Stack

pytestmark = pytest.mark.n8n


def test_handshake_with_right_token_returns_challenge(stack: Stack) -> None:
    query = {"hub.mode": "subscribe", "hub.verify_token": stack.secrets.verify_token,
             "hub.challenge": "1158201444"}  # fmt: skip

    response = httpx.get(stack.webhook, params=query, timeout=30)

    assert (response.status_code, response.text) == (200, "1158201444")


def test_handshake_with_wrong_token_is_403(stack: Stack) -> None:
    query = {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"}

    response = httpx.get(stack.webhook, params=query, timeout=30)

    assert response.status_code == 403
