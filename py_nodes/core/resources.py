"""Clients every node shares, opened once per app in the lifespan and closed in ``finally``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import httpx

from py_nodes.core.cache import Cache, MemoryCache, RedisCache
from py_nodes.core.config import Settings
from py_nodes.core.storage import DocumentStore, open_store

log = logging.getLogger(__name__)


@dataclass
class Resources:
    """Shared clients plus ``state``: per-node objects a node builds at start (catalog, index…)."""

    settings: Settings
    store: DocumentStore
    cache: Cache
    qdrant: Any
    http: httpx.AsyncClient
    state: dict[str, Any] = field(default_factory=dict)

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


async def open_resources(settings: Settings) -> Resources:
    store = open_store(settings)
    resources = Resources(
        settings=settings,
        store=store,
        cache=open_cache(settings),
        qdrant=open_qdrant(settings),
        http=httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=3.0)),
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
