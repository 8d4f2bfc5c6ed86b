"""``/ai/respond`` end to end: idempotency, the contact's standing, session, understanding,
decision, rendering, LLM wording, save, log."""

from __future__ import annotations

import logging
import time
from datetime import date, datetime

from py_nodes.ai import business
from py_nodes.ai.dialogue.policy import TEXT_TYPES, Decision, decide, empty, non_text, opt_out
from py_nodes.ai.dialogue.policy import silent as silent_decision
from py_nodes.ai.dialogue.render import Part, Renderer
from py_nodes.ai.dialogue.slots import merge
from py_nodes.ai.dialogue.state import Session
from py_nodes.ai.dialogue.summary import quote_summary
from py_nodes.ai.errors import MessageInProgress
from py_nodes.ai.idempotency import ReplyLedger
from py_nodes.ai.llm import assist
from py_nodes.ai.nlu.normalise import has_letters_or_digits
from py_nodes.ai.nlu.products import load_products
from py_nodes.ai.nlu.understand import Understanding, understand
from py_nodes.ai.runtime import AiRuntime, runtime_of
from py_nodes.ai.schemas import BusinessSettings, RespondRequest, RespondResponse
from py_nodes.ai.sessions import SessionStore
from py_nodes.core import contacts, conversations, metrics
from py_nodes.core.contacts import Contact
from py_nodes.core.resources import Resources

log = logging.getLogger(__name__)
DUPLICATE_WAIT_S = 5.0
FOLLOW_UP_WORDS = 6
HOLDING_PARTS = ("holding", "holding_text")


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
    contact = await contacts.load(resources.store, request.phone, now)
    holding_s = float(resources.settings.handoff_holding_interval_s)
    decision, source = await _decide(runtime, session, request, contact, holding_s)
    await _record_standing(resources, request.phone, decision, contact, now)
    renderer, products = Renderer(), load_products()
    reply = renderer.text(decision.parts)
    if source == "llm" and decision.action in ("reply", "quote"):
        worded = await _worded(runtime, reply, request.text, decision)
        source = "llm" if worded else "rules"
        reply = worded or reply
    if decision.action == "quote":
        session.last_quote = {
            "summary": renderer.value(quote_summary(session.slots, products)).replace("*", ""),
            "requested_on": _day(request.timestamp),
            "state": renderer.part(Part("status_preparing")),
        }
    session.remember("customer", request.text, now)
    session.remember("bot", reply, now)
    session.last_activity = now
    await sessions.save(session)
    metrics.AI_REPLIES.labels(source=source, action=decision.action).inc()
    metrics.REPLY_SECONDS.observe(max(0.0, time.time() - now))
    response = RespondResponse(
        reply=reply, intent=decision.intent, action=decision.action,
        slots=session.slots.public(), missing=decision.missing,
        quote_request=decision.quote_request, confidence=round(decision.confidence, 2),
        handoff_reason=decision.handoff_reason,
    )  # fmt: skip
    await conversations.log_exchange(
        resources.store, phone=request.phone, message_id=request.message_id, timestamp=now,
        incoming={"text": request.text, "message_type": request.message_type},
        outgoing={"text": response.reply, "intent": response.intent, "action": response.action,
                  "source": source},
    )  # fmt: skip
    return response


async def _record_standing(
    resources: Resources, phone: str, decision: Decision, contact: Contact, now: float
) -> None:
    """Store what the decision changed about the phone: opted out, handed to sales, holding."""
    store, settings = resources.store, resources.settings
    if decision.parts and decision.parts[0].key == "opt_out":
        await contacts.opt_out(store, phone, now)
        return
    if contact.opted_out:
        await contacts.opt_in(store, phone, now)
    if decision.action == "handoff" and decision.handoff_reason:
        await contacts.hand_to_sales(
            store, phone, decision.handoff_reason,  # type: ignore[arg-type]
            now, settings.handoff_release_after_s,
        )  # fmt: skip
    elif contact.with_sales and decision.parts and decision.parts[0].key in HOLDING_PARTS:
        await contacts.note_holding_sent(store, phone, now)


async def _decide(
    runtime: AiRuntime, session: Session, request: RespondRequest, contact: Contact,
    holding_s: float,
) -> tuple[Decision, str]:  # fmt: skip
    """The rules decide; the LLM (when configured) may add slots and word the reply."""
    products = load_products()
    text = request.text.strip()
    if request.message_type not in TEXT_TYPES:
        if contact.with_sales:
            return silent_decision(False), "rules"
        return non_text(request.message_type), "rules"
    if not has_letters_or_digits(text):
        if contact.with_sales:
            return silent_decision(False), "rules"
        if not session.slots.public():
            return empty(session), "rules"  # an emoji mid-quote is a nod: the policy answers it
    heard = understand(text, expecting_name=session.awaiting_name)
    if heard.stop:
        return opt_out(), "rules"
    if contact.with_sales:
        return _while_with_sales(heard, session, request, contact, holding_s), "rules"
    if runtime.llm is not None and assist.is_hard(heard):
        await assist.extract(runtime.llm, heard, products)
    knowledge = await _knowledge(runtime, heard, text, request.settings)
    if not knowledge and (context := _with_context(text, session)) != text:
        knowledge = await _knowledge(runtime, heard, context, request.settings)
    decision = decide(heard, session, products, request.phone, request.contact_name, knowledge)
    return decision, "llm" if runtime.llm is not None else "rules"


def _while_with_sales(
    heard: Understanding, session: Session, request: RespondRequest, contact: Contact,
    interval_s: float,
) -> Decision:  # fmt: skip
    """A person has the chat: keep what the customer tells, answer at most a short holding line
    per interval, and nothing at all to a bare "ok" or "gracias"."""
    merge(session.slots, heard, load_products())
    holding = not heard.acknowledgement and contact.may_send_holding(
        request.timestamp.timestamp(), interval_s
    )
    return silent_decision(holding, business.holding_text(request.settings))


def _with_context(text: str, session: Session) -> str:
    """A short follow-up ("¿y con el de 100?") is searched with the message it refers to."""
    words = text.split()
    if len(words) > FOLLOW_UP_WORDS or words[0].lower() not in ("y", "and", "e"):
        return text
    if any(len(word.strip("?¿!.,")) >= 5 and word.isalpha() for word in words):
        return text  # it names its own subject ("¿y hacen factura?"): not an ellipsis
    previous = [t["text"] for t in session.history if t.get("role") == "customer"]
    return f"{previous[-1]} {text}" if previous else text


async def _knowledge(
    runtime: AiRuntime, heard: Understanding, text: str, settings: BusinessSettings | None
) -> list[str]:
    """Product knowledge for a question that carries no sizes (those are quote data); an entry
    BMC's staff word themselves (opening hours) comes from ``settings`` when set."""
    wants = heard.question or heard.intent.intent == "consulta_producto"
    if not wants or heard.measures.any_size() or heard.edges or not runtime.knowledge_ready:
        return []
    try:
        return [business.knowledge_text(hit, settings) for hit in await runtime.index.search(text)]
    except Exception as exc:
        log.warning("knowledge search failed", extra={"error": type(exc).__name__})
        return []


async def _worded(runtime: AiRuntime, draft: str, text: str, decision: Decision) -> str | None:
    if runtime.llm is None:
        return None
    return await assist.word(runtime.llm, draft, text, str(decision.quote_request or ""))


def _day(moment: datetime) -> str:
    return date.fromtimestamp(moment.timestamp()).strftime("%d/%m/%Y")
