"""Throughput of POST /ai/respond on the rules path vs a bare endpoint, in the same run.

Plays many phones x a short conversation (turn-major, so each phone's turns stay in order) against
the ai node alone on embedded stores, and prints requests/s, p50/p95/p99 and the ratio (aim 0.4).
Run: .venv/bin/python bench/bench_ai.py [--phones 60] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
from harness import client as make_client
from harness import closed_loop, live, machine_line, node_server, ratio_line

# Even phones write tersely; odd phones as customers really write (number words, roles,
# edges, delivery by meaning), so the figure includes the cost of the full understanding.
CONVERSATION = (
    "Hola, quiero cotizar Isodec",
    "de 100 mm para techo",
    "10,5 x 4 metros",
    "soy de Montevideo",
    "gracias, chau",
)
REAL_CONVERSATION = (
    "buenas! precio de isodec de 150 pal galpon",
    "la chapa baja 6,20 mts y el frente tiene siete metros",
    "sobre perfiles de hierro, canalon abajo, arriba babeta de adosar y goteros a los costados",
    "es en Pando, me lo traen?",
    "gracias!",
)


def conversation_turns(phones: int) -> list[dict[str, Any]]:
    return [
        {
            "message_id": f"wamid.bench.{phone}.{turn}",
            "phone": f"598990{phone:05d}",
            "text": (REAL_CONVERSATION if phone % 2 else CONVERSATION)[turn],
            "message_type": "text",
            "timestamp": 1_760_000_000 + turn,
        }
        for turn in range(len(CONVERSATION))
        for phone in range(phones)
    ]


async def measure(base: str, phones: int, concurrency: int) -> None:
    turns: Iterator[dict[str, Any]] = iter(conversation_turns(phones))
    total = phones * len(CONVERSATION)

    async def respond(c: httpx.AsyncClient) -> httpx.Response:
        return await c.post("/ai/respond", json=next(turns))

    async with make_client(base, concurrency) as client:
        await closed_loop(client, live, 100, concurrency)  # warm-up
        bare = await closed_loop(client, live, total, concurrency)
        answered = await closed_loop(client, respond, total, concurrency)
    print(machine_line())
    print(
        f"{phones} phones x {len(CONVERSATION)} turns (half terse, half as customers write), "
        f"{concurrency} concurrent clients"
    )
    print(bare.line("GET /health/live"))
    print(answered.line("POST /ai/respond"))
    print(ratio_line("POST /ai/respond", answered, bare, aim=0.4))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with node_server(["ai"]) as base:
        asyncio.run(measure(base, args.phones, args.concurrency))


if __name__ == "__main__":
    main()
