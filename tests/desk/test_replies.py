"""The reply hand-over to n8n when n8n misbehaves, and the password tool's interactive path."""

from __future__ import annotations

import getpass
from pathlib import Path

import httpx
import pytest

from py_nodes.desk import hash_password
from py_nodes.desk.quote_api import DeskNotConfigured
from py_nodes.desk.replies import ReplyOutcome, hand_to_n8n
from tests.desk.desk_helpers import REPLY_URL, desk_settings

pytestmark = pytest.mark.anyio


def _client(handler: httpx.MockTransport) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=handler)


async def _send(tmp_path: Path, handler: httpx.MockTransport, **overrides: object) -> ReplyOutcome:
    async with _client(handler) as http:
        return await hand_to_n8n(
            http, desk_settings(tmp_path, **overrides), phone="59891000001", text="Hola",
            seller="ana", seller_name="Ana Pérez", last_inbound_at=None, request_id="req-1",
        )  # fmt: skip


def _answer(status: int, content: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, content=content))


def _unreachable(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused", request=request)


async def test_n8n_unreachable_is_not_sent(tmp_path: Path) -> None:
    outcome = await _send(tmp_path, httpx.MockTransport(_unreachable))

    assert outcome == ReplyOutcome(sent=False)


@pytest.mark.parametrize(
    ("status", "content"),
    [(200, b"<html>n8n is starting</html>"), (200, b'{"sent": "yes"}'), (404, b"{}")],
)
async def test_anything_but_a_clear_yes_is_not_sent(
    tmp_path: Path, status: int, content: bytes
) -> None:
    outcome = await _send(tmp_path, _answer(status, content))

    assert outcome.sent is False


async def test_the_request_id_travels_to_n8n(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"sent": True, "mode": "odd", "message_id": "w1"})

    outcome = await _send(tmp_path, httpx.MockTransport(handler))

    assert outcome == ReplyOutcome(sent=True, mode=None, message_id="w1")
    assert (str(seen[0].url), seen[0].headers["X-Request-ID"]) == (REPLY_URL, "req-1")


async def test_without_the_flow_url_the_desk_says_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(DeskNotConfigured, match="DESK_REPLY_URL"):
        await _send(tmp_path, _answer(200, b"{}"), desk_reply_url=None)


def test_hash_password_asks_twice_and_refuses_a_mismatch(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["una-clave-larga", "otra-clave-larga"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(answers))

    assert hash_password.main([]) == 1


def test_hash_password_prints_only_the_hash_without_user_and_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(getpass, "getpass", lambda prompt: "una-clave-larga")

    assert hash_password.main([]) == 0
    assert capsys.readouterr().out.startswith("$argon2id$")
