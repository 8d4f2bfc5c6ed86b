"""Shared pieces of the HTTP benchmarks: the servers under test, each in its own process.

Every server runs under uvicorn (one process, no access log) on a free loopback port, so wrk,
the benchmark script and the server never share a process. The project's app runs with embedded
stores in a temp dir and rate limits off; the bare app (``bench/load/bare_app.py``) is FastAPI
with one endpoint and nothing else, the baseline every ratio is taken against.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "bench-key"  # pragma: allowlist secret


@dataclass(frozen=True)
class Server:
    base: str
    pid: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def uvicorn_server(
    target: list[str], ready_path: str, env: Mapping[str, str] | None = None
) -> Iterator[Server]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", *target, "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning", "--no-access-log"]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_started(base + ready_path, server)
        yield Server(base, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def node_server(nodes: list[str], env: Mapping[str, str] | None = None) -> Iterator[Server]:
    """The project's app with ``nodes`` (embedded stores in a temp dir, rate limits off)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as data_dir:
        child_env = {
            "PY_NODES": ",".join(nodes),
            "DATA_DIR": data_dir,
            "API_KEYS": API_KEY,
            "RATE_LIMITS_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "ENV": "test",
            **(env or {}),
        }
        target = ["py_nodes.main:create_app", "--factory"]
        with uvicorn_server(target, "/health/startup", child_env) as server:
            yield server


@contextmanager
def bare_server() -> Iterator[Server]:
    """A bare FastAPI app: ``POST /echo`` answers ``{"ok": true}`` and does nothing else."""
    with uvicorn_server(["bench.load.bare_app:app"], "/openapi.json") as server:
        yield server


def _wait_started(url: str, server: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def machine_line() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"machine: {os.cpu_count()} cores, load average {load} (other work shares them)"
