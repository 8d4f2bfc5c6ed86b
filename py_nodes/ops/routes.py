"""Ops routes the n8n flows call: the message inbox (de-duplication, re-drive) and dead letters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response, status

from py_nodes.core.deps import CacheDep, SettingsDep, StoreDep
from py_nodes.ops import dead_letters, inbox
from py_nodes.ops.examples import (
    CLAIMED_EXAMPLE,
    DEAD_LETTER_EXAMPLE,
    DONE_EXAMPLE,
    DUPLICATE_EXAMPLE,
    INBOX_ENTRY_EXAMPLE,
    REPLIED_EXAMPLE,
)
from py_nodes.ops.models import (
    ClaimRequest,
    DeadLetter,
    DeadLetterIn,
    DeliveryResult,
    DoneRequest,
    InboxEntry,
    InboxRecord,
    InboxResult,
    RepliedRequest,
)
from py_nodes.ops.notices import notice_due

router = APIRouter(prefix="/ops", tags=["ops"])


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {}}}


def _example(value: Any, description: str = "Successful Response") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"example": value}}}


Responses = dict[int | str, dict[str, Any]]
AUTH: Responses = {401: _problem("Missing or invalid X-API-Key")}
NOT_FOUND: Responses = {404: _problem("No inbox entry with that id")}
INVALID: Responses = {422: _problem("A field of the delivery is invalid; `errors` says where")}
META_EXAMPLE: dict[str, Any] = {
    "object": "whatsapp_business_account",
    "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "contacts": [{"profile": {"name": "Ana"}, "wa_id": "59899123456"}],
        "messages": [{"from": "59899123456", "id": "wamid.X", "timestamp": "1732590000",
                      "type": "text", "text": {"body": "Hola, quiero cotizar un techo"}}],
    }}]}],
}  # fmt: skip
BUSY: Responses = {409: _problem("Already answered, failed, or touched too recently to re-drive")}


@router.post(
    "/inbox",
    responses={
        200: {"model": InboxResult, **_example(DUPLICATE_EXAMPLE, "Duplicate delivery")},
        **AUTH,
    },
    status_code=201,
)
async def post_inbox(body: InboxRecord, store: StoreDep, response: Response) -> InboxResult:
    """Record one inbound message (or status update) by its wamid before Meta gets its 200.

    `status: "new"` (201) the first time; `status: "duplicate"` (200) for every redelivery of the
    same id, and the flow stops there. `answer` is true only for a new message that needs a reply
    (status updates are recorded, never answered).
    """
    result = await inbox.record(store, body)
    if result.status == "duplicate":
        response.status_code = status.HTTP_200_OK
    return result


@router.post("/inbox/deliveries", responses={**AUTH, **INVALID})
async def post_inbox_delivery(
    body: Annotated[dict[str, Any], Body(examples=[META_EXAMPLE])], store: StoreDep
) -> DeliveryResult:
    """Record a whole Meta webhook delivery: one inbox entry per message and status update.

    The inbound flow posts the signed payload as received. `answer` lists only the new messages
    (redeliveries and status updates are recorded, never answered), so the flow answers each
    item of `answer` and nothing else; an empty list means there is nothing to do.
    """
    return await inbox.record_delivery(store, body)


@router.post(
    "/inbox/{message_id}/replied", responses={200: _example(REPLIED_EXAMPLE), **AUTH, **NOT_FOUND}
)
async def post_inbox_replied(message_id: str, body: RepliedRequest, store: StoreDep) -> InboxEntry:
    """Record that WhatsApp accepted the reply (its Graph id), right after the send.

    From then on the sweeper never re-drives the message, so a crash later in the turn cannot
    send the customer the same reply twice. Idempotent: the first id is kept.
    """
    return await inbox.mark_replied(store, message_id, body.reply_id)


@router.post(
    "/inbox/{message_id}/done", responses={200: _example(DONE_EXAMPLE), **AUTH, **NOT_FOUND}
)
async def post_inbox_done(
    message_id: str,
    store: StoreDep,
    body: Annotated[DoneRequest | None, Body(examples=[{"outcome": "quote"}])] = None,
) -> InboxEntry:
    """Mark the message answered, so the sweeper leaves it alone. Idempotent."""
    return await inbox.mark_done(store, message_id, body.outcome if body else None)


@router.get("/inbox/stale", responses={200: _example([INBOX_ENTRY_EXAMPLE]), **AUTH})
async def get_inbox_stale(
    store: StoreDep,
    older_than_s: Annotated[int, Query(ge=1, le=86400)] = 300,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[InboxEntry]:
    """Messages acknowledged to Meta but still unanswered after `older_than_s` seconds."""
    return await inbox.stale(store, older_than_s, limit)


@router.post(
    "/inbox/{message_id}/claim",
    responses={200: _example(CLAIMED_EXAMPLE), **AUTH, **NOT_FOUND, **BUSY},
)
async def post_inbox_claim(
    message_id: str,
    store: StoreDep,
    body: Annotated[ClaimRequest | None, Body(examples=[{"older_than_s": 300}])] = None,
) -> InboxEntry:
    """Take a stale entry for re-driving: one sweeper wins, the others get 409.

    After five attempts the entry is marked `failed` (409) and left to the dead letters.
    """
    return await inbox.claim(store, message_id, (body or ClaimRequest()).older_than_s)


@router.get("/inbox/{message_id}", responses={**AUTH, **NOT_FOUND})
async def get_inbox_entry(message_id: str, store: StoreDep) -> InboxEntry:
    """One inbox entry, as stored."""
    return await inbox.get(store, message_id)


@router.post("/dead-letters", status_code=201, responses=AUTH)
async def post_dead_letter(
    body: DeadLetterIn, store: StoreDep, cache: CacheDep, settings: SettingsDep
) -> DeadLetter:
    """Record a failed flow execution (the error-handler flow calls this).

    `notice.due` says whether to tell operations now: one notice per flow and step every
    `OPS_NOTICE_EVERY_MIN` minutes; `notice.held_back` counts the ones not sent since the last.
    """
    letter = await dead_letters.write(store, body)
    every_s = max(1, round(settings.ops_notice_every_min * 60))
    letter.notice = await notice_due(cache, f"{body.workflow}/{body.node}", every_s)
    return letter


@router.get("/dead-letters", responses={200: _example([DEAD_LETTER_EXAMPLE]), **AUTH})
async def get_dead_letters(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    workflow: Annotated[str | None, Query(max_length=256)] = None,
) -> list[DeadLetter]:
    """The newest dead-letter records first, optionally for one flow."""
    return await dead_letters.latest(store, limit, workflow)
