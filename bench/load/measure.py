"""Figures of one load step: latency percentiles, throughput, errors, CPU per component."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.load.procs import cpu_seconds
from bench.load.traffic import Turn


def percentile(samples: list[float], share: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@dataclass
class CpuMeter:
    """CPU seconds of named process trees between ``start()`` and ``stop()``."""

    pids: dict[str, Callable[[], int | None]]
    _before: dict[str, float] = field(default_factory=dict)
    _started: float = 0.0

    def start(self) -> None:
        self._started = time.monotonic()
        self._before = {name: self._cpu(name, pid()) for name, pid in self.pids.items()}

    @staticmethod
    def _cpu(name: str, pid: int | None) -> float:
        return cpu_seconds(pid, tree=pid != os.getpid())

    def stop(self) -> tuple[float, dict[str, float]]:
        """(wall seconds, CPU seconds per component)."""
        wall = time.monotonic() - self._started
        return wall, {
            name: max(0.0, self._cpu(name, pid()) - self._before[name])
            for name, pid in self.pids.items()
        }


def own_pid() -> int:
    return os.getpid()


def redis_hits(port: int) -> tuple[int, int]:
    """Redis keyspace (hits, misses) since its start."""
    out = subprocess.run(["redis-cli", "-p", str(port), "info", "stats"], capture_output=True,
                         text=True, check=False).stdout  # fmt: skip
    values = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    return int(values.get("keyspace_hits", 0)), int(values.get("keyspace_misses", 0))


@dataclass
class TurnFigures:
    offered: int
    acked: int
    replied: int
    p50: float
    p95: float
    p99: float
    ack_p95: float
    worst: float
    errors: int
    in_window: int

    @property
    def error_rate(self) -> float:
        return self.errors / self.offered if self.offered else 0.0


def turn_figures(turns: list[Turn], window_end: float) -> TurnFigures:
    """Latency in ms webhook-in -> reply; an error is a turn never acknowledged or not answered."""
    latencies = [(t.replied_at - t.sent_at) * 1000 for t in turns if t.replied_at is not None]
    acks = [(t.acked_at - t.sent_at) * 1000 for t in turns if t.acked_at is not None]
    errors = sum(1 for t in turns if t.acked_at is None or t.replied_at is None)
    in_window = sum(1 for t in turns if t.replied_at is not None and t.replied_at <= window_end)
    return TurnFigures(
        len(turns), len(acks), len(latencies), percentile(latencies, 0.5),
        percentile(latencies, 0.95), percentile(latencies, 0.99), percentile(acks, 0.95),
        percentile(latencies, 1.0), errors, in_window,
    )  # fmt: skip


@dataclass
class BaselineFigures:
    name: str
    requests: int
    failures: int
    per_s: float
    p50: float
    p95: float
    p99: float
