"""Collects slot results of the conversation corpus and prints the exact-match rate."""

from __future__ import annotations

from typing import Any

import pytest

SLOT_STATS: dict[str, int] = {"turns": 0, "exact": 0, "slots": 0, "slots_ok": 0}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not SLOT_STATS["turns"]:
        return
    turns, exact = SLOT_STATS["turns"], SLOT_STATS["exact"]
    slots, slots_ok = SLOT_STATS["slots"], SLOT_STATS["slots_ok"]
    terminalreporter.write_sep("-", "conversation corpus")
    terminalreporter.write_line(
        f"slot exact-match rate: {exact}/{turns} turns = {exact / turns:.1%} "
        f"(per slot {slots_ok}/{slots} = {slots_ok / slots:.1%})"
    )


@pytest.fixture
def slot_stats() -> dict[str, int]:
    return SLOT_STATS
