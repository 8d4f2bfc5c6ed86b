"""Shared pieces of the HTTP benchmarks: a node server in its own process, load loops, figures.

The server runs in a child process (uvicorn, one worker, embedded stores in a temp dir, rate
limits off), so the load generator never competes with it for the GIL. Every benchmark measures
its endpoint and a bare one (``GET /health/live``) against the same server in the same run and
prints the ratio: figures are relative to this machine, not absolute promises.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "bench-key"  # pragma: allowlist secret
Call = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def node_server(nodes: list[str], env: Mapping[str, str] | None = None) -> Iterator[str]:
    """Run ``nodes`` under uvicorn on a free loopback port; yield the base URL."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-") as data_dir:
        child_env = {
            **os.environ,
            "PY_NODES": ",".join(nodes),
            "DATA_DIR": data_dir,
            "API_KEYS": API_KEY,
            "RATE_LIMITS_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "ENV": "test",
            **(env or {}),
        }
        command = [
            sys.executable, "-m", "uvicorn", "py_nodes.main:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
            "--no-access-log",
        ]  # fmt: skip
        server = subprocess.Popen(command, cwd=ROOT, env=child_env)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_started(base, server)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait_started(base: str, server: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/health/startup", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start")


@dataclass
class Sample:
    """Latencies (seconds) of one load run and how long the run took."""

    latencies: list[float]
    elapsed: float

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed

    def percentile_ms(self, pct: int) -> float:
        return statistics.quantiles(self.latencies, n=100)[pct - 1] * 1000

    def line(self, name: str) -> str:
        return (
            f"{name:<32} {self.rate:8.0f} req/s   p50 {self.percentile_ms(50):7.2f} ms   "
            f"p95 {self.percentile_ms(95):7.2f} ms   p99 {self.percentile_ms(99):7.2f} ms"
        )


async def closed_loop(client: httpx.AsyncClient, call: Call, total: int, workers: int) -> Sample:
    """``total`` calls from ``workers`` clients that each send the next as soon as one returns."""
    latencies: list[float] = []
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            response = await call(client)
            latencies.append(time.perf_counter() - started)
            if response.status_code >= 400:
                raise SystemExit(f"unexpected {response.status_code}: {response.text[:200]}")

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    return Sample(latencies, time.perf_counter() - started)


async def open_loop(client: httpx.AsyncClient, call: Call, rate: float, seconds: float) -> Sample:
    """Calls started at a fixed ``rate`` whatever the answers' speed (no coordinated omission)."""
    latencies: list[float] = []

    async def one() -> None:
        started = time.perf_counter()
        response = await call(client)
        latencies.append(time.perf_counter() - started)
        if response.status_code >= 400:
            raise SystemExit(f"unexpected {response.status_code}: {response.text[:200]}")

    tasks = []
    start = time.perf_counter()
    for index in range(int(rate * seconds)):
        delay = start + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one()))
    await asyncio.gather(*tasks)
    return Sample(latencies, time.perf_counter() - start)


def client(base: str, concurrency: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(
        base_url=base, headers={"X-API-Key": API_KEY}, limits=limits, timeout=30
    )


async def live(c: httpx.AsyncClient) -> httpx.Response:
    """The bare endpoint every benchmark compares against."""
    return await c.get("/health/live")


def machine_line() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"machine: {os.cpu_count()} cores, load average {load} (other work shares them)"


def ratio_line(name: str, sample: Sample, baseline: Sample, aim: float) -> str:
    ratio = sample.rate / baseline.rate
    verdict = "meets" if ratio >= aim else "misses"
    return f"ratio {name} / bare: {ratio:.2f} ({verdict} the aim >= {aim})"
