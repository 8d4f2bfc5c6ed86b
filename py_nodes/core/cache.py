"""Key-value cache and counters: Redis when ``REDIS_URL`` is set, an in-process fallback otherwise.

Both implement :class:`Cache`; the nodes never know which one they have.
"""

from __future__ import annotations

import json
import time
from typing import Any, Literal, Protocol

from py_nodes.core import metrics


class Cache(Protocol):
    """The operations the nodes need from a cache."""

    backend: str

    async def get(self, key: str) -> str | None: ...
    async def set(self, key: str, value: str, ttl_s: int | None = None) -> None: ...
    async def set_if_absent(self, key: str, value: str, ttl_s: int | None = None) -> bool: ...
    async def delete(self, *keys: str) -> None: ...
    async def incr(self, key: str, ttl_s: int | None = None) -> int: ...
    async def ping(self) -> None: ...
    async def close(self) -> None: ...


class MemoryCache:
    """A dict with expiry times; enough for one process in development and tests."""

    backend = "memory"

    def __init__(self, clock: Any = time.monotonic) -> None:
        self._items: dict[str, tuple[str, float | None]] = {}
        self._clock = clock

    def _live(self, key: str) -> str | None:
        item = self._items.get(key)
        if item is None:
            return None
        value, expires = item
        if expires is not None and expires <= self._clock():
            del self._items[key]
            return None
        return value

    def _expiry(self, ttl_s: int | None) -> float | None:
        return None if ttl_s is None else self._clock() + ttl_s

    async def get(self, key: str) -> str | None:
        return self._live(key)

    async def set(self, key: str, value: str, ttl_s: int | None = None) -> None:
        self._items[key] = (value, self._expiry(ttl_s))

    async def set_if_absent(self, key: str, value: str, ttl_s: int | None = None) -> bool:
        if self._live(key) is not None:
            return False
        self._items[key] = (value, self._expiry(ttl_s))
        return True

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._items.pop(key, None)

    async def incr(self, key: str, ttl_s: int | None = None) -> int:
        current = self._live(key)
        value = int(current or 0) + 1
        expires = self._items[key][1] if current is not None else self._expiry(ttl_s)
        self._items[key] = (str(value), expires)
        return value

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._items.clear()


class RedisCache:
    """redis-py's asyncio client with short timeouts."""

    backend = "redis"

    def __init__(self, url: str, timeout_s: float) -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            health_check_interval=30,
        )

    @property
    def redis(self) -> Any:
        """The redis-py client (for instrumentation)."""
        return self._redis

    async def get(self, key: str) -> str | None:
        value = await self._redis.get(key)
        return None if value is None else str(value)

    async def set(self, key: str, value: str, ttl_s: int | None = None) -> None:
        await self._redis.set(key, value, ex=ttl_s)

    async def set_if_absent(self, key: str, value: str, ttl_s: int | None = None) -> bool:
        return bool(await self._redis.set(key, value, ex=ttl_s, nx=True))

    async def delete(self, *keys: str) -> None:
        if keys:
            await self._redis.delete(*keys)

    async def incr(self, key: str, ttl_s: int | None = None) -> int:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            if ttl_s is not None:
                pipe.expire(key, ttl_s, nx=True)
            results = await pipe.execute()
        return int(results[0])

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        await self._redis.aclose()


async def get_json(cache: Cache, name: str, key: str, *, count: bool = True) -> Any | None:
    """Read a JSON value and count the hit or miss under cache ``name``.

    ``count=False`` leaves the counting to the caller, for look-ups that may be the first ever
    of their key: those are ``new``, not misses (:func:`count_lookup`), so the hit ratio shows
    how well the cache keeps what it was given.
    """
    raw = await cache.get(key)
    if count:
        count_lookup(name, "hit" if raw is not None else "miss")
    return None if raw is None else json.loads(raw)


def count_lookup(name: str, result: Literal["hit", "miss", "new"]) -> None:
    metrics.CACHE_REQUESTS.labels(cache=name, result=result).inc()


async def set_json(cache: Cache, key: str, value: Any, ttl_s: int | None = None) -> None:
    await cache.set(key, json.dumps(value, separators=(",", ":"), default=str), ttl_s)
