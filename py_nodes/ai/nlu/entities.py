"""Measures in a message, by role: every number with its unit and the words around it.

A number's role comes from its neighbours, not from a fixed phrase: "5 de caida", "caida 5",
"la chapa baja 5" are all along the slope; "9,5 de frente por 6,8 de fondo" and "6,8 de fondo por
9,5 de frente" are the same roof. A bare "A x B" keeps its orientation open. Numbers next to an
opening word (puerta, ventana, porton…) describe that opening and never the wall; numbers next to
a structure word (perfil C de 100, tirantes 3x6) describe the structure and are ignored.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from py_nodes.ai.nlu.normalise import parse_number
from py_nodes.ai.nlu.numbers import digits_for_words

MAX_DIMENSION_M = 1000.0
MIN_DIMENSION_M = 0.1

_TOKEN = re.compile(r"\d+g\b|\d+(?:[.,]\d+)*|[a-z][a-z0-9]*|[%*()/:;.,?!+]")
_GLUED = re.compile(r"(\d)(?!g\b)([a-z%])")
_TIMES = re.compile(r"(?<=\d)\s*[x×*]\s*(?=\d)")
_WATERS = re.compile(r"\b(?:a )?[12] (?:aguas?|caidas?)\b")
_BOTH = re.compile(r"\b(entre (?:las|los)) 2\b(?!\s*(?:[.,]\d|x\b|por\b|m\b|mts?\b|metros?\b))")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
UNITS = {
    "m": "m", "mt": "m", "mts": "m", "mtr": "m", "mtrs": "m", "metro": "m", "metros": "m",
    "cm": "cm", "centimetros": "cm", "ctm": "cm", "mm": "mm", "milimetros": "mm", "milim": "mm",
    "m2": "m2", "mt2": "m2", "mts2": "m2", "metros2": "m2", "mtrs2": "m2", "%": "pct",
    "grados": "deg", "grado": "deg",
}  # fmt: skip
JOINERS = {"x", "por", "by", "*"}
FILLERS = {"de", "del", "la", "el", "los", "las", "son", "es", "total", "en", "que", "un",
           "una", "mide", "tiene", "va", "van", "a", "m", "mts", "metros", "mt", "aprox",
           "unos", "unas", "como", "sera", "seria", "esta"}  # fmt: skip
STOPS = {".", ",", ";", ":", "?", "!", "(", ")"}
# Stems: a word that starts with one of these gives the role.
WEAK_ALONG = ("largo", "long")  # a house's "largo" may be its ridge, not the panels' run
ALONG = ("horizontal", "proyeccion", "piso", "largo", "long", "caida", "cae", "baja", "fondo",
         "profund", "panel", "chapa", "placa", "faldon", "agua")  # fmt: skip
ACROSS = ("ancho", "frente", "anch", "wide", "width")
HEIGHT = ("alto", "alta", "altura", "high", "height", "tall")
PERIMETER = ("perimetro", "lineal")
OPENINGS = ("puerta", "ventan", "porton", "abertura", "vano", "portones", "cortina", "vidriera",
            "ventanal", "hueco")  # fmt: skip
WALL_WORDS = ("pared", "muro", "pano", "tabique", "medianera", "fachada")
STRUCTURE = ("tirante", "pino", "perfil", "viga", "ipn", "cano", "correa", "cercha", "columna",
             "montante", "c", "upn", "omega")  # fmt: skip
THICKNESS = ("espesor", "grosor", "espesura")
PANEL_WORDS = ("panel", "paneles", "chapas", "placas", "chapa", "placa")
THICKNESS_AFTER = ("eps", "pir", "foil", "plus", "colonial", "3g", "g", "mejor", "el", "a", "por",
                   "de", "en")  # fmt: skip
CORNER_INSIDE = (
    "adentro",
    "dentro",
    "interior",
    "interiores",
    "interna",
    "internas",
    "entrante",
    "entrantes",
)


@dataclass
class Opening:
    width_m: float
    height_m: float
    count: int = 1
    kind: str = ""


@dataclass
class Measures:
    """Every measure found; ``bad_dimension`` holds a value out of (0, 1000] metres."""

    dims: tuple[float, ...] | None = None
    area_m2: float | None = None
    panels: int | None = None
    panel_length_m: float | None = None
    length_m: float | None = None
    width_m: float | None = None
    height_m: float | None = None
    ridge_m: float | None = None
    house_m: float | None = None
    length_weak: bool = False
    perimeter_m: float | None = None
    wall_lengths: list[float] = field(default_factory=list)
    wall_count: int | None = None
    each_wall: bool = False
    slope_deg: float | None = None
    height_diff_m: float | None = None
    horizontal: bool = False
    openings: list[Opening] = field(default_factory=list)
    no_openings: bool = False
    opening_fix: tuple[str, str, float] | None = None
    outside_corners: int | None = None
    inside_corners: int | None = None
    thickness_mm: int | None = None
    bad_dimension: float | None = None

    def any_size(self) -> bool:
        return any(
            value is not None
            for value in (self.dims, self.area_m2, self.panels, self.length_m, self.width_m,
                          self.height_m, self.ridge_m, self.perimeter_m)
        ) or bool(self.wall_lengths or self.openings)  # fmt: skip


@dataclass
class _Num:
    index: int
    value: float
    unit: str | None


def tokens_of(text: str) -> list[str]:
    """Normalised ``text`` as tokens, number words turned to digits, units split off."""
    text = re.sub(r"\bpor ciento\b", "%", text)  # before the number words: "ciento" is 100
    text = digits_for_words(text.replace("c/u", " cada uno "))
    text = _TIMES.sub(" x ", text)
    text = _WATERS.sub(" , ", text)  # "a 1 agua", "2 caidas": how many waters, not a size
    text = _BOTH.sub(r"\1 ambas", text)  # "entre las 2 hay 5 m": both, not a size
    text = _GLUED.sub(r"\1 \2", text)
    text = re.sub(r"\bmetros? cuadrados?\b|\bmts? cuadrados?\b", "m2", text)
    text = re.sub(r"\bpor ciento\b", "%", text)
    return _TOKEN.findall(text)


def _starts(word: str, stems: tuple[str, ...]) -> bool:
    if word == "c":
        return "c" in stems
    return any(word.startswith(stem) for stem in stems if len(stem) > 1)


def _number_at(tokens: list[str], i: int) -> _Num | None:
    if not _NUMBER.fullmatch(tokens[i]):
        return None
    unit = UNITS.get(tokens[i + 1]) if i + 1 < len(tokens) else None
    return _Num(i, parse_number(tokens[i]), unit)


def _left(tokens: list[str], start: int, span: int = 6) -> list[str]:
    """Words before ``start``, nearest first, up to a stop mark or the previous number."""
    words: list[str] = []
    j = start - 1
    while j >= 0 and len(words) < span:
        if tokens[j] == ")":  # "el frente (por donde va la cumbrera) son 7": skip the aside
            while j >= 0 and tokens[j] != "(":
                j -= 1
            j -= 1
            continue
        if tokens[j] in STOPS or _NUMBER.fullmatch(tokens[j]):
            break
        words.append(tokens[j])
        j -= 1
    return words


def _right_role(tokens: list[str], end: int) -> str | None:
    """The role word right after a number: "5 de caida", "11 m son el ancho"; "a lo ancho" and
    "a lo largo" decide whatever comes before them."""
    window: list[str] = []
    for word in tokens[end : end + 7]:
        if word in ("y", ",", ".", ";") or _NUMBER.fullmatch(word):
            break
        window.append(word)
    if " a lo ancho" in " " + " ".join(window):
        return "across"
    for j in range(end, min(len(tokens), end + 5)):
        word = tokens[j]
        if word in FILLERS:
            continue
        labels_next = j + 1 < len(tokens) and _NUMBER.fullmatch(tokens[j + 1])
        if labels_next and tokens[j - 1] != "de":
            return None  # "caida 4,40 ancho 8,70": "ancho" labels the next number
        return _role_of(word)
    return None


def _role_of(word: str) -> str | None:
    if word in ("mas",):
        return None
    for role, stems in (("along", ALONG), ("across", ACROSS), ("height", HEIGHT),
                        ("perimeter", PERIMETER)):  # fmt: skip
        if _starts(word, stems):
            return role
    return None


def _left_role(words: list[str]) -> str | None:
    if _is_run(words):
        return "along"
    for word in words[:5]:
        if word == "cumbrera":
            return "ridge"
        role = _role_of(word)
        if role:
            return role
    return None


def _metres(num: _Num, unit: str | None) -> float:
    return num.value / 100 if unit == "cm" else num.value


def find_measures(text: str, known_thicknesses: set[int]) -> Measures:
    """All measures in a normalised ``text``; ``known_thicknesses`` guide cm vs mm."""
    tokens = tokens_of(text)
    found = Measures()
    used: set[int] = set()
    _thickness(tokens, found, known_thicknesses, used)
    _corners(tokens, found)
    _openings_absent(tokens, found)
    walls = any(_starts(word, WALL_WORDS) for word in tokens)
    i = 0
    while i < len(tokens):
        num = _number_at(tokens, i) if i not in used else None
        if num is None:
            i += 1
            continue
        if (end := _sum_of_walls(tokens, num, found)) or (
            end := _walls_by_count(tokens, num, found, walls)
        ):
            i = end
            continue
        group, end = _group(tokens, num)
        _assign(tokens, group, end, found)
        i = end
    roof_like = found.width_m is not None and found.height_m is None and found.length_m is None
    if roof_like and len(found.wall_lengths) == 1 and not found.wall_count:
        # "que sean de 8 m, 8 de ancho": beside a width, the other size is the panels' run
        found.length_m = found.wall_lengths.pop()
    if found.length_m is not None and found.width_m is not None:
        found.area_m2 = None
    return found


def _group(tokens: list[str], first: _Num) -> tuple[list[tuple[_Num, str | None]], int]:
    """``first`` and the numbers joined to it by x/por/by; each with its own role word."""
    members: list[tuple[_Num, str | None]] = []
    current: _Num | None = first
    end = first.index + 1
    while current is not None:
        j = current.index + 1 + (1 if current.unit else 0)
        own = _right_role(tokens, j) if j < len(tokens) else None
        # skip the role words ("de caida") that may sit before the joiner
        k = j
        while (
            k < len(tokens)
            and k - j < 4
            and tokens[k] not in JOINERS
            and (tokens[k] in FILLERS or _role_of(tokens[k]) or tokens[k] in ("total", "interior"))
        ):
            k += 1
        members.append((current, own))
        end = max(end, j)
        current = None
        if k + 1 < len(tokens) and tokens[k] in JOINERS:
            nxt = _number_at(tokens, k + 1)
            if nxt is not None:
                current = nxt
                end = k + 2
    if len(members) == 1:
        num, own = members[0]
        left = _left_role(_left(tokens, num.index))
        members[0] = (num, own or left)
    return members, end


def _valid(value: float, found: Measures) -> bool:
    if value < MIN_DIMENSION_M or value > MAX_DIMENSION_M:
        found.bad_dimension = value
        return False
    return True


def _assign(
    tokens: list[str], group: list[tuple[_Num, str | None]], end: int, found: Measures
) -> None:
    first = group[0][0]
    left = _left(tokens, first.index)
    after = tokens[end : end + 12]
    if any(_starts(w, STRUCTURE) for w in left[:3]):
        return
    if first.unit == "m2":
        if 0 < first.value <= MAX_DIMENSION_M**2:
            found.area_m2 = first.value
        else:
            found.bad_dimension = first.value
        return
    if first.unit in ("pct", "deg"):
        found.slope_deg = (
            first.value if first.unit == "deg" else math.degrees(math.atan(first.value / 100))
        )
        return
    if _opening(tokens, group, left, found):
        return
    if len(group) == 1 and _counted(tokens, first, found):
        return
    clause = set(left) | set(after)
    if {"horizontal", "proyeccion", "piso"} & clause or ("en" in left and "planta" in left):
        found.horizontal = True
    if len(group) >= 2:
        _pair(group, found)
        return
    num, role = group[0]
    value = _metres(num, num.unit)
    if num.unit in ("mm", "cm") and num.unit == "mm":
        return
    if "mas" in after[:2] and after[1:2] and _starts(after[1], HEIGHT):
        if _valid(value, found):
            found.height_diff_m = value
        return
    weak = role == "along" and _weak(tokens, num, left)
    if _mentions_ridge(left, after) or (
        (role != "along" or weak) and _ridge_in_clause(tokens, num.index)
    ):
        role = "ridge"
    if (
        role is None
        and any(w in ("desde", "de") for w in after[:2])
        and any(w in ("hasta", "al") for w in after[:8])
    ):
        role = "along"
    if role is None and num.unit == "m" and left[:1] == ["para"] and len(left) <= 2:
        found.area_m2 = value  # "para 120 metros": the customer's area, in square metres
        return
    told_in_metres = num.unit == "m" or (num.unit is None and left[:1] == ["de"] and value % 1 != 0)
    if role is None and found.panels is not None and told_in_metres and _valid(value, found):
        # "10 chapas de isoroof 30 de 3,60 mts"; "20 paneles isopanel 50mm de 2.40" (a decimal
        # after "de" with panels counted is their length; a whole number could be a thickness)
        found.panel_length_m = found.length_m = value
        return
    if role is None and _slope_words(left, after) and value <= 60:
        found.slope_deg = value  # "20 de inclinacion", "pendiente de 15"
        return
    if role is None:
        segment = num.unit == "m" or {"una", "otra", "cada"} & set(left[:3])
        if segment and _valid(value, found):
            found.wall_lengths.append(value)
        return
    if not _valid(value, found):
        return
    if role == "along":
        _along(found, value, _weak(tokens, num, left))
        if found.panels is not None and any(w in PANEL_WORDS for w in left[:3]):
            found.panel_length_m = value
    else:
        _set_role(found, role, value)


def _set_role(found: Measures, role: str | None, value: float) -> None:
    """Store a measure whose role is known; ``None`` (no role) is left to the caller."""
    if role == "along":
        found.length_m = value
    elif role == "across":
        found.width_m = value
    elif role == "height":
        found.height_m = value
    elif role == "perimeter":
        found.perimeter_m = value
    elif role == "ridge":
        found.ridge_m = value


def _weak(tokens: list[str], num: _Num, left: list[str]) -> bool:
    """Only "largo" says it is along: the panels' run, or the length of the house."""
    near = left[:3] + tokens[num.index + 1 : num.index + 4]
    strong = [w for w in near if _starts(w, ALONG) and not _starts(w, WEAK_ALONG)]
    return not strong


def _along(found: Measures, value: float, weak: bool) -> None:
    """Two runs in one message: the one said with "caida/fondo/paneles" is the panels' run and
    the one said with "largo" is the house (across, or the ridge on two waters)."""
    if found.length_m is None:
        found.length_m, found.length_weak = value, weak
    elif weak and not found.length_weak:
        found.house_m = value
    elif found.length_weak and not weak:
        found.house_m, found.length_m, found.length_weak = found.length_m, value, False
    else:
        found.length_m, found.length_weak = value, weak


def _mentions_ridge(left: list[str], after: list[str]) -> bool:
    """A ridge: "la cumbrera mide 9", "10 m (lo que mide la cumbrera)"; not a from-to run."""
    if _is_run(left):
        return False
    if "cumbrera" in left[:4] and not any(_starts(w, ALONG) for w in left[:3]):
        return True
    clause = []
    for word in after:
        if _NUMBER.fullmatch(word):
            break
        clause.append(word)
    return "mide" in clause and "cumbrera" in clause[clause.index("mide") :]


def _slope_words(left: list[str], after: list[str]) -> bool:
    words = left[:3] + after[:2]
    return any(w.startswith(("inclinac", "pendiente")) for w in words)


def _ridge_in_clause(tokens: list[str], index: int) -> bool:
    """ "12 m a lo largo de la cumbrera", "la cumbrera va ... a lo largo de los 10"."""
    right: list[str] = []
    for word in tokens[index + 1 : index + 9]:
        if word in ("y", ",", ".", ";") or _NUMBER.fullmatch(word):
            break
        right.append(word)
    if "cumbrera" in right and not any(w in ("desde", "hasta") for w in right):
        return True
    left = _left(tokens, index, 12)
    return "cumbrera" in left and "largo" in left[: left.index("cumbrera")]


def _is_run(left: list[str]) -> bool:
    """ "de la cumbrera al alero hay 4,2": a number after a from-to run is along the slope."""
    words = left[:7]
    if "entre" in words[:5]:
        return True
    ends = [n for n, w in enumerate(words) if w in ("al", "hasta")]
    return bool(ends) and any(w in ("de", "desde") for w in words[ends[0] + 1 :])


def _pair(group: list[tuple[_Num, str | None]], found: Measures) -> None:
    values = [_metres(num, num.unit) for num, _ in group]
    if not all(_valid(v, found) for v in values):
        return
    roles = [role for _, role in group]
    if all(role is None for role in roles):
        found.dims = tuple(values)
        return
    for value, role in zip(values, roles, strict=True):
        if role != "ridge":  # a ridge is never one of a pair of sides
            _set_role(found, role, value)
    for value, role in zip(values, roles, strict=True):
        if role is not None:
            continue
        if found.length_m is None:
            found.length_m = value
        elif found.width_m is None:
            found.width_m = value


def _opening(
    tokens: list[str], group: list[tuple[_Num, str | None]], left: list[str], found: Measures
) -> bool:
    words = left[:5]
    opening_at = next((n for n, w in enumerate(words) if _starts(w, OPENINGS)), None)
    if opening_at is None:
        return False
    if len(group) < 2:
        num, role = group[0]
        if role in ("across", "height") and _valid(num.value, found):
            # "la puerta es de 1,20 de ancho": one side of an opening already told
            side = "width_m" if role == "across" else "height_m"
            found.opening_fix = (words[opening_at][:5], side, num.value)
            return True
        return False
    count = 1
    before = words[opening_at + 1] if opening_at + 1 < len(words) else None
    first_index = group[0][0].index
    prior = first_index - len(left) - 1
    if before is None and prior >= 0 and _NUMBER.fullmatch(tokens[prior]):
        before = tokens[prior]
    if before and _NUMBER.fullmatch(before):
        count = max(1, int(parse_number(before)))
    sizes = []
    for num, _ in group[:2]:
        value = num.value
        if num.unit == "cm" or (num.unit is None and value > 10):
            value = value / 100
        sizes.append(value)
    width, height = sizes
    roles = [role for _, role in group[:2]]
    if roles[0] == "height" or roles[1] == "across":
        width, height = height, width
    if all(_valid(v, found) for v in (width, height)):
        found.openings.append(Opening(width, height, count, words[opening_at][:5]))
    return True


def _sum_of_walls(tokens: list[str], num: _Num, found: Measures) -> int:
    """ "6 + 10 + 6 m": wall lengths told as a sum; returns where it ends (0: not a sum)."""
    values, i = [num.value], num.index + 1
    while i + 1 < len(tokens) and tokens[i] == "+" and _NUMBER.fullmatch(tokens[i + 1]):
        values.append(_number_at(tokens, i + 1).value)  # type: ignore[union-attr]
        i += 2
    if len(values) < 2:
        return 0
    found.wall_lengths.extend(v for v in values if _valid(v, found))
    return i + (1 if i < len(tokens) and tokens[i] in UNITS else 0)


def _walls_by_count(tokens: list[str], num: _Num, found: Measures, walls: bool) -> int:
    """ "2 de 8 m y 2 de 5 m" in a wall message: that many walls of that length."""
    i = num.index
    if not walls or num.unit or num.value != int(num.value) or not 1 <= num.value <= 10:
        return 0
    if i + 2 >= len(tokens) or tokens[i + 1] != "de":
        return 0
    length = _number_at(tokens, i + 2)
    if length is None or length.unit not in (None, "m"):
        return 0
    if i + 3 + (1 if length.unit else 0) < len(tokens):
        after = tokens[i + 3 + (1 if length.unit else 0)]
        if _role_of(after) or after in JOINERS or after == "de":
            return 0
    if _valid(length.value, found):
        found.wall_lengths.extend([length.value] * int(num.value))
    return i + 3 + (1 if length.unit else 0)


def _counted(tokens: list[str], num: _Num, found: Measures) -> bool:
    """ "9 paneles (de 5,20)", "3 paredes de 7 m cada una"."""
    nxt = tokens[num.index + 1] if num.index + 1 < len(tokens) else ""
    if nxt in PANEL_WORDS:
        count = int(num.value)
        if 1 <= count <= 2000:
            found.panels = count
        else:
            found.bad_dimension = float(count)
        return True
    if nxt in ("paredes", "muros", "panos", "lados") and num.value == int(num.value):
        found.wall_count = int(num.value)
        rest = tokens[num.index + 2 : num.index + 12]
        found.each_wall = "cada" in rest
        return True
    if num.unit in (None, "m") and num.index >= 1 and tokens[num.index - 1] == "de":
        rest = tokens[num.index + 1 + (1 if num.unit else 0) : num.index + 4]
        each = rest[:2] in (["cada", "uno"], ["cada", "una"])
        if each and found.wall_count is None and _valid(num.value, found):
            found.panel_length_m = num.value  # "(paneles) de 5,30 cada uno"
            if found.panels is not None:
                found.length_m = num.value
            return True
    return False


def _corners(tokens: list[str], found: Measures) -> None:
    for i, word in enumerate(tokens):
        if not word.startswith("esquina"):
            continue
        before = tokens[i - 1] if i else ""
        inside = bool(set(tokens[i + 1 : i + 5]) & set(CORNER_INSIDE))
        count: int | None = None
        if before in ("sin", "ni"):
            found.outside_corners = found.outside_corners or 0
            found.inside_corners = found.inside_corners or 0
            continue
        if _NUMBER.fullmatch(before):
            count = int(parse_number(before))
        elif before in ("una", "un", "la"):
            count = 1
        if count is None:
            continue
        if inside:
            found.inside_corners = count
        else:
            found.outside_corners = count


def _openings_absent(tokens: list[str], found: Measures) -> None:
    for i, word in enumerate(tokens[:-1]):
        if word in ("sin", "ni") and _starts(tokens[i + 1], OPENINGS):
            found.no_openings = True


def _thickness(tokens: list[str], found: Measures, known: set[int], used: set[int]) -> None:
    """Set ``thickness_mm`` from "100 mm", "10 cm", "espesor 100", "isodec 150", "el de 200"."""
    for i in range(len(tokens)):
        num = _number_at(tokens, i)
        if num is None or num.value != int(num.value):
            continue
        left = _left(tokens, i, 3)
        if any(_starts(w, STRUCTURE) for w in left[:2]):
            continue
        value = int(num.value)
        if num.unit == "mm":
            found.thickness_mm = value
        elif num.unit == "cm" and value * 10 in known:
            found.thickness_mm = value * 10
        elif num.unit is None and _thickness_context(tokens, i, left, value in known):
            mm = _cm_or_mm(value, known)
            if mm is None:
                if left and _starts(left[0], THICKNESS):
                    found.thickness_mm = value
                    used.add(i)
                    return
                continue
            found.thickness_mm = mm
        else:
            continue
        used.add(i)
        return


def _thickness_context(
    tokens: list[str], i: int, left: list[str], value_is_mm: bool = False
) -> bool:
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    after = tokens[i + 2] if i + 2 < len(tokens) else ""
    if nxt in JOINERS or nxt in PANEL_WORDS or nxt in ("c", "cada") or nxt in UNITS:
        return False
    if nxt == "de" and _role_of(after):
        return False
    if not left:
        return False
    word = left[0]
    if not (_starts(word, THICKNESS) or word.startswith("iso") or word in THICKNESS_AFTER):
        return False
    if word in ("a", "por"):
        return value_is_mm  # "cambialo a 150", "por el de 200"
    if word == "en":
        return value_is_mm and not nxt  # "cotizame en 150", "¿y en 150?"; not "en 50 dias"
    if word == "de" and len(left) > 1 and left[1] in PANEL_WORDS:
        return value_is_mm  # "panel de 150" yes; "paneles de 6" is a length, not 60 mm
    return not (word == "de" and len(left) > 1 and _starts(left[1], ALONG + ACROSS + HEIGHT))


def _cm_or_mm(value: int, known: set[int]) -> int | None:
    """A bare number read as a thickness: 10 -> 100 (cm), 150 -> 150, 7 -> None."""
    if value <= 25 and value * 10 in known:
        return value * 10
    if value in known:
        return value
    return None
