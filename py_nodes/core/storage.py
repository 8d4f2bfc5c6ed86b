"""Document storage: real MongoDB through pymongo, or montydb on SQLite on disk, behind one API.

Store code in the nodes talks to a pymongo-style ``Database`` and never knows which engine runs:
it calls ``await store.run(lambda db: db.quotes.find_one(...))``. pymongo's client is thread-safe
and pooled, so its calls run on the default thread pool. montydb's SQLite connection is not
(it refuses use from a second thread), so every embedded call runs on one dedicated thread, which
also makes single-document updates atomic within the process (see docs/adr/0001-embedded-store.md).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from opentelemetry import trace

from py_nodes.core import metrics
from py_nodes.core.config import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class IndexSpec:
    """An index a node's queries need: collection, keys as (field, 1|-1) pairs, uniqueness."""

    collection: str
    keys: tuple[tuple[str, int], ...]
    unique: bool = False
    expire_after_s: int | None = None


class DocumentStore:
    """One database, whichever engine serves it."""

    def __init__(self, client: Any, database: Any, *, engine: str, executor: Any = None) -> None:
        self._client = client
        self.db = database
        self.engine = engine
        self._executor = executor
        #: Spans for store calls; a no-op until tracing is installed (py_nodes/core/tracing.py).
        self.tracer: trace.Tracer = trace.NoOpTracer()

    @property
    def embedded(self) -> bool:
        return self.engine == "montydb"

    async def run(self, operation: Callable[[Any], T]) -> T:
        """Run ``operation(db)`` off the event loop on the engine's executor.

        Each call is timed into ``bmc_store_seconds`` (and a span when tracing is on), labelled
        with the first collection and method the operation touches, e.g. ``quotes``/``find_one``;
        the time includes waiting for the executor, which is what a request feels.
        """
        loop = asyncio.get_running_loop()
        probe = _CallProbe(self.db)
        started = time.perf_counter()
        with self.tracer.start_as_current_span("store") as span:
            try:
                return await loop.run_in_executor(self._executor, operation, probe)
            finally:
                metrics.STORE_SECONDS.labels(
                    operation=probe.operation, collection=probe.collection
                ).observe(time.perf_counter() - started)
                span.update_name(f"store {probe.operation} {probe.collection}")
                span.set_attributes(
                    {"db.system": self.engine, "db.operation.name": probe.operation,
                     "db.collection.name": probe.collection}
                )  # fmt: skip

    async def ping(self) -> None:
        if self.embedded:
            await self.run(lambda db: db["_health"].find_one({"_id": "ping"}))
        else:
            await self.run(lambda db: db.command("ping"))

    async def ensure_indexes(self, specs: Iterable[IndexSpec]) -> None:
        """Create indexes on MongoDB. montydb keeps no secondary indexes, so it skips them."""
        if self.embedded:
            return
        for spec in specs:
            await self.run(_index_creator(spec))
        log.info("indexes ensured", extra={"engine": self.engine})

    def close(self) -> None:
        self._client.close()
        if self._executor is not None:
            self._executor.shutdown(wait=True)


class _CallProbe:
    """A view of the database that notes the first collection and method an operation uses.

    Only names are noted (never arguments), so labels stay bounded and carry no personal data.
    """

    def __init__(self, database: Any) -> None:
        self._database = database
        self.collection = "-"
        self.operation = "-"

    def __getitem__(self, name: str) -> Any:
        return _CollectionProbe(self._database[name], name, self)

    def __getattr__(self, name: str) -> Any:
        if name == "command":
            self._note("-", "command")
            return self._database.command
        return _CollectionProbe(getattr(self._database, name), name, self)

    def _note(self, collection: str, operation: str) -> None:
        if self.operation == "-":
            self.collection, self.operation = collection, operation


class _CollectionProbe:
    def __init__(self, collection: Any, name: str, probe: _CallProbe) -> None:
        self._collection = collection
        self._name = name
        self._probe = probe

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._collection, attribute)
        if callable(value):
            self._probe._note(self._name, attribute)
        return value


def _index_creator(spec: IndexSpec) -> Callable[[Any], Any]:
    options: dict[str, Any] = {"unique": spec.unique}
    if spec.expire_after_s is not None:
        options["expireAfterSeconds"] = spec.expire_after_s

    def create(db: Any) -> Any:
        return db[spec.collection].create_index(list(spec.keys), **options)

    return create


def open_store(settings: Settings) -> DocumentStore:
    """Connect to MongoDB when ``MONGODB_URI`` is set, else open the embedded on-disk engine."""
    if settings.mongodb_uri is not None:
        from pymongo import MongoClient

        timeout = settings.mongodb_timeout_ms
        client: Any = MongoClient(
            settings.mongodb_uri.get_secret_value(),
            maxPoolSize=settings.mongodb_pool_size,
            serverSelectionTimeoutMS=timeout,
            connectTimeoutMS=timeout,
            socketTimeoutMS=timeout * 5,
            tz_aware=True,
            appname="bmc-bot-py-nodes",
        )
        return DocumentStore(client, client[settings.mongodb_db], engine="mongodb")
    return _open_embedded(settings.data_dir / "mongo", settings.mongodb_db)


def _open_embedded(path: Path, name: str) -> DocumentStore:
    from montydb import MontyClient, set_storage

    from py_nodes.core import embedded_tuning

    embedded_tuning.install()
    path.mkdir(parents=True, exist_ok=True)
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="montydb")

    def connect() -> Any:
        # use_bson=False keeps documents as JSON in SQLite: no C extension needed.
        set_storage(str(path), storage="sqlite", use_bson=False, mongo_version="4.0")
        return MontyClient(str(path))

    client = executor.submit(connect).result()
    return DocumentStore(
        _ClientOnThread(client, executor, path), client[name], engine="montydb", executor=executor
    )


class _ClientOnThread:
    """Closes the montydb client on the thread that opened it."""

    def __init__(self, client: Any, executor: ThreadPoolExecutor, path: Path) -> None:
        self._client = client
        self._executor = executor
        self._path = path

    def close(self) -> None:
        from py_nodes.core import embedded_tuning

        self._executor.submit(self._client.close).result()
        self._executor.submit(embedded_tuning.close_under, str(self._path)).result()
