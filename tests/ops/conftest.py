"""The ops routes on a clock the test moves (core's ``now_utc`` overridden): no sleeping for a
lease to expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI

from py_nodes.core.deps import now_utc


class Clock:
    """A settable stand-in for ``py_nodes.core.deps.now_utc``."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    async def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(app: FastAPI) -> Clock:
    """The app's clock, starting at the real time; ``clock.advance(s)`` moves it."""
    clock = Clock(datetime.now(UTC))
    app.dependency_overrides[now_utc] = clock
    return clock
