"""The ops node's wall clock, a route dependency: tests move time instead of sleeping.

The inbox and the send permits compare stored times (leases, unconfirmed sends) with "now"; the
routes read it here once per request and hand it down, so a test overrides ``now_s`` with a clock
it advances (``app.dependency_overrides[now_s] = clock``).
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Depends


async def now_s() -> float:
    """Seconds since the epoch. Async, so FastAPI calls it without a thread-pool hop."""
    return time.time()


NowDep = Annotated[float, Depends(now_s)]
