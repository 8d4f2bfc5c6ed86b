"""Ops routes for a phone's standing: the chats with sales, taking one, giving one back.

n8n and any outside sales tool call these; the sales desk calls ``core.contacts`` in-process.
The standing itself (with the bot, with sales, opted out) lives in ``core.contacts``.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from py_nodes.core import contacts
from py_nodes.core.deps import SettingsDep, StoreDep
from py_nodes.core.errors import ValidationFailed
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.ops.contacts_errors import ChatTakenByOther, ContactListUnsupported
from py_nodes.ops.contacts_models import (
    CONTACT_EXAMPLE,
    PHONE_PATTERN,
    RELEASED_EXAMPLE,
    TAKEN_EXAMPLE,
    ContactStanding,
    ReleaseRequest,
    TakeRequest,
)

router = APIRouter(prefix="/ops/contacts", tags=["ops"])
Phone = Annotated[
    str,
    Path(
        pattern=PHONE_PATTERN, description="WhatsApp number, digits only", examples=["59899123456"]
    ),
]


def _example(value: Any) -> dict[str, Any]:
    return {
        "description": "Successful Response",
        "content": {"application/json": {"example": value}},
    }


def _now() -> float:
    return time.time()


@router.get(
    "",
    responses={
        200: _example([CONTACT_EXAMPLE, TAKEN_EXAMPLE]),
        **problem_responses(ValidationFailed, ContactListUnsupported),
    },
)
async def get_contacts_with_sales(
    store: StoreDep,
    with_sales: Annotated[bool, Query(description="Only `true` is supported")] = True,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> list[ContactStanding]:
    """The chats with sales: those still waiting for a seller first, then the taken ones;
    oldest hand-off first within each. A hand-off whose hold time has passed is left out (the
    chat is back with the bot). Example: `GET /ops/contacts?with_sales=true`.
    """
    if not with_sales:
        raise ContactListUnsupported()
    now = _now()
    standing = [
        ContactStanding.of(contact)
        for contact in await contacts.with_sales(store, limit)
        if contact.release_at is None or contact.release_at > now
    ]
    return sorted(standing, key=lambda c: (not c.waiting_for_seller, c.handed_off_at or 0.0))


@router.get("/{phone}", responses={200: _example(CONTACT_EXAMPLE)})
async def get_contact(phone: Phone, store: StoreDep) -> ContactStanding:
    """One phone's standing. A phone never handed off nor opted out is simply with the bot."""
    return ContactStanding.of(await contacts.load(store, phone, _now()))


@router.post(
    "/{phone}/take",
    responses={
        200: _example(TAKEN_EXAMPLE),
        **problem_responses(ChatTakenByOther),
    },
)
async def post_take(
    phone: Phone,
    body: TakeRequest,
    store: StoreDep,
    settings: SettingsDep,
) -> ContactStanding:
    """A seller takes the chat: the bot stays silent for the phone until it is released (or
    until `HANDOFF_RELEASE_AFTER_S` passes). Taking it again by the same seller is harmless;
    a chat another seller holds is a 409 naming that seller.
    """
    now = _now()
    current = await contacts.load(store, phone, now)
    holder = current.taken_by
    if holder and holder != body.seller and not ContactStanding.of(current).waiting_for_seller:
        raise ChatTakenByOther(
            f"El chat de {phone} ya lo atiende {holder}; pedile que lo libere primero.",
            taken_by=holder,
        )
    taken = await contacts.take(store, phone, body.seller, now, settings.handoff_release_after_s)
    return ContactStanding.of(taken)


@router.post("/{phone}/release", responses={200: _example(RELEASED_EXAMPLE)})
async def post_release(
    phone: Phone,
    body: ReleaseRequest,
    store: StoreDep,
) -> ContactStanding:
    """Give the chat back to the bot: the next message gets the bot's answer again.

    Idempotent: releasing a chat that is already with the bot changes nothing.
    """
    now = _now()
    current = await contacts.load(store, phone, now)
    if not current.with_sales:
        return ContactStanding.of(current)
    return ContactStanding.of(await contacts.release(store, phone, body.by, now))
