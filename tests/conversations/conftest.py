"""Collects every story's outcome and prints the pass rates and the wrong-job count."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

#: source -> [passed, played]; "wrong_job" -> story ids priced as another job.
OUTCOMES: dict[str, list[int]] = defaultdict(lambda: [0, 0])
WRONG_JOB: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not OUTCOMES:
        return
    terminalreporter.write_sep("-", "conversation stories")
    for source, (passed, played) in sorted(OUTCOMES.items()):
        terminalreporter.write_line(f"{source}: {passed}/{played} = {passed / played:.1%} pass")
    terminalreporter.write_line(f"wrong-job quotes: {len(WRONG_JOB)} {WRONG_JOB or ''}")


@pytest.fixture
def outcomes() -> dict[str, list[int]]:
    return OUTCOMES


@pytest.fixture
def wrong_job() -> list[str]:
    return WRONG_JOB
