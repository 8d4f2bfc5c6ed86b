"""How the desk shows values to sellers: Montevideo times, es-UY money, who holds a chat."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final
from zoneinfo import ZoneInfo

from py_nodes.core import formatting
from py_nodes.core.contacts import Contact

MONTEVIDEO: Final = ZoneInfo("America/Montevideo")
WINDOW_S: Final = 24 * 3600


def when(value: Any) -> str:
    """Epoch seconds as ``27/11 14:03`` (Montevideo); ``""`` when unknown."""
    if not isinstance(value, int | float):
        return ""
    return datetime.fromtimestamp(float(value), MONTEVIDEO).strftime("%d/%m %H:%M")


def day(value: Any) -> str:
    if not isinstance(value, int | float):
        return ""
    return datetime.fromtimestamp(float(value), MONTEVIDEO).strftime("%d/%m/%Y")


def money(value: Any, currency: str = "USD") -> str:
    """``"1767.94"`` -> ``USD 1.767,94`` (es-UY, through the shared Babel formatter)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    return formatting.money(amount, currency)


def holder(contact: Contact) -> str | None:
    """The seller holding the chat now (a take after the latest hand-off), if any."""
    if not contact.with_sales or contact.taken_by is None or contact.taken_at is None:
        return None
    if contact.handed_off_at is not None and contact.taken_at < contact.handed_off_at:
        return None  # taken during an earlier hand-off
    return contact.taken_by


def within_window(last_inbound_at: float | None, now: float) -> bool:
    return last_inbound_at is not None and now - last_inbound_at < WINDOW_S
