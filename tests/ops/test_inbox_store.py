"""The inbox store without HTTP: attempts are capped, then the entry is failed."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from py_nodes.core.config import Settings
from py_nodes.core.errors import Conflict
from py_nodes.core.storage import open_store
from py_nodes.ops import inbox
from py_nodes.ops.models import InboxRecord


def test_inbox_claim_after_max_attempts_fails_entry(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path / "data"))

    async def scenario() -> str:
        await inbox.record(store, InboxRecord(message_id="wamid.A"), now=0.0)
        for attempt in range(inbox.MAX_ATTEMPTS):
            await inbox.claim(store, "wamid.A", older_than_s=1, now=10.0 * (attempt + 1))
        with pytest.raises(Conflict):
            await inbox.claim(store, "wamid.A", older_than_s=1, now=1000.0)
        return (await inbox.get(store, "wamid.A")).state

    try:
        state = asyncio.run(scenario())
    finally:
        store.close()

    assert state == "failed"
