"""The catalog as JSON, cached with a TTL under a key that changes with its fingerprint."""

from __future__ import annotations

from typing import Any

from py_nodes.core.cache import Cache, get_json, set_json
from py_nodes.quote.catalog.models import Catalog

CACHE_NAME = "catalog"


def catalog_cache_key(catalog: Catalog) -> str:
    return f"quote:catalog:{catalog.fingerprint[:16]}"


def catalog_json(catalog: Catalog) -> dict[str, Any]:
    """Every section (prices, freight zones, conditions) plus the fingerprint; Decimals as text."""
    return {"fingerprint": catalog.fingerprint, **catalog.model_dump(mode="json")}


async def cached_catalog_json(cache: Cache, catalog: Catalog, ttl_s: int) -> dict[str, Any]:
    """Read through the cache: a miss serialises the catalog and stores it for ``ttl_s``."""
    key = catalog_cache_key(catalog)
    cached = await get_json(cache, CACHE_NAME, key)
    if isinstance(cached, dict):
        return cached
    value = catalog_json(catalog)
    await set_json(cache, key, value, ttl_s)
    return value
