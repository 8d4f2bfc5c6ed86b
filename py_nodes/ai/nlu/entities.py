"""Measures in a message: dimensions, area, panels × length, single sides and thickness."""

from __future__ import annotations

import re
from dataclasses import dataclass

from py_nodes.ai.nlu.normalise import parse_number

NUM = r"(\d+(?:[.,]\d+)?)"
UNIT_M = r"(?:m|mt|mts|mtr|mtrs|metro|metros)\b"
_NOT_LENGTH_AFTER = (
    r"(?!\s*(?:[.,]\d|x\b|por\b|mm|cm|milim|centim|m2|mt2|mts2|metros? cuadrados?|m\b|mt\b|mts\b"
    r"|metros?\b|paneles?|panel|%|por ciento|dias|anos|usd|u\$s|dolares|pesos|hs|horas))"
)

_DIMENSIONS = re.compile(
    rf"{NUM}\s*(?:{UNIT_M})?\s*(?:x|por)\s*{NUM}(?:\s*(?:{UNIT_M})?\s*(?:x|por)\s*{NUM})?"
)
_AREA = re.compile(
    rf"{NUM}\s*(?:m2|mt2|mts2|m 2|metros? cuadrados?|metros2|mts cuadrados|mtrs2)(?![a-z0-9])"
)
_PANELS = re.compile(rf"(\d+)\s*(?:paneles|panel|placas|chapas)(?:\s*de\s*{NUM}\s*(?:{UNIT_M}))?")
_SIDE = {
    "length": re.compile(
        rf"(?:largo|longitud)\s*(?:de|:)?\s*{NUM}|{NUM}\s*(?:{UNIT_M})?\s*de\s*largo"
    ),
    "width": re.compile(rf"ancho\s*(?:de|:)?\s*{NUM}|{NUM}\s*(?:{UNIT_M})?\s*de\s*ancho"),
    "height": re.compile(
        rf"(?:alto|altura)\s*(?:de|:)?\s*{NUM}|{NUM}\s*(?:{UNIT_M})?\s*de\s*(?:alto|altura)"
    ),
}
_MM = re.compile(rf"{NUM}\s*(?:mm|milimetros?|milim)(?![a-z0-9])")
_CM = re.compile(rf"{NUM}\s*(?:cm|centimetros?|ctm)(?![a-z0-9])")
_THICKNESS_WORD = re.compile(r"(?:espesor|grosor|espesura)\s*(?:de|:)?\s*(\d+)")
_BARE_AFTER = re.compile(
    r"(?:\bde|\ben|\biso[a-z]*|\beps|\bpir|foil|plus|colonial|3g|"
    rf"\bpanel|\bmejor)\s+(?:de\s+)?(\d+)\b{_NOT_LENGTH_AFTER}"
)

MAX_DIMENSION_M = 1000.0
MIN_DIMENSION_M = 0.1


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
    thickness_mm: int | None = None
    bad_dimension: float | None = None


def _valid(value: float, measures: Measures) -> bool:
    if value < MIN_DIMENSION_M or value > MAX_DIMENSION_M:
        measures.bad_dimension = value
        return False
    return True


def find_measures(text: str, known_thicknesses: set[int]) -> Measures:
    """All measures in a normalised ``text``; thickness ``known_thicknesses`` guide cm vs mm."""
    measures = Measures()
    rest = _find_thickness(text, measures, known_thicknesses)
    if (match := _DIMENSIONS.search(rest)) is not None:
        values = tuple(parse_number(g) for g in match.groups() if g is not None)
        if all(_valid(v, measures) for v in values):
            measures.dims = values
        rest = rest.replace(match.group(0), " ")
    if (match := _AREA.search(rest)) is not None:
        area = parse_number(match.group(1))
        if area <= 0 or area > MAX_DIMENSION_M * MAX_DIMENSION_M:
            measures.bad_dimension = area
        else:
            measures.area_m2 = area
        rest = rest.replace(match.group(0), " ")
    if (match := _PANELS.search(rest)) is not None:
        count = int(match.group(1))
        if 1 <= count <= 2000:
            measures.panels = count
        else:
            measures.bad_dimension = float(count)
        if match.group(2) is not None and _valid(parse_number(match.group(2)), measures):
            measures.panel_length_m = parse_number(match.group(2))
        rest = rest.replace(match.group(0), " ")
    for side, pattern in _SIDE.items():
        if (match := pattern.search(rest)) is not None:
            value = parse_number(next(g for g in match.groups() if g is not None))
            if _valid(value, measures):
                setattr(measures, f"{side}_m", value)
    return measures


def _find_thickness(text: str, measures: Measures, known: set[int]) -> str:
    """Set ``thickness_mm`` and return ``text`` with the thickness removed."""
    if (match := _MM.search(text)) is not None:
        measures.thickness_mm = round(parse_number(match.group(1)))
        return text.replace(match.group(0), " ")
    if (match := _CM.search(text)) is not None:
        measures.thickness_mm = round(parse_number(match.group(1)) * 10)
        return text.replace(match.group(0), " ")
    if (match := _THICKNESS_WORD.search(text)) is not None:
        measures.thickness_mm = _cm_or_mm(int(match.group(1)), known) or int(match.group(1))
        return text.replace(match.group(0), " ")
    for match in _BARE_AFTER.finditer(text):
        value = _cm_or_mm(int(match.group(1)), known)
        if value is not None:
            measures.thickness_mm = value
            return text[: match.start(1)] + " " + text[match.end(1) :]
    return text


def _cm_or_mm(value: int, known: set[int]) -> int | None:
    """A bare number read as a thickness: 10 -> 100 (cm), 150 -> 150, 7 -> None."""
    if value <= 25 and value * 10 in known:
        return value * 10
    if value in known:
        return value
    return None
