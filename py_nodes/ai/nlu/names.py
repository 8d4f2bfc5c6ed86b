"""The customer's name: "me llamo Ana", "soy Ana Pérez" — but "soy de Montevideo" is a place."""

from __future__ import annotations

import re

from unidecode import unidecode

from py_nodes.ai.nlu.places import is_person_name, is_place_word

_WORD = r"[A-Za-zÁÉÍÓÚÑáéíóúñÜü']+"
_INTRO = re.compile(
    rf"\b(?:me llamo|mi nombre es|mi nombre:|te habla|les habla|habla|te escribe|les escribe)"
    rf"\s+({_WORD}(?:\s+{_WORD}){{0,3}})",
    re.IGNORECASE,
)
_SOY = re.compile(rf"\bsoy\s+({_WORD}(?:\s+{_WORD}){{0,3}})", re.IGNORECASE)
STOP = {
    "de", "del", "y", "e", "con", "desde", "quiero", "queria", "necesito", "para", "estoy",
    "tengo", "busco", "el", "la", "los", "las", "que", "me", "te", "les", "en", "a", "por", "un",
    "una", "muy", "bien", "cliente", "arquitecto", "arquitecta", "ingeniero", "ingeniera",
    "constructor", "constructora", "nuevo", "nueva", "yo", "quien", "interesado", "interesada",
    "consultando", "consulta", "the", "from", "and", "i", "hola", "buenas", "buen", "gracias",
    "responsable", "encargado", "encargada", "dueno", "duena", "socio", "vecino", "cotizar",
    "panel", "paneles", "techo", "isodec", "isopanel", "isoroof", "como", "asi", "no", "si",
}  # fmt: skip


def find_name(original: str, bare_answer: bool = False) -> str | None:
    """The person's name in the raw ``original`` text, or None.

    ``bare_answer``: the bot just asked for the name, so "Ana Pérez" alone counts as one.
    """
    for pattern, places_allowed in ((_INTRO, True), (_SOY, False)):
        match = pattern.search(original)
        if match:
            name = _clean(match.group(1), places_allowed)
            if name:
                return name
    if bare_answer and "?" not in original:
        words = original.strip().strip(".!¡").split()
        plain = all(re.fullmatch(_WORD, w) for w in words) and 1 <= len(words) <= 3
        if plain and not any(_IMPERATIVE.search(unidecode(w).lower()) for w in words):
            return _clean(" ".join(words))
    return None


# "contestame", "decime", "pasame": a request, not a name given after the bot asked for it.
_IMPERATIVE = re.compile(
    r"^[a-z]{4,}(?:ame|eme|ime|amelo|ale|elo)$"
    r"|^(?:ja|je|ji|jo|ha|he|js|xd|lol)+j?$|(.)\1\1"  # laughter, "siii": not a name either
)


def _clean(words: str, places_allowed: bool = False) -> str | None:
    """The name words of ``words``; after "me llamo" a place name is a name ("Artigas"), after
    "soy" a place that is also a first name is one ("Mercedes"), and after a first name a place
    is a surname ("Jorge Maldonado")."""
    kept: list[str] = []
    for word in words.split():
        plain = unidecode(word).lower()
        named = places_allowed or bool(kept) or is_person_name(word)
        if plain in STOP or (is_place_word(plain) and not named):
            break
        kept.append(word)
    if not kept:
        return None
    whole = " ".join(kept)
    lone_place = len(kept) == 1 and is_place_word(unidecode(whole).lower())
    if not places_allowed and lone_place and not is_person_name(whole):
        return None
    return " ".join(w[:1].upper() + w[1:].lower() for w in kept)
