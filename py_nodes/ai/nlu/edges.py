"""Roof edges: which profile (gotero, canalon, babeta, cumbrera, nothing) goes on which side.

A message is cut into clauses; in each clause a profile word and the position words around it
("abajo", "al frente", "arriba", "contra la casa", "los costados", "izquierdo") pair up. A clause
with a position and no profile takes the profile of the clause before it joined by "y" ("gotero al
frente y laterales") or the next profile after a comma ("arriba, contra la casa, babeta"). Words
after "porque"/"ya que" explain and are ignored. The words inside an edge clause ("contra la
pared", "junto al muro") describe an edge, so :func:`edge_free_text` removes them before the job
(roof or wall) is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PROFILE_WORDS = re.compile(
    r"\b(gotero|goteros|canalon|canalones|canaleta|canaletas|babeta|babetas|cumbrera|cumbreras|"
    r"limahoya|greca)\b"
)
_CLAUSE = re.compile(r"[.;:()]|,(?!\d)")
_JOIN = re.compile(r"\s(?:y|e)\s|\s?\+\s?|\s(?=(?:menos|salvo|excepto)\s)")
_EXCEPT = re.compile(r"^\s*(?:menos|salvo|excepto)\b")
_NO_EDGES = re.compile(
    r"\bsin (?:terminaciones|zingueria|accesorios|babetas ni goteros|goteros ni babetas)\b"
    r"|\bsolo (?:las chapas|los paneles|el panel|paneles|chapas)\b"
)
_INSTEAD = re.compile(r"\ben (?:vez|lugar) de (?:un |una |el |la |los |las )?\w+")
_EXPLAIN = re.compile(r"\b(?:porque|xq|ya que|pues)\b.*$")
_NOTHING = re.compile(r"\b(?:nada|ninguno|ninguna|no lleva|sin (?:nada|babetas?|goteros?))\b")
SIDE_ALL = ("front", "back", "left", "right")

POSITIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("all", ("todo el contorno", "todo el perimetro", "alrededor", "todos los lados",
             "todos los bordes", "todo el borde")),
    ("sides", ("costado", "costados", "lateral", "laterales", "lados", "ambos lados",
               "cada lado", "bordes inclinados", "puntas laterales", "los 2 lados")),
    ("left", ("izquierda", "izquierdo", "izq")),
    ("right", ("derecha", "derecho", "der")),
    ("front", ("frente", "frontal", "abajo", "adelante", "punta", "alero", "aleros", "delante",
               "parte baja", "inferior", "canto")),
    ("back", ("arriba", "atras", "superior", "parte alta", "contra la casa", "contra la pared",
              "contra el muro", "contra el galpon", "fondo", "contra la medianera", "al muro",
              "en el muro", "embutido")),
)  # fmt: skip


DEFAULT_POSITION = {"canalon": ["front"], "cumbrera": ["back"], "gotero_greca": ["front"],
                    "babeta_adosar": ["back"], "babeta_empotrar": ["back"]}  # fmt: skip
# profile -> the quote node's edge name, per side (a profile missing here cannot go there).
EDGE_NAMES = {
    "front": {"gotero": "gotero_frontal", "gotero_greca": "gotero_frontal_greca",
              "canalon": "canalon"},
    "back": {"gotero": "gotero_frontal_superior", "babeta_adosar": "babeta_adosar",
             "babeta_empotrar": "babeta_empotrar", "cumbrera": "cumbrera"},
    "side": {"gotero": "gotero_lateral", "gotero_greca": "gotero_lateral",
             "babeta_adosar": "babeta_adosar", "babeta_empotrar": "babeta_empotrar"},
}  # fmt: skip


@dataclass
class Edges:
    """Profiles named for each side (only the sides the customer spoke of)."""

    sides: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.sides)


def _profile(part: str) -> str | None:
    if _NOTHING.search(part):
        return "ninguno"
    found = PROFILE_WORDS.search(part)
    if found is None:
        return None
    word = found.group(1)
    if word.startswith("gotero"):
        return "gotero_greca" if "greca" in part else "gotero"
    if word.startswith("greca"):
        return "gotero_greca"
    if word.startswith("canal"):
        return "canalon"
    if word.startswith("babeta"):
        return "babeta_empotrar" if re.search(r"empotr|embut", part) else "babeta_adosar"
    if word.startswith("cumbrera"):
        return "cumbrera"
    return None


def _positions(part: str) -> list[str]:
    found: list[str] = []
    for side, words in POSITIONS:
        if any(re.search(rf"\b{re.escape(w)}\b", part) for w in words):
            if side == "front" and "sides" in found:
                continue  # "puntas laterales": the sides, not the front
            found.append(side)
    if "left" in found or "right" in found:
        found = [s for s in found if s != "sides"]
    return found


def _place(edges: dict[str, str], profile: str, where: list[str]) -> None:
    if not any(_edge_name(profile, s) for w in where for s in _targets(w)):
        where = DEFAULT_POSITION.get(profile, [])
    for position in where:
        for side in _targets(position):
            value = _edge_name(profile, side)
            if value is not None:
                edges[side] = value


def _targets(position: str) -> list[str]:
    if position == "all":
        return list(SIDE_ALL)
    return ["left", "right"] if position == "sides" else [position]


def _edge_name(profile: str, side: str) -> str | None:
    if profile == "ninguno":
        return "ninguno"
    table = EDGE_NAMES["side" if side in ("left", "right") else side]
    return table.get(profile)


def _parts(text: str) -> list[tuple[str | None, list[str], bool]]:
    """(profile, positions, joined to the previous part by "y") for every part of ``text``;
    "menos atrás" with no profile of its own means nothing there."""
    parts: list[tuple[str | None, list[str], bool]] = []
    for clause in _CLAUSE.split(text):
        clause = _INSTEAD.sub("", _EXPLAIN.sub("", clause))
        for number, part in enumerate(_JOIN.split(clause)):
            profile, where = _profile(part), _positions(part)
            if profile is None and where and _EXCEPT.match(part):
                profile = "ninguno"
            if profile or where:
                parts.append((profile, where, number > 0))
    return parts


def find_edges(text: str) -> Edges:
    """The edges a normalised ``text`` describes."""
    if PROFILE_WORDS.search(text) is None and not _NO_EDGES.search(text):
        return Edges()
    if _NO_EDGES.search(text):
        return Edges(dict.fromkeys(SIDE_ALL, "ninguno"))
    edges: dict[str, str] = {}
    carried: list[str] = []
    last: str | None = None
    parts = _parts(text)
    for index, (profile, where, joined) in enumerate(parts):
        if profile:
            _place(edges, profile, where + carried)
            last, carried = profile, []
            continue
        upcoming = next((p for p in parts[index + 1 :] if p[0] is not None), None)
        waits_for_next = upcoming is not None and not upcoming[1]
        if last is not None and (joined or not waits_for_next):
            _place(edges, last, where)
        else:
            carried += where
    return Edges(edges)


def edge_free_text(text: str) -> str:
    """``text`` without its edge clauses: what is left may describe the job."""
    if PROFILE_WORDS.search(text) is None:
        return text
    kept = [c for c in _CLAUSE.split(text) if PROFILE_WORDS.search(c) is None]
    return " , ".join(kept)
