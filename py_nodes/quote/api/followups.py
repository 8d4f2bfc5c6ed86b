"""Follow-up routes for the n8n flow ``quote-followup`` (API key only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from py_nodes.core.deps import NowDep, ResourcesDep
from py_nodes.core.errors import ValidationFailed
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.quote.api.models import FollowupCandidate, FollowupMarked, FollowupsDue
from py_nodes.quote.errors import AlreadyFollowedUp, QuoteNotFound
from py_nodes.quote.store.followups import as_epoch, due_quotes, iso, within_window
from py_nodes.quote.store.models import QuoteDocument
from py_nodes.quote.store.quotes import QuoteStore

router = APIRouter(prefix="/quotes", tags=["quote"])


@router.get("/followups/due", responses=problem_responses(ValidationFailed))
async def get_due_followups(
    resources: ResourcesDep,
    now: NowDep,
    after_hours: Annotated[float, Query(gt=0, le=24 * 90, allow_inf_nan=False)] = 48,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> FollowupsDue:
    """Quotes in `Enviado` for more than `after_hours` hours and never followed up, oldest first.

    Each item says `within_24h_window`: true when the customer wrote within the last 24 hours
    (send free text), false otherwise (WhatsApp needs an approved template). Phones that opted
    out are never listed, nor phones whose chat a seller has (until it is back with the bot).
    Example: `GET /quotes/followups/due?after_hours=48`.
    """
    store = QuoteStore(resources.store)
    since = now.timestamp() - after_hours * 3600
    documents = await due_quotes(resources.store, since, limit, now.timestamp())
    items = [
        candidate(document, await store.last_inbound(document.user_phone), now)
        for document in documents
    ]
    return FollowupsDue(items=items, count=len(items))


@router.post("/{quote_id}/followups", responses=problem_responses(QuoteNotFound, AlreadyFollowedUp))
async def post_followup(quote_id: str, resources: ResourcesDep, now: NowDep) -> FollowupMarked:
    """Mark the quote's follow-up as sent. A second call is a 409: never follow up twice."""
    document = await QuoteStore(resources.store).mark_followed_up(quote_id, now)
    return FollowupMarked.model_validate(
        document.model_dump(include={"id", "number", "followed_up_at"})
    )


def candidate(document: QuoteDocument, last_inbound: Any, now: datetime) -> FollowupCandidate:
    sent_at = float(document.sent_at or 0)
    inbound = as_epoch(last_inbound)
    return FollowupCandidate(
        id=document.id,
        number=document.number,
        phone=document.user_phone,
        customer_name=document.customer_name,
        total=document.quote.total,
        sent_at=iso(sent_at),
        hours_since_sent=round((now.timestamp() - sent_at) / 3600, 2),
        last_inbound_at=iso(inbound) if inbound is not None else None,
        within_24h_window=within_window(inbound, now),
    )
