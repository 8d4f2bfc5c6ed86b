"""Local processes the tooling starts: each in its own session with its log file, readiness by URL.

Used by the webhook ingress (``workflows/ingress.py``) and the load and fault runs
(``bench/load/``), where ``kill -9`` of such a process is a real crash.
"""

from __future__ import annotations

import signal
import subprocess
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from workflows.install import REPO_ROOT
from workflows.runtime import stop_process_group


def wait_http(url: str, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until ``url`` answers 2xx; give up after ``timeout`` s, or when ``process`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if process is not None and process.poll() is not None:
                code = process.returncode
                raise RuntimeError(f"exited with {code} before {url} answered") from None
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {timeout}s")


@dataclass
class ManagedProcess:
    """A command started in its own session, killed with a real signal, restarted the same way."""

    name: str
    command: list[str]
    env: Mapping[str, str]
    log_path: Path
    ready_url: str | None = None
    #: Run as this system user (the caller must be root), e.g. PostgreSQL under root.
    user: str | None = None
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def start(self, timeout: float = 60) -> None:
        """Start; with ``ready_url``, wait for it (RuntimeError naming the log if it exits)."""
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            self.command, env=dict(self.env), cwd=REPO_ROOT, stdout=self._log,
            stderr=subprocess.STDOUT, start_new_session=True, user=self.user,
        )  # fmt: skip
        if self.ready_url:
            try:
                wait_http(self.ready_url, timeout, self.process)
            except RuntimeError as error:
                raise RuntimeError(f"{self.name} {error}; see {self.log_path}") from None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        stop_process_group(self.process, sig, timeout)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def kill9(self) -> None:
        self.stop(signal.SIGKILL)
