"""``POST /ai/respond``: the conversational node n8n calls for every WhatsApp message."""

from __future__ import annotations

from fastapi import APIRouter

from py_nodes.ai.errors import MessageInProgress
from py_nodes.ai.schemas import RespondRequest, RespondResponse
from py_nodes.ai.service import respond
from py_nodes.core.deps import ResourcesDep
from py_nodes.core.openapi_docs import problem_responses

router = APIRouter(prefix="/ai", tags=["ai"])


@router.post(
    "/respond",
    responses=problem_responses(MessageInProgress),
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
