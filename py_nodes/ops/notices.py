"""Whether a failure's notice to operations is due: one per kind per window, with a count.

A storm of the same failure (a Python node down, a flood) writes a dead letter per failure but
tells operations once per ``OPS_NOTICE_EVERY_MIN``; the next notice says how many were held
back. The decision is one atomic ``set_if_absent`` in the shared cache, so concurrent error-flow
executions cannot each decide to notify. A cache failure lets the notice through.
"""

from __future__ import annotations

import hashlib
import logging

from pydantic import BaseModel

from py_nodes.core.cache import Cache

log = logging.getLogger(__name__)


class NoticeDue(BaseModel):
    """``due``: tell operations now; ``held_back``: notices of this kind not sent since the last."""

    due: bool
    held_back: int = 0


async def notice_due(cache: Cache, kind: str, every_s: int) -> NoticeDue:
    key = hashlib.sha256(kind.encode()).hexdigest()[:24]
    held_key = f"ops:notice-held:{key}"
    try:
        if await cache.set_if_absent(f"ops:notice:{key}", "1", every_s):
            held = await cache.get(held_key)
            await cache.delete(held_key)
            return NoticeDue(due=True, held_back=int(held or 0))
        await cache.incr(held_key, ttl_s=every_s * 10)
    except Exception as exc:  # the cache decides nothing when it is down: notify
        log.warning("notice throttle unavailable", extra={"error": type(exc).__name__})
        return NoticeDue(due=True)
    return NoticeDue(due=False)
