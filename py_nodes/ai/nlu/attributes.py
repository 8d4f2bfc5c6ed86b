"""Descriptive entities: use, colour, structure, waters, accessories, freight, "no sé"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from py_nodes.ai.nlu.normalise import contains_phrase

USES = {
    "camara": ("camara frigorifica", "camara de frio", "camara", "camaras", "frigorifico",
               "frigorifica", "freezer", "cold room", "camara fria"),
    "pared": ("pared", "paredes", "fachada", "fachadas", "muro", "muros", "cerramiento",
              "cerramientos", "tabique", "tabiques", "wall", "walls", "cerrar", "forrar",
              "forrarlo", "medianera", "cerrarlo"),
    "techo": ("techo", "techos", "cubierta", "tejado", "azotea", "roof", "roofs", "galpon",
              "galpones", "techar", "techado", "tinglado", "cochera", "barbacoa", "quincho",
              "techito", "cobertizo", "parrillero", "alero", "alerito", "galeria"),
}  # fmt: skip
COLORS = {"blanco": "Blanco", "blanca": "Blanco", "gris": "Gris", "rojo": "Rojo", "roja": "Rojo"}
STRUCTURES = {
    "madera": ("madeira", "madera", "tirantes", "tiranteria", "vigas de madera", "tirante",
               "pino", "eucalipto"),
    "metal": ("ferro", "aco", "steel", "metal", "metalica", "metalico", "metalicas", "metalicos",
              "hierro", "perfiles", "acero", "estructura metalica", "perfileria", "cano", "ipn",
              "cerchas de hierro", "galvanizado", "galvanizados", "galvanizada", "upn",
              "columnas metalicas"),
    "hormigon": ("hormigon", "losa", "concreto", "cemento", "viga de hormigon"),
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
    enclosure: bool = False
    extreme: str | None = None


_THICKEST = re.compile(
    r"\bmas (?:grueso|gruesa|grande|aislante|ancho)\b|\bel maximo\b|\bthickest\b"
)
_THINNEST = re.compile(r"\bmas (?:finito|fino|fina|finita|delgado|chico)\b|\bthinnest\b")


def _extreme(text: str) -> str | None:
    if _THICKEST.search(text):
        return "max"
    return "min" if _THINNEST.search(text) else None


def _use(text: str) -> str | None:
    """The job; a cold room beats a wall or roof word, a wall word beats "galpon" (a shed is
    walled as often as roofed, so it only says roof on its own)."""
    hits = [key for key, phrases in USES.items() if any(contains_phrase(text, p) for p in phrases)]
    if "camara" in hits:
        return "camara"
    if "pared" in hits and "techo" in hits:
        strong_roof = [p for p in USES["techo"] if p not in ("galpon", "galpones")]
        return (
            "techo"
            if any(contains_phrase(text, p) for p in strong_roof)
            and not any(
                contains_phrase(text, p)
                for p in ("cerrar", "forrar", "paredes", "pared", "cerrarlo")
            )
            else "pared"
        )
    return hits[0] if hits else None


def _first(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    for key, phrases in table.items():
        if any(contains_phrase(text, phrase) for phrase in phrases):
            return key
    return None


ENCLOSURE = re.compile(
    r"\b(?:entero|entera|completo|4 paredes|cuatro paredes|todo el perimetro|"
    r"cerrar|cerrarlo|forrarlo entero|4 esquinas)\b"
)


def find_attributes(text: str, job_text: str | None = None) -> Attributes:
    """Descriptive entities of a normalised ``text``; the job (use) is read from ``job_text``,
    the text without its edge clauses ("babeta contra la pared" is not a wall)."""
    found = Attributes(
        use=_use(text if job_text is None else job_text),
        enclosure=ENCLOSURE.search(text) is not None,
        extreme=_extreme(text),
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
    if re.search(r"\b(?:dos|2)\s*(?:aguas|caidas)\b|\bcada (?:agua|faldon)\b|\btwo waters\b", text):
        found.waters = "dos_aguas"
    elif re.search(r"\b(?:una|un|1)\s*(?:agua|caida)\b", text):
        found.waters = "una_agua"
    found.accessories = [
        key
        for key, phrases in ACCESSORIES.items()
        if any(contains_phrase(text, phrase) for phrase in phrases)
    ]
    return found
