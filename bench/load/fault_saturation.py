"""A saturated machine for the fault runs: CPU hogs on every core, slow Python nodes, a starved n8n.

Exactly-once must not depend on timing, so the fault run also plays while:

- one busy-loop process per core runs at normal priority (``CpuHogs``);
- the Python nodes answer every request late: an ASGI wrapper (``create_slow_app``, the app
  uvicorn serves when ``StackOptions.py_app`` names it) holds each response for a random
  ``BMC_INJECT_LATENCY_MS`` ("min-max") milliseconds, after the route ran, so a state change is
  committed well before n8n hears of it;
- n8n and its task runner run at a lower priority than the hogs (``nice`` +``N8N_NICE``,
  re-applied every half second, so the n8n restarted after a ``kill -9`` is starved too): every
  execution is slow, and turns outlive the sweeper's stale time, which is what re-drives
  messages whose first execution is still alive.

``Saturation(stack)`` is a context manager; everything it starts stops on exit.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from bench.load.procs import descendants
from bench.load.system import LoadStack

LATENCY_ENV = "BMC_INJECT_LATENCY_MS"
SLOW_APP = "bench.load.fault_saturation:create_slow_app"
N8N_NICE = 3
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


def _threads(pids: list[int]) -> list[int]:
    """Every thread of ``pids`` (Linux's nice is per thread: node's workers need it too)."""
    tasks = []
    for pid in pids:
        try:
            tasks += [int(task.name) for task in Path(f"/proc/{pid}/task").iterdir()]
        except OSError:
            continue
    return tasks


class Saturation:
    """CPU hogs plus a starved n8n for the duration of a ``with`` block."""

    def __init__(self, stack: LoadStack, nice: int = N8N_NICE) -> None:
        self.stack, self.nice = stack, nice
        self.hogs = CpuHogs()
        self.reniced: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renice_n8n, daemon=True)

    def _renice_n8n(self) -> None:
        while not self._stop.is_set():
            process = self.stack.n8n.process if self.stack.n8n is not None else None
            for task in _threads(descendants(process.pid)) if process is not None else []:
                if task not in self.reniced:
                    try:
                        os.setpriority(os.PRIO_PROCESS, task, self.nice)
                    except OSError:
                        continue
                    self.reniced.add(task)
            self._stop.wait(0.5)

    def __enter__(self) -> Saturation:
        self.hogs.start()
        self._thread.start()
        print(f"  saturated: {self.hogs.count} CPU hogs, n8n at nice +{self.nice}", flush=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self.hogs.stop()
