"""One notice to operations per failure kind per window, decided atomically (issue 12, item 4)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from py_nodes.core.cache import MemoryCache
from py_nodes.main import create_app
from py_nodes.ops.notices import NoticeDue, notice_due
from tests.conftest import make_settings

KEY = {"X-API-Key": "test-key-current"}


def letter(node: str) -> dict[str, str]:
    return {"execution_id": "1", "workflow": "answer-message", "node": node, "message": "503",
            "payload_ref": "wamid.X"}  # fmt: skip


def test_dead_letters_say_when_a_notice_is_due(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path))) as client:
        storm = [client.post("/ops/dead-letters", json=letter("Ask the AI"), headers=KEY).json()
                 for _ in range(5)]  # fmt: skip
        other = client.post("/ops/dead-letters", json=letter("Send"), headers=KEY).json()

    assert [item["notice"]["due"] for item in storm] == [True, False, False, False, False]
    assert other["notice"] == {"due": True, "held_back": 0}


@pytest.mark.anyio
async def test_the_next_window_notices_with_the_count_held_back() -> None:
    now = [1000.0]
    cache = MemoryCache(clock=lambda: now[0])
    storm = [await notice_due(cache, "flow/step", 60) for _ in range(5)]
    now[0] += 61

    later = await notice_due(cache, "flow/step", 60)

    assert [item.due for item in storm] == [True, False, False, False, False]
    assert later == NoticeDue(due=True, held_back=4)


@pytest.mark.anyio
async def test_concurrent_failures_give_exactly_one_notice() -> None:
    cache = MemoryCache()

    decided = await asyncio.gather(*(notice_due(cache, "flow/step", 60) for _ in range(50)))

    assert sum(item.due for item in decided) == 1


@pytest.mark.anyio
async def test_a_broken_cache_lets_the_notice_through() -> None:
    class Broken(MemoryCache):
        async def set_if_absent(self, key: str, value: str, ttl_s: int | None = None) -> bool:
            raise ConnectionError("redis down")

    assert (await notice_due(Broken(), "flow/step", 60)).due is True
