"""Quote node speed: POST /quotes against a bare FastAPI JSON endpoint, measured in the same run.

Starts the Python nodes under uvicorn on loopback (quote node only, embedded stores in a temporary
directory, rate limits off), then:

1. closed loop, ``--concurrency`` clients: requests/s and p50/p95/p99 of ``GET /health/live``
   (the baseline) and of ``POST /quotes``, and the ratio of their requests/s;
2. open loop at ``--rate`` requests/s of ``POST /quotes`` for ``--seconds``: p95 latency.

Run: .venv/bin/python bench/bench_quote.py [--requests 1000] [--rate 100] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "bench-key"
BODY: dict[str, Any] = {
    "scenario": "solo_techo",
    "roof": {
        "product": "ISODEC_EPS",
        "thickness_mm": 100,
        "color": "Blanco",
        "zones": [{"length_m": "5.0", "width_m": "5.6"}],
    },
    "delivery": {"pickup": True},
    "customer": {"phone": "59899123456", "name": "Bench"},
    "origin": "WA",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(data_dir: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PY_NODES": "quote",
        "DATA_DIR": data_dir,
        "API_KEYS": API_KEY,
        "RATE_LIMITS_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        "ENV": "test",
    }
    command = [
        sys.executable, "-m", "uvicorn", "py_nodes.main:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env)


def wait_started(base: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health/startup", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def summary(name: str, latencies: list[float], elapsed: float) -> float:
    rps = len(latencies) / elapsed
    ms = [value * 1000 for value in latencies]
    print(
        f"{name:<16} {rps:8.0f} req/s   p50 {statistics.median(ms):6.2f} ms   "
        f"p95 {percentile(ms, 95):6.2f} ms   p99 {percentile(ms, 99):6.2f} ms"
    )
    return rps


Call = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


async def closed_loop(client: httpx.AsyncClient, call: Call, total: int, workers: int) -> Any:
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
    return latencies, time.perf_counter() - started


async def open_loop(client: httpx.AsyncClient, call: Call, rate: float, seconds: float) -> Any:
    latencies: list[float] = []

    async def one() -> None:
        started = time.perf_counter()
        response = await call(client)
        latencies.append(time.perf_counter() - started)
        assert response.status_code < 400, response.text[:200]

    tasks = []
    start = time.perf_counter()
    for index in range(int(rate * seconds)):
        delay = start + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one()))
    await asyncio.gather(*tasks)
    return latencies


async def measure(base: str, args: argparse.Namespace) -> None:
    headers = {"X-API-Key": API_KEY}
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits) as client:

        async def live(c: httpx.AsyncClient) -> httpx.Response:
            return await c.get("/health/live")

        async def quote(c: httpx.AsyncClient) -> httpx.Response:
            return await c.post("/quotes", json=BODY)

        await closed_loop(client, live, 200, args.concurrency)  # warm-up
        await closed_loop(client, quote, 200, args.concurrency)
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"machine: {os.cpu_count()} cores, load average {load} (other work shares them)")
        print(f"closed loop, {args.requests} requests, {args.concurrency} concurrent clients")
        baseline = summary("GET /health/live", *await closed_loop(
            client, live, args.requests, args.concurrency))  # fmt: skip
        quotes = summary("POST /quotes", *await closed_loop(
            client, quote, args.requests, args.concurrency))  # fmt: skip
        print(f"ratio POST /quotes / baseline: {quotes / baseline:.2f}  (aim >= 0.6)")
        fixed = await open_loop(client, quote, args.rate, args.seconds)
        p50 = statistics.median(fixed) * 1000
        p95 = percentile(fixed, 95) * 1000
        print(
            f"open loop {args.rate:g} req/s for {args.seconds:g} s: POST /quotes "
            f"p50 {p50:.2f} ms  p95 {p95:.2f} ms  (aim p95 < 5 ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="bench-quote-") as data_dir:
        server = start_server(data_dir, port)
        try:
            wait_started(base)
            asyncio.run(measure(base, args))
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
