"""One answer per WhatsApp message id: a claim in the cache, the answer kept in ``ai_replies``."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from py_nodes.core.cache import Cache
from py_nodes.core.storage import DocumentStore

COLLECTION = "ai_replies"
CLAIM_TTL_S = 120
REPLY_TTL_S = 24 * 3600


class ReplyLedger:
    """Remembers the response given to each ``message_id``."""

    def __init__(self, store: DocumentStore, cache: Cache) -> None:
        self._store = store
        self._cache = cache

    async def stored(self, message_id: str) -> dict[str, Any] | None:
        cached = await self._cache.get(f"ai:reply:{message_id}")
        if cached is not None:
            value: dict[str, Any] = json.loads(cached)
            return value
        document = await self._store.run(lambda db: db[COLLECTION].find_one({"_id": message_id}))
        return None if document is None else dict(document["response"])

    async def claim(self, message_id: str) -> bool:
        """True for the first caller with this id; concurrent duplicates get False."""
        return await self._cache.set_if_absent(f"ai:claim:{message_id}", "1", CLAIM_TTL_S)

    async def release(self, message_id: str) -> None:
        await self._cache.delete(f"ai:claim:{message_id}")

    async def wait_for(self, message_id: str, timeout_s: float) -> dict[str, Any] | None:
        """Poll for the answer a concurrent request with the same id is producing."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            answer = await self.stored(message_id)
            if answer is not None:
                return answer
            await asyncio.sleep(0.05)
        return None

    async def remember(self, message_id: str, phone: str, response: dict[str, Any]) -> None:
        encoded = json.dumps(response, separators=(",", ":"))
        document = {"_id": message_id, "phone": phone, "response": json.loads(encoded),
                    "at": time.time()}  # fmt: skip
        await self._store.run(lambda db: db[COLLECTION].insert_one(document))
        await self._cache.set(f"ai:reply:{message_id}", encoded, REPLY_TTL_S)
