"""Erase one customer by phone (Ley 18.331, art. 15): every store, cache and n8n execution.

    .venv/bin/python -m py_nodes.privacy.erase 59899123456      (uses the service's settings)

Collections come from ``registry.REGISTRY``: their documents are deleted, or anonymised where
kept for accounting (quotes). Message ids found for the phone take the documents and cache
entries keyed by message id with them. After the erasure every collection is searched again and
``remaining`` must be zero everywhere; backups taken before keep the data until they expire.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Final

from py_nodes.core.cache import Cache
from py_nodes.core.config import Settings, load_settings
from py_nodes.core.errors import ValidationFailed
from py_nodes.core.storage import DocumentStore
from py_nodes.privacy.n8n_executions import N8nExecutions, N8nOutcome
from py_nodes.privacy.registry import REGISTRY, PersonalData

#: What backups still hold, said in every report (scripts/backup/backup.sh: KEEP_DAILY=30).
BACKUPS: Final = (
    "Los respaldos tomados antes de este borrado (cada 15 minutos las últimas 24 horas y uno "
    "diario 30 días, scripts/backup/) todavía contienen estos datos hasta que venzan, a más "
    "tardar en 30 días; si se restaura uno, hay que repetir este borrado."
)
_DIGITS = re.compile(r"\D")


class InvalidPhone(ValidationFailed):
    type_slug = "privacy/invalid-phone"
    title = "Invalid phone"
    meaning = "The phone to erase is not 6 to 20 digits (an optional leading + and spaces allowed)."
    default_detail = "El teléfono debe tener entre 6 y 20 dígitos, por ejemplo 59899123456."


@dataclass
class ErasureReport:
    phone: str
    deleted: dict[str, int] = field(default_factory=dict)
    anonymised: dict[str, int] = field(default_factory=dict)
    remaining: dict[str, int] = field(default_factory=dict)
    cache_keys_deleted: int = 0
    n8n: N8nOutcome | None = None
    backups: str = BACKUPS
    erased_at: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def normalise(phone: str) -> str:
    digits = _DIGITS.sub("", phone)
    if not 6 <= len(digits) <= 20 or not re.fullmatch(r"\s*\+?[\d\s().-]+\s*", phone):
        raise InvalidPhone()
    return digits


def _query(entry: PersonalData, digits: str, message_ids: list[str]) -> dict[str, Any] | None:
    variants = [digits, f"+{digits}"]
    clauses: list[dict[str, Any]] = [{name: {"$in": variants}} for name in entry.phone_fields]
    if message_ids:
        clauses += [{name: {"$in": message_ids}} for name in entry.message_id_fields]
    clauses += [{name: {"$regex": re.escape(digits)}} for name in entry.text_fields]
    if entry.on_erase == "anonymise":
        # Anonymised documents keep no phone: only the phone fields find them.
        clauses = [{name: {"$in": variants}} for name in entry.phone_fields]
    return {"$or": clauses} if clauses else None


def _message_ids(db: Any, digits: str) -> list[str]:
    """Every message id the customer's documents name (inbox, replies, conversations)."""
    variants = [digits, f"+{digits}"]
    found: set[str] = set()
    existing = set(db.list_collection_names())
    for entry in REGISTRY.values():
        if not entry.message_id_fields or not entry.phone_fields:
            continue
        if entry.collection not in existing:
            continue
        query = {"$or": [{name: {"$in": variants}} for name in entry.phone_fields]}
        for document in db[entry.collection].find(query):
            for name in entry.message_id_fields:
                value = document.get(name)
                if isinstance(value, str):
                    found.add(value)
    return sorted(found)


def _erase_documents(db: Any, digits: str) -> tuple[list[str], dict[str, int], dict[str, int]]:
    message_ids = _message_ids(db, digits)
    deleted: dict[str, int] = {}
    anonymised: dict[str, int] = {}
    existing = set(db.list_collection_names())
    for entry in REGISTRY.values():
        query = _query(entry, digits, message_ids)
        if query is None or entry.collection not in existing:
            continue
        collection = db[entry.collection]
        if entry.on_erase == "delete":
            deleted[entry.collection] = int(collection.delete_many(query).deleted_count)
            continue
        changes = {**entry.replacements, "erased_at": time.time()}
        anonymised[entry.collection] = int(
            collection.update_many(query, {"$set": changes}).modified_count
        )
    return message_ids, deleted, anonymised


def _remaining(db: Any, digits: str, message_ids: list[str]) -> dict[str, int]:
    remaining: dict[str, int] = {}
    existing = set(db.list_collection_names())
    for entry in REGISTRY.values():
        query = _query(entry, digits, message_ids)
        if query is not None and entry.collection in existing:
            remaining[entry.collection] = len(list(db[entry.collection].find(query)))
    return remaining


def cache_keys(digits: str, message_ids: list[str]) -> list[str]:
    keys: list[str] = []
    for entry in REGISTRY.values():
        for pattern in entry.cache_keys:
            if "{message_id}" in pattern:
                keys += [pattern.format(message_id=message_id) for message_id in message_ids]
            else:
                keys += [pattern.format(phone=variant) for variant in (digits, f"+{digits}")]
    return keys


async def erase_phone(
    store: DocumentStore,
    cache: Cache,
    phone: str,
    n8n: N8nExecutions | None = None,
) -> ErasureReport:
    """Erase the customer with ``phone`` everywhere; the report says what went and what is left."""
    digits = normalise(phone)
    message_ids, deleted, anonymised = await store.run(lambda db: _erase_documents(db, digits))
    keys = cache_keys(digits, message_ids)
    if keys:
        await cache.delete(*keys)
    report = ErasureReport(
        phone=digits,
        deleted=deleted,
        anonymised=anonymised,
        cache_keys_deleted=len(keys),
        erased_at=time.time(),
    )
    report.n8n = await n8n.erase(digits) if n8n is not None else N8nOutcome.not_configured()
    report.remaining = await store.run(lambda db: _remaining(db, digits, message_ids))
    return report


async def _run(settings: Settings, phone: str) -> ErasureReport:
    from py_nodes.core.resources import open_resources

    resources = await open_resources(settings)
    try:
        return await erase_phone(
            resources.store,
            resources.cache,
            phone,
            N8nExecutions.from_settings(settings, resources.http),
        )
    finally:
        await resources.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Erase one customer's personal data by phone.")
    parser.add_argument("phone", help="the customer's WhatsApp number, e.g. 59899123456")
    args = parser.parse_args(argv)
    report = asyncio.run(_run(load_settings(), args.phone))
    sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    left = sum(report.remaining.values())
    n8n_ok = report.n8n is not None and report.n8n.reached
    return 0 if left == 0 and n8n_ok else 1


if __name__ == "__main__":
    sys.exit(main())
