"""Signature checks per second against a bare endpoint, same server, same run.

    .venv/bin/python bench/bench_signature.py [--requests 3000] [--concurrency 16] [--rounds 3]

Starts uvicorn (security node only, rate limits off, embedded stores in a temp dir) on a free
loopback port in a child process, then drives ``POST /security/whatsapp/signature`` (a realistic
~1.3 KB webhook, valid signature, API key) and ``GET /health/live`` in alternating rounds.
Prints req/s and p50/p95/p99 for each and the ratio signature/bare (aim: >= 0.8).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "bench-key"  # pragma: allowlist secret
APP_SECRET = "bench-app-secret"  # pragma: allowlist secret
MESSAGE = "Hola, ¿cuánto sale el panel ISODEC de 100 mm para un techo de 8 × 5 m? 👍 Gracias"
BODY = json.dumps(
    {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"phone_number_id": "10987654321"},
                            "contacts": [
                                {"profile": {"name": "Martín Pérez"}, "wa_id": "59899123456"}
                            ],
                            "messages": [
                                {
                                    "from": "59899123456",
                                    "id": "wamid." + "A" * 40,
                                    "timestamp": "1767225600",
                                    "type": "text",
                                    "text": {"body": MESSAGE * 10},
                                }
                            ],
                        },
                        "field": "messages",
                    }
                ],
            }
        ],
    },
    ensure_ascii=False,
).encode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(port: int, data_dir: str) -> None:
    import uvicorn

    from py_nodes.core.config import Settings
    from py_nodes.main import create_app

    settings = Settings(
        env="test",
        data_dir=Path(data_dir),
        log_level="WARNING",
        api_keys=API_KEY,
        whatsapp_app_secrets=APP_SECRET,
        rate_limits_enabled=False,
    )
    uvicorn.run(
        create_app(settings, nodes=["security"]),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )


async def drive(
    client: httpx.AsyncClient, request: httpx.Request, total: int, concurrency: int, expected: int
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            response = await client.send(request)
            latencies.append(time.perf_counter() - started)
            if response.status_code != expected:
                raise RuntimeError(f"{request.url.path}: {response.status_code} {response.text}")

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return total / (time.perf_counter() - started), latencies


def summary(name: str, rates: list[float], latencies: list[float]) -> float:
    cuts = statistics.quantiles(latencies, n=100)
    rate = statistics.median(rates)
    print(
        f"{name:10} {rate:8.0f} req/s   p50 {cuts[49] * 1000:6.2f} ms   "
        f"p95 {cuts[94] * 1000:6.2f} ms   p99 {cuts[98] * 1000:6.2f} ms"
    )
    return rate


async def bench(port: int, total: int, concurrency: int, rounds: int) -> None:
    from py_nodes.security.signature import sign

    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        for _ in range(200):
            try:
                await client.get("/health/live")
                break
            except httpx.TransportError:
                await asyncio.sleep(0.05)
        bare = client.build_request("GET", "/health/live")
        signed = client.build_request(
            "POST",
            "/security/whatsapp/signature",
            content=BODY,
            headers={
                "X-API-Key": API_KEY,
                "Content-Type": "application/octet-stream",
                "X-Hub-Signature-256": sign(BODY, APP_SECRET),
            },
        )
        await drive(client, bare, total // 5, concurrency, 200)  # warm-up
        await drive(client, signed, total // 5, concurrency, 204)
        results: dict[str, tuple[list[float], list[float]]] = {
            "bare": ([], []),
            "signature": ([], []),
        }
        for _ in range(rounds):
            for name, request, status in (("bare", bare, 200), ("signature", signed, 204)):
                rate, latencies = await drive(client, request, total, concurrency, status)
                results[name][0].append(rate)
                results[name][1].extend(latencies)
    print(
        f"{total} requests x {rounds} rounds, concurrency {concurrency}, "
        f"body {len(BODY)} bytes, uvicorn 1 worker"
    )
    bare_rate = summary("bare", *results["bare"])
    sig_rate = summary("signature", *results["signature"])
    print(f"ratio signature/bare: {sig_rate / bare_rate:.2f} (aim >= 0.8)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.data_dir)
        return 0
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port), "--data-dir", data_dir],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            asyncio.run(bench(port, args.requests, args.concurrency, args.rounds))
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
