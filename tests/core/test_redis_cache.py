"""RedisCache against the real redis-server the test command starts."""

import uuid
from collections.abc import AsyncIterator

import pytest

from py_nodes.core.cache import RedisCache

pytestmark = [pytest.mark.integration, pytest.mark.anyio]


@pytest.fixture
async def redis_cache(redis_url: str) -> AsyncIterator[RedisCache]:
    cache = RedisCache(redis_url, timeout_s=2)
    yield cache
    await cache.close()


def _key() -> str:
    return f"test:{uuid.uuid4().hex}"


async def test_redis_cache_set_get_and_ttl(redis_cache: RedisCache) -> None:
    key = _key()

    await redis_cache.set(key, "valor", ttl_s=30)

    assert await redis_cache.get(key) == "valor"


async def test_redis_cache_set_if_absent_only_first_wins(redis_cache: RedisCache) -> None:
    key = _key()

    results = [await redis_cache.set_if_absent(key, str(i), ttl_s=30) for i in range(3)]

    assert results == [True, False, False]
    assert await redis_cache.get(key) == "0"


async def test_redis_cache_incr_counts_and_deletes(redis_cache: RedisCache) -> None:
    key = _key()

    counts = [await redis_cache.incr(key, ttl_s=30) for _ in range(3)]
    await redis_cache.delete(key)

    assert counts == [1, 2, 3]
    assert await redis_cache.get(key) is None


async def test_redis_cache_ping_answers(redis_cache: RedisCache) -> None:
    await redis_cache.ping()

    assert await redis_cache.get(_key()) is None
