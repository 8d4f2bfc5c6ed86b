"""A real n8n (the pinned install), the Python nodes under uvicorn, a fake Graph API, an SMTP sink.

Started once per session. The e2e tests skip only when n8n is not installed AND
``BMC_REQUIRE_N8N`` is unset; the test command installs n8n and sets it, so in CI they run.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from py_nodes.core.config import Settings
from py_nodes.main import create_app
from workflows.credentials import CredentialSecrets
from workflows.fake_graph import FakeGraph
from workflows.install import N8nInstall, ensure_install, find_install
from workflows.runtime import N8nInstance
from workflows.smtp_sink import SmtpSink
from workflows.stack import StackSecrets, flow_env, free_port

STALE_AFTER_S = 8
ASGIApp = Callable[..., Awaitable[None]]


@dataclass
class Faults:
    """Path prefixes of the Python nodes that answer 503, as if that node were down."""

    down: set[str] = field(default_factory=set)


def with_faults(app: ASGIApp, faults: Faults) -> ASGIApp:
    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and any(path.startswith(p) for p in faults.down):
            await send({"type": "http.response.start", "status": 503,
                        "headers": [(b"content-type", b"application/json")]})  # fmt: skip
            await send({"type": "http.response.body", "body": b'{"detail":"down"}'})
            return
        await app(scope, receive, send)

    return wrapped


@dataclass
class Stack:
    n8n: N8nInstance
    graph: FakeGraph
    smtp: SmtpSink
    secrets: StackSecrets
    py_url: str
    faults: Faults

    @property
    def webhook(self) -> str:
        return self.n8n.webhook_url("whatsapp")

    def py(self, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = {"X-API-Key": self.secrets.api_key}
        return httpx.request(method, self.py_url + path, headers=headers, timeout=10, **kw)


def _install() -> N8nInstall:
    install = find_install()
    if install is not None:
        return install
    if not os.environ.get("BMC_REQUIRE_N8N"):
        pytest.skip("n8n is not installed (run scripts/install-n8n.sh, or set BMC_REQUIRE_N8N=1)")
    return ensure_install()


def _start_python_nodes(settings: Settings, faults: Faults, port: int) -> uvicorn.Server:
    app = with_faults(create_app(settings), faults)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            raise TimeoutError("Python nodes did not start")
        time.sleep(0.1)
    return server


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    install = _install()
    root = tmp_path_factory.mktemp("e2e")
    secrets = StackSecrets.generate(root / "secrets")
    faults = Faults()
    py_port = free_port()
    settings = Settings(
        env="test", data_dir=root / "data", log_level="WARNING", api_keys=secrets.api_key,
        whatsapp_app_secrets=secrets.app_secret, whatsapp_verify_token=secrets.verify_token,
        public_base_url=f"http://127.0.0.1:{py_port}", rate_limits_enabled=False,
    )  # fmt: skip
    server = _start_python_nodes(settings, faults, py_port)
    graph = FakeGraph(secrets.graph_token).start()
    smtp = SmtpSink().start()
    py_url = f"http://127.0.0.1:{py_port}"
    env = flow_env(py_url, graph.base_url, smtp.port, {"INBOX_STALE_AFTER_S": str(STALE_AFTER_S)})
    n8n = N8nInstance(install, root / "n8n", free_port(), free_port(), env)
    n8n.provision(CredentialSecrets(secrets.api_key, secrets.graph_token, smtp_port=smtp.port))
    n8n.start()
    try:
        yield Stack(n8n, graph, smtp, secrets, py_url, faults)
    finally:
        n8n.stop()
        graph.stop()
        smtp.stop()
        server.should_exit = True


@pytest.fixture
def graph(stack: Stack) -> FakeGraph:
    stack.graph.state.fail_next(0)
    stack.faults.down.clear()
    return stack.graph


def unique_phone() -> str:
    return "5989" + str(time.time_ns())[-7:]


def wait_until(predicate: Callable[[], bool], timeout: float = 20, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def n8n_log(stack: Stack) -> str:
    path: Path = stack.n8n.user_folder / "n8n.log"
    return path.read_text(errors="replace")[-4000:] if path.exists() else ""
