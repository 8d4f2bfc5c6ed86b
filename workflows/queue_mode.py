"""n8n in queue mode, as production runs it (compose/compose.prod.yml): main + webhook + workers.

Main keeps the editor, the schedules and the queue's bookkeeping (production webhooks off);
``n8n webhook`` takes Meta's deliveries and puts each execution on the Bull queue in Redis;
``n8n worker`` processes run them. All share one PostgreSQL database and one encryption key.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from workflows import EXPORT_DIR
from workflows.credentials import CredentialSecrets
from workflows.datastores import PrivatePostgres, free_port
from workflows.install import N8nInstall
from workflows.runtime import N8nInstance

#: Bull's database in Redis, as compose/n8n-queue.env (the Python nodes use database 0).
QUEUE_REDIS_DB = "1"
WORKER_CONCURRENCY = 10


def queue_env(postgres: PrivatePostgres, redis_port: int) -> dict[str, str]:
    """The settings compose/n8n.env and compose/n8n-queue.env give every n8n process."""
    return {
        **postgres.n8n_env(),
        "EXECUTIONS_MODE": "queue",
        "QUEUE_BULL_REDIS_HOST": "127.0.0.1",
        "QUEUE_BULL_REDIS_PORT": str(redis_port),
        "QUEUE_BULL_REDIS_DB": QUEUE_REDIS_DB,
        "OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS": "true",
        "N8N_GRACEFUL_SHUTDOWN_TIMEOUT": "30",
    }


@dataclass
class QueueN8n:
    """The n8n processes of one queue-mode deployment, on free loopback ports under ``root``."""

    install: N8nInstall
    root: Path
    flow_env: Mapping[str, str]
    postgres: PrivatePostgres
    redis_port: int
    workers: int = 1
    encryption_key: str = field(default_factory=lambda: secrets.token_hex(24))
    main: N8nInstance = field(init=False)
    webhook: N8nInstance = field(init=False)
    worker_instances: list[N8nInstance] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        webhook_port = free_port()
        shared = {
            **queue_env(self.postgres, self.redis_port),
            # Webhook, resume and form URLs point at the webhook process, as in compose.prod.yml
            # (n8n 2.x reads N8N_WEBHOOK_URL before the deprecated WEBHOOK_URL).
            "N8N_WEBHOOK_URL": f"http://127.0.0.1:{webhook_port}/",
        }
        self.main = self._instance("main", free_port(), ("start",), {
            **shared, "N8N_DISABLE_PRODUCTION_MAIN_PROCESS": "true",
        })  # fmt: skip
        self.webhook = self._instance("webhook", webhook_port, ("webhook",), shared)
        for index in range(self.workers):
            port = free_port()
            self.worker_instances.append(self._instance(
                f"worker-{index + 1}", port, ("worker", f"--concurrency={WORKER_CONCURRENCY}"),
                {**shared, "QUEUE_HEALTH_CHECK_ACTIVE": "true",
                 "QUEUE_HEALTH_CHECK_PORT": str(port)},
            ))  # fmt: skip

    def _instance(
        self, name: str, port: int, command: tuple[str, ...], env: Mapping[str, str]
    ) -> N8nInstance:
        return N8nInstance(
            self.install, self.root / name, port, free_port(), self.flow_env,
            command=command, extra_env=env,
            encryption_key=self.encryption_key,
        )  # fmt: skip

    def provision(self, credentials: CredentialSecrets, flows_dir: Path = EXPORT_DIR) -> None:
        """Import the credentials and flows into the shared database and publish them."""
        self.main.provision(credentials, flows_dir)

    def start(self, webhooks: tuple[str, ...] = ("whatsapp",), timeout: float = 120) -> None:
        """Main first (it runs the database migrations), then the workers, then webhook intake."""
        self.main.start(timeout, webhooks=())
        for worker in self.worker_instances:
            worker.start(timeout, webhooks=())
        self.webhook.start(timeout, webhooks=webhooks)

    def restart_worker(self, index: int = 0, timeout: float = 120) -> None:
        self.worker_instances[index].start(timeout, webhooks=())

    def stop(self) -> None:
        self.webhook.stop()
        for worker in self.worker_instances:
            worker.stop()
        self.main.stop()

    def pids(self) -> dict[str, int | None]:
        instances = [self.main, self.webhook, *self.worker_instances]
        return {i.user_folder.name: i.process.pid if i.process else None for i in instances}
