"""Where personal data lives: every collection that holds a customer's phone, declared once.

Erasure (``erase.py``), retention (``retention.py``) and docs/privacy.md read this registry. A
module that adds a collection with personal data declares it here (or calls ``declare`` at
import); ``test_every_collection_in_the_code_is_declared_for_erasure`` fails when a collection
named in ``py_nodes`` is neither declared nor listed in ``WITHOUT_PERSONAL_DATA``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

Action = Literal["delete", "anonymise"]
ERASED: Final = "borrado"


@dataclass(frozen=True)
class PersonalData:
    """One collection holding customers' data.

    ``phone_fields``: fields equal to the customer's phone (``_id`` allowed); ``text_fields``:
    free text that may quote the phone; ``timestamp_field``: epoch seconds the retention counts
    from; ``retention_days``: default (0 keeps; ``RETENTION_DAYS`` overrides per collection);
    ``on_erase``: delete the documents, or ``anonymise`` them with ``replacements``.
    """

    collection: str
    phone_fields: tuple[str, ...]
    timestamp_field: str | None
    retention_days: int
    purpose: str
    on_erase: Action = "delete"
    text_fields: tuple[str, ...] = ()
    #: Fields holding a message id of the customer's (found in the other collections).
    message_id_fields: tuple[str, ...] = ()
    replacements: Mapping[str, Any] = field(default_factory=dict)
    #: Cache keys (``{phone}`` / ``{message_id}``) holding copies of these documents.
    cache_keys: tuple[str, ...] = ()


REGISTRY: dict[str, PersonalData] = {}

#: Collections the code names that hold no personal data (a reason each).
WITHOUT_PERSONAL_DATA: Final[dict[str, str]] = {
    "counters": "quote number sequences per year",
    "_health": "the store's ping document",
    "ai_knowledge": "product knowledge vectors (Qdrant), no customer data",
}


def declare(entry: PersonalData) -> PersonalData:
    """Register ``entry`` (idempotent for the same declaration)."""
    known = REGISTRY.get(entry.collection)
    if known is not None and known != entry:
        raise ValueError(f"{entry.collection} is declared twice, differently")
    REGISTRY[entry.collection] = entry
    return entry


declare(PersonalData(
    "conversations", ("phone",), "timestamp", 365,
    "every WhatsApp message in and out: sales follow-up, disputes about what was quoted",
    text_fields=("text",),
    message_id_fields=("message_id",),
))  # fmt: skip
declare(PersonalData(
    "sessions", ("_id", "phone"), "last_activity", 90,
    "the conversation's state (name, last quote, last turns) so the bot can continue it",
    cache_keys=("ai:session:{phone}",),
))  # fmt: skip
declare(PersonalData(
    "ai_replies", ("phone",), "at", 30,
    "the answer given to each message id, so a redelivery is never answered twice",
    message_id_fields=("_id",),
    cache_keys=("ai:reply:{message_id}", "ai:claim:{message_id}"),
))  # fmt: skip
declare(PersonalData(
    "ops_inbox", ("phone",), "received_at", 30,
    "each delivered message until answered (de-duplication and re-drive)",
    text_fields=("text",),
    message_id_fields=("_id",),
))  # fmt: skip
declare(PersonalData(
    "ops_dead_letters", (), "recorded_at", 30,
    "failed flow executions for operations to inspect and replay",
    text_fields=("message", "payload_ref"),
    message_id_fields=("payload_ref",),
))  # fmt: skip
declare(PersonalData(
    "quotes", ("user_phone", "request.customer.phone"), None, 0,
    "quotes are commercial documents BMC keeps for accounting (DGI: 5 years)",
    on_erase="anonymise",
    replacements={
        "user_phone": ERASED,
        "customer_name": None,
        "request.customer": {"phone": ERASED},
    },
))  # fmt: skip
declare(PersonalData(
    "contacts", ("_id", "phone"), None, 0,
    "hand-off and opt-out state per customer (kept while the customer talks to BMC)",
))  # fmt: skip
declare(PersonalData(
    "desk_events", ("phone",), "at", 365,
    "what sellers did on the sales desk (took, released, replied), for accountability",
))  # fmt: skip
