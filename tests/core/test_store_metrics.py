"""Every store call is timed by method and collection (the plan's "DB p95 < 100 ms" reads it)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from prometheus_client import REGISTRY

from py_nodes.core.config import Settings
from py_nodes.core.storage import open_store


def observed(operation: str, collection: str) -> float:
    value = REGISTRY.get_sample_value(
        "bmc_store_seconds_count", {"operation": operation, "collection": collection}
    )
    return value or 0.0


def test_store_calls_are_timed_by_method_and_collection(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path / "data"))
    before = (observed("insert_one", "probe_a"), observed("find_one", "probe_a"))

    async def scenario() -> object:
        await store.run(lambda db: db["probe_a"].insert_one({"_id": 1, "x": 2}))
        await store.run(lambda db: db.probe_a.find_one({"_id": 1}))
        return await store.run(lambda db: list(db["probe_a"].find({}).sort("x", 1)))

    try:
        rows = asyncio.run(scenario())
    finally:
        store.close()

    assert rows == [{"_id": 1, "x": 2}]
    assert observed("insert_one", "probe_a") == before[0] + 1
    assert observed("find_one", "probe_a") == before[1] + 1
    assert observed("find", "probe_a") >= 1
