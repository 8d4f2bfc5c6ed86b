"""Throughput of POST /ai/respond on the rules path vs a bare endpoint, in the same run.

Starts uvicorn on a free loopback port with only the ai node on temporary embedded stores, plays
many phones x short conversations, and prints requests/s, p50/p95/p99 and the ratio.
Run: .venv/bin/python bench/bench_ai.py [--phones 60] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from py_nodes.core.config import Settings
from py_nodes.main import create_app

HEADERS = {"X-API-Key": "bench-key"}
CONVERSATION = (
    "Hola, quiero cotizar Isodec",
    "de 100 mm para techo",
    "10,5 x 4 metros",
    "soy de Montevideo",
    "gracias, chau",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data_dir: Path, port: int) -> uvicorn.Server:
    settings = Settings(env="test", data_dir=data_dir, log_level="ERROR", api_keys="bench-key",
                        rate_limits_enabled=False)  # fmt: skip
    config = uvicorn.Config(create_app(settings, nodes=["ai"]), host="127.0.0.1", port=port,
                            log_level="error", access_log=False)  # fmt: skip
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


async def run(base: str, jobs: list[tuple[str, dict[str, object] | None]], concurrency: int
              ) -> tuple[float, list[float]]:  # fmt: skip
    """Send ``jobs`` (path, json body or None for GET) with ``concurrency`` workers."""
    latencies: list[float] = []
    queue: asyncio.Queue[tuple[str, dict[str, object] | None]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            path, body = queue.get_nowait()
            started = time.perf_counter()
            response = await (client.post(path, json=body) if body else client.get(path))
            latencies.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text

    async with httpx.AsyncClient(base_url=base, headers=HEADERS, timeout=30) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return len(jobs) / elapsed, latencies


def conversation_jobs(phones: int) -> list[tuple[str, dict[str, object] | None]]:
    """Turn-major order: each phone's turns stay in order across concurrent workers."""
    jobs: list[tuple[str, dict[str, object] | None]] = []
    for turn, text in enumerate(CONVERSATION):
        for phone in range(phones):
            jobs.append(("/ai/respond", {
                "message_id": f"wamid.bench.{phone}.{turn}", "phone": f"598990{phone:05d}",
                "text": text, "message_type": "text", "timestamp": 1_760_000_000 + turn,
            }))  # fmt: skip
    return jobs


def report(name: str, rate: float, latencies: list[float]) -> None:
    q = statistics.quantiles(latencies, n=100)
    print(f"{name:<14} {len(latencies):>5} req  {rate:8.1f} req/s  p50 {q[49] * 1000:6.1f} ms  "
          f"p95 {q[94] * 1000:6.1f} ms  p99 {q[98] * 1000:6.1f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        server = start_server(Path(tmp), port)
        base = f"http://127.0.0.1:{port}"
        jobs = conversation_jobs(args.phones)
        bare_jobs: list[tuple[str, dict[str, object] | None]] = [("/health/live", None)] * len(jobs)
        asyncio.run(run(base, bare_jobs[:50], args.concurrency))  # warm-up
        bare_rate, bare_lat = asyncio.run(run(base, bare_jobs, args.concurrency))
        ai_rate, ai_lat = asyncio.run(run(base, jobs, args.concurrency))
        server.should_exit = True
    report("/health/live", bare_rate, bare_lat)
    report("/ai/respond", ai_rate, ai_lat)
    print(f"ratio ai/bare: {ai_rate / bare_rate:.2f} (aim >= 0.4)")


if __name__ == "__main__":
    main()
