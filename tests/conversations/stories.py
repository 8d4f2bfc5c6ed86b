"""Conversation stories: load them, play them through the Python nodes as the answer flow does,
and check every turn and the final quote against what the story expects.

Stories come from two places: the team's corpus (``tests/conversations/*.yaml``) and stories
written outside the team (``../shared/conversations/*.yaml`` beside the repository, read in
place because that set grows). Both use the format documented in the outsider file's header.

Playing follows ``answer-message``: ``POST /ai/respond``; with ``action=quote``, ``POST /quotes``
with the ``quote_request``; a quote held for review (``needs_review``) reaches the customer only
as the review notice and counts as a hand-off. What the customer receives is the reply (unless
``silent``) and the quote's text.

The checks need no knowledge of the engine's internals, so the e2e tests reuse them with what
the fake Graph API received.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from unidecode import unidecode

CORPUS_DIR = Path(__file__).parent
SHARED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "conversations"
START = 1_760_000_000
DEFAULT_GAP_S = 30
PRICE = re.compile(r"(?:usd|u\$s|us\$|\$)\s*\d")
ASKING_WORDS = ("decime", "contame", "me falta", "pasame", "me pasas", "me decis", "necesito saber",
                "indicame", "confirmame", "podrias decirme", "me podes decir")  # fmt: skip
#: Words that show a question is about a datum the customer already gave (``no_reask``).
DATUM_WORDS: dict[str, tuple[str, ...]] = {
    "product": ("que panel", "cual panel", "que producto", "tipo de panel", "panel te interesa",
                "que modelo", "cual producto"),
    "thickness_mm": ("espesor", "grosor", "milimetros"),
    "use": ("para techo", "techo o pared", "techo, pared", "para que lo", "es para"),
    "dimensions": ("medida", "largo", "ancho", "dimensiones", "superficie", "metros cuadrados",
                   "m2", "alto", "altura", "cuantos paneles"),
    "structure": ("estructura", "metalica o", "de madera", "hormigon", "sobre que"),
    "edges": ("gotero", "babeta", "canalon", "cumbrera", "terminacion", "remate", "bordes",
              "zingueria", "cierre"),
    "location": ("donde", "entrega", "retir", "envio", "flete", "zona", "departamento",
                 "localidad", "ciudad"),
}  # fmt: skip
MONEY_KEYS = ("subtotal_usd", "iva_usd", "total_usd")


@dataclass(frozen=True)
class Story:
    source: str  # file stem: "quotes", "outsider-stories", ...
    outsider: bool
    raw: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.raw["story"])

    @property
    def id(self) -> str:
        return f"{self.source}::{self.title}"

    @property
    def steps(self) -> list[dict[str, Any]]:
        return list(self.raw["steps"])


def _read(path: Path, outsider: bool) -> list[Story]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [Story(path.stem, outsider, story) for story in raw.get("stories", [])]


def corpus_stories() -> list[Story]:
    return [s for path in sorted(CORPUS_DIR.glob("*.yaml")) for s in _read(path, False)
            if path.name != KNOWN_FAILURES.name]  # fmt: skip


def outsider_stories() -> list[Story]:
    if not SHARED_DIR.is_dir():
        return []
    return [s for path in sorted(SHARED_DIR.glob("*.yaml")) for s in _read(path, True)]


KNOWN_FAILURES = CORPUS_DIR / "known_failures.yaml"


def known_failures() -> dict[str, str]:
    """Story id -> the finding it shows; such a story must fail (strict xfail) until fixed."""
    if not KNOWN_FAILURES.exists():
        return {}
    raw = yaml.safe_load(KNOWN_FAILURES.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in (raw.get("known_failures") or {}).items()}


# --------------------------------------------------------------------------------- playing


@dataclass
class Turn:
    """One customer message and everything the customer received in answer to it."""

    number: int
    step: dict[str, Any]
    body: dict[str, Any]
    sent: list[str] = field(default_factory=list)
    quote: dict[str, Any] | None = None  # a priced quote that reached the customer
    review: dict[str, Any] | None = None  # a quote held for a seller's review
    refused: dict[str, Any] | None = None  # POST /quotes refused the ai node's request

    @property
    def handed_off(self) -> bool:
        return self.body.get("action") == "handoff" or self.review is not None

    @property
    def text(self) -> str:
        return "\n".join(self.sent)


#: ``post(path, json) -> (status, body)``: the nodes' HTTP API, in-process or over the wire.
Post = Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]]]


def play(story: Story, post: Post, phone: str) -> Iterator[Turn]:
    """Send the story's messages in order through ``post(path, json) -> response body``."""
    clock = START
    for number, step in enumerate(story.steps):
        clock += int(float(step.get("after_hours", 0)) * 3600) + DEFAULT_GAP_S
        status, body = post(
            "/ai/respond",
            {
                "message_id": f"wamid.{phone}.{number}",
                "phone": phone,
                "text": step.get("user", ""),
                "message_type": step.get("message_type", "text"),
                "contact_name": story.raw.get("contact_name"),
                "timestamp": clock,
            },
        )
        if status != 200:
            raise AssertionError(f"/ai/respond answered {status}: {body}")
        turn = Turn(number, step, body)
        if body.get("action") != "silent" and body.get("reply"):
            turn.sent.append(body["reply"])
        if body.get("action") == "quote" and body.get("quote_request") is not None:
            status, quote = post("/quotes", body["quote_request"])
            if status not in (200, 201):
                turn.refused = quote  # the flow would dead-letter it: the customer gets nothing
            elif quote.get("needs_review"):
                turn.sent.append(quote.get("whatsapp_text", ""))
                turn.review = quote
            else:
                turn.sent.append(quote.get("whatsapp_text", ""))
                turn.quote = quote
        yield turn


# -------------------------------------------------------------------------------- checking


def plain(text: str) -> str:
    return unidecode(text).lower()


def has_price(text: str) -> bool:
    return PRICE.search(plain(text)) is not None


def asks_about(text: str, datum: str) -> bool:
    """True when a question (or "decime…"-style request) in ``text`` is about ``datum``."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", plain(text)):
        asking = "?" in sentence or any(word in sentence for word in ASKING_WORDS)
        if asking and any(word in sentence for word in DATUM_WORDS.get(datum, ())):
            return True
    return False


def check_turn(turn: Turn) -> list[str]:
    """Every way the answer to one message differs from what its step expects."""
    step, body, problems = turn.step, turn.body, []
    for key in ("intent", "missing"):  # the team corpus's older keys
        if key in step and body.get(key) != step[key]:
            problems.append(f"{key}: expected {step[key]!r}, got {body.get(key)!r}")
    if "action" in step:
        wanted = step["action"]
        got = {True: "handoff"}.get(turn.handed_off) or (
            "quote" if turn.quote is not None else body.get("action")
        )
        if wanted != got:
            problems.append(f"action: expected {wanted!r}, got {got!r}")
    slots = body.get("slots", {})
    wrong = {k: slots.get(k) for k, v in (step.get("slots") or {}).items() if slots.get(k) != v}
    if wrong:
        problems.append(f"slots differ {wrong} (expected {step['slots']})")
    problems += [f"slot {k} should be unset" for k in step.get("absent_slots", []) if k in slots]
    said = plain(turn.text)
    problems += [f"lacks {f!r}" for f in step.get("reply_contains", []) if plain(f) not in said]
    problems += [f"has {f!r}" for f in step.get("reply_not_contains", []) if plain(f) in said]
    reply = body.get("reply", "")
    # The team corpus's older key: about the bot's own reply, not the quote text after it.
    problems += [
        f"reply has {f!r}" for f in step.get("reply_excludes", []) if plain(f) in plain(reply)
    ]
    problems += [f"asks again for {d}" for d in step.get("no_reask", []) if asks_about(reply, d)]
    if step.get("handoff"):
        if not turn.handed_off:
            problems.append("expected a hand-off to a person")
        if turn.quote is not None or has_price(turn.text):
            problems.append("a price went out with the hand-off")
    if step.get("opt_out") and (len(turn.sent) > 1 or "?" in turn.text or has_price(turn.text)):
        problems.append(f"opt-out must get one plain acknowledgement at most: {turn.sent}")
    if (body.get("action") == "quote") != (body.get("quote_request") is not None):
        problems.append("quote_request must be present exactly when action is quote")
    if turn.refused is not None:
        problems.append(f"POST /quotes refused the ai node's request: {turn.refused}")
    return problems


def check_story(story: Story, turns: list[Turn]) -> list[str]:
    """Checks across turns: silence while with sales, never priced, and the final quote."""
    problems: list[str] = []
    silent = [t for t in turns if t.step.get("silent")]
    spoken = [t for t in silent if t.sent]
    if len(spoken) > 1 or any(len(t.sent) > 1 for t in spoken):
        problems.append(f"while a person has the chat, {len(spoken)} answers went out")
    for t in spoken:
        if "?" in t.text or has_price(t.text) or t.body.get("action") == "quote":
            problems.append(f"turn {t.number}: the holding line asks or prices: {t.text!r}")
    priced = [t for t in turns if t.quote is not None or has_price(t.text)]
    if story.raw.get("never_priced") and priced:
        problems.append(f"priced at turn {priced[0].number} but the story is never priced")
    expected = story.raw.get("quote")
    if expected is not None:
        quoted = [t for t in turns if t.quote is not None]
        if not quoted:
            problems.append("no priced quote reached the customer")
        else:
            problems += compare_quote(expected, quoted[-1].quote or {}, quoted[-1].body)
    return problems


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def freight_usd(quote: dict[str, Any]) -> Decimal:
    return sum(
        (_money(line["amount"]) for line in quote.get("lines", []) if line["group"] == "SERVICIOS"),
        Decimal("0.00"),
    )


def compare_quote(
    expected: dict[str, Any], quote: dict[str, Any], body: dict[str, Any]
) -> list[str]:
    """The priced quote against the story's ``quote`` block (money to the cent)."""
    request = body.get("quote_request") or {}
    part = request.get("roof") or request.get("wall") or request.get("cold_room") or {}
    got = {
        "scenario": quote.get("scenario"),
        "product": part.get("product"),
        "thickness_mm": part.get("thickness_mm"),
        "panels": (quote.get("figures") or {}).get("panels"),
        "billed_m2": _money((quote.get("figures") or {}).get("area_m2", 0)),
        "subtotal_usd": _money(quote.get("subtotal", 0)),
        "iva_usd": _money(quote.get("iva", 0)),
        "total_usd": _money(quote.get("total", 0)),
    }
    want: dict[str, Any] = {k: expected.get(k) for k in ("scenario", "product", "thickness_mm")}
    want["panels"] = expected.get("panels")
    want["billed_m2"] = _money(expected.get("billed_m2", 0))
    want.update({k: _money(expected[k]) for k in MONEY_KEYS if k in expected})
    freight = expected.get("freight_usd")
    if freight is not None and freight != "manual":
        want["freight_usd"], got["freight_usd"] = _money(freight), freight_usd(quote)
    elif freight == "manual":
        want["freight_usd"], got["freight_usd"] = Decimal("0.00"), freight_usd(quote)
    problems = [
        f"quote {key}: expected {value}, got {got.get(key)}"
        for key, value in want.items()
        if value is not None and got.get(key) != value
    ]
    if problems:
        problems.append(f"(request sent: {request})")
    return problems


def is_wrong_job(story: Story, turns: list[Turn]) -> bool:
    """The customer was priced another job than the one meant: the last quote the ai node asked
    for (priced, or refused by the quote node) has another scenario (a roof priced as a wall),
    or a story that is never priced got a quote."""
    attempted = [
        turn.quote or {"scenario": (turn.body.get("quote_request") or {}).get("scenario")}
        for turn in turns
        if turn.quote is not None or turn.refused is not None
    ]
    if not attempted:
        return False
    expected = story.raw.get("quote")
    if expected is None:
        return bool(story.raw.get("never_priced"))
    return bool(attempted[-1].get("scenario") != expected.get("scenario"))
