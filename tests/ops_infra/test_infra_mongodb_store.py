"""The document store on a real MongoDB (CI's service container): set BMC_TEST_MONGODB_URI to run.

Locally these skip (no MongoDB server here); CI sets BMC_REQUIRE_MONGODB=1: a missing server fails.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from py_nodes.core.config import Settings
from py_nodes.core.storage import DocumentStore, IndexSpec, open_store

pytestmark = pytest.mark.integration


@pytest.fixture
def mongo_store(tmp_path: Path) -> Iterator[DocumentStore]:
    uri = os.environ.get("BMC_TEST_MONGODB_URI")
    if not uri:
        if os.environ.get("BMC_REQUIRE_MONGODB") == "1":
            pytest.fail("BMC_REQUIRE_MONGODB=1 but BMC_TEST_MONGODB_URI is not set")
        pytest.skip("no MongoDB server: set BMC_TEST_MONGODB_URI (CI runs a service container)")
    database = f"bmc_test_{uuid.uuid4().hex[:12]}"
    settings = Settings(env="test", data_dir=tmp_path, mongodb_uri=uri, mongodb_db=database)
    store = open_store(settings)
    yield store
    asyncio.run(store.run(lambda db: db.client.drop_database(database)))
    store.close()


def test_mongodb_store_engine_is_mongodb(mongo_store: DocumentStore) -> None:
    asyncio.run(mongo_store.ping())

    assert mongo_store.engine == "mongodb"


def test_mongodb_store_counter_upsert_is_atomic(mongo_store: DocumentStore) -> None:
    def bump(db: Any) -> Any:
        return db["counters"].find_one_and_update(
            {"_id": "quotes-2026"}, {"$inc": {"value": 1}}, upsert=True, return_document=True
        )

    async def many() -> list[Any]:
        return await asyncio.gather(*(mongo_store.run(bump) for _ in range(20)))

    results = asyncio.run(many())

    assert sorted(result["value"] for result in results) == list(range(1, 21))


def test_mongodb_store_creates_declared_indexes(mongo_store: DocumentStore) -> None:
    specs = [
        IndexSpec("quotes", (("phone", 1), ("timestamp", -1))),
        IndexSpec("ops_inbox", (("message_id", 1),), unique=True),
    ]

    asyncio.run(mongo_store.ensure_indexes(specs))
    names = asyncio.run(mongo_store.run(lambda db: set(db["quotes"].index_information())))

    assert "phone_1_timestamp_-1" in names
