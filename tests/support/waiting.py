"""Waiting on a condition, never on the wall clock alone.

``wait_until`` returns as soon as something happened (or False at its deadline). ``assert_stays``
is for "nothing happened": it watches the condition for a bounded time and fails the moment it
turns false, instead of sleeping blind and looking once at the end.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(predicate: Callable[[], bool], timeout: float = 20, step: float = 0.2) -> bool:
    """True as soon as ``predicate()`` is; False if it is still false after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def assert_stays(
    predicate: Callable[[], bool], for_s: float, step: float = 0.2, what: str = "the condition"
) -> None:
    """Fail as soon as ``predicate()`` is false, checking it throughout ``for_s`` seconds."""
    start = time.monotonic()
    while True:
        elapsed = time.monotonic() - start
        assert predicate(), f"{what} stopped holding after {elapsed:.1f} s"
        if elapsed >= for_s:
            return
        time.sleep(min(step, for_s - elapsed))
