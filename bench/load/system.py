"""The whole stack for a load or fault run, every part on loopback and owned by the run.

Meta's traffic enters through the webhook ingress (HAProxy, compose/ingress/haproxy.cfg) unless
``StackOptions.ingress`` is False. Real n8n (the harness's ``N8nInstance``, with the repo's flows
plus a bare echo flow), the Python nodes under uvicorn on a private Redis, a bare FastAPI app, and
in-process fakes of the Graph API (each recorded message stamped with its arrival time), SMTP and
an OpenAI-compatible LLM.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.load.fake_llm import FakeLlm
from bench.load.procs import python_nodes_process
from workflows import EXPORT_DIR
from workflows.credentials import CredentialSecrets
from workflows.datastores import PrivatePostgres, redis_process, wait_redis
from workflows.fake_graph import FakeGraph
from workflows.ingress import Ingress
from workflows.install import ensure_install, find_install
from workflows.processes import ManagedProcess
from workflows.queue_mode import QueueN8n
from workflows.runtime import N8nInstance
from workflows.smtp_sink import SmtpSink
from workflows.stack import StackSecrets, flow_env, free_port, python_nodes_env

ECHO_PATH = "bench-echo"
ECHO_FLOW = {
    "id": "bmcLoadEcho00001", "name": "Load: bare webhook -> respond", "active": False,
    "settings": {"executionOrder": "v1"}, "pinData": {}, "tags": [],
    "nodes": [
        {"id": "e1", "name": "Hook", "type": "n8n-nodes-base.webhook", "typeVersion": 2.1,
         "position": [0, 0], "webhookId": "0d6f3c1e-8a77-4d0e-9a51-0c6f1d2e7b01",
         "parameters": {"httpMethod": "POST", "path": ECHO_PATH, "responseMode": "responseNode",
                        "options": {}}},
        {"id": "e2", "name": "Respond", "type": "n8n-nodes-base.respondToWebhook",
         "typeVersion": 1.5, "position": [240, 0],
         "parameters": {"respondWith": "json", "responseBody": "={{ { ok: true } }}",
                        "options": {}}},
    ],
    "connections": {"Hook": {"main": [[{"node": "Respond", "type": "main", "index": 0}]]}},
}  # fmt: skip


class TimedMessages(list[dict[str, Any]]):
    """The fake Graph API's record, each message stamped with ``_at`` (monotonic) on arrival."""

    def append(self, message: dict[str, Any]) -> None:
        message["_at"] = time.monotonic()
        super().append(message)


@dataclass
class StackOptions:
    stale_after_s: int = 15
    rate_limits: bool = False
    with_llm: bool = False
    llm_timeout_s: float | None = None  # None: the shipped default (Settings.llm_timeout_s)
    py_workers: int = 1
    n8n_env: dict[str, str] = field(default_factory=dict)
    # Through the webhook ingress (HAProxy), as in production; False: straight to n8n.
    ingress: bool = True
    # > 0: n8n in queue mode (main + webhook + this many workers) on a private PostgreSQL, the
    # Bull queue in this run's Redis (database 1), as compose.prod.yml.
    queue_workers: int = 0


class LoadStack:
    """Start with ``with LoadStack(options) as stack:``; every part stops on exit."""

    def __init__(self, options: StackOptions) -> None:
        self.options = options
        self.root = Path(tempfile.mkdtemp(prefix="bmc-load-"))
        self.secrets = StackSecrets.generate(self.root / "secrets")
        self.redis_port, self.py_port, self.bare_port = free_port(), free_port(), free_port()
        self.redis = redis_process(self.redis_port, self.root)
        self.graph = FakeGraph(self.secrets.graph_token)
        self.graph.state.messages = TimedMessages()
        self.smtp = SmtpSink()
        self.llm = FakeLlm() if options.with_llm else None
        self.py = python_nodes_process(self.py_port, self._py_env(), self.root,
                                       options.py_workers)  # fmt: skip
        self.bare = ManagedProcess(
            "bare-fastapi",
            [sys.executable, "-m", "uvicorn", "bench.load.bare_app:app", "--host", "127.0.0.1",
             "--port", str(self.bare_port), "--log-level", "warning", "--no-access-log"],
            {}, self.root / "bare.log", ready_url=f"http://127.0.0.1:{self.bare_port}/docs",
        )  # fmt: skip
        self.n8n: N8nInstance | None = None
        self.queue: QueueN8n | None = None
        self.postgres: PrivatePostgres | None = None
        self.ingress: Ingress | None = None

    @property
    def py_url(self) -> str:
        return f"http://127.0.0.1:{self.py_port}"

    @property
    def webhook(self) -> str:
        if self.ingress is not None:
            return self.ingress.webhook_url("whatsapp")
        assert self.n8n is not None
        return self.n8n.webhook_url("whatsapp")

    @property
    def echo_url(self) -> str:
        assert self.n8n is not None
        return self.n8n.webhook_url(ECHO_PATH)

    @property
    def bare_url(self) -> str:
        return f"http://127.0.0.1:{self.bare_port}/echo"

    def _py_env(self) -> dict[str, str]:
        env = python_nodes_env(self.root / "data", self.secrets, self.py_port)
        env.update(
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            RATE_LIMITS_ENABLED=str(self.options.rate_limits).lower(),
            LOG_LEVEL="ERROR",
        )
        if self.llm is not None:
            env.update(LLM_BASE_URL=self.llm.base_url)
            if self.options.llm_timeout_s is not None:
                env.update(LLM_TIMEOUT_S=str(self.options.llm_timeout_s))
        return env

    def __enter__(self) -> LoadStack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        install = find_install() or ensure_install()
        self.redis.start()
        wait_redis(self.redis_port)
        self.graph.start()
        self.smtp.start()
        if self.llm is not None:
            self.llm.start()
        flows = self.root / "flows"
        shutil.copytree(EXPORT_DIR, flows)
        (flows / "load-echo.json").write_text(json.dumps(ECHO_FLOW))
        env = flow_env(self.py_url, self.graph.base_url, self.smtp.port,
                       {"INBOX_STALE_AFTER_S": str(self.options.stale_after_s),
                        **self.options.n8n_env})  # fmt: skip
        print("provisioning n8n (credentials, flows, publish)...", flush=True)
        credentials = CredentialSecrets(self.secrets.api_key, self.secrets.graph_token,
                                        smtp_port=self.smtp.port)  # fmt: skip
        if self.options.queue_workers > 0:
            self.postgres = PrivatePostgres().start()
            self.queue = QueueN8n(install, self.root / "n8n", env, self.postgres,
                                  self.redis_port, workers=self.options.queue_workers)  # fmt: skip
            self.n8n = self.queue.webhook
            self.queue.provision(credentials, flows)
        else:
            self.n8n = N8nInstance(install, self.root / "n8n", free_port(), free_port(), env)
            self.n8n.provision(credentials, flows)
        self.py.start()
        self.bare.start()
        if self.options.ingress:
            self.ingress = Ingress(f"127.0.0.1:{self.n8n.port}", free_port(), free_port(),
                                   self.root / "ingress.log").start()  # fmt: skip
        self.start_n8n()

    def start_n8n(self) -> None:
        assert self.n8n is not None
        if self.queue is not None:
            self.queue.start(webhooks=("whatsapp", ECHO_PATH))
        else:
            self.n8n.start(timeout=120, webhooks=("whatsapp", ECHO_PATH))
        if self.ingress is not None:
            self.ingress.wait_upstream()

    def n8n_pids(self) -> dict[str, Callable[[], int | None]]:
        """The n8n processes (and queue mode's PostgreSQL) to meter, by name."""

        def pid_of(instance: N8nInstance) -> Callable[[], int | None]:
            return lambda: instance.process.pid if instance.process else None

        if self.queue is None:
            assert self.n8n is not None
            return {"n8n": pid_of(self.n8n)}
        pids = {"n8n-webhook": pid_of(self.queue.webhook), "n8n-main": pid_of(self.queue.main)}
        for worker in self.queue.worker_instances:
            pids[f"n8n-{worker.user_folder.name}"] = pid_of(worker)
        postgres = self.postgres.process if self.postgres is not None else None
        pids["postgres"] = lambda: postgres.pid if postgres is not None else None
        return pids

    def stop(self) -> None:
        if self.queue is not None:
            self.queue.stop()
        elif self.n8n is not None:
            self.n8n.stop()
        if self.postgres is not None:
            self.postgres.stop()
        if self.ingress is not None:
            self.ingress.stop()
        for process in (self.py, self.bare, self.redis):
            process.stop()
        for fake in (self.graph, self.smtp, self.llm):
            try:
                if fake is not None:
                    fake.stop()
            except Exception:
                pass
        shutil.rmtree(self.root, ignore_errors=True)

    def py_get(self, path: str, **params: Any) -> Any:
        headers = {"X-API-Key": self.secrets.api_key}
        response = httpx.get(self.py_url + path, headers=headers, params=params, timeout=30)
        response.raise_for_status()
        return response.json() if "json" in response.headers.get("content-type", "") else response
