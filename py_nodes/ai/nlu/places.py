"""Where the order goes: a place the customer names, pick-up at the plant, or delivery wanted.

Places come from ``places.yaml`` (departments, localities, barrios; the quote node's freight
zones must all be there — a test checks it). The zone kept is the place as the customer named it,
spelled properly ("Lagomar", "Cordón"): the quote node prices freight from it.

Pick-up and delivery are read from meaning, not whole phrases: a pick-up verb (retirar, buscar,
levantar, recoger, pasar por…) in the first person or with an object pronoun ("lo retiro",
"buscarlo", "retiramos"), the customer's own vehicle ("tengo camión", "con mi camioneta"), or a
typo of those verbs (rapidfuzz); delivery from sending verbs and nouns (flete, envío, "me lo
traen", "mandamelo", "puesto en obra").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz
from unidecode import unidecode

from py_nodes.ai.nlu.normalise import contains_phrase

PLACES_PATH = Path(__file__).resolve().parent.parent / "places.yaml"
_PICKUP_STEMS = r"(?:retir|recoj|recog|busc|levant|arrim)"
_PICKUP = (
    re.compile(rf"\b(?:lo|la|los|las)\s+(?:\w+\s+)?(?:a\s+)?{_PICKUP_STEMS}\w*"),
    re.compile(rf"\b{_PICKUP_STEMS}\w*(?:lo|la|los|las)\b"),
    re.compile(
        r"\b(?:lo|la|los|las) sac\w* (?:\w+ )?(?:de|en) (?:la )?(?:fabrica|planta|deposito)\b"
    ),
    re.compile(rf"\b{_PICKUP_STEMS}(?:o|amos|emos)\b"),
    re.compile(
        r"\b(?:paso|pasamos|voy|vamos|van|ir)\s+(?:a|por)\s+(?:buscar|retirar|recoger|la "
        r"fabrica|la planta|el deposito|fabrica|planta)\b"
    ),
    re.compile(r"\b(?:retiro|retira|retiran)\s+(?:en|de|por)\s+(?:planta|fabrica|deposito)\b"),
    re.compile(r"\b(?:lo|la|los|las) llev(?:o|amos)\b"),  # "lo llevo yo" (not "lo llevan")
    re.compile(r"\bsin (?:flete|envio)\b|\bpick ?up\b|\bpick (?:it|them) up\b|\bcollect it\b"),
)
_OWN_VEHICLE = re.compile(r"\b(?:camion\w*|fletero|trailer|utilitario|furgon\w*)\b")
_MINE = re.compile(r"\b(?:mi|mis|nuestro|nuestra|propio|propia|tengo|tenemos|de la empresa)\b")
_NEGATED = re.compile(rf"\bno\s+(?:\w+\s+)?(?:lo\s+|la\s+|los\s+)?(?:puedo\s+)?{_PICKUP_STEMS}")
_DELIVERY = re.compile(
    r"\b(?:flete|envi\w*|entrega\w*|mand\w*|tra(?:en|igan|elo|erlo|iganlo)"
    r"|llev(?:an|en|amelo|arlo)|puesto en obra)\b"
)
_LOCATIVE = re.compile(
    r"(?:\b(?:en|de|desde|a|al|para|in|do|da|hasta|zona|obra|entrega|envio)\s+(?:el\s+|la\s+)?)$"
)
_ARTICLE_BEFORE = re.compile(r"\b(?:el|la|los|las|un|una|unos|unas)\s+$")
INTERIOR_PHRASES = ("el interior", "interior del pais", "en el interior")


@dataclass(frozen=True)
class Place:
    zone: str | None = None
    pickup: bool = False
    delivery: bool = False


def _plain(name: str) -> str:
    return unidecode(name).lower()


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(PLACES_PATH.read_text(encoding="utf-8"))
    return raw


@lru_cache(maxsize=1)
def departments() -> dict[str, str]:
    """Place as written -> its department (a department is its own)."""
    found = {str(dep): str(dep) for dep in _raw()["departments"]}
    for dep, places in _raw()["departments"].items():
        found.update({str(place): str(dep) for place in places or []})
    return found


@lru_cache(maxsize=1)
def gazetteer() -> list[tuple[str, str]]:
    """(normalised phrase, place as written) for every place and alias; longest first."""
    pairs = [(_plain(name), name) for name in departments()]
    pairs += [(_plain(alias), str(name)) for alias, name in _raw()["aliases"].items()]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Every word of every place name ("colonia", "piedras"…)."""
    return frozenset(word for phrase, _ in gazetteer() for word in phrase.split())


def with_department(zone: str) -> str:
    """ "Sauce" -> "Sauce, Canelones": what the quote node prices freight from."""
    department = departments().get(zone)
    return zone if department in (None, zone) else f"{zone}, {department}"


def _matches(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, place) in ``text``, longest names first."""
    taken: list[tuple[int, int, str]] = []
    for phrase, name in gazetteer():
        if phrase not in text:
            continue
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text):
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, name))
    return sorted(taken)


def find_zone(text: str, exclude: str | None = None) -> str | None:
    """The place a normalised ``text`` names; one after "en/de/a/obra en…" wins over a bare one.

    ``exclude``: the customer's name (normalised), never read as a place.
    """
    found = [m for m in _matches(text) if not (exclude and _plain(m[2]) in exclude)]
    if not found:
        if any(contains_phrase(text, phrase) for phrase in INTERIOR_PHRASES):
            return "Interior"
        return None
    led = [m for m in found if _LOCATIVE.search(text[: m[0]])]
    if led:
        return led[0][2]
    # "una camara para las flores": after an article a word is a thing, not the place
    found = [m for m in found if not _ARTICLE_BEFORE.search(text[: m[0]])]
    if not found:
        return None
    if len(found) == 1 and (
        len(text.split()) <= 4 or _DELIVERY.search(text) or _whole_clause(text, found[0])
    ):
        return found[0][2]
    return found[0][2] if len(found) == 1 and not _ambiguous(found[0][2]) else None


def _whole_clause(text: str, match: tuple[int, int, str]) -> bool:
    """ "isoroof 80, florida, estructura metalica": a place standing alone between commas is
    where the order goes, even when the name is also a word or a first name."""
    before, after = text[: match[0]].rstrip(), text[match[1] :].lstrip()
    return (not before or before[-1] in ",;.") and (not after or after[0] in ",;.")


@lru_cache(maxsize=1)
def _ambiguous_names() -> frozenset[str]:
    return frozenset(str(name) for name in _raw().get("also_names", []))


def is_person_name(word: str) -> bool:
    """A place that is also a first name ("Mercedes", "Artigas")."""
    plain = _plain(word)
    return any(_plain(name) == plain for name in _ambiguous_names())


def _ambiguous(name: str) -> bool:
    """Places that are also first names or words ("Florida", "Artigas", "Paz")."""
    return name in _ambiguous_names()


def wants_pickup(text: str) -> bool:
    if _NEGATED.search(text):
        return False
    if any(pattern.search(text) for pattern in _PICKUP):
        return True
    for clause in re.split(r"[.;,]", text):
        if _OWN_VEHICLE.search(clause) and _MINE.search(clause):
            return True
    return any(
        fuzz.ratio(word, "retiro") >= 83 or fuzz.ratio(word, "recojo") >= 83
        for word in re.findall(r"[a-z]{5,7}", text)
    )


def find_place(text: str, exclude: str | None = None) -> Place:
    """Pick-up wins over a zone; delivery words mark that the customer wants it sent."""
    if wants_pickup(text):
        return Place(pickup=True)
    return Place(zone=find_zone(text, exclude), delivery=_DELIVERY.search(text) is not None)


def is_place_word(words: str) -> bool:
    """True when ``words`` (normalised) begin with a place: "de montevideo", "maldonado"."""
    stripped = re.sub(r"^(?:de|del|desde|en)\s+", "", words)
    return any(
        re.match(rf"{re.escape(phrase)}(?![a-z])", stripped) for phrase, _ in gazetteer()
    ) or stripped.startswith("el interior")
