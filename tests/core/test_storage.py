"""The embedded engine behind DocumentStore: on disk, serialised, reopened intact."""

import asyncio
from pathlib import Path

import pytest

from py_nodes.core.config import Settings
from py_nodes.core.storage import open_store

pytestmark = pytest.mark.anyio


def _settings(tmp_path: Path) -> Settings:
    return Settings(env="test", data_dir=tmp_path)


async def test_store_embedded_persists_across_reopen(tmp_path: Path) -> None:
    store = open_store(_settings(tmp_path))
    await store.run(lambda db: db["quotes"].insert_one({"_id": "BMC-2026-0001", "total": "1641.55"}))
    store.close()

    reopened = open_store(_settings(tmp_path))
    found = await reopened.run(lambda db: db["quotes"].find_one({"_id": "BMC-2026-0001"}))
    reopened.close()

    assert found == {"_id": "BMC-2026-0001", "total": "1641.55"}


async def test_store_embedded_concurrent_increments_are_not_lost(tmp_path: Path) -> None:
    store = open_store(_settings(tmp_path))

    def bump(db: object) -> None:
        db["counters"].update_one({"_id": "c"}, {"$inc": {"seq": 1}}, upsert=True)  # type: ignore[index]

    await asyncio.gather(*(store.run(bump) for _ in range(60)))
    counter = await store.run(lambda db: db["counters"].find_one({"_id": "c"}))
    store.close()

    assert counter == {"_id": "c", "seq": 60}


async def test_store_embedded_ping_and_engine_name(tmp_path: Path) -> None:
    store = open_store(_settings(tmp_path))

    await store.ping()

    assert (store.engine, store.embedded) == ("montydb", True)
    store.close()
