"""What to do with a message: reply, ask for what is missing, quote or hand off."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from py_nodes.ai.dialogue import replies
from py_nodes.ai.dialogue.slots import merge, missing
from py_nodes.ai.dialogue.state import Session
from py_nodes.ai.nlu.normalise import contains_phrase
from py_nodes.ai.nlu.products import Products
from py_nodes.ai.nlu.understand import Understanding
from py_nodes.ai.quote_request import build_quote_request

TEXT_TYPES = ("text", "interactive", "button")
QUOTE_INTENTS = ("cotizacion", "precio")


@dataclass
class Decision:
    intent: str
    action: str
    reply: str
    confidence: float
    missing: list[str] = field(default_factory=list)
    quote_request: dict[str, Any] | None = None


def non_text(message_type: str) -> Decision:
    return Decision("fuera_de_tema", "reply", replies.write_instead(message_type), 1.0)


def decide(
    heard: Understanding, session: Session, products: Products, phone: str,
    contact_name: str | None, knowledge: list[str],
) -> Decision:  # fmt: skip
    """Update ``session`` with ``heard`` and choose the answer."""
    slots = session.slots
    changed = merge(slots, heard, products)
    intent, confidence = heard.intent.intent, heard.intent.confidence
    if heard.name:
        session.awaiting_name = False
    decision = Decision(intent, "reply", "", confidence)
    offered, session.offered_seller = session.offered_seller, False
    if intent == "humano" or (offered and heard.affirmative and not heard.quote_data):
        decision.intent, decision.action = "humano", "handoff"
        decision.reply = replies.handoff(slots.name)
    elif intent == "objecion":
        decision.reply = replies.discount() if heard.intent.discount else replies.objection()
        session.offered_seller = True
    elif intent == "estado_cotizacion":
        decision.reply = replies.status(session.last_quote)
    elif intent == "despedida" and not changed:
        decision.reply = replies.goodbye(slots.name)
    else:
        _collect(decision, heard, session, products, phone, contact_name, changed, knowledge)
    decision.missing = missing(slots)
    if heard.attributes.english:
        decision.reply = replies.ENGLISH_NOTE + decision.reply
    return decision


def _collect(
    decision: Decision, heard: Understanding, session: Session, products: Products, phone: str,
    contact_name: str | None, changed: set[str], knowledge: list[str],
) -> None:  # fmt: skip
    slots = session.slots
    family = products.family(slots.product)
    problem = _problem(heard, session, products)
    if problem:
        decision.reply = problem
        return
    if decision.intent == "consulta_producto" and knowledge:
        decision.reply = replies.knowledge_answer(knowledge[0])
        if changed and missing(slots):
            decision.reply += " " + replies.missing_question(missing(slots), slots, products)
        return
    absent = missing(slots)
    quote_turn = decision.intent in QUOTE_INTENTS or bool(changed - {"name"})
    if not absent and quote_turn:
        usable_width = family.usable_width_m if family else None
        built = build_quote_request(slots, phone, contact_name, usable_width)
        signature = _signature(built.request)
        decision.intent = "precio" if decision.intent == "precio" else "cotizacion"
        if signature == session.quoted_signature:
            decision.reply = replies.already_quoted(slots, products)
            return
        session.quoted_signature = signature
        decision.action, decision.quote_request = "quote", built.request
        decision.reply = replies.quote_ready(slots, products, built.assumptions, built.defaults)
        if family and slots.color and slots.color not in family.colors:
            decision.reply += replies.colour_note(family, slots.color)
        if not (slots.name or contact_name or session.name_asked):
            session.name_asked = session.awaiting_name = True
            decision.reply += replies.NAME_FOR_QUOTE
        return
    if absent and (quote_turn or heard.quote_data):
        decision.intent = "precio" if decision.intent == "precio" else "cotizacion"
        decision.reply = _opening(heard, changed) + replies.missing_question(
            absent, slots, products
        )
        if not session.details_asked and slots.use in (None, "techo", "pared"):
            session.details_asked = True
            decision.reply += replies.details_question(slots)
        elif not session.name_asked and not (slots.name or contact_name):
            session.name_asked = session.awaiting_name = True
            decision.reply += replies.NAME_QUESTION
        return
    if "name" in changed and not absent:
        decision.intent, decision.reply = "saludo", replies.thanks_name(slots.name or "")
        return
    if "name" in changed and absent and _in_progress(session):
        decision.reply = _opening(heard, changed) + replies.missing_question(
            absent, slots, products
        )
        return
    if decision.intent == "saludo" or heard.name:
        ask = not session.name_asked and not (slots.name or contact_name)
        session.name_asked = session.name_asked or ask
        session.awaiting_name = ask
        decision.intent = "saludo"
        decision.reply = replies.greeting(slots.name or contact_name, ask)
        return
    if decision.intent == "consulta_producto":
        decision.reply = replies.off_topic()
        return
    if decision.intent == "despedida":
        decision.reply = replies.goodbye(slots.name)
        return
    decision.reply = replies.off_topic()


def _problem(heard: Understanding, session: Session, products: Products) -> str | None:
    """A reply for data that cannot be quoted: unknown product, thickness, absurd size."""
    slots = session.slots
    if heard.product.not_offered and not heard.product.family:
        return replies.unknown_product(heard.product.not_offered)
    if heard.measures.bad_dimension is not None:
        return replies.bad_dimension()
    family = products.family(slots.product)
    if family and slots.thickness_mm and slots.thickness_mm not in family.thicknesses:
        wrong, slots.thickness_mm = slots.thickness_mm, None
        return replies.invalid_thickness(family, wrong)
    return None


def _opening(heard: Understanding, changed: set[str]) -> str:
    if heard.name and "name" in changed:
        return f"¡Gracias, {heard.name.split()[0]}! "
    greets = ("hola", "buenas", "buen dia", "buenos dias", "hi", "hello")
    return "¡Hola! " if any(contains_phrase(heard.text, w) for w in greets) else ""


def _in_progress(session: Session) -> bool:
    slots = session.slots
    return any(
        (
            slots.product,
            slots.material,
            slots.use,
            slots.thickness_mm,
            slots.length_m,
            slots.area_m2,
            slots.panels,
            slots.zone,
            slots.pickup,
        )
    )


def _signature(request: dict[str, Any]) -> str:
    raw = json.dumps(request, sort_keys=True, default=str).encode()
    return hashlib.sha256(raw).hexdigest()[:16]
