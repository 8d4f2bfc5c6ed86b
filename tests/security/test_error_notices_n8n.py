"""The error flow under a storm (issue 12, item 4), in a real n8n 2.40.7: one notice per kind
per OPS_NOTICE_EVERY_MIN with a count of the ones held back, and Python's 4xx refusals are
neither dead letters nor notices.

A probe flow (error workflow: the repository's error-handler) calls a stand-in for the Python
nodes that answers the status the probe asks for; the stand-in also records dead letters.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from secrets import token_urlsafe
from typing import Any

import httpx
import pytest

from tests.support.n8n import probe_n8n
from tests.support.waiting import assert_stays, wait_until
from workflows import EXPORT_DIR
from workflows.credentials import CredentialSecrets
from workflows.fake_graph import FakeGraph
from workflows.loopback import LoopbackServer
from workflows.runtime import N8nInstance

OPS_PHONE = "59890000002"
API_KEY = "probe-key-0123456789abcdefghijklmnopq"  # pragma: allowlist secret
GRAPH_TOKEN = "graph-token-" + token_urlsafe(8)
EVERY_S = 4.0


@dataclass
class FakePython:
    """Records dead letters; decides notices like py_nodes/ops/notices.py, per kind."""

    letters: list[dict[str, Any]] = field(default_factory=list)
    last_notice: dict[str, float] = field(default_factory=dict)
    held: dict[str, int] = field(default_factory=dict)

    def notice(self, letter: dict[str, Any]) -> dict[str, Any]:
        kind = f"{letter['workflow']}/{letter['node']}"
        if time.monotonic() - self.last_notice.get(kind, -1e9) < EVERY_S:
            self.held[kind] = self.held.get(kind, 0) + 1
            return {"due": False, "held_back": 0}
        self.last_notice[kind] = time.monotonic()
        return {"due": True, "held_back": self.held.pop(kind, 0)}


def python_handler(state: FakePython) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path == "/ops/dead-letters":
                letter = json.loads(body)
                state.letters.append(letter)
                stored = {"id": f"dl{len(state.letters)}", "notice": state.notice(letter)}
                status, answer = 201, json.dumps(stored).encode()
            else:
                status = int(self.path.rsplit("/", 1)[-1])
                answer = json.dumps({"status": status, "detail": "probe"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    return Handler


def probe_flow() -> dict[str, Any]:
    webhook = {
        "id": "5e0c2f1a-7b7a-4d4e-8f0e-1a2b3c4d0001",
        "name": "Probe",
        "type": "n8n-nodes-base.webhook",
        "typeVersion": 2.1,
        "position": [0, 0],
        "webhookId": "5e0c2f1a-7b7a-4d4e-8f0e-1a2b3c4d00aa",
        "parameters": {"httpMethod": "POST", "path": "notice-probe", "options": {}},
    }
    call = {
        "id": "5e0c2f1a-7b7a-4d4e-8f0e-1a2b3c4d0002",
        "name": "Call Python",
        "type": "n8n-nodes-base.httpRequest",
        "typeVersion": 4.2,
        "position": [300, 0],
        "credentials": {
            "httpHeaderAuth": {"id": "bmcPyNodesApiKey", "name": "Python nodes API key"}
        },
        "parameters": {
            "authentication": "genericCredentialType",
            "genericAuthType": "httpHeaderAuth",
            "method": "POST",
            "url": "={{ $env.PY_NODES_URL }}/probe/{{ $json.body.status }}",
            "options": {"timeout": 10000},
        },
    }
    return {
        "id": "bmcNoticeProbe01",
        "name": "Notice probe",
        "active": False,
        "nodes": [webhook, call],
        "connections": {"Probe": {"main": [[{"node": "Call Python", "type": "main", "index": 0}]]}},
        "settings": {"executionOrder": "v1", "errorWorkflow": "bmcErrorHandler1"},
        "pinData": {},
        "tags": [],
    }


@dataclass
class Rig:
    n8n: N8nInstance
    python: FakePython
    graph: FakeGraph

    def fail(self, status: int) -> None:
        response = httpx.post(self.n8n.webhook_url("notice-probe"), json={"status": status})
        assert response.status_code == 200

    def notices(self) -> list[str]:
        return self.graph.state.texts_to(OPS_PHONE)


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    python = FakePython()
    server = LoopbackServer(python_handler(python)).start()
    graph = FakeGraph(GRAPH_TOKEN).start()
    env = {
        "PY_NODES_URL": f"http://127.0.0.1:{server.port}",
        "GRAPH_API_BASE_URL": graph.base_url,
        "GRAPH_API_VERSION": "v21.0",
        "WHATSAPP_PHONE_NUMBER_ID": "000000000000000",
        "OPS_NOTIFY_CHANNELS": "whatsapp",
        "OPS_WHATSAPP_TO": OPS_PHONE,
        "OPS_NOTICE_EVERY_MIN": str(EVERY_S / 60),
    }
    try:
        with probe_n8n(
            tmp_path_factory.mktemp("notices"),
            {"notice-probe": probe_flow()},
            env,
            CredentialSecrets(API_KEY, GRAPH_TOKEN),
            copied=(EXPORT_DIR / "error-handler.json",),
        ) as n8n:
            yield Rig(n8n, python, graph)
    finally:
        graph.stop()
        server.stop()


def test_a_storm_of_one_failure_gives_one_notice_then_a_count(rig: Rig) -> None:
    letters, notices = len(rig.python.letters), len(rig.notices())
    for _ in range(4):  # at once: concurrent error-flow runs must not each notify
        rig.fail(503)

    assert wait_until(lambda: len(rig.python.letters) == letters + 4, timeout=30)
    assert wait_until(lambda: len(rig.notices()) > notices, timeout=30)
    # every failure a dead letter, one notice
    assert_stays(lambda: len(rig.notices()) == notices + 1, for_s=1, what="one notice")

    time.sleep(EVERY_S)
    rig.fail(503)
    assert wait_until(lambda: len(rig.notices()) == notices + 2, timeout=30)
    assert "+3 fallas iguales" in rig.notices()[-1]


def test_python_refusals_are_neither_dead_letters_nor_notices(rig: Rig) -> None:
    time.sleep(EVERY_S)  # a new window: a notice would go out if one were due
    letters, notices = len(rig.python.letters), len(rig.notices())
    for status in (401, 413, 429):
        rig.fail(status)

    assert_stays(
        lambda: (len(rig.python.letters), len(rig.notices())) == (letters, notices),
        for_s=5,
        what="no dead letter and no notice",
    )
