"""Retention: documents older than their collection's limit are deleted.

    .venv/bin/python -m py_nodes.privacy.retention      (daily; also run at every start)

The limits are ``registry.PersonalData.retention_days``, overridden per collection by
``RETENTION_DAYS`` (``conversations=180,sessions=30``; 0 keeps). The stores write epoch seconds,
which MongoDB's TTL indexes cannot expire (they need BSON dates) and the embedded engine has no
indexes at all, so the same delete-by-age runs on both engines.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from typing import Any

from py_nodes.core.config import Settings, load_settings
from py_nodes.core.storage import DocumentStore
from py_nodes.privacy.registry import REGISTRY

log = logging.getLogger(__name__)
DAY_S = 86400


def retention_days(settings: Settings) -> dict[str, int]:
    """Days kept per collection (0: kept until erased), settings over declared defaults."""
    unknown = sorted(set(settings.retention_days) - set(REGISTRY))
    if unknown:
        raise ValueError(f"RETENTION_DAYS names unknown collections: {unknown}")
    days = {name: entry.retention_days for name, entry in REGISTRY.items()}
    days.update(settings.retention_days)
    return days


async def purge_expired(
    store: DocumentStore, settings: Settings, now: float | None = None
) -> dict[str, int]:
    """Delete what is older than its limit; the count per collection."""
    now = time.time() if now is None else now
    limits = retention_days(settings)

    def purge(db: Any) -> dict[str, int]:
        deleted: dict[str, int] = {}
        existing = set(db.list_collection_names())
        for name, entry in REGISTRY.items():
            days = limits[name]
            if days <= 0 or entry.timestamp_field is None or name not in existing:
                continue
            cutoff = now - days * DAY_S
            result = db[name].delete_many({entry.timestamp_field: {"$lt": cutoff}})
            deleted[name] = int(result.deleted_count)
        return deleted

    deleted = await store.run(purge)
    log.info("retention purge", extra={"deleted": deleted})
    return deleted


def main() -> int:
    from py_nodes.core.storage import open_store

    settings = load_settings()
    store = open_store(settings)
    try:
        deleted = asyncio.run(purge_expired(store, settings))
    finally:
        store.close()
    sys.stdout.write(json.dumps(deleted) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
