"""Start a real, headless n8n: own user folder, credentials from secrets, flows published.

The CLI commands (``import:*``, ``publish:workflow``) write n8n's SQLite database while the
instance is stopped; ``n8n start`` then serves the published flows on ``/webhook/<path>``.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from workflows import EXPORT_DIR
from workflows.credentials import CredentialSecrets, write_credentials_file
from workflows.install import N8nInstall

QUIET_ENV = {
    "N8N_DIAGNOSTICS_ENABLED": "false",
    "N8N_PERSONALIZATION_ENABLED": "false",
    "N8N_VERSION_NOTIFICATIONS_ENABLED": "false",
    "N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED": "false",
    "N8N_TEMPLATES_ENABLED": "false",
    "N8N_HIRING_BANNER_ENABLED": "false",
    "N8N_DYNAMIC_BANNERS_ENABLED": "false",
    "N8N_AI_ENABLED": "false",
    "N8N_MCP_ACCESS_ENABLED": "false",
    "N8N_LISTEN_ADDRESS": "127.0.0.1",
    "N8N_SECURE_COOKIE": "false",
    "N8N_RUNNERS_TASK_TIMEOUT": "60",
    # The flows read their configuration (PY_NODES_URL, GRAPH_API_BASE_URL, ...) with $env.
    "N8N_BLOCK_ENV_ACCESS_IN_NODE": "false",
    "EXECUTIONS_DATA_PRUNE": "true",
    "EXECUTIONS_DATA_MAX_AGE": "168",
    "GENERIC_TIMEZONE": "America/Montevideo",
    "TZ": "America/Montevideo",
}


def bcrypt_hash(install: N8nInstall, password: str) -> str:
    """A bcrypt hash of ``password`` made with the ``bcryptjs`` that ships inside n8n."""
    bcryptjs = install.root / "node_modules" / "bcryptjs"
    script = "process.stdout.write(require(process.argv[1]).hashSync(process.env.PW, 10))"
    result = subprocess.run(
        [str(install.node), "-e", script, str(bcryptjs)],
        env={"PW": password}, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return result.stdout.strip()


def owner_env(install: N8nInstall, email: str, password: str) -> dict[str, str]:
    """Environment that makes ``email`` the instance owner at start (n8n 2.17+), for the editor."""
    return {
        "N8N_INSTANCE_OWNER_MANAGED_BY_ENV": "true",
        "N8N_INSTANCE_OWNER_EMAIL": email,
        "N8N_INSTANCE_OWNER_FIRST_NAME": "Operaciones",
        "N8N_INSTANCE_OWNER_LAST_NAME": "BMC",
        "N8N_INSTANCE_OWNER_PASSWORD_HASH": bcrypt_hash(install, password),
    }


def workflow_ids(directory: Path = EXPORT_DIR) -> list[str]:
    return [json.loads(path.read_text())["id"] for path in sorted(directory.glob("*.json"))]


@dataclass
class N8nInstance:
    """One n8n process on ``port`` with its own ``user_folder``.

    ``command`` is ``start`` (main), ``webhook`` or ``worker`` (queue mode, with ``extra_env``
    naming the database and the queue and ``encryption_key`` shared by every process).
    """

    install: N8nInstall
    user_folder: Path
    port: int
    broker_port: int
    flow_env: Mapping[str, str] = field(default_factory=dict)
    log_path: Path | None = None
    command: tuple[str, ...] = ("start",)
    extra_env: Mapping[str, str] = field(default_factory=dict)
    encryption_key: str | None = None
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def webhook_url(self, path: str) -> str:
        return f"{self.base_url}/webhook/{path}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("N8N_")}
        env.update(QUIET_ENV)
        env.update(
            N8N_USER_FOLDER=str(self.user_folder),
            N8N_PORT=str(self.port),
            N8N_RUNNERS_BROKER_PORT=str(self.broker_port),
            N8N_ENCRYPTION_KEY=self._encryption_key(),
            N8N_EDITOR_BASE_URL=self.base_url,
            WEBHOOK_URL=self.base_url + "/",
            PATH=f"{self.install.node.parent}:{os.environ.get('PATH', '')}",
        )
        env.update(self.flow_env)
        env.update(self.extra_env)
        return env

    def _encryption_key(self) -> str:
        if self.encryption_key is not None:
            return self.encryption_key
        key_file = self.user_folder / "encryption.key"
        if not key_file.exists():
            self.user_folder.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_hex(24))
            key_file.chmod(0o600)
        return key_file.read_text()

    def cli(self, *args: str, timeout: float = 120) -> str:
        """Run one n8n CLI command against this instance's database (instance stopped)."""
        result = subprocess.run(
            [str(self.install.node), str(self.install.n8n), *args],
            env=self.env(), capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"n8n {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def provision(self, credentials: CredentialSecrets, flows_dir: Path = EXPORT_DIR) -> None:
        """Import credentials and every flow, then publish them all."""
        creds = write_credentials_file(credentials, self.user_folder / "credentials.import.json")
        try:
            self.cli("import:credentials", f"--input={creds}")
        finally:
            creds.unlink(missing_ok=True)
        self.cli("import:workflow", "--separate", f"--input={flows_dir}")
        for workflow_id in workflow_ids(flows_dir):
            self.cli("publish:workflow", f"--id={workflow_id}")

    def start(self, timeout: float = 90, webhooks: tuple[str, ...] = ("whatsapp",)) -> None:
        """Start n8n and wait until the published flows' ``webhooks`` answer (not 404).

        n8n 2.x applies publications from an outbox a few seconds *after* it reports ready.
        A worker serves no webhook: pass ``webhooks=()``.
        """
        self.user_folder.mkdir(parents=True, exist_ok=True)
        log_path = self.log_path or self.user_folder / "n8n.log"
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(self.install.node), str(self.install.n8n), *self.command],
            env=self.env(), stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.wait_ready(timeout)
        for path in webhooks:
            self.wait_webhook(path, timeout)

    def wait_webhook(self, path: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.webhook_url(path), timeout=10):
                    return
            except urllib.error.HTTPError as error:
                # A POST-only webhook answers GET with 404 "not registered for GET requests".
                if error.code != 404 or b"not registered for" in error.read():
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"webhook {path} not registered after {timeout}s")

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"n8n exited with {self.process.returncode}; see its log")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz/readiness", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"n8n not ready on {self.base_url} after {timeout}s")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        """Stop n8n (SIGTERM: graceful; SIGKILL: a crash, for recovery tests)."""
        stop_process_group(self.process, sig, timeout)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def kill(self) -> None:
        self.stop(signal.SIGKILL)


def stop_process_group(
    process: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM, timeout: float = 20
) -> None:
    """Signal a process started with ``start_new_session`` and its children; SIGKILL if stuck."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout)
