"""The ingress: HAProxy with the repository's ``compose/ingress/haproxy.cfg``, run locally.

Compose runs the same file in the ``ingress`` service. Locally (``scripts/run.sh``, the load and
fault runs, the ingress tests) it is Debian's ``haproxy`` in the foreground, as its own process
group, listening on loopback. Why it stands in front of n8n is written in the config file.
With an :class:`EditorEntry` it also serves the n8n editor over TLS on its own port.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from workflows.install import REPO_ROOT
from workflows.processes import ManagedProcess

CONFIG = REPO_ROOT / "compose" / "ingress" / "haproxy.cfg"


class IngressError(RuntimeError):
    """HAProxy is missing, refused the configuration, or did not start."""


def haproxy_binary() -> str | None:
    return shutil.which("haproxy")


def _require_binary() -> str:
    binary = haproxy_binary()
    if binary is None:
        raise IngressError("haproxy is not installed (Debian: apt-get install haproxy)")
    return binary


@dataclass(frozen=True)
class EditorEntry:
    """The editor's TLS entry: its port, the n8n main process behind it, the ``crt`` PEM file."""

    port: int
    upstream: str
    cert: Path
    #: The only host name the editor answers to ("": any).
    host: str = ""
    #: Page and API requests one source may send in 10 s (static files do not count).
    rate_10s: int = 1000

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {
            "BMC_EDITOR_BIND": f"127.0.0.1:{self.port}",
            "BMC_EDITOR_CERT": str(self.cert),
            "BMC_EDITOR_HOST": self.host,
            "BMC_N8N_EDITOR_UPSTREAM": self.upstream,
            "BMC_EDITOR_RATE_10S": str(self.rate_10s),
        }


@dataclass
class Ingress:
    """One HAProxy in front of the n8n at ``upstream`` (``host:port``)."""

    upstream: str
    port: int
    metrics_port: int
    log_path: Path
    #: Requests one source may send in 10 s (BMC_INGRESS_RATE_10S).
    rate_10s: int = 200
    #: The editor's TLS entry; None: the ingress serves the webhook only.
    editor: EditorEntry | None = None
    _process: ManagedProcess | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def metrics_url(self) -> str:
        return f"http://127.0.0.1:{self.metrics_port}/metrics"

    def webhook_url(self, path: str = "whatsapp") -> str:
        return f"{self.base_url}/webhook/{path}"

    def env(self) -> dict[str, str]:
        env = {
            "BMC_INGRESS_BIND": f"127.0.0.1:{self.port}",
            "BMC_INGRESS_METRICS_BIND": f"127.0.0.1:{self.metrics_port}",
            "BMC_N8N_UPSTREAM": self.upstream,
            "BMC_INGRESS_RATE_10S": str(self.rate_10s),
        }
        if self.editor is not None:
            env.update(self.editor.env())
        return env

    def check(self) -> None:
        """``haproxy -c``: raise with HAProxy's own words when the configuration is refused."""
        result = subprocess.run(
            [_require_binary(), "-c", "-f", str(CONFIG)], env=self.env(),
            capture_output=True, text=True, check=False, timeout=30,
        )  # fmt: skip
        if result.returncode != 0:
            raise IngressError(f"haproxy refused {CONFIG}: {result.stdout}{result.stderr}")

    def start(self, timeout: float = 15) -> Ingress:
        """Check the configuration, start HAProxy, wait until its metrics endpoint answers."""
        self.check()
        command = [_require_binary(), "-db", "-f", str(CONFIG)]
        self._process = ManagedProcess("haproxy", command, self.env(), self.log_path,
                                       ready_url=self.metrics_url)  # fmt: skip
        try:
            self._process.start(timeout)
        except (RuntimeError, TimeoutError) as error:
            raise IngressError(str(error)) from error
        return self

    def upstream_up(self, backend: str = "n8n_webhook") -> bool:
        """Whether HAProxy's health check sees n8n ready now (read from its Prometheus endpoint).

        ``backend``: ``n8n_webhook`` (Meta's entry) or ``n8n_editor`` (the editor's)."""
        with urllib.request.urlopen(self.metrics_url, timeout=5) as response:
            metrics = response.read().decode()
        wanted = f'haproxy_backend_active_servers{{proxy="{backend}"}} '
        line = next((line for line in metrics.splitlines() if line.startswith(wanted)), None)
        return line is not None and int(line.rsplit(" ", 1)[1]) > 0

    def wait_upstream(
        self, up: bool = True, timeout: float = 15, backend: str = "n8n_webhook"
    ) -> None:
        """Wait until the health check (every second) has seen n8n ready (or not ready)."""
        deadline = time.monotonic() + timeout
        while self.upstream_up(backend) != up:
            if time.monotonic() > deadline:
                state = "ready" if up else "gone"
                raise IngressError(f"haproxy did not see n8n {state} in {timeout}s")
            time.sleep(0.1)

    def stop(self) -> None:
        if self._process is not None:
            self._process.stop()
