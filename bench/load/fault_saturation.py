"""A saturated machine for the fault runs: CPU hogs on every core, slow Python nodes, slow n8n.

Exactly-once must not depend on timing, so the fault run also plays while:

- one busy-loop process per core runs at normal priority (``CpuHogs``): n8n, the Python nodes
  and Redis share the cores with them;
- the Python nodes answer every request late: an ASGI wrapper (``create_slow_app``, the app
  uvicorn serves when ``StackOptions.py_app`` names it) holds each response for a random
  ``BMC_INJECT_LATENCY_MS`` ("min-max") milliseconds, after the route ran, so a state change is
  committed well before n8n hears of it, and every n8n execution (about ten calls to Python per
  turn) waits seconds longer.

Together, turns outlive the sweeper's stale time, which is what re-drives messages whose first
execution is still alive. (Starving n8n further with ``nice`` was tried: on a machine other work
already kept at a load average of 15-19, n8n then needed more than 5 minutes to restart after its
``kill -9``; docs/reliability.md.)

``Saturation()`` is a context manager; the hogs stop on exit.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

LATENCY_ENV = "BMC_INJECT_LATENCY_MS"
SLOW_APP = "bench.load.fault_saturation:create_slow_app"
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]  # fmt: skip


def latency_range(value: str) -> tuple[float, float]:
    """``"50-400"`` -> (0.05, 0.4) seconds."""
    low, _, high = value.partition("-")
    return float(low) / 1000, float(high or low) / 1000


def with_latency(app: ASGIApp, low_s: float, high_s: float) -> ASGIApp:
    """Hold every HTTP response's start for a random time in [low_s, high_s]."""

    async def wrapped(scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def late_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                await asyncio.sleep(random.uniform(low_s, high_s))
            await send(message)

        await app(scope, receive, late_send)

    return wrapped


def create_slow_app() -> ASGIApp:
    """The Python nodes' app with injected latency (uvicorn ``--factory``)."""
    from py_nodes.main import create_app

    low, high = latency_range(os.environ.get(LATENCY_ENV, "0"))
    app: ASGIApp = create_app()
    return with_latency(app, low, high)


class CpuHogs:
    """One busy-loop process per core, at normal priority."""

    def __init__(self, count: int | None = None) -> None:
        self.count = count or os.cpu_count() or 1
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        for _ in range(self.count):
            command = [sys.executable, "-c", "while True: pass"]
            self.processes.append(subprocess.Popen(command, stdout=subprocess.DEVNULL))

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        self.processes.clear()


class Saturation:
    """CPU hogs for the duration of a ``with`` block."""

    def __init__(self) -> None:
        self.hogs = CpuHogs()

    def __enter__(self) -> Saturation:
        self.hogs.start()
        print(f"  saturated: {self.hogs.count} CPU hogs", flush=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.hogs.stop()
