"""Start the whole system locally: Python nodes + real n8n (+ fake Graph API and SMTP sink).

``python -m workflows.stack`` runs on embedded defaults (montydb, in-process cache, embedded
Qdrant) with generated secrets under ``var/stack/``, and prints the WhatsApp webhook URL: the
webhook ingress (HAProxy, as in compose) when ``haproxy`` is installed, else n8n itself; HAProxy
also serves the editor over TLS (``--editor-port``, self-signed ``n8n_editor_tls``). Set
``GRAPH_API_BASE_URL`` (and the real secrets) to talk to Meta instead of the local fake.

``--queue`` runs n8n as production does (compose/compose.prod.yml): main + webhook processor +
``--workers`` workers, on a private PostgreSQL and Redis (temp data dirs, gone at the end).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from py_nodes.security.cors import DEV_ORIGINS
from workflows.credentials import CredentialSecrets
from workflows.datastores import PrivatePostgres, redis_process, wait_redis
from workflows.fake_graph import FakeGraph
from workflows.ingress import EditorEntry, Ingress, haproxy_binary
from workflows.install import REPO_ROOT, N8nInstall, ensure_install, find_install
from workflows.processes import ManagedProcess, wait_http
from workflows.pull import create_api_key
from workflows.queue_mode import QueueN8n
from workflows.runtime import N8nInstance, owner_env
from workflows.settings import SETTINGS_SCOPES, SettingsTable, SyncReport, load_seed
from workflows.smtp_sink import SmtpSink
from workflows.tls import self_signed_pem

PHONE_NUMBER_ID = "100000000000001"
#: The sales desk's development seller; the password is in the secrets directory.
DESK_USER = "ventas"
#: The n8n owner of the local stack (editor sign-in); the password is in the secrets directory.
OWNER_EMAIL = "operaciones@bmc.local"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class StackSecrets:
    """Generated secret files, written the way Docker mounts secrets (no trailing newline)."""

    directory: Path
    api_key: str
    app_secret: str
    verify_token: str
    graph_token: str
    #: The sales desk: session key, its client of the quote API, token key, seller ``ventas``.
    desk_session_key: str = ""
    desk_client_secret: str = ""
    token_signing_key: str = ""
    desk_password: str = ""
    desk_accounts: str = ""

    @classmethod
    def generate(cls, directory: Path) -> StackSecrets:
        from argon2 import PasswordHasher

        (
            api_key,
            app_secret,
            verify_token,
            graph_token,
            session_key,
            client_secret,
            token_key,
            password,
        ) = (secrets.token_urlsafe(24) for _ in range(8))
        accounts = f"{DESK_USER}:{PasswordHasher().hash(password)}:Ventas BMC"
        stack = cls(directory, api_key, app_secret, verify_token, graph_token, session_key,
                    client_secret, token_key, password, accounts)  # fmt: skip
        directory.mkdir(parents=True, exist_ok=True)
        for name, value in stack.files_content().items():
            path = directory / name
            path.write_text(value)
            path.chmod(0o600)
        return stack

    @property
    def desk_client(self) -> str:
        return f"desk:{self.desk_client_secret}"

    @property
    def auth_clients(self) -> str:
        return f"{self.desk_client}:quotes:read quotes:write export"

    @property
    def desk_api_key(self) -> str:
        """The sales desk's service key (derived, so the secret set keeps its shape)."""
        return hashlib.sha256(f"desk-api-key:{self.desk_client_secret}".encode()).hexdigest()

    def files_content(self) -> dict[str, str]:
        return {
            # n8n's key (a bare line is n8n's) and the desk's, one client per line.
            "api_keys": f"{self.api_key}\ndesk:{self.desk_api_key}",
            "whatsapp_app_secrets": self.app_secret,
            "whatsapp_verify_token": self.verify_token,
            "whatsapp_access_token": self.graph_token,
            "token_signing_keys": self.token_signing_key,
            "auth_clients": self.auth_clients,
            "desk_session_keys": self.desk_session_key,
            "desk_quote_client": self.desk_client,
            "desk_accounts": self.desk_accounts,
            "desk_password": self.desk_password,
        }

    def python_env(self) -> dict[str, str]:
        return {f"{name.upper()}_FILE": str(self.directory / name) for name in self.files_content()}


def python_nodes_env(
    data_dir: Path, stack: StackSecrets, port: int, n8n_port: int | None = None
) -> dict[str, str]:
    env = {
        **stack.python_env(),
        "DATA_DIR": str(data_dir),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "DESK_QUOTE_API_URL": f"http://127.0.0.1:{port}",
        # The desk's forms post from this origin; the origin guard refuses any other.
        "CORS_ORIGINS": ",".join([*DEV_ORIGINS, f"http://127.0.0.1:{port}"]),
    }
    if n8n_port is not None:
        env["DESK_REPLY_URL"] = f"http://127.0.0.1:{n8n_port}/webhook/desk/reply"
    return env


def flow_env(
    py_url: str, graph_url: str, smtp_port: int, extra: Mapping[str, str]
) -> dict[str, str]:
    """The environment the flows read with ``$env`` (no secret here: those are credentials)."""
    env = {
        "PY_NODES_URL": py_url,
        "GRAPH_API_BASE_URL": graph_url,
        "GRAPH_API_VERSION": "v21.0",
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "SALES_EMAIL_FROM": "bot@bmc.local",
        # The sales desk is served by the Python nodes; notices link to its conversations.
        "DESK_PUBLIC_URL": py_url,
        "OPS_NOTIFY_CHANNELS": "whatsapp",
        "OPS_WHATSAPP_TO": "59890000002",
        "OPS_EMAIL_TO": "ops@bmc.local",
        "INBOX_STALE_AFTER_S": "180",
    }
    env.update(extra)
    return env


def seed_settings(
    base_url: str,
    email: str,
    password: str,
    initial: Mapping[str, str] | None = None,
    key_file: Path | None = None,
) -> tuple[str, SyncReport]:
    """Create the business settings table of a running n8n from the seed (``initial`` values
    replacing the seed's on a new table); the owner's settings API key and what was done.

    The key is kept in ``key_file`` and reused at the next start (n8n refuses a second key with
    the same label); one n8n no longer knows is replaced.
    """
    kept = key_file.read_text() if key_file is not None and key_file.exists() else ""
    if kept:
        try:
            return kept, _sync_settings(base_url, kept, initial)
        except httpx.HTTPStatusError as error:
            if error.response.status_code != 401:
                raise
    label = f"settings {time.strftime('%Y-%m-%d %H:%M:%S')}"
    api_key = create_api_key(base_url, email, password, SETTINGS_SCOPES, label=label)
    if key_file is not None:
        key_file.write_text(api_key)
        key_file.chmod(0o600)
    return api_key, _sync_settings(base_url, api_key, initial)


def _sync_settings(base_url: str, api_key: str, initial: Mapping[str, str] | None) -> SyncReport:
    with SettingsTable(base_url, api_key) as table:
        return table.sync(load_seed(), initial)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m workflows stack", description=__doc__)
    parser.add_argument("--state-dir", type=Path, default=REPO_ROOT / "var" / "stack")
    parser.add_argument("--n8n-port", type=int, default=5678)
    parser.add_argument("--py-port", type=int, default=8000)
    parser.add_argument("--graph-port", type=int, default=8790)
    parser.add_argument("--ingress-port", type=int, default=8080)
    parser.add_argument("--editor-port", type=int, default=8443, help="the editor's TLS entry")
    parser.add_argument("--queue", action="store_true", help="n8n in queue mode, as production")
    parser.add_argument("--workers", type=int, default=1, help="n8n workers with --queue")
    args = parser.parse_args(argv)
    # `kill` (SIGTERM) stops every part like Ctrl-C does, through the ``finally`` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    install = find_install() or ensure_install()
    state: Path = args.state_dir
    stack = StackSecrets.generate(state / "secrets")
    py_env = {**os.environ, **python_nodes_env(state / "data", stack, args.py_port, args.n8n_port)}
    py_nodes = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "py_nodes.main:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(args.py_port)], env=py_env, cwd=REPO_ROOT,
    )  # fmt: skip
    graph_url = os.environ.get("GRAPH_API_BASE_URL")
    graph = None if graph_url else FakeGraph(stack.graph_token, args.graph_port).start()
    smtp = SmtpSink().start()
    owner_password = _owner_password(stack.directory)
    editor_entry = _editor_entry(stack.directory, args.editor_port)
    env = flow_env(f"http://127.0.0.1:{args.py_port}", graph_url or graph.base_url,  # type: ignore[union-attr]
                   smtp.port, owner_env(install, OWNER_EMAIL, owner_password))  # fmt: skip
    if editor_entry is not None:  # invitation links point at the TLS entry
        env["N8N_EDITOR_BASE_URL"] = editor_entry.base_url + "/"
    credentials = CredentialSecrets(stack.api_key, stack.graph_token, smtp_port=smtp.port)
    n8n = N8nInstance(install, state / f"n8n-{args.n8n_port}", args.n8n_port, free_port(), env)
    queue = QueueDeployment(install, state, env, args.workers) if args.queue else None
    webhook_host = queue.n8n.webhook if queue is not None else n8n
    editor = queue.n8n.main if queue is not None else n8n
    ingress = None
    if editor_entry is not None:
        editor_entry = replace(editor_entry, upstream=f"127.0.0.1:{editor.port}")
        ingress = Ingress(f"127.0.0.1:{webhook_host.port}", args.ingress_port, free_port(),
                          state / "ingress.log", editor=editor_entry)  # fmt: skip
    try:
        wait_http(f"http://127.0.0.1:{args.py_port}/health/live", 60)
        if queue is not None:
            queue.provision(credentials)
        else:
            n8n.provision(credentials)
        if ingress is not None:
            ingress.start()
        if queue is not None:
            queue.n8n.start()
        else:
            n8n.start()
        if ingress is not None:
            ingress.wait_upstream()
        _, seeded = seed_settings(editor.base_url, OWNER_EMAIL, owner_password,
                                  key_file=stack.directory / "n8n_settings_api_key")  # fmt: skip
        webhook = webhook_host.webhook_url("whatsapp")
        if ingress is not None:
            webhook = ingress.webhook_url()
        print(f"WhatsApp webhook: {webhook}", flush=True)
        print(f"n8n editor:       {editor.base_url} ({OWNER_EMAIL}, password in "
              "n8n_owner_password)", flush=True)  # fmt: skip
        if editor_entry is not None:
            print(f"Editor over TLS:  {editor_entry.base_url} (self-signed: n8n_editor_tls; "
                  "python -m workflows staff invite EMAIL)", flush=True)  # fmt: skip
        print(f"Business settings: {seeded}", flush=True)
        if queue is not None:
            print(f"n8n queue mode:   {queue.describe()}", flush=True)
        print(f"Python nodes:     http://127.0.0.1:{args.py_port}/docs", flush=True)
        print(f"Secrets:          {stack.directory}", flush=True)
        desk = f"http://127.0.0.1:{args.py_port}/desk"
        print(f"Sales desk:       {desk} (user {DESK_USER}, password in desk_password)", flush=True)
        chat = ".venv/bin/python -m workflows.chat --webhook"
        print(f"Chat with the bot: {chat} {webhook}", flush=True)
        py_nodes.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if queue is not None:
            queue.stop()
        else:
            n8n.stop()
        if ingress is not None:
            ingress.stop()
        py_nodes.terminate()
        py_nodes.wait(20)
        if graph is not None:
            graph.stop()
        smtp.stop()


def _editor_entry(secrets_dir: Path, port: int) -> EditorEntry | None:
    """The editor's TLS entry (as compose's ingress) when HAProxy is installed; the self-signed
    certificate is made once, like the dev-secrets script does. The upstream is set later."""
    if haproxy_binary() is None:
        return None
    cert = secrets_dir / "n8n_editor_tls"
    if not cert.exists():
        cert.write_text(self_signed_pem())
        cert.chmod(0o600)
    return EditorEntry(port, "", cert)


def _owner_password(secrets_dir: Path) -> str:
    """The local owner's password, made once (the n8n database keeps the owner)."""
    path = secrets_dir / "n8n_owner_password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(18))
        path.chmod(0o600)
    return path.read_text()


class QueueDeployment:
    """Queue-mode n8n with its private PostgreSQL and Redis (the Bull queue)."""

    def __init__(self, install: N8nInstall, state: Path, env: dict[str, str], workers: int):
        self.postgres = PrivatePostgres()
        self.redis_port = free_port()
        self.redis: ManagedProcess = redis_process(self.redis_port, state)
        self.n8n = QueueN8n(install, state / "n8n-queue", env, self.postgres, self.redis_port,
                            workers=workers)  # fmt: skip

    def provision(self, credentials: CredentialSecrets) -> None:
        """Start the database and the queue, then import and publish the flows."""
        self.postgres.start()
        self.redis.start()
        wait_redis(self.redis_port)
        self.n8n.provision(credentials)

    def describe(self) -> str:
        workers = ", ".join(str(w.port) for w in self.n8n.worker_instances)
        return (f"main :{self.n8n.main.port}, webhook :{self.n8n.webhook.port}, "
                f"workers (health) :{workers}, PostgreSQL :{self.postgres.port}, "
                f"Redis :{self.redis_port}")  # fmt: skip

    def stop(self) -> None:
        self.n8n.stop()
        self.redis.stop()
        self.postgres.stop()


if __name__ == "__main__":
    main()
