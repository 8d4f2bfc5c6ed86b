"""``/ai/respond`` end to end: idempotency, session, understanding, decision, LLM, save, log."""

from __future__ import annotations

import logging
import time
from datetime import date, datetime

from py_nodes.ai.dialogue import replies
from py_nodes.ai.dialogue.policy import TEXT_TYPES, Decision, decide, non_text
from py_nodes.ai.dialogue.replies import describe
from py_nodes.ai.dialogue.slots import missing
from py_nodes.ai.dialogue.state import Session
from py_nodes.ai.errors import MessageInProgress
from py_nodes.ai.idempotency import ReplyLedger
from py_nodes.ai.llm import assist
from py_nodes.ai.nlu.normalise import has_letters_or_digits
from py_nodes.ai.nlu.products import load_products
from py_nodes.ai.nlu.understand import understand
from py_nodes.ai.runtime import AiRuntime, runtime_of
from py_nodes.ai.schemas import RespondRequest, RespondResponse
from py_nodes.ai.sessions import SessionStore
from py_nodes.core import conversations, metrics
from py_nodes.core.resources import Resources

log = logging.getLogger(__name__)
DUPLICATE_WAIT_S = 5.0


async def respond(resources: Resources, request: RespondRequest) -> RespondResponse:
    """The answer to one message; the same ``message_id`` always gets the same answer."""
    ledger = ReplyLedger(resources.store, resources.cache)
    if (stored := await ledger.stored(request.message_id)) is not None:
        return RespondResponse.model_validate(stored)
    if not await ledger.claim(request.message_id):
        stored = await ledger.wait_for(request.message_id, DUPLICATE_WAIT_S)
        if stored is None:
            raise MessageInProgress()
        return RespondResponse.model_validate(stored)
    try:
        response = await _answer(resources, request)
        await ledger.remember(request.message_id, request.phone, response.model_dump(mode="json"))
    except BaseException:
        await ledger.release(request.message_id)
        raise
    return response


async def _answer(resources: Resources, request: RespondRequest) -> RespondResponse:
    runtime = runtime_of(resources)
    now = request.timestamp.timestamp()
    sessions = SessionStore(resources.store, resources.cache, resources.settings.session_ttl_s)
    session = await sessions.load(request.phone, now)
    decision, source = await _decide(runtime, session, request)
    if decision.action == "quote":
        session.last_quote = {
            "summary": describe(session.slots, load_products()).replace("*", ""),
            "requested_on": _day(request.timestamp),
            "state": "en preparación",
        }
    session.remember("customer", request.text, now)
    session.remember("bot", decision.reply, now)
    session.last_activity = now
    await sessions.save(session)
    metrics.AI_REPLIES.labels(source=source, action=decision.action).inc()
    metrics.REPLY_SECONDS.observe(max(0.0, time.time() - now))
    response = RespondResponse(
        reply=decision.reply, intent=decision.intent, action=decision.action,
        slots=session.slots.public(), missing=decision.missing,
        quote_request=decision.quote_request, confidence=round(decision.confidence, 2),
    )  # fmt: skip
    await conversations.log_exchange(
        resources.store, phone=request.phone, message_id=request.message_id, timestamp=now,
        incoming={"text": request.text, "message_type": request.message_type},
        outgoing={"text": response.reply, "intent": response.intent, "action": response.action,
                  "source": source},
    )  # fmt: skip
    return response


async def _decide(
    runtime: AiRuntime, session: Session, request: RespondRequest
) -> tuple[Decision, str]:
    """The rules decide; the LLM (when configured) may add slots and word the reply."""
    products = load_products()
    text = request.text.strip()
    if request.message_type not in TEXT_TYPES:
        return non_text(request.message_type), "rules"
    if not has_letters_or_digits(text):
        return Decision(
            "fuera_de_tema", "reply", replies.empty(), 0.5, missing(session.slots)
        ), "rules"
    heard = understand(text, expecting_name=session.awaiting_name)
    if runtime.llm is not None and assist.is_hard(heard):
        await assist.extract(runtime.llm, heard, products)
    knowledge: list[str] = []
    if heard.intent.intent == "consulta_producto" and runtime.knowledge_ready:
        try:
            knowledge = [hit.text for hit in await runtime.index.search(text)]
        except Exception as exc:
            log.warning("knowledge search failed", extra={"error": type(exc).__name__})
    decision = decide(heard, session, products, request.phone, request.contact_name, knowledge)
    if runtime.llm is None:
        return decision, "rules"
    context = " ".join(knowledge) + " " + (str(decision.quote_request or ""))
    worded = await assist.word(runtime.llm, decision.reply, text, context)
    if worded is None:
        return decision, "rules"
    decision.reply = worded
    return decision, "llm"


def _day(moment: datetime) -> str:
    return date.fromtimestamp(moment.timestamp()).strftime("%d/%m/%Y")
