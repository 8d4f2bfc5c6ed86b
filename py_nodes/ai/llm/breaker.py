"""A circuit breaker: open after N consecutive failures, one trial call after the cool-down."""

from __future__ import annotations

import time
from collections.abc import Callable

from py_nodes.core import metrics


class CircuitBreaker:
    """closed -(N failures)-> open -(cool-down)-> half_open -> success closes, failure reopens."""

    def __init__(
        self, failure_threshold: int = 3, cooldown_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        self._threshold = failure_threshold
        self._cooldown_s = cooldown_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self._cooldown_s:
            return "half_open"
        return "open"

    def allow(self) -> bool:
        """May a call go out now? In half-open only one trial call at a time."""
        state = self.state
        if state == "closed":
            return True
        if state == "half_open" and not self._trial_running:
            self._trial_running = True
            return True
        return False

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._trial_running = False
        metrics.LLM_CIRCUIT_OPEN.set(0)

    def record_failure(self) -> None:
        self._trial_running = False
        if self._opened_at is not None:
            self._opened_at = self._clock()
            return
        self._failures += 1
        if self._failures >= self._threshold:
            self._opened_at = self._clock()
            metrics.LLM_CIRCUIT_OPEN.set(1)
