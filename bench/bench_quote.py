"""Quote node speed: POST /quotes against a bare FastAPI endpoint, measured in the same run.

1. closed loop, ``--concurrency`` clients: requests/s and p50/p95/p99 of ``GET /health/live``
   and of ``POST /quotes`` (Example A's roof, stored and numbered), and the ratio (aim >= 0.6);
2. open loop at ``--rate`` requests/s of ``POST /quotes`` for ``--seconds``: p95 (aim < 5 ms).

Run: .venv/bin/python bench/bench_quote.py [--requests 1000] [--rate 100] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

import httpx
from harness import client as make_client
from harness import closed_loop, live, machine_line, node_server, open_loop, ratio_line

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


async def quote(c: httpx.AsyncClient) -> httpx.Response:
    return await c.post("/quotes", json=BODY)


async def measure(base: str, args: argparse.Namespace) -> None:
    async with make_client(base, args.concurrency) as client:
        await closed_loop(client, live, 200, args.concurrency)  # warm-up
        await closed_loop(client, quote, 200, args.concurrency)
        print(machine_line())
        print(f"closed loop, {args.requests} requests, {args.concurrency} concurrent clients")
        bare = await closed_loop(client, live, args.requests, args.concurrency)
        quotes = await closed_loop(client, quote, args.requests, args.concurrency)
        print(bare.line("GET /health/live"))
        print(quotes.line("POST /quotes"))
        print(ratio_line("POST /quotes", quotes, bare, aim=0.6))
        fixed = await open_loop(client, quote, args.rate, args.seconds)
        print(
            f"open loop {args.rate:g} req/s for {args.seconds:g} s: POST /quotes "
            f"p50 {fixed.percentile_ms(50):.2f} ms  p95 {fixed.percentile_ms(95):.2f} ms  "
            "(aim p95 < 5 ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    with node_server(["quote"]) as base:
        asyncio.run(measure(base, args))


if __name__ == "__main__":
    main()
