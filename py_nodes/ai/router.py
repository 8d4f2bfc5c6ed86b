"""``POST /ai/respond``: the conversational node n8n calls for every WhatsApp message."""

from __future__ import annotations

from fastapi import APIRouter

from py_nodes.ai.schemas import RespondRequest, RespondResponse
from py_nodes.ai.service import respond
from py_nodes.core.deps import ResourcesDep

router = APIRouter(prefix="/ai", tags=["ai"])


@router.post(
    "/respond",
    responses={
        401: {"description": "Missing or wrong `X-API-Key`"},
        409: {"description": "The same `message_id` is being answered right now; retry"},
        422: {"description": "The body is not a valid message (see `errors`)"},
    },
)
async def post_respond(body: RespondRequest, resources: ResourcesDep) -> RespondResponse:
    """Answer one WhatsApp message of the customer `phone`.

    Route on `action`: `reply` (send `reply`), `quote` (send `reply`, then `POST /quotes` with
    `quote_request` and send the quote's text), `handoff` (send `reply`, alert a seller). The node
    never sends messages and never states prices. The same `message_id` twice returns the same
    answer and changes the conversation once. Audio, images, stickers and locations get a request
    to write in text.
    """
    return await respond(resources, body)
