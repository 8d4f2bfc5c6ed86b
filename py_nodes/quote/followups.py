"""Follow-up candidates: quotes sent hours ago, never followed up, and the 24-hour window."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

from py_nodes.quote.api_models import FollowupCandidate
from py_nodes.quote.numbering import MONTEVIDEO

WINDOW_S: Final = 24 * 3600


def as_epoch(value: Any) -> float | None:
    """A conversation ``timestamp`` (epoch seconds, or an ISO string) as epoch seconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    return None


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, MONTEVIDEO).isoformat(timespec="seconds")


def within_window(last_inbound: float | None, now: datetime) -> bool:
    """WhatsApp allows free text only within 24 h of the customer's last message."""
    return last_inbound is not None and now.timestamp() - last_inbound < WINDOW_S


def candidate(document: dict[str, Any], last_inbound: Any, now: datetime) -> FollowupCandidate:
    sent_at = float(document["sent_at"])
    inbound = as_epoch(last_inbound)
    return FollowupCandidate(
        id=document["_id"],
        number=document["number"],
        phone=document["user_phone"],
        customer_name=document.get("customer_name"),
        total=document["quote"]["total"],
        sent_at=iso(sent_at),
        hours_since_sent=round((now.timestamp() - sent_at) / 3600, 2),
        last_inbound_at=iso(inbound) if inbound is not None else None,
        within_24h_window=within_window(inbound, now),
    )
