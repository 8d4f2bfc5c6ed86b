"""The embedded engine behind DocumentStore: on disk, serialised, reopened intact."""

import asyncio
from pathlib import Path

import pytest

from py_nodes.core.config import Settings
from py_nodes.core.storage import DocumentStore, IndexSpec, open_store

pytestmark = pytest.mark.anyio


def _settings(tmp_path: Path) -> Settings:
    return Settings(env="test", data_dir=tmp_path)


async def test_store_embedded_persists_across_reopen(tmp_path: Path) -> None:
    store = open_store(_settings(tmp_path))
    await store.run(
        lambda db: db["quotes"].insert_one({"_id": "BMC-2026-0001", "total": "1641.55"})
    )
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


class RecordingCollection:
    def __init__(self, calls: list[tuple[str, object, dict[str, object]]], name: str) -> None:
        self._calls = calls
        self._name = name

    def create_index(self, keys: object, **options: object) -> str:
        self._calls.append((self._name, keys, options))
        return "ok"


class RecordingDatabase:
    def __init__(self) -> None:
        self.calls: list[tuple[str, object, dict[str, object]]] = []

    def __getitem__(self, name: str) -> RecordingCollection:
        return RecordingCollection(self.calls, name)


async def test_store_mongodb_creates_declared_indexes() -> None:
    database = RecordingDatabase()
    store = DocumentStore(client=None, database=database, engine="mongodb")
    specs = [
        IndexSpec("quotes", (("timestamp", -1),)),
        IndexSpec("quotes", (("number", 1),), unique=True),
        IndexSpec("inbox", (("received_at", 1),), expire_after_s=86400),
    ]

    await store.ensure_indexes(specs)

    assert database.calls == [
        ("quotes", [("timestamp", -1)], {"unique": False}),
        ("quotes", [("number", 1)], {"unique": True}),
        ("inbox", [("received_at", 1)], {"unique": False, "expireAfterSeconds": 86400}),
    ]
