"""Complete slots -> the body of ``POST /quotes`` (the quote node's ``QuoteRequest``), as a dict."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from py_nodes.ai.dialogue.slots import Slots

DEFAULT_STRUCTURE = "metal"
DEFAULT_WATERS = "una_agua"


@dataclass
class Built:
    """The request plus what the reply must tell: assumptions and defaults taken."""

    request: dict[str, Any]
    assumptions: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)


def metres(value: float) -> str:
    """A metre value as the quote node reads it (a decimal string, 2 decimals at most)."""
    return f"{round(value, 2):.2f}".rstrip("0").rstrip(".")


def _es(value: float) -> str:
    return metres(value).replace(".", ",")


def build_quote_request(
    slots: Slots, phone: str, contact_name: str | None, usable_width_m: float | None = None
) -> Built:
    """Map complete ``slots`` to a QuoteRequest dict. The caller checked ``missing(slots)``."""
    assert slots.product
    assert slots.thickness_mm
    built = Built(request={})
    if slots.use == "camara":
        spec: dict[str, Any] = {
            "product": slots.product, "thickness_mm": slots.thickness_mm,
            "length_m": metres(slots.length_m or 0), "width_m": metres(slots.width_m or 0),
            "height_m": metres(slots.height_m or 0),
        }  # fmt: skip
        if slots.color:
            spec["color"] = slots.color
        built.request.update(scenario="camara_frig", cold_room=spec)
    elif slots.use == "pared":
        built.request.update(scenario="solo_fachada", wall=_wall(slots, built))
    else:
        built.request.update(scenario="solo_techo", roof=_roof(slots, built, usable_width_m))
    delivery: dict[str, Any] = {"pickup": True} if slots.pickup else {"zone": slots.zone}
    built.request["delivery"] = delivery
    customer: dict[str, Any] = {"phone": phone.lstrip("+")}
    name = slots.name or contact_name
    if name:
        customer["name"] = name[:120]
    built.request["customer"] = customer
    built.request["origin"] = "WA"
    notes = []
    if slots.galpon:
        notes.append("Galpón")
    if slots.accessories:
        notes.append("Accesorios pedidos: " + ", ".join(slots.accessories))
    if notes:
        built.request["notes"] = ". ".join(notes)
    built.request["assumptions"] = printed_assumptions(built)
    return built


def printed_assumptions(built: Built) -> list[str]:
    """What the quote document states it assumed, so the customer can ask for a change."""
    printed = [note[0].upper() + note[1:] + "." for note in built.assumptions]
    if built.defaults:
        printed.append("Por defecto: " + ", ".join(built.defaults) + ".")
    return printed


def _structure(slots: Slots, built: Built) -> str:
    if slots.structure is None:
        built.defaults.append("estructura metálica")
    return slots.structure or DEFAULT_STRUCTURE


def _waste(width: float, usable_width: float) -> float:
    """Metres of panel width left over when ``width`` is covered by whole panels."""
    panels = max(1, math.ceil(width / usable_width - 1e-9))
    return panels * usable_width - width


def orient_roof(first: float, second: float, usable_width: float) -> tuple[float, float]:
    """(panel length, width across panels) for a bare "A x B": the side that whole panels cover
    with less waste is the width; on a tie the shorter side is the panel length (fewer supports).
    "5,60 x 5" with ISODEC (1.12 m) gives 5 panels of 5 m covering 5.60 m exactly."""
    options = [(second, first), (first, second)]
    return min(options, key=lambda o: (round(_waste(o[1], usable_width), 6), o[0]))


def _roof(slots: Slots, built: Built, usable_width_m: float | None) -> dict[str, Any]:
    zone: dict[str, Any]
    if slots.area_m2 is not None:
        side = math.sqrt(slots.area_m2)
        zone = {"length_m": metres(side), "width_m": metres(side)}
        built.assumptions.append(
            f"tomé los {_es(slots.area_m2)} m² como un cuadrado de {_es(side)} × {_es(side)} m"
        )
    elif slots.panels is not None:
        zone = {"length_m": metres(slots.length_m or 0), "panels": slots.panels}
    else:
        length, width = slots.length_m or 0.0, slots.width_m or 0.0
        if slots.free_orientation and usable_width_m:
            length, width = orient_roof(length, width, usable_width_m)
            panels = max(1, math.ceil(width / usable_width_m - 1e-9))
            built.assumptions.append(
                f"los paneles van de {_es(length)} m de largo ({panels} paneles cubren "
                f"{_es(width)} m de ancho)"
            )
        zone = {"length_m": metres(length), "width_m": metres(width)}
    if slots.waters is None:
        built.defaults.append("techo a un agua")
    zone["waters"] = slots.waters or DEFAULT_WATERS
    zone["edges"] = _edges(slots, built)
    roof: dict[str, Any] = {
        "product": slots.product, "thickness_mm": slots.thickness_mm,
        "structure": _structure(slots, built), "zones": [zone],
    }  # fmt: skip
    if slots.color:
        roof["color"] = slots.color
    return roof


def _edges(slots: Slots, built: Built) -> dict[str, str]:
    wanted = set(slots.accessories)
    if "ninguno" in wanted:
        return {"front": "ninguno", "back": "ninguno", "left": "ninguno", "right": "ninguno"}
    edges = {"front": "gotero_frontal", "back": "ninguno", "left": "gotero_lateral",
             "right": "gotero_lateral"}  # fmt: skip
    if "canalon" in wanted:
        edges["front"] = "canalon"
    if "cumbrera" in wanted or slots.waters == "dos_aguas":
        edges["back"] = "cumbrera"
    elif "babetas" in wanted:
        edges["back"] = "babeta_adosar"
    elif "completo" in wanted:
        edges["back"] = "gotero_frontal_superior"
    if not wanted:
        built.defaults.append("goteros frontal y laterales")
    return edges


def _wall(slots: Slots, built: Built) -> dict[str, Any]:
    if slots.height_m is not None and slots.length_m is None and slots.area_m2 is not None:
        height, perimeter = slots.height_m, slots.area_m2 / slots.height_m
        built.assumptions.append(
            f"con {_es(slots.area_m2)} m² y {_es(height)} m de alto son {_es(perimeter)} m de largo"
        )
    elif slots.height_m is not None:
        height, perimeter = slots.height_m, slots.length_m or slots.width_m or 0.0
    else:
        first, second = slots.length_m or 0.0, slots.width_m or 0.0
        perimeter, height = max(first, second), min(first, second)
    wall: dict[str, Any] = {
        "product": slots.product, "thickness_mm": slots.thickness_mm,
        "structure": _structure(slots, built), "height_m": metres(height),
        "perimeter_m": metres(perimeter),
    }  # fmt: skip
    if slots.color:
        wall["color"] = slots.color
    return wall
