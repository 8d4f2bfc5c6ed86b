"""Metric label values that come from requests, kept to a bounded set.

A label value taken from a request body (a flow's name in a dead letter) would let any caller
create a new time series per request. ``BoundedLabel`` lets through the first ``limit`` distinct
short values it sees and maps everything else to ``other``.
"""

from __future__ import annotations

import re
import threading
from typing import Final

OTHER: Final = "other"
_SAFE = re.compile(r"^[A-Za-z0-9 _.:-]{1,64}$")


class BoundedLabel:
    def __init__(self, limit: int = 25) -> None:
        self._limit = limit
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, value: str) -> str:
        if not _SAFE.match(value):
            return OTHER
        with self._lock:
            if value in self._seen:
                return value
            if len(self._seen) >= self._limit:
                return OTHER
            self._seen.add(value)
            return value
