"""Cache accounting: a key looked up for the first time is ``new``, not a miss; the LLM
breaker's state is a gauge the LlmCircuitOpen alert reads."""

from __future__ import annotations

import asyncio
from pathlib import Path

from prometheus_client import REGISTRY

from py_nodes.ai.dialogue.state import Session
from py_nodes.ai.llm.breaker import CircuitBreaker
from py_nodes.ai.sessions import CACHE_NAME, SessionStore
from py_nodes.core.cache import MemoryCache
from py_nodes.core.config import Settings
from py_nodes.core.storage import open_store


def counted(result: str) -> float:
    labels = {"cache": CACHE_NAME, "result": result}
    return REGISTRY.get_sample_value("bmc_cache_requests_total", labels) or 0.0


def test_first_look_up_is_new_then_hit_and_a_lost_copy_is_a_miss(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path / "data"))
    cache = MemoryCache()
    sessions = SessionStore(store, cache, ttl_s=3600)
    before = {r: counted(r) for r in ("new", "hit", "miss")}

    async def scenario() -> None:
        await sessions.load("59899000001", now=0.0)  # never seen: new
        await sessions.save(Session(phone="59899000001", last_activity=0.0))
        await sessions.load("59899000001", now=1.0)  # in the cache: hit
        await cache.delete("ai:session:59899000001")
        await sessions.load("59899000001", now=2.0)  # only in the store: miss

    try:
        asyncio.run(scenario())
    finally:
        store.close()

    assert {r: counted(r) - before[r] for r in before} == {"new": 1, "hit": 1, "miss": 1}


def test_breaker_state_is_exported() -> None:
    now = [0.0]
    breaker = CircuitBreaker(failure_threshold=2, cooldown_s=10, clock=lambda: now[0])

    def gauge() -> float | None:
        return REGISTRY.get_sample_value("bmc_llm_circuit_open")

    breaker.record_failure()
    breaker.record_success()
    assert gauge() == 0
    breaker.record_failure()
    breaker.record_failure()
    assert gauge() == 1
    now[0] = 11.0
    assert breaker.allow()
    breaker.record_success()
    assert gauge() == 0
