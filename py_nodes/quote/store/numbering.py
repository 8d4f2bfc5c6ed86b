"""Quote numbers ``BMC-YYYY-NNNN`` from an atomic per-year counter (year in America/Montevideo)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from pymongo import ReturnDocument

MONTEVIDEO: Final = ZoneInfo("America/Montevideo")
COUNTERS: Final = "counters"
NUMBER_PATTERN: Final = re.compile(r"^BMC-(\d{4})-(\d{4,})$")


def quote_year(now: datetime) -> int:
    """The calendar year in Montevideo (a quote at 22:00 UTC-3 on 31 Dec belongs to that year)."""
    return now.astimezone(MONTEVIDEO).year


def local_iso(now: datetime) -> str:
    """ISO 8601 with Montevideo's offset, as people read it (``2026-05-20T14:03:11-03:00``)."""
    return now.astimezone(MONTEVIDEO).isoformat(timespec="seconds")


def format_number(year: int, seq: int) -> str:
    return f"BMC-{year}-{seq:04d}"


def take_number(db: Any, year: int) -> str:
    """Increment the year's counter and return the new number, in one atomic operation.

    ``find_one_and_update`` with ``$inc`` and ``upsert`` is atomic on MongoDB; on the embedded
    engine every call runs on the store's single thread, so it is atomic there too. pymongo's
    ``ReturnDocument.AFTER`` is ``True``, which is also what montydb expects.
    """
    counter = db[COUNTERS].find_one_and_update(
        {"_id": f"quotes-{year}"},
        {"$inc": {"seq": 1}},
        upsert=True,
        return_document=ReturnDocument.AFTER,
    )
    return format_number(year, int(counter["seq"]))
