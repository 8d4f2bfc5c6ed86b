"""Sessions per phone: MongoDB ``sessions`` is the record, the cache holds a hot copy."""

from __future__ import annotations

import json
import logging
from typing import Any

from py_nodes.ai.dialogue.state import Session
from py_nodes.core.cache import Cache, count_lookup, get_json
from py_nodes.core.storage import DocumentStore

log = logging.getLogger(__name__)
COLLECTION = "sessions"
CACHE_NAME = "ai_session"


def cache_key(phone: str) -> str:
    return f"ai:session:{phone}"


class SessionStore:
    """Load, expire and save sessions; a cache failure never loses the record in MongoDB."""

    def __init__(self, store: DocumentStore, cache: Cache, ttl_s: int) -> None:
        self._store = store
        self._cache = cache
        self._ttl_s = ttl_s

    async def load(self, phone: str, now: float) -> Session:
        """The phone's session, expired (name and last quote kept) after ``ttl_s`` of silence."""
        raw = await self._cached(phone)
        if raw is None:
            raw = await self._store.run(lambda db: db[COLLECTION].find_one({"_id": phone}))
            count_lookup(CACHE_NAME, "miss" if raw is not None else "new")
        else:
            count_lookup(CACHE_NAME, "hit")
        if raw is None:
            return Session(phone=phone, last_activity=now)
        raw.pop("_id", None)
        session = Session.model_validate(raw)
        if now - session.last_activity > self._ttl_s:
            session.expire()
        return session

    async def save(self, session: Session) -> None:
        encoded = session.model_dump_json()
        # Keyed by phone: a look-up by ``_id`` is a primary-key read on both engines.
        document = {"_id": session.phone, **json.loads(encoded)}
        await self._store.run(
            lambda db: db[COLLECTION].replace_one({"_id": session.phone}, document, upsert=True)
        )
        try:
            await self._cache.set(cache_key(session.phone), encoded, self._ttl_s)
        except Exception as exc:  # the cache is only a copy: log and go on
            log.warning("session cache write failed", extra={"error": type(exc).__name__})

    async def _cached(self, phone: str) -> dict[str, Any] | None:
        try:
            value = await get_json(self._cache, CACHE_NAME, cache_key(phone), count=False)
        except Exception as exc:
            log.warning("session cache read failed", extra={"error": type(exc).__name__})
            return None
        return value if isinstance(value, dict) else None
