"""Ops routes the n8n flows call: the message inbox (de-duplication, re-drive) and dead letters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request, Response, status

from py_nodes.core.deps import CacheDep, NowDep, SettingsDep, StoreDep
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.ops import dead_letters, inbox, sends
from py_nodes.ops.errors import (
    DeliveryUnreadable,
    InboxEntryBusy,
    InboxEntryNotFound,
    SendNotPermitted,
)
from py_nodes.ops.examples import (
    CLAIMED_EXAMPLE,
    DEAD_LETTER_EXAMPLE,
    DONE_EXAMPLE,
    DUPLICATE_EXAMPLE,
    INBOX_ENTRY_EXAMPLE,
    REPLIED_EXAMPLE,
    SENDING_EXAMPLE,
)
from py_nodes.ops.models import (
    ClaimRequest,
    DeadLetter,
    DeadLetterIn,
    DeliveryResult,
    DoneRequest,
    GiveUpRequest,
    InboxEntry,
    InboxRecord,
    InboxResult,
    InboxState,
    PermitRequest,
    RefusedRequest,
    SentRequest,
)
from py_nodes.ops.notices import notice_due
from py_nodes.security.signature_docs import SIGNED_DELIVERY_BODY
from py_nodes.security.whatsapp import SIGNED_BODY_PROBLEMS, read_signed_body

router = APIRouter(prefix="/ops", tags=["ops"])
SIGNED_DELIVERIES_PATH = "/inbox/signed-deliveries"


def _example(value: Any, description: str = "Successful Response") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"example": value}}}


META_EXAMPLE: dict[str, Any] = {
    "object": "whatsapp_business_account",
    "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "contacts": [{"profile": {"name": "Ana"}, "wa_id": "59899123456"}],
        "messages": [{"from": "59899123456", "id": "wamid.X", "timestamp": "1732590000",
                      "type": "text", "text": {"body": "Hola, quiero cotizar un techo"}}],
    }}]}],
}  # fmt: skip
NOT_FOUND = problem_responses(InboxEntryNotFound)
BUSY = problem_responses(InboxEntryNotFound, InboxEntryBusy)
FENCED = problem_responses(InboxEntryNotFound, SendNotPermitted)


@router.post(
    "/inbox",
    responses={
        200: {"model": InboxResult, **_example(DUPLICATE_EXAMPLE, "Duplicate delivery")},
    },
    status_code=201,
)
async def post_inbox(
    body: InboxRecord, store: StoreDep, now: NowDep, response: Response
) -> InboxResult:
    """Record one inbound message (or status update) by its wamid before Meta gets its 200.

    `status: "new"` (201) the first time; `status: "duplicate"` (200) for every redelivery of the
    same id, and the flow stops there. `answer` is true only for a new message that needs a reply
    (status updates are recorded, never answered).
    """
    result = await inbox.record(store, body, now.timestamp())
    if result.status == "duplicate":
        response.status_code = status.HTTP_200_OK
    return result


@router.post("/inbox/deliveries")
async def post_inbox_delivery(
    body: Annotated[dict[str, Any], Body(examples=[META_EXAMPLE])], store: StoreDep, now: NowDep
) -> DeliveryResult:
    """Record a whole Meta webhook delivery: one inbox entry per message and status update.

    The inbound flow posts the signed payload as received. `answer` lists only the new messages
    (redeliveries and status updates are recorded, never answered), so the flow answers each
    item of `answer` and nothing else; an empty list means there is nothing to do.
    """
    return await inbox.record_delivery(store, body, now.timestamp())


@router.post(
    SIGNED_DELIVERIES_PATH,
    responses=problem_responses(DeliveryUnreadable, *SIGNED_BODY_PROBLEMS),
    openapi_extra={"requestBody": SIGNED_DELIVERY_BODY},
)
async def post_inbox_signed_delivery(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    now: NowDep,
    x_hub_signature_256: Annotated[str | None, Header()] = None,
) -> DeliveryResult:
    """Check Meta's signature over the exact bytes received, then record the whole delivery.

    One call for the inbound flow instead of two (`POST /security/whatsapp/signature`, then
    `POST /ops/inbox/deliveries`): the body is the webhook's raw bytes as received (any content
    type; n8n sends its *raw body* binary), with Meta's `X-Hub-Signature-256` forwarded
    unchanged. Nothing is read or recorded before the signature is valid: **401** (same problem
    types as the signature check), **413** over 1 MiB, **503** without an app secret. A signed
    body that is not a JSON object is **400**; a field out of bounds **422**. Otherwise as
    `POST /ops/inbox/deliveries`: `answer` lists the new messages only.
    """
    raw = await read_signed_body(request, settings, x_hub_signature_256)
    return await inbox.record_delivery(store, inbox.parse_delivery(raw), now.timestamp())


@router.post(
    "/inbox/{message_id}/send-permit",
    responses={200: _example(SENDING_EXAMPLE), **FENCED},
)
async def post_inbox_send_permit(
    message_id: str, body: PermitRequest, store: StoreDep, now: NowDep
) -> InboxEntry:
    """Ask, right before calling the Graph API, to send one part (`reply`, then `document`).

    Granted (the entry becomes `sending`) only while `token` is the entry's current token and the
    part was neither sent nor permitted before; asking again with the same token and part while
    it is `sending` is granted again (the first answer may have been lost). Anything else is 409:
    the execution must stop without sending. Once granted, the part is never sent again
    automatically: no re-drive takes a `sending` entry.
    """
    return await sends.permit(store, message_id, body.token, body.part, body.owner, now.timestamp())


@router.post(
    "/inbox/{message_id}/sent",
    responses={200: _example(REPLIED_EXAMPLE), **FENCED},
)
async def post_inbox_sent(
    message_id: str, body: SentRequest, store: StoreDep, now: NowDep
) -> InboxEntry:
    """Record that WhatsApp accepted the permitted part (its Graph id); the entry is `replied`.

    With `done: true` (nothing more will be sent for this message) the entry is closed in the
    same step, `done` with `outcome`, as `/done` would: one call fewer after the last send.
    Idempotent for the same token and id. Accepted also after the send was given up as
    unconfirmed (`failed`): the owner has confirmed it after all.
    """
    return await sends.sent(
        store, message_id, body.token, body.part, body.graph_id, now.timestamp(),
        close=body.done, outcome=body.outcome,
    )  # fmt: skip


@router.post(
    "/inbox/{message_id}/send-refused",
    responses={200: _example(INBOX_ENTRY_EXAMPLE), **FENCED},
)
async def post_inbox_send_refused(
    message_id: str, body: RefusedRequest, store: StoreDep, now: NowDep
) -> InboxEntry:
    """WhatsApp answered the send with an error status, so nothing went out: give the permit back.

    The holder may ask for a permit again; `refusals` counts the refused sends since the last
    accepted one, so the flow can stop after a few.
    """
    return await sends.refused(store, message_id, body.token, body.part, now.timestamp())


@router.post(
    "/inbox/{message_id}/done",
    responses={200: _example(DONE_EXAMPLE), **BUSY},
)
async def post_inbox_done(
    message_id: str, body: DoneRequest, store: StoreDep, now: NowDep
) -> InboxEntry:
    """Mark the message answered, so the sweeper leaves it alone; only the token's holder may.

    Idempotent once `done`; 409 for a superseded token or while a send is unconfirmed.
    """
    return await inbox.mark_done(store, message_id, body.token, body.outcome, now.timestamp())


@router.post("/inbox/unconfirmed/give-up", responses={200: _example([REPLIED_EXAMPLE])})
async def post_inbox_give_up(body: GiveUpRequest, store: StoreDep, now: NowDep) -> list[InboxEntry]:
    """Give up sends whose outcome is still unknown after `older_than_s` (the sweeper calls it).

    Each such entry becomes `failed` with outcome `send-unconfirmed:<part>` and a dead letter:
    the customer may or may not have received it, so it is never sent again automatically.
    """
    return await sends.give_up_unconfirmed(store, body.older_than_s, now=now.timestamp())


@router.get("/inbox", responses={200: _example([SENDING_EXAMPLE])})
async def get_inbox_in_state(
    store: StoreDep,
    state: Annotated[InboxState, Query()],
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[InboxEntry]:
    """Entries in one state, least recently touched first (e.g. `sending`: unconfirmed sends)."""
    return await inbox.in_state(store, state, limit)


@router.get("/inbox/stale", responses={200: _example([INBOX_ENTRY_EXAMPLE])})
async def get_inbox_stale(
    store: StoreDep,
    now: NowDep,
    older_than_s: Annotated[int, Query(ge=1, le=86400)] = 300,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[InboxEntry]:
    """Messages acknowledged to Meta but still unanswered after `older_than_s` seconds."""
    return await inbox.stale(store, older_than_s, limit, now.timestamp())


@router.post(
    "/inbox/{message_id}/claim",
    responses={200: _example(CLAIMED_EXAMPLE), **BUSY},
)
async def post_inbox_claim(
    message_id: str,
    store: StoreDep,
    now: NowDep,
    body: Annotated[ClaimRequest | None, Body(examples=[{"older_than_s": 300}])] = None,
) -> InboxEntry:
    """Take an `open` entry whose lease expired for re-driving: one sweeper wins, others get 409.

    The claim bumps the entry's fencing `token` and returns it: the re-drive sends under the new
    token, and the execution that held the old one (perhaps only slow) is refused its send
    permit. After five attempts the entry is marked `failed` (409) and left to the dead letters.
    """
    return await inbox.claim(
        store, message_id, (body or ClaimRequest()).older_than_s, now.timestamp()
    )


@router.get("/inbox/{message_id}", responses=NOT_FOUND)
async def get_inbox_entry(message_id: str, store: StoreDep) -> InboxEntry:
    """One inbox entry, as stored."""
    return await inbox.get(store, message_id)


@router.post("/dead-letters", status_code=201)
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


@router.get("/dead-letters", responses={200: _example([DEAD_LETTER_EXAMPLE])})
async def get_dead_letters(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    workflow: Annotated[str | None, Query(max_length=256)] = None,
) -> list[DeadLetter]:
    """The newest dead-letter records first, optionally for one flow."""
    return await dead_letters.latest(store, limit, workflow)
