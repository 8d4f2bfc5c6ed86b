"""The ops routes on a clock the test moves (``now_s`` overridden): no sleeping for a lease."""

from __future__ import annotations

import time

import pytest
from fastapi import FastAPI

from py_nodes.ops.clock import now_s


class Clock:
    """A settable stand-in for ``py_nodes.ops.clock.now_s``."""

    def __init__(self, start: float) -> None:
        self.now = start

    async def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(app: FastAPI) -> Clock:
    """The app's ops clock, starting at the real time; ``clock.advance(s)`` moves it."""
    clock = Clock(time.time())
    app.dependency_overrides[now_s] = clock
    return clock
