"""Descriptive entities: use, colour, structure, waters, accessories, freight, "no sé"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from py_nodes.ai.nlu.normalise import contains_phrase

USES = {
    "camara": ("camara frigorifica", "camara de frio", "camara", "camaras", "frigorifico",
               "frigorifica", "freezer", "cold room", "camara fria"),
    "pared": ("pared", "paredes", "fachada", "fachadas", "muro", "muros", "cerramiento",
              "cerramientos", "tabique", "tabiques", "wall", "walls", "cerrar"),
    "techo": ("techo", "techos", "cubierta", "tejado", "azotea", "roof", "roofs", "galpon",
              "galpones", "techar", "techado", "tinglado", "cochera", "barbacoa", "quincho"),
}  # fmt: skip
COLORS = {"blanco": "Blanco", "blanca": "Blanco", "gris": "Gris", "rojo": "Rojo", "roja": "Rojo"}
STRUCTURES = {
    "metal": ("metal", "metalica", "metalico", "metalicas", "hierro", "perfiles", "acero",
              "estructura metalica", "perfileria"),
    "hormigon": ("hormigon", "losa", "concreto", "cemento", "viga de hormigon"),
    "madera": ("madera", "tirantes", "tiranteria", "vigas de madera"),
}  # fmt: skip
ACCESSORIES = {
    "goteros": ("gotero", "goteros"),
    "cumbrera": ("cumbrera", "cumbreras"),
    "babetas": ("babeta", "babetas"),
    "canalon": ("canalon", "canalones", "canaleta", "canaletas"),
    "completo": ("completo", "con todo", "con accesorios", "todos los accesorios", "kit completo"),
    "ninguno": ("sin accesorios", "solo paneles", "solo el panel", "solo los paneles"),
}
FREIGHT = ("flete", "envio", "enviar", "entrega en obra", "con entrega", "me lo lleven",
           "me los lleven", "lo traen", "los traen", "mandan", "llevan")  # fmt: skip
DONT_CARE = ("no se", "da igual", "lo que sea", "lo que recomiendes", "lo que me recomiendes",
             "me es indistinto", "indistinto", "cualquiera", "no importa", "no tengo idea",
             "lo estandar", "estandar", "por defecto", "lo normal", "lo comun",
             "ni idea")  # fmt: skip
ENGLISH = ("hi", "hello", "quote", "need", "price", "please", "how much", "panels", "thanks",
           "i want", "i need", "would like", "good morning")  # fmt: skip


@dataclass
class Attributes:
    use: str | None = None
    galpon: bool = False
    color: str | None = None
    structure: str | None = None
    waters: str | None = None
    accessories: list[str] = field(default_factory=list)
    freight: bool = False
    dont_care: bool = False
    english: bool = False


def _first(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    for key, phrases in table.items():
        if any(contains_phrase(text, phrase) for phrase in phrases):
            return key
    return None


def find_attributes(text: str) -> Attributes:
    """Descriptive entities of a normalised ``text``."""
    found = Attributes(
        use=_first(text, USES),
        galpon=contains_phrase(text, "galpon") or contains_phrase(text, "galpones"),
        structure=_first(text, STRUCTURES),
        freight=any(contains_phrase(text, phrase) for phrase in FREIGHT),
        dont_care=any(contains_phrase(text, phrase) for phrase in DONT_CARE),
        english=sum(contains_phrase(text, word) for word in ENGLISH) >= 2,
    )
    for word, color in COLORS.items():
        if contains_phrase(text, word):
            found.color = color
            break
    if re.search(r"\b(?:dos|2)\s*aguas\b", text):
        found.waters = "dos_aguas"
    elif re.search(r"\b(?:una|un|1)\s*agua\b", text):
        found.waters = "una_agua"
    found.accessories = [
        key
        for key, phrases in ACCESSORIES.items()
        if any(contains_phrase(text, phrase) for phrase in phrases)
    ]
    return found
