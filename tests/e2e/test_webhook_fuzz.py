"""Bad input on the public webhook path: through the ingress into the real n8n and Python nodes.

Malformed JSON, invalid UTF-8, deep nesting, huge bodies, wrong content types and missing fields,
each correctly signed (a signed payload is still not trusted to be well formed) and forged. The
stack answers 4xx (problem+json, no stack trace) or takes the delivery and ignores it (200,
nothing to answer); it never answers 5xx (Meta would redeliver junk for days), never sends a
WhatsApp message for any of it except the operations notice of a dead letter (a signed delivery
Python cannot read), and still answers a real message afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import Stack, unique_phone
from tests.e2e.whatsapp import sign, text_message
from tests.support.waiting import wait_until
from workflows.ingress import Ingress, haproxy_binary
from workflows.stack import free_port

pytestmark = pytest.mark.n8n

MIB = 1024 * 1024
DEEP = 1_000  # n8n itself fails on a 20,000-deep item: see test_forged_very_deep_nesting_is_refused
SENDER = "59891000777"  # the phone the junk claims to come from: it must never get a message


def _message_json(**message: object) -> bytes:
    value = {"contacts": [{"wa_id": SENDER}], "messages": [message]}
    return json.dumps({"entry": [{"changes": [{"value": value}]}]}).encode()


BODIES: dict[str, bytes] = {
    "malformed JSON": _message_json(**{"from": SENDER, "id": "w1", "type": "text"})[:-5],
    "not JSON": f"from={SENDER}&text=hola, necesito isodec 100".encode(),
    "invalid UTF-8": _message_json(**{"from": SENDER, "id": "w\udcff", "type": "text"}).replace(
        b"\\udcff", b"\xff\xfe"
    ),
    "deeply nested arrays": b"[" * DEEP + b"]" * DEEP,
    "deeply nested objects": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    "empty body": b"",
    "JSON array": b"[]",
    "JSON string": b'"EVENT"',
    "no entry": b'{"object": "whatsapp_business_account"}',
    "entry of wrong types": b'{"entry": [1, "x", null, {"changes": "none"}]}',
    "message without id": _message_json(**{"from": SENDER, "type": "text", "text": {"body": "x"}}),
    "one byte under the limit": b'{"pad": "' + b"x" * (MIB - 12) + b'"}',
    "over the 1 MiB limit": b'{"pad": "' + b"x" * MIB + b'"}',
}
# Meta sends application/json: every body with it; the other content types with a few bodies
# (each signed case that reaches Python costs n8n's three tries, about 2 s).
CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", None]
CASES = [(name, "application/json") for name in BODIES] + [
    (name, content_type)
    for name in ("malformed JSON", "no entry", "message without id")
    for content_type in CONTENT_TYPES
]
SIGNED_ANSWERS = {200, 400, 413}
FORGED_ANSWERS = {400, 401, 413}


@pytest.fixture(scope="module")
def ingress(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ingress]:
    if haproxy_binary() is None:
        pytest.skip("haproxy (the webhook ingress) is not installed (Debian package: haproxy)")
    log = tmp_path_factory.mktemp("ingress") / "haproxy.log"
    proxy = Ingress(f"127.0.0.1:{stack.n8n.port}", free_port(), free_port(), log).start()
    proxy.wait_upstream()
    yield proxy
    proxy.stop()


def _recipients(stack: Stack) -> set[str]:
    return {str(message.get("to")) for message in stack.graph.state.messages}


def _post(url: str, body: bytes, content_type: str | None, signature: str) -> httpx.Response:
    headers = {"X-Hub-Signature-256": signature}
    if content_type is not None:
        headers["Content-Type"] = content_type
    return httpx.post(url, content=body, headers=headers, timeout=60)


@pytest.mark.parametrize(("name", "content_type"), CASES, ids=[f"{n}-{c}" for n, c in CASES])
def test_webhook_takes_bad_input_without_5xx_or_reply(
    stack: Stack, ingress: Ingress, name: str, content_type: str | None
) -> None:
    body = BODIES[name]

    signed = _post(ingress.webhook_url(), body, content_type, sign(stack.secrets.app_secret, body))
    forged = _post(ingress.webhook_url(), body, content_type, sign("not-the-app-secret", body))

    answers = (signed.status_code, forged.status_code)
    assert (answers[0] in SIGNED_ANSWERS, answers[1] in FORGED_ANSWERS) == (True, True), answers
    assert "stacktrace" not in signed.text + forged.text


def test_webhook_sent_nothing_to_the_junks_sender(stack: Stack, ingress: Ingress) -> None:
    """Runs after the cases above (file order): a reply would have reached the fake Graph API."""
    assert not wait_until(lambda: SENDER in _recipients(stack), timeout=3)


def test_forged_very_deep_nesting_is_refused(stack: Stack, ingress: Ingress) -> None:
    body = b'{"a":' * 20_000 + b"1" + b"}" * 20_000

    response = _post(ingress.webhook_url(), body, "application/json", sign("forged", body))

    assert response.status_code == 401


def test_webhook_still_answers_a_real_message_after_the_bad_input(
    stack: Stack, ingress: Ingress
) -> None:
    phone = unique_phone()
    raw = json.dumps(text_message(phone, "hola")).encode()
    headers = {"Content-Type": "application/json",
               "X-Hub-Signature-256": sign(stack.secrets.app_secret, raw)}  # fmt: skip

    response = httpx.post(ingress.webhook_url(), content=raw, headers=headers, timeout=60)

    assert response.status_code == 200
    assert wait_until(lambda: bool(stack.graph.state.texts_to(phone)), timeout=30)
