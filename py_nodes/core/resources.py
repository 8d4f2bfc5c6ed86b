"""Clients every node shares, opened once per app in the lifespan and closed in ``finally``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import httpx

from py_nodes.core.cache import Cache, MemoryCache, RedisCache
from py_nodes.core.config import Settings
from py_nodes.core.state import NodeStates
from py_nodes.core.storage import DocumentStore, open_store

log = logging.getLogger(__name__)


@dataclass
class Resources:
    """Shared clients plus ``state``: the app's node states (``AppState.nodes``, the same object),
    where a start-up hook puts what its node builds (catalog, knowledge index…)."""

    settings: Settings
    store: DocumentStore
    cache: Cache
    qdrant: Any
    http: httpx.AsyncClient
    state: NodeStates = field(default_factory=NodeStates)

    async def close(self) -> None:
        await self.http.aclose()
        await self.cache.close()
        self.qdrant.close()
        self.store.close()


def open_cache(settings: Settings) -> Cache:
    if settings.redis_url is None:
        return MemoryCache()
    return RedisCache(settings.redis_url.get_secret_value(), settings.dependency_timeout_s)


def open_qdrant(settings: Settings) -> Any:
    """A Qdrant server when ``QDRANT_URL`` is set, else qdrant-client's embedded on-disk mode."""
    from qdrant_client import QdrantClient

    if settings.qdrant_url:
        api_key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
        return QdrantClient(url=settings.qdrant_url, api_key=api_key, timeout=5)
    path = settings.data_dir / "qdrant"
    path.mkdir(parents=True, exist_ok=True)
    return QdrantClient(path=str(path))


async def open_resources(settings: Settings, nodes: NodeStates | None = None) -> Resources:
    """Open every shared client; ``nodes`` is the app's node states (a fresh one when omitted)."""
    store = open_store(settings)
    resources = Resources(
        settings=settings,
        store=store,
        cache=open_cache(settings),
        qdrant=open_qdrant(settings),
        http=httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=3.0)),
        state=nodes if nodes is not None else NodeStates(),
    )
    log.info(
        "resources opened",
        extra={
            "store": store.engine,
            "cache": resources.cache.backend,
            "qdrant": "server" if settings.qdrant_url else "embedded",
        },
    )
    return resources
