"""Warnings about the chosen product: colours, minimum areas, lengths, thickness notes."""

from __future__ import annotations

from decimal import Decimal

from unidecode import unidecode

from py_nodes.core.formatting import number
from py_nodes.quote.catalog.models import PanelFamily
from py_nodes.quote.engine.rounding import metres


def _plain(text: str) -> str:
    return unidecode(text).casefold().strip()


def canonical_color(panel: PanelFamily, color: str) -> str | None:
    """The catalog spelling of a colour, matched ignoring case and accents."""
    wanted = _plain(color)
    return next((c for c in panel.colors if _plain(c) == wanted), None)


def color_warnings(
    panel: PanelFamily, thickness_mm: int, color: str | None, area_m2: Decimal
) -> list[str]:
    """Colour offered, thickness limit and lead time note, minimum order area."""
    if color is None:
        minimums = [
            panel.color_min_area_m2[c] for c in panel.colors if c in panel.color_min_area_m2
        ]
        family_min = min(minimums) if len(minimums) == len(panel.colors) else None
        return _min_area(panel.label, family_min, area_m2)
    chosen = canonical_color(panel, color)
    if chosen is None:
        return [
            f"El color {color} no se ofrece en {panel.label}; colores disponibles: "
            f"{', '.join(panel.colors)}."
        ]
    warnings: list[str] = []
    max_mm = panel.color_max_thickness.get(chosen)
    if max_mm is not None and thickness_mm > max_mm:
        warnings.append(
            f"Color {chosen} solo hasta {max_mm} mm en {panel.label} (pediste {thickness_mm} mm)."
        )
    minimum = panel.color_min_area_m2.get(chosen)
    if minimum is None and chosen in panel.color_notes:
        warnings.append(f"Color {chosen}: {panel.color_notes[chosen]}.")
    every_color = all(c in panel.color_min_area_m2 for c in panel.colors)
    label = panel.label if every_color else f"{panel.label} color {chosen}"
    return warnings + _min_area(label, minimum, area_m2)


def _min_area(label: str, minimum: Decimal | None, area_m2: Decimal) -> list[str]:
    if minimum is None or area_m2 >= minimum:
        return []
    return [
        f"{label} requiere mínimo {number(minimum)} m² — "
        f"la cotización actual es de {number(area_m2)} m²."
    ]


def length_warnings(panel: PanelFamily, length_m: Decimal) -> list[str]:
    """Panel length against the family's manufacturing range."""
    if length_m > panel.length_max_m:
        return [
            f"Largo de panel {metres(length_m)} m excede el máximo fabricable de {panel.label} "
            f"({metres(panel.length_max_m)} m)."
        ]
    if length_m < panel.length_min_m:
        return [
            f"Largo de panel {metres(length_m)} m es menor al mínimo fabricable de {panel.label} "
            f"({metres(panel.length_min_m)} m)."
        ]
    return []


def thickness_warnings(panel: PanelFamily, thickness_mm: int) -> list[str]:
    note = panel.thickness_notes.get(thickness_mm)
    return [f"{panel.label} {thickness_mm} mm: {note}."] if note else []


STRUCTURE_ASSUMED = "No se indicó el tipo de estructura: se asumió estructura metálica."
