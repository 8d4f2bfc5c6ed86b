"""Signature checks per second against a bare endpoint, same server, same run.

    .venv/bin/python bench/bench_signature.py [--requests 3000] [--concurrency 16] [--rounds 3]

Drives ``POST /security/whatsapp/signature`` (a realistic ~1.3 KB webhook, valid signature, API
key) and ``GET /health/live`` in alternating rounds against the security node alone, and prints
req/s and p50/p95/p99 for each and the ratio signature/bare (aim: >= 0.8).
"""

from __future__ import annotations

import argparse
import asyncio
import json

import httpx
from harness import Sample, closed_loop, live, machine_line, node_server, ratio_line
from harness import client as make_client

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


async def bench(base: str, total: int, concurrency: int, rounds: int) -> None:
    from py_nodes.security.signature import sign

    headers = {
        "Content-Type": "application/octet-stream",
        "X-Hub-Signature-256": sign(BODY, APP_SECRET),
    }

    async def signed(c: httpx.AsyncClient) -> httpx.Response:
        return await c.post("/security/whatsapp/signature", content=BODY, headers=headers)

    async with make_client(base, concurrency) as client:
        await closed_loop(client, live, total // 5, concurrency)  # warm-up
        await closed_loop(client, signed, total // 5, concurrency)
        bare, checked = Sample([], 0.0), Sample([], 0.0)
        for _ in range(rounds):
            for merged, call in ((bare, live), (checked, signed)):
                run = await closed_loop(client, call, total, concurrency)
                merged.latencies += run.latencies
                merged.elapsed += run.elapsed
    print(machine_line())
    print(f"{total} requests x {rounds} rounds, concurrency {concurrency}, body {len(BODY)} bytes")
    print(bare.line("GET /health/live"))
    print(checked.line("POST /security/whatsapp/signature"))
    print(ratio_line("signature", checked, bare, aim=0.8))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with node_server(["security"], {"WHATSAPP_APP_SECRETS": APP_SECRET}) as base:
        asyncio.run(bench(base, args.requests, args.concurrency, args.rounds))


if __name__ == "__main__":
    main()
