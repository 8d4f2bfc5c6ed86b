"""The webhook ingress (real HAProxy, the repository's config) in front of a stand-in n8n.

The stand-in answers like n8n does: the inbound flow's own answers carry X-Bmc-Ack; while n8n
starts it answers every request "200 n8n is starting up. Please wait" (n8n's abstract-server.js)
and its readiness check says 503. The real n8n behind the ingress is covered by the fault smoke
test (tests/faults), which sends all its traffic through it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest

from tests.e2e.whatsapp import sign
from tests.ops_infra.infra_helpers import require_tool
from workflows.ingress import Ingress, IngressError
from workflows.loopback import LoopbackServer
from workflows.stack import free_port

STARTING_UP = b"n8n is starting up. Please wait"
# What n8n itself answers, without the flow (the parse error is n8n 2.40.7's, shortened).
STACK = b'"stacktrace":"ResponseError: Failed to parse request body\\n at parseBody (/usr/lib/n8n/'
N8N_OWN_ERRORS = {
    "parse-error": (422, b'{"code":422,"message":"Failed to parse request body",' + STACK + b'"}'),
    "not-found": (404, b'{"code":404,"message":"The requested webhook is not registered."}'),
    "crash": (500, b'{"code":0,"message":"Error in workflow",' + STACK + b'"}'),
}


@dataclass
class FakeN8n:
    """What the stand-in answers (``mode``) and what reached it (``seen``)."""

    mode: str = "flow"  # flow | starting | refuse | parse-error | not-found | crash
    ready: bool = True
    seen: list[tuple[str, str, bytes, dict[str, str]]] = field(default_factory=list)


def _handler(state: FakeN8n) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path == "/healthz/readiness":
                self._answer(200 if state.ready else 503, b"{}", {})
                return
            headers = {name.lower(): value for name, value in self.headers.items()}
            state.seen.append((self.command, self.path, body, headers))
            if state.mode == "starting":
                self._answer(200, STARTING_UP, {"Content-Type": "text/html; charset=utf-8"})
            elif state.mode == "refuse":
                self._answer(401, b"", {"X-Bmc-Ack": "signature-refused"})
            elif state.mode in N8N_OWN_ERRORS:
                status, body = N8N_OWN_ERRORS[state.mode]
                self._answer(status, body, {"Content-Type": "application/json"})
            elif self.command == "GET":
                challenge = self.path.split("hub.challenge=")[-1].encode()
                marked = {"Content-Type": "text/plain", "X-Bmc-Ack": "challenge"}
                self._answer(200, challenge, marked)
            else:
                self._answer(200, b"EVENT_RECEIVED", {"X-Bmc-Ack": "inbox-recorded"})

        do_GET = do_POST = do_PUT = _serve

    return Handler


@pytest.fixture(scope="module")
def fake_n8n() -> Iterator[tuple[FakeN8n, int]]:
    state = FakeN8n()
    server = LoopbackServer(_handler(state)).start()
    yield state, server.port
    server.stop()


@pytest.fixture(scope="module")
def ingress(
    fake_n8n: tuple[FakeN8n, int], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Ingress]:
    require_tool("haproxy", "haproxy")
    log = tmp_path_factory.mktemp("ingress") / "haproxy.log"
    proxy = Ingress(f"127.0.0.1:{fake_n8n[1]}", free_port(), free_port(), log).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def n8n(fake_n8n: tuple[FakeN8n, int], ingress: Ingress) -> Iterator[FakeN8n]:
    state = fake_n8n[0]
    state.mode, state.ready = "flow", True
    state.seen.clear()
    ingress.wait_upstream(up=True)
    yield state
    state.mode, state.ready = "flow", True


def _post(ingress: Ingress, body: bytes, **headers: str) -> httpx.Response:
    sent = {"Content-Type": "application/json", "X-Hub-Signature-256": sign("s3cret", body)}
    return httpx.post(ingress.webhook_url(), content=body, headers={**sent, **headers}, timeout=10)


def test_ingress_passes_the_flows_answer_without_its_mark(ingress: Ingress, n8n: FakeN8n) -> None:
    response = _post(ingress, b'{"object":"whatsapp_business_account"}')

    assert (response.status_code, response.text, "x-bmc-ack" in response.headers) == (
        200, "EVENT_RECEIVED", False)  # fmt: skip


def test_ingress_turns_n8ns_starting_up_200_into_503(ingress: Ingress, n8n: FakeN8n) -> None:
    n8n.mode = "starting"

    response = _post(ingress, b'{"object":"whatsapp_business_account"}')

    assert (response.status_code, len(n8n.seen)) == (503, 1)


@pytest.mark.parametrize(
    ("mode", "status"), [("parse-error", 400), ("not-found", 503), ("crash", 503)]
)
def test_ingress_hides_n8ns_own_errors_behind_problem_json(
    ingress: Ingress, n8n: FakeN8n, mode: str, status: int
) -> None:
    n8n.mode = mode

    response = _post(ingress, b"{")

    assert (response.status_code, response.headers["content-type"]) == (
        status, "application/problem+json")  # fmt: skip
    assert (response.json()["status"], "stacktrace" in response.text) == (status, False)


def test_ingress_passes_a_refused_signature_unchanged(ingress: Ingress, n8n: FakeN8n) -> None:
    n8n.mode = "refuse"

    assert _post(ingress, b"{}").status_code == 401


def test_ingress_forwards_body_and_signature_byte_for_byte(ingress: Ingress, n8n: FakeN8n) -> None:
    body = '{"text":"techo de 5,60 x 5 en Maldonado ñ \\u00e1"}'.encode() + b" \n"

    _post(ingress, body)

    method, path, received, headers = n8n.seen[0]
    assert (method, path, received, headers["x-hub-signature-256"]) == (
        "POST", "/webhook/whatsapp", body, sign("s3cret", body))  # fmt: skip


def test_ingress_passes_metas_subscription_check(ingress: Ingress, n8n: FakeN8n) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": "t", "hub.challenge": "1158201444"}

    response = httpx.get(ingress.webhook_url(), params=params, timeout=10)

    assert (response.status_code, response.text) == (200, "1158201444")


@pytest.mark.parametrize("path", ["/webhook/quote-followup", "/rest/login", "/", "/healthz"])
def test_ingress_exposes_nothing_but_the_whatsapp_webhook(
    ingress: Ingress, n8n: FakeN8n, path: str
) -> None:
    response = httpx.get(ingress.base_url + path, timeout=10)

    assert (response.status_code, response.headers["content-type"], n8n.seen) == (
        404, "application/problem+json", [])  # fmt: skip


def test_ingress_refuses_other_methods_with_allow(ingress: Ingress, n8n: FakeN8n) -> None:
    response = httpx.put(ingress.webhook_url(), content=b"{}", timeout=10)

    assert (response.status_code, response.headers["allow"], n8n.seen) == (405, "GET, POST", [])


def test_ingress_refuses_a_body_over_one_mib(ingress: Ingress, n8n: FakeN8n) -> None:
    response = _post(ingress, b"x" * (1024 * 1024 + 1))

    assert (response.status_code, response.json()["status"], n8n.seen) == (413, 413, [])


def test_ingress_answers_503_while_n8n_is_not_ready(ingress: Ingress, n8n: FakeN8n) -> None:
    n8n.ready = False
    ingress.wait_upstream(up=False)

    response = _post(ingress, b"{}")

    assert (response.status_code, n8n.seen) == (503, [])


def test_ingress_answers_503_when_nothing_listens(tmp_path: Path) -> None:
    require_tool("haproxy", "haproxy")
    proxy = Ingress(f"127.0.0.1:{free_port()}", free_port(), free_port(), tmp_path / "h.log")
    proxy.start()
    try:
        response = _post(proxy, b"{}")
    finally:
        proxy.stop()

    assert (response.status_code, response.headers["content-type"]) == (
        503, "application/problem+json")  # fmt: skip


def test_ingress_reports_a_refused_config(tmp_path: Path) -> None:
    require_tool("haproxy", "haproxy")
    proxy = Ingress("not an address", free_port(), free_port(), tmp_path / "h.log")

    with pytest.raises(IngressError, match="refused"):
        proxy.check()
