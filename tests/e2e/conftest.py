"""A real n8n (the pinned install), the Python nodes under uvicorn, a fake Graph API, an SMTP sink.

Started once per session. The e2e tests skip only when n8n is not installed AND
``BMC_REQUIRE_N8N`` is unset; the test command installs n8n and sets it, so in CI they run.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from secrets import token_urlsafe
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from py_nodes.core.config import Settings
from py_nodes.main import create_app
from tests.e2e.whatsapp import post_signed, text_message
from tests.support.n8n import n8n_install
from tests.support.waiting import wait_until
from workflows.credentials import CredentialSecrets
from workflows.datastores import PrivatePostgres, postgres_bin_dir, redis_process, wait_redis
from workflows.fake_graph import FakeGraph
from workflows.install import N8nInstall
from workflows.queue_mode import QueueN8n
from workflows.runtime import N8nInstance, owner_env
from workflows.settings import SettingsTable
from workflows.smtp_sink import SmtpSink
from workflows.stack import StackSecrets, flow_env, free_port, python_nodes_env, seed_settings

STALE_AFTER_S = 8
#: Quotes become due for a follow-up this long after being sent (the business setting
#: ``seguimiento_horas`` of this instance).
FOLLOWUP_AFTER_S = 3.6
TEST_SETTINGS = {"seguimiento_horas": str(FOLLOWUP_AFTER_S / 3600)}
#: The instance owner set from the environment, so the browser test can open the editor.
EDITOR_EMAIL = "operaciones@bmc.test"
ASGIApp = Callable[..., Awaitable[None]]


@dataclass
class Faults:
    """Path prefixes of the Python nodes that answer 503, as if that node were down, or that are
    held open (``reached`` set) until ``release`` is set."""

    down: set[str] = field(default_factory=set)
    held: set[str] = field(default_factory=set)
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


def with_faults(app: ASGIApp, faults: Faults) -> ASGIApp:
    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and any(path.startswith(p) for p in faults.held):
            faults.reached.set()
            await asyncio.to_thread(faults.release.wait, 120)
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
    editor_login: tuple[str, str]
    #: The Python nodes' app (its ``state.resources`` reach the store, for the desk test).
    app: FastAPI | None = None
    #: The owner's API key for the business settings table (``settings()``).
    settings_key: str = ""

    @property
    def editor_url(self) -> str:
        """The n8n that serves the editor and the public API."""
        return self.n8n.base_url

    def settings(self) -> SettingsTable:
        """The data table *Configuración BMC*, changed as staff do in the editor."""
        return SettingsTable(self.editor_url, self.settings_key)

    @property
    def webhook(self) -> str:
        return self.n8n.webhook_url("whatsapp")

    def py(self, method: str, path: str, *, desk: bool = False, **kw: Any) -> httpx.Response:
        """A call to the Python nodes with n8n's key, or the sales desk's (``desk=True``)."""
        headers = {"X-API-Key": self.secrets.desk_api_key if desk else self.secrets.api_key}
        return httpx.request(method, self.py_url + path, headers=headers, timeout=10, **kw)

    def run_followup(self) -> httpx.Response:
        """Start the quote follow-up flow now (its webhook trigger, with the service key)."""
        url = self.n8n.webhook_url("followup/run")
        return httpx.post(url, headers={"X-API-Key": self.secrets.api_key}, timeout=30)


def desk_settings(secrets: StackSecrets, py_port: int, n8n_port: int) -> dict[str, Any]:
    """The sales desk's settings, as the local stack passes them (the desk browser test)."""
    env = python_nodes_env(Path("."), secrets, py_port, n8n_port)
    return {
        "desk_accounts": secrets.desk_accounts, "desk_session_keys": secrets.desk_session_key,
        "desk_quote_client": secrets.desk_client, "auth_clients": secrets.auth_clients,
        "token_signing_keys": secrets.token_signing_key,
        "desk_reply_url": env["DESK_REPLY_URL"], "desk_quote_api_url": env["DESK_QUOTE_API_URL"],
        "cors_origins": env["CORS_ORIGINS"].split(","),
    }  # fmt: skip


def _start_python_nodes(
    settings: Settings, faults: Faults, port: int
) -> tuple[uvicorn.Server, FastAPI]:
    inner = create_app(settings)
    app = with_faults(inner, faults)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            raise TimeoutError("Python nodes did not start")
        time.sleep(0.1)
    return server, inner


@dataclass
class QueueStack(Stack):
    """The same parts with n8n in queue mode: ``n8n`` is the webhook process (Meta's entry)."""

    queue: QueueN8n | None = None

    @property
    def editor_url(self) -> str:
        return self.queue.main.base_url if self.queue is not None else self.n8n.base_url


@dataclass
class _Parts:
    """What both stacks share: secrets, the Python nodes, the fakes and the flows' environment."""

    root: Path
    secrets: StackSecrets
    faults: Faults
    server: uvicorn.Server
    graph: FakeGraph
    smtp: SmtpSink
    py_url: str
    editor_login: tuple[str, str]
    env: dict[str, str]
    app: FastAPI
    #: The port the desk's settings send replies to (the single-process stack's n8n).
    n8n_port: int

    def credentials(self) -> CredentialSecrets:
        return CredentialSecrets(self.secrets.api_key, self.secrets.graph_token,
                                 smtp_port=self.smtp.port)  # fmt: skip

    def stop(self) -> None:
        self.graph.stop()
        self.smtp.stop()
        self.server.should_exit = True


def _start_parts(install: N8nInstall, root: Path) -> _Parts:
    secrets = StackSecrets.generate(root / "secrets")
    faults = Faults()
    py_port, n8n_port = free_port(), free_port()
    settings = Settings(
        env="test", data_dir=root / "data", log_level="WARNING",
        api_keys=secrets.files_content()["api_keys"],
        whatsapp_app_secrets=secrets.app_secret, whatsapp_verify_token=secrets.verify_token,
        public_base_url=f"http://127.0.0.1:{py_port}", rate_limits_enabled=False,
        **desk_settings(secrets, py_port, n8n_port),
    )  # fmt: skip
    server, app = _start_python_nodes(settings, faults, py_port)
    graph = FakeGraph(secrets.graph_token).start()
    smtp = SmtpSink().start()
    py_url = f"http://127.0.0.1:{py_port}"
    editor_login = (EDITOR_EMAIL, "Editor-" + token_urlsafe(12))
    env = flow_env(py_url, graph.base_url, smtp.port, {
        "INBOX_STALE_AFTER_S": str(STALE_AFTER_S),
        **owner_env(install, *editor_login),
    })  # fmt: skip
    return _Parts(root, secrets, faults, server, graph, smtp, py_url, editor_login, env, app,
                  n8n_port)  # fmt: skip


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    install = n8n_install()
    parts = _start_parts(install, tmp_path_factory.mktemp("e2e"))
    n8n = N8nInstance(install, parts.root / "n8n", parts.n8n_port, free_port(), parts.env)
    n8n.provision(parts.credentials())
    n8n.start(webhooks=("whatsapp", "followup/run"))
    try:
        settings_key, _ = seed_settings(n8n.base_url, *parts.editor_login, TEST_SETTINGS)
        yield Stack(n8n, parts.graph, parts.smtp, parts.secrets, parts.py_url, parts.faults,
                    parts.editor_login, parts.app, settings_key)  # fmt: skip
    finally:
        n8n.stop()
        parts.stop()


@pytest.fixture(scope="session")
def queue_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[QueueStack]:
    """n8n main + webhook processor + one worker on a private PostgreSQL and Redis."""
    install = n8n_install()
    if postgres_bin_dir() is None and not os.environ.get("BMC_REQUIRE_TOOLS"):
        pytest.skip("PostgreSQL is not installed (Debian package: postgresql)")
    parts = _start_parts(install, tmp_path_factory.mktemp("e2e-queue"))
    postgres = PrivatePostgres()
    redis_port = free_port()
    redis = redis_process(redis_port, parts.root)
    queue: QueueN8n | None = None
    try:
        postgres.start()
        redis.start()
        wait_redis(redis_port)
        queue = QueueN8n(install, parts.root / "n8n", parts.env, postgres,
                         redis_port, workers=1)  # fmt: skip
        queue.provision(parts.credentials())
        queue.start(webhooks=("whatsapp", "followup/run"))
        settings_key, _ = seed_settings(queue.main.base_url, *parts.editor_login, TEST_SETTINGS)
        yield QueueStack(queue.webhook, parts.graph, parts.smtp, parts.secrets, parts.py_url,
                         parts.faults, parts.editor_login, parts.app, settings_key,
                         queue)  # fmt: skip
    finally:
        if queue is not None:
            queue.stop()
        redis.stop()
        postgres.stop()
        parts.stop()


@pytest.fixture
def graph(stack: Stack) -> FakeGraph:
    stack.graph.state.fail_next(0)
    stack.faults.down.clear()
    return stack.graph


def unique_phone() -> str:
    return "5989" + str(time.time_ns())[-7:]


def say(stack: Stack, phone: str, text: str) -> str:
    """Send a signed text as ``phone`` and return the bot's next text reply."""
    before = len(stack.graph.state.texts_to(phone))
    response = post_signed(stack.webhook, text_message(phone, text), stack.secrets.app_secret)
    assert response.status_code == 200, response.text
    assert wait_until(lambda: len(stack.graph.state.texts_to(phone)) > before, timeout=30)
    return stack.graph.state.texts_to(phone)[-1]


def quote_sent_to(stack: Stack, phone: str) -> str:
    """The number of the quote whose PDF the bot sent to ``phone``."""
    sent = stack.graph.state.messages
    document = next(m for m in sent if m.get("type") == "document" and m.get("to") == phone)
    return str(document["document"]["filename"]).removeprefix("Cotizacion-").removesuffix(".pdf")


def due_followups(stack: Stack, after_hours: float) -> list[str]:
    """Numbers of the quotes in Enviado for more than ``after_hours`` and never followed up."""
    response = stack.py("GET", "/quotes/followups/due", params={"after_hours": after_hours})
    assert response.status_code == 200, response.text
    return [item["number"] for item in response.json()["items"]]


def n8n_log(stack: Stack) -> str:
    path: Path = stack.n8n.user_folder / "n8n.log"
    return path.read_text(errors="replace")[-4000:] if path.exists() else ""
