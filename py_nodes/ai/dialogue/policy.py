"""What to do with a message: the policy returns a :class:`Decision` (what to do, which messages,
which values) and never writes text. Each rule is a small function that answers or passes; the
first that answers wins. Rendering (``render.py``) turns the decision's parts into the reply.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from py_nodes.ai.dialogue.render import Listing, Metres, Part, Verbatim
from py_nodes.ai.dialogue.slots import job_conflict, merge, missing
from py_nodes.ai.dialogue.state import Session
from py_nodes.ai.dialogue.summary import families_listing, missing_question, options, summary
from py_nodes.ai.nlu.normalise import contains_phrase
from py_nodes.ai.nlu.products import ProductMention, Products
from py_nodes.ai.nlu.understand import Understanding
from py_nodes.ai.quote_request import build_quote_request

TEXT_TYPES = ("text", "interactive", "button")
QUOTE_INTENTS = ("cotizacion", "precio")
MISUNDERSTOOD_LIMIT = 3
GREETING_WORDS = ("hola", "buenas", "buen dia", "buenos dias", "buenas tardes", "hi", "hello")
MEDIA = ("audio", "image", "sticker", "location", "video", "document")


@dataclass
class Decision:
    """What the answer is: ``action`` for n8n, ``parts`` for the renderer."""

    intent: str
    action: str
    parts: list[Part]
    confidence: float
    missing: list[str] = field(default_factory=list)
    quote_request: dict[str, Any] | None = None
    handoff_reason: str | None = None


@dataclass
class Turn:
    """Everything a rule may look at for one message."""

    heard: Understanding
    session: Session
    products: Products
    phone: str
    contact_name: str | None
    knowledge: list[str]
    changed: set[str] = field(default_factory=set)
    conflict: str | None = None

    @property
    def absent(self) -> list[str]:
        return missing(self.session.slots)

    @property
    def in_progress(self) -> bool:
        slots = self.session.slots
        return any((slots.product, slots.material, slots.use, slots.thickness_mm, slots.length_m,
                    slots.area_m2, slots.panels, slots.zone, slots.pickup))  # fmt: skip

    @property
    def quote_turn(self) -> bool:
        intent = self.heard.intent.intent
        return intent in QUOTE_INTENTS or intent == "objecion" or bool(self.changed - {"name"})

    def reply(self, intent: str, *parts: Part, confidence: float | None = None) -> Decision:
        level = self.heard.intent.confidence if confidence is None else confidence
        return Decision(intent, "reply", list(parts), level)


def non_text(message_type: str) -> Decision:
    what = message_type if message_type in MEDIA else "other"
    if message_type == "voice":
        what = "audio"
    parts = [Part("write_instead", {"what": Part(f"media.{what}")})]
    return Decision("fuera_de_tema", "reply", parts, 1.0)


def empty(session: Session) -> Decision:
    return Decision("fuera_de_tema", "reply", [Part("empty")], 0.5, missing(session.slots))


def opt_out() -> Decision:
    return Decision("despedida", "reply", [Part("opt_out")], 1.0)


def silent(holding: bool, holding_text: str | None = None) -> Decision:
    """Nothing to send, or the holding line (BMC's own text when staff set one)."""
    if holding and holding_text:
        return Decision(
            "humano", "reply", [Part("holding_text", {"text": Verbatim(holding_text)})], 1.0
        )
    if holding:
        return Decision("humano", "reply", [Part("holding")], 1.0)
    return Decision("humano", "silent", [], 1.0)


def decide(
    heard: Understanding, session: Session, products: Products, phone: str,
    contact_name: str | None, knowledge: list[str],
) -> Decision:  # fmt: skip
    """Update ``session`` with ``heard`` and choose the answer."""
    turn = Turn(heard, session, products, phone, contact_name, knowledge)
    _bare_thickness(turn)
    _set_aside_product_questions(turn)
    turn.conflict = _conflict(turn)
    turn.changed = merge(session.slots, heard, products)
    if heard.name:
        session.awaiting_name = False
    offered, session.offered_seller = session.offered_seller, False
    decision: Decision | None = _handoff(turn, offered)
    for rule in RULES:
        if decision is not None:
            break
        decision = rule(turn)
    if decision is None:
        decision = _not_understood(turn)
    else:
        session.misunderstood = 0
    decision.missing = missing(session.slots)
    if heard.attributes.english and decision.action == "reply" and decision.parts:
        decision.parts.insert(0, Part("english_note"))
    return decision


def _bare_thickness(turn: Turn) -> None:
    """A lone number while the thickness is missing answers that question ("200", "de 10")."""
    heard, slots = turn.heard, turn.session.slots
    family = turn.products.family(slots.product)
    words = heard.text.replace("de ", "").replace("el ", "").strip(" .!").split()
    if family is None or slots.thickness_mm is not None or len(words) != 1:
        return
    if not words[0].isdigit():
        return
    value = int(words[0])
    for candidate in (value, value * 10):
        if candidate in family.thicknesses:
            heard.measures.thickness_mm = candidate
            heard.measures.dims = None
            heard.quote_data = True
            return


def _set_aside_product_questions(turn: Turn) -> None:
    """A question about another family mid-quote ("¿el de 200 aísla mejor que el isowall?")
    asks about it; it does not change the panel being quoted."""
    heard, slots = turn.heard, turn.session.slots
    family = heard.product.family
    other = heard.question and slots.product and family and family != slots.product
    if other and not heard.measures.any_size():
        heard.product = ProductMention()
        heard.measures.thickness_mm = None


def _conflict(turn: Turn) -> str | None:
    """A use word that contradicts the family: ask once; told again, the customer's job wins."""
    heard, session, products = turn.heard, turn.session, turn.products
    slots = session.slots
    use = heard.attributes.use
    family = products.family(heard.product.family or slots.product)
    if use is None or family is None or heard.product.family or not _job_evidence(heard, use):
        return None
    probe = slots.model_copy()
    probe.product = family.key
    conflict = job_conflict(probe, _without_family(heard), products)
    if conflict is None:
        return None
    if session.conflict_asked:
        session.conflict_asked = False
        heard.product = ProductMention(generic=family.material)
        slots.product, slots.material, slots.use = None, family.material, None
        return None
    session.conflict_asked = True
    heard.attributes.use = None
    return conflict


_JOB_PHRASE = {
    "pared": re.compile(r"\bpara (?:una |la |el |las |los )?(?:pared|muro|fachada|cerramiento|"
                        r"tabique|paredes|muros)\b|\b(?:cerrar|forrar)\b"),
    "techo": re.compile(r"\bpara (?:un |el |la )?(?:techo|techar|cubierta|tinglado)\b|\btechar\b"),
    "camara": re.compile(r"\bcamara\b"),
}  # fmt: skip


def _job_evidence(heard: Understanding, use: str) -> bool:
    """A use word only contradicts the family with a job behind it: a wall's height, openings
    or length, a roof's slope or edges, or "para una pared" said outright."""
    found = heard.measures
    if use == "pared" and (found.height_m or found.openings or found.perimeter_m
                           or found.wall_lengths or found.wall_count):  # fmt: skip
        return True
    if use == "techo" and (found.slope_deg or heard.edges or found.ridge_m):
        return True
    return _JOB_PHRASE[use].search(heard.text) is not None


def _without_family(heard: Understanding) -> Understanding:
    copy = Understanding(**{**heard.__dict__, "product": ProductMention()})
    return copy


def _handoff(turn: Turn, offered: bool) -> Decision | None:
    heard = turn.heard
    asked = heard.person or heard.intent.intent == "humano"
    accepted = offered and heard.affirmative and not heard.quote_data
    if not (asked or accepted or heard.angry):
        return None
    reason = "angry" if heard.angry and not asked else "asked"
    part = Part("handoff.asked", {"name": _name_suffix(turn, "quote_name")})
    if reason == "angry":
        part = Part("handoff.angry")
    return Decision("humano", "handoff", [part], 0.9, handoff_reason=reason)


def _ask_conflict(turn: Turn) -> Decision | None:
    if turn.conflict is None:
        return None
    family = turn.products.family(turn.session.slots.product)
    if family is None:
        return None
    return turn.reply(
        "cotizacion",
        Part("job_conflict", {"use": Part(f"use_names.{turn.conflict}"),
                              "label": Verbatim(family.label),
                              "family_use": Part(f"use_names.{family.use}")}),
    )  # fmt: skip


def _status(turn: Turn) -> Decision | None:
    if turn.heard.intent.intent != "estado_cotizacion":
        return None
    last = turn.session.last_quote
    if not last:
        return turn.reply("estado_cotizacion", Part("status_none"))
    return turn.reply(
        "estado_cotizacion",
        Part("status", {"summary": Verbatim(last.get("summary", "")),
                        "day": Verbatim(last.get("requested_on", "")),
                        "state": Part("status_preparing")}),
    )  # fmt: skip


def _problem(turn: Turn) -> Decision | None:
    """Data that cannot be quoted: unknown product, thickness not made, absurd size."""
    heard, slots, products = turn.heard, turn.session.slots, turn.products
    if heard.product.not_offered and not heard.product.family and slots.product is None:
        word = Verbatim(heard.product.not_offered)
        values = {"word": word, "families": families_listing(products)}
        return turn.reply(heard.intent.intent, Part("unknown_product", values))
    if heard.measures.bad_dimension is not None:
        return turn.reply(heard.intent.intent, Part("bad_dimension"))
    family = products.family(slots.product)
    if family and slots.thickness_mm and slots.thickness_mm not in family.thicknesses:
        wrong, slots.thickness_mm = slots.thickness_mm, None
        part = Part("invalid_thickness", {"label": Verbatim(family.label), "value": wrong,
                                          "options": options(family)})  # fmt: skip
        return turn.reply(heard.intent.intent, part)
    return None


def _quote(turn: Turn) -> Decision | None:
    session, products, heard = turn.session, turn.products, turn.heard
    if turn.absent or not turn.quote_turn:
        return None
    slots = session.slots
    family = products.family(slots.product)
    intent = heard.intent.intent if heard.intent.intent in ("precio", "objecion") else "cotizacion"
    haggle = [Part("conditions")] if heard.intent.intent == "objecion" else []
    built = build_quote_request(
        slots, turn.phone, turn.contact_name, family.usable_width_m if family else None
    )
    signature = _signature(built.request)
    described = summary(slots, products)
    if signature == session.quoted_signature and not heard.quote_data:
        if heard.intent.intent not in QUOTE_INTENTS:
            return None
        return turn.reply(intent, *haggle, Part("already_quoted", {"summary": described}))
    session.quoted_signature = signature
    parts = [*haggle, Part("quote_ready", {"name": _name_suffix(turn, "quote_name"),
                                           "summary": described})]  # fmt: skip
    if built.assumptions:
        parts.append(Part("quote_assumed", {"items": _listing(built.assumptions)}))
    if built.defaults:
        parts.append(Part("quote_defaults", {"items": _listing(built.defaults)}))
    parts.append(Part("quote_coming"))
    if family and slots.color and slots.color not in family.colors:
        colours = _listing([Verbatim(c.lower()) for c in family.colors])
        parts.append(Part("colour_note", {"label": Verbatim(family.label), "colours": colours,
                                          "colour": Verbatim(slots.color.lower())}))  # fmt: skip
    if not (slots.name or turn.contact_name or session.name_asked):
        session.name_asked = session.awaiting_name = True
        parts.append(Part("name_for_quote"))
    decision = Decision(intent, "quote", parts, max(heard.intent.confidence, 0.7))
    decision.quote_request = built.request
    return decision


_THICKNESS_QUESTION = re.compile(r"\b(?:espesor|espesores|grosor|thickness|thicknesses)\b")


def _length_range(turn: Turn) -> Decision | None:
    """ "¿Isoroof de 10 m de largo?": a question about a panel length the factory does not make
    gets the real range (a quote with it would only go to a seller's review)."""
    heard = turn.heard
    family = turn.products.family(heard.product.family or turn.session.slots.product)
    length = heard.measures.length_m
    if family is None or length is None or not heard.question:
        return None
    if heard.measures.height_m is not None or heard.measures.wall_lengths:
        return None  # "3 de alto por 15 de largo": a wall's run, covered by panels side by side
    shortest, longest = family.lengths_m
    if shortest <= length <= longest:
        return None
    values = {"label": Verbatim(family.label), "shortest": Metres(shortest),
              "longest": Metres(longest)}  # fmt: skip
    return turn.reply("consulta_producto", Part("length_range", values))


def _thickness_options(turn: Turn) -> Decision | None:
    """ "¿En qué espesores viene?" about the family named now or being quoted: from the data."""
    heard = turn.heard
    family = turn.products.family(heard.product.family or turn.session.slots.product)
    if family is None or not heard.question or not _THICKNESS_QUESTION.search(heard.text):
        return None
    if heard.measures.thickness_mm is not None:
        return None
    part = Part("thickness_options", {"label": Verbatim(family.label), "options": options(family)})
    return turn.reply("consulta_producto", part)


def _knowledge(turn: Turn) -> Decision | None:
    if not turn.knowledge:
        return None
    parts = [Part("knowledge", {"answer": Verbatim(turn.knowledge[0])})]
    if turn.absent and turn.changed - {"name", "zone", "pickup", "freight"}:
        parts.append(missing_question(turn.absent, turn.session.slots, turn.products))
    return turn.reply("consulta_producto", *parts)


def _haggle(turn: Turn) -> Decision | None:
    if turn.heard.intent.intent != "objecion":
        return None
    turn.session.offered_seller = True
    if turn.heard.intent.discount:
        parts = [Part("conditions"), Part("offer_seller")]
    else:
        parts = [Part("objection")]
    if turn.absent and turn.in_progress and turn.changed - {"name"}:
        parts.append(missing_question(turn.absent, turn.session.slots, turn.products))
    return turn.reply("objecion", *parts)


def _ask_missing(turn: Turn) -> Decision | None:
    heard, session = turn.heard, turn.session
    absent = turn.absent
    follow_up = turn.in_progress and (heard.acknowledgement or heard.affirmative or _greets(heard))
    if not absent or not (turn.quote_turn or heard.quote_data or follow_up):
        return None
    slots = session.slots
    parts = [*_opening(turn), missing_question(absent, slots, turn.products)]
    if not session.details_asked and slots.use in (None, "techo", "pared"):
        session.details_asked = True
        roof = slots.use in (None, "techo")
        if not (slots.structure and (slots.edges or not roof)):
            parts.append(Part("details_roof" if roof else "details_wall"))
    elif not session.name_asked and not (slots.name or turn.contact_name):
        session.name_asked = session.awaiting_name = True
        parts.append(Part("ask_name"))
    intent = "precio" if heard.intent.intent == "precio" else "cotizacion"
    return turn.reply(intent, *parts)


def _name_given(turn: Turn) -> Decision | None:
    if "name" not in turn.changed or not turn.session.slots.name:
        return None
    return turn.reply(
        "saludo", Part("thanks_name", {"name": Verbatim(_first(turn.session.slots.name))})
    )


def _goodbye(turn: Turn) -> Decision | None:
    if turn.heard.intent.intent != "despedida" and not (
        turn.heard.acknowledgement and turn.session.quoted_signature
    ):
        return None
    return turn.reply("despedida", Part("goodbye", {"name": _name_suffix(turn, "goodbye_name")}))


def _greeting(turn: Turn) -> Decision | None:
    heard, session = turn.heard, turn.session
    if heard.intent.intent != "saludo" and not heard.name and not heard.acknowledgement:
        return None
    slots = session.slots
    if turn.in_progress:
        absent = turn.absent
        if absent:
            return turn.reply("saludo", *_opening(turn),
                              missing_question(absent, slots, turn.products))  # fmt: skip
        return turn.reply("saludo", Part("anything_else"))
    ask = not session.name_asked and not (slots.name or turn.contact_name)
    session.name_asked = session.name_asked or ask
    session.awaiting_name = ask
    name = slots.name or turn.contact_name
    hello = Part("hello_name", {"name": Verbatim(_first(name))}) if name else Part("hello")
    parts = [Part("greeting", {"hello": hello})]
    if ask:
        parts.append(Part("ask_name"))
    return turn.reply("saludo", *parts)


def _not_understood(turn: Turn) -> Decision:
    """Nothing understood: keep faith with what is known, or hand over after a few in a row."""
    session = turn.session
    session.misunderstood += 1
    if session.misunderstood >= MISUNDERSTOOD_LIMIT:
        session.misunderstood = 0
        return Decision("humano", "handoff", [Part("handoff.misunderstood")], 0.5,
                        handoff_reason="misunderstood")  # fmt: skip
    if not turn.in_progress:
        return turn.reply("fuera_de_tema", Part("off_topic"))
    parts = [Part("not_understood")]
    known = summary(session.slots, turn.products)
    if known is not None:
        parts.append(Part("noted", {"summary": known}))
    absent = turn.absent
    if absent:
        parts.append(missing_question(absent, session.slots, turn.products))
    else:
        parts.append(Part("anything_else"))
    return turn.reply("fuera_de_tema", *parts, confidence=0.3)


RULES: tuple[Callable[[Turn], Decision | None], ...] = (
    _ask_conflict, _status, _problem, _length_range, _quote, _haggle, _thickness_options,
    _knowledge,
    _ask_missing, _name_given,
    _goodbye, _greeting,
)  # fmt: skip


def _opening(turn: Turn) -> list[Part]:
    heard = turn.heard
    if heard.name and "name" in turn.changed:
        return [Part("thanks_name_opening", {"name": Verbatim(_first(heard.name))})]
    return [Part("hello")] if _greets(heard) else []


def _greets(heard: Understanding) -> bool:
    return any(contains_phrase(heard.text, word) for word in GREETING_WORDS)


def _name_suffix(turn: Turn, key: str) -> Part | str:
    name = turn.session.slots.name or turn.contact_name
    return Part(key, {"name": Verbatim(_first(name))}) if name else ""


def _first(name: str | None) -> str:
    return (name or "").split()[0] if name else ""


def _listing(items: list[Any]) -> Listing:
    return Listing(tuple(items))


def _signature(request: dict[str, Any]) -> str:
    raw = json.dumps(request, sort_keys=True, default=str).encode()
    return hashlib.sha256(raw).hexdigest()[:16]
