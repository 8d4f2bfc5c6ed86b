"""The in-process cache honours the contract Redis honours in test_redis_cache."""

import pytest

from py_nodes.core.cache import MemoryCache


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.anyio
async def test_memory_cache_value_expires_after_ttl() -> None:
    clock = FakeClock()
    cache = MemoryCache(clock=clock)
    await cache.set("k", "v", ttl_s=10)

    clock.now += 10.5

    assert await cache.get("k") is None


@pytest.mark.anyio
async def test_memory_cache_set_if_absent_only_first_wins() -> None:
    cache = MemoryCache()

    first = await cache.set_if_absent("k", "1")
    second = await cache.set_if_absent("k", "2")

    assert (first, second, await cache.get("k")) == (True, False, "1")


@pytest.mark.anyio
async def test_memory_cache_incr_keeps_first_expiry() -> None:
    clock = FakeClock()
    cache = MemoryCache(clock=clock)
    await cache.incr("n", ttl_s=5)
    clock.now += 3
    await cache.incr("n", ttl_s=5)

    clock.now += 2.5

    assert await cache.get("n") is None
