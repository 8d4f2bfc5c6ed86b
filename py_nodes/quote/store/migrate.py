"""Stored quotes of older shapes rewritten in today's (English ``state``, lines as named fields).

Reading needs no migration (``QuoteDocument`` reads every older shape, see ``store/models.py``),
but queries do: a filter on ``state`` would miss a document that still says ``estado``. So this
runs once per start of the node, before it serves (``NODE.on_startup``), and by hand::

    .venv/bin/python -m py_nodes.quote.store.migrate

It is idempotent and touches only documents in an older shape; each is replaced only if it was
not changed since it was read (``updated_at``), so a concurrent state change is never lost: that
document is simply left for the next run.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from typing import Any, Final

from py_nodes.core.config import load_settings
from py_nodes.core.resources import Resources
from py_nodes.core.storage import DocumentStore
from py_nodes.quote.store.models import upgrade
from py_nodes.quote.store.quotes import QUOTES

log = logging.getLogger(__name__)
#: Every older shape: the Spanish state key, or lines as rows (always stored with their columns).
OLD_SHAPE: Final = {
    "$or": [{"estado": {"$exists": True}}, {"quote.line_fields": {"$exists": True}}]
}


async def upgrade_stored_quotes(store: DocumentStore) -> int:
    """Rewrite the quotes still in an older shape; how many were rewritten."""

    def operation(db: Any) -> int:
        collection = db[QUOTES]
        rewritten = 0
        for document in list(collection.find(OLD_SHAPE)):
            unchanged = {"_id": document["_id"], "updated_at": document.get("updated_at")}
            result = collection.replace_one(unchanged, upgrade(document))
            rewritten += int(result.modified_count)
        return rewritten

    rewritten = await store.run(operation)
    if rewritten:
        log.info("stored quotes upgraded", extra={"rewritten": rewritten})
    return rewritten


async def upgrade_at_start(resources: Resources) -> None:
    await upgrade_stored_quotes(resources.store)


def main() -> int:
    from py_nodes.core.storage import open_store

    store = open_store(load_settings())
    try:
        rewritten = asyncio.run(upgrade_stored_quotes(store))
    finally:
        store.close()
    sys.stdout.write(json.dumps({"rewritten": rewritten}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
