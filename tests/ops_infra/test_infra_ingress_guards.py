"""The ingress's flood guards (issue 12, item 4), real HAProxy in front of a stand-in n8n: bodies
of unknown size, per-source budgets, forwarding headers, query strings in the logs, loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.ops_infra.infra_helpers import REPO, require_tool
from tests.ops_infra.test_infra_compose import services
from tests.ops_infra.test_infra_ingress import FakeN8n, _handler
from tests.support.waiting import wait_until
from workflows.ingress import Ingress
from workflows.loopback import LoopbackServer
from workflows.stack import free_port

BODY = b'{"object":"whatsapp_business_account"}'
SECRET_TOKEN = "verify-token-never-logged"  # pragma: allowlist secret


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[tuple[Ingress, FakeN8n]]:
    require_tool("haproxy", "haproxy")
    state = FakeN8n()
    server = LoopbackServer(_handler(state)).start()
    proxy = Ingress(
        f"127.0.0.1:{server.port}", free_port(), free_port(), tmp_path / "haproxy.log", rate_10s=8
    ).start()
    proxy.wait_upstream(up=True)
    try:
        yield proxy, state
    finally:
        proxy.stop()
        server.stop()


def from_source(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=10)


def test_chunked_body_of_3_mib_never_reaches_n8n(guarded: tuple[Ingress, FakeN8n]) -> None:
    ingress, n8n = guarded

    def chunks() -> Iterator[bytes]:
        for _ in range(3 * 16):
            yield b"x" * 65536

    response = httpx.post(ingress.webhook_url(), content=chunks(), timeout=10)

    assert response.status_code == 411
    assert response.headers["content-type"] == "application/problem+json"
    assert n8n.seen == []


def test_body_announcing_more_than_1_mib_is_refused(guarded: tuple[Ingress, FakeN8n]) -> None:
    ingress, n8n = guarded

    response = httpx.post(ingress.webhook_url(), content=b"x" * (1024 * 1024 + 1), timeout=10)

    assert response.status_code == 413
    assert n8n.seen == []


def test_each_source_has_its_own_budget(guarded: tuple[Ingress, FakeN8n]) -> None:
    ingress, _ = guarded
    with from_source("127.0.0.2") as flooder, from_source("127.0.0.1") as meta:
        flood = [flooder.post(ingress.webhook_url(), content=BODY).status_code for _ in range(12)]
        real = meta.post(ingress.webhook_url(), content=BODY)

    assert flood[:8] == [200] * 8
    assert set(flood[8:]) == {429}
    assert real.status_code == 200


def test_forwarding_headers_from_outside_are_replaced(guarded: tuple[Ingress, FakeN8n]) -> None:
    ingress, n8n = guarded
    forged = {
        "X-Forwarded-For": "203.0.113.66",
        "Forwarded": "for=203.0.113.66",
        "X-Real-IP": "203.0.113.66",
        "X-Forwarded-Host": "evil.example",
    }

    httpx.post(ingress.webhook_url(), content=BODY, headers=forged, timeout=10)

    headers = n8n.seen[-1][3]
    assert headers["x-forwarded-for"] == "127.0.0.1"
    assert not {"forwarded", "x-real-ip", "x-forwarded-host"} & set(headers)


def test_query_strings_never_reach_the_log(guarded: tuple[Ingress, FakeN8n]) -> None:
    ingress, _ = guarded
    query = f"hub.mode=subscribe&hub.verify_token={SECRET_TOKEN}&hub.challenge=42"

    httpx.get(f"{ingress.webhook_url()}?{query}", timeout=10)
    # HAProxy writes a request's line when its stream ends, a moment after the client has the
    # answer: wait for it rather than stop first (a stop can drop the line on a busy machine).
    assert wait_until(lambda: "/webhook/whatsapp" in ingress.log_path.read_text(), timeout=10)
    ingress.stop()

    log = ingress.log_path.read_text()
    assert SECRET_TOKEN not in log
    assert "hub.challenge" not in log


def test_each_request_is_logged_as_one_json_object(guarded: tuple[Ingress, FakeN8n]) -> None:
    ingress, _ = guarded

    httpx.post(ingress.webhook_url(), content=BODY, timeout=10)
    httpx.get(ingress.base_url + "/otra/cosa", timeout=10)
    paths = ("/webhook/whatsapp", "/otra/cosa")
    assert wait_until(lambda: all(path in ingress.log_path.read_text() for path in paths), 10)
    ingress.stop()

    lines = [line for line in ingress.log_path.read_text().splitlines() if line.startswith("{")]
    entries = [json.loads(line) for line in lines]
    assert {(e["method"], e["path"]) for e in entries} >= {
        ("POST", "/webhook/whatsapp"), ("GET", "/otra/cosa"),
    }  # fmt: skip
    assert all({"status", "t_total_ms", "client_ip", "backend"} <= set(e) for e in entries)
    assert next(e for e in entries if e["path"] == "/otra/cosa")["status"] == 404


def test_ingress_listens_on_loopback_unless_told_otherwise() -> None:
    config = (REPO / "compose" / "ingress" / "haproxy.cfg").read_text(encoding="utf-8")

    assert 'bind "${BMC_INGRESS_BIND-127.0.0.1:8080}"' in config
    for combination in ("staging", "prod"):
        published = services(combination)["ingress"]["ports"]
        assert all(str(port).startswith("127.0.0.1:") for port in published), combination
