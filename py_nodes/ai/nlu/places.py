"""Where the order goes: Uruguay's departments, common localities, "el interior" or pick-up."""

from __future__ import annotations

import re
from dataclasses import dataclass

from py_nodes.ai.nlu.normalise import contains_phrase

DEPARTMENTS = (
    "Artigas", "Canelones", "Cerro Largo", "Colonia", "Durazno", "Flores", "Florida", "Lavalleja",
    "Maldonado", "Montevideo", "Paysandú", "Río Negro", "Rivera", "Rocha", "Salto", "San José",
    "Soriano", "Tacuarembó", "Treinta y Tres",
)  # fmt: skip

# Localities people name instead of their department (normalised phrase -> zone text).
LOCALITIES = {
    "punta del este": "Punta del Este",
    "punta": "Punta del Este",
    "piriapolis": "Piriápolis",
    "san carlos": "San Carlos",
    "ciudad de la costa": "Ciudad de la Costa",
    "la costa": "Ciudad de la Costa",
    "solymar": "Ciudad de la Costa",
    "lagomar": "Ciudad de la Costa",
    "el pinar": "Ciudad de la Costa",
    "shangrila": "Ciudad de la Costa",
    "atlantida": "Atlántida",
    "pando": "Pando",
    "las piedras": "Las Piedras",
    "la paz": "La Paz",
    "colonia nicolich": "Colonia Nicolich",
    "mvd": "Montevideo",
    "monte video": "Montevideo",
    "carrasco": "Montevideo",
    "pocitos": "Montevideo",
    "jose ignacio": "Maldonado",
    "la barra": "Maldonado",
    "chuy": "Rocha",
    "la paloma": "Rocha",
    "nueva helvecia": "Colonia",
    "carmelo": "Colonia",
    "mercedes": "Soriano",
    "fray bentos": "Río Negro",
    "young": "Río Negro",
    "minas": "Lavalleja",
    "trinidad": "Flores",
}

PICKUP_PHRASES = (
    "retiro en planta", "retiro en fabrica", "retiro yo", "lo retiro", "los retiro",
    "paso a buscar",
    "voy a buscar", "paso a retirar", "retirar en planta", "retiro por planta", "lo busco",
    "los busco", "retiro personalmente", "sin flete", "sin envio", "pick up", "pickup",
)  # fmt: skip
INTERIOR_PHRASES = ("el interior", "interior del pais", "en el interior")


@dataclass(frozen=True)
class Place:
    zone: str | None = None
    pickup: bool = False


def _plain(name: str) -> str:
    from unidecode import unidecode

    return unidecode(name).lower()


_ZONES: list[tuple[str, str]] = sorted(
    [(_plain(dep), dep) for dep in DEPARTMENTS] + list(LOCALITIES.items()),
    key=lambda pair: -len(pair[0]),
)


def find_place(text: str) -> Place:
    """Pick-up wins over a zone; the longest place name wins ("punta del este" over "punta")."""
    if any(contains_phrase(text, phrase) for phrase in PICKUP_PHRASES):
        return Place(pickup=True)
    for phrase, zone in _ZONES:
        if phrase == "colonia" and contains_phrase(text, "colonia nicolich"):
            continue
        if phrase == "punta" and not re.search(r"\b(?:en|de|a|para|desde)\s+punta\b", text):
            continue
        if (
            phrase == "florida"
            and re.search(r"\bla florida\b", text) is None
            and not re.search(r"\b(?:en|de|a|para|desde)\s+florida\b", text)
        ):
            continue
        if contains_phrase(text, phrase):
            return Place(zone=zone)
    if any(contains_phrase(text, phrase) for phrase in INTERIOR_PHRASES):
        return Place(zone="Interior")
    return Place()


def is_place_word(words: str) -> bool:
    """True when ``words`` (normalised) begin with a place: "de montevideo", "maldonado"."""
    stripped = re.sub(r"^(?:de|del|desde|en)\s+", "", words)
    return any(stripped.startswith(phrase) for phrase, _ in _ZONES) or stripped.startswith(
        "el interior"
    )
