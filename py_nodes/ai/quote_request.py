"""Complete slots -> the body of ``POST /quotes`` (the quote node's ``QuoteRequest``), as a dict."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from py_nodes.ai.dialogue.render import Listing, Metres, Part, Renderer
from py_nodes.ai.dialogue.slots import Slots
from py_nodes.ai.nlu.places import with_department

DEFAULT_STRUCTURE = "metal"
DEFAULT_WATERS = "una_agua"
DEFAULT_EDGES = {"front": "gotero_frontal", "back": "ninguno", "left": "gotero_lateral",
                 "right": "gotero_lateral"}  # fmt: skip


@dataclass
class Built:
    """The request plus what the reply must tell: assumptions and defaults taken."""

    request: dict[str, Any]
    assumptions: list[Part] = field(default_factory=list)
    defaults: list[Part] = field(default_factory=list)


def metres(value: float) -> str:
    """A metre value as the quote node reads it (a decimal string, 2 decimals at most)."""
    return f"{round(value, 2):.2f}".rstrip("0").rstrip(".")


def build_quote_request(
    slots: Slots, phone: str, contact_name: str | None, usable_width_m: float | None = None,
    renderer: Renderer | None = None,
) -> Built:  # fmt: skip
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
    delivery: dict[str, Any] = (
        {"pickup": True} if slots.pickup else {"zone": with_department(slots.zone or "")}
    )
    built.request["delivery"] = delivery
    customer: dict[str, Any] = {"phone": phone.lstrip("+")}
    name = slots.name or contact_name
    if name:
        customer["name"] = name[:120]
    built.request["customer"] = customer
    built.request["origin"] = "WA"
    built.request["assumptions"] = printed_assumptions(built, renderer or Renderer())
    return built


def printed_assumptions(built: Built, renderer: Renderer) -> list[str]:
    """What the quote document states it assumed, so the customer can ask for a change."""
    printed = []
    for note in built.assumptions:
        text = renderer.part(note)
        capital = text[:1].upper() + text[1:]
        printed.append(renderer.part(Part("assumption.printed", {"text": capital})))
    if built.defaults:
        items = Listing(tuple(built.defaults))
        printed.append(renderer.part(Part("assumption.printed_defaults", {"items": items})))
    return printed


def _structure(slots: Slots, built: Built) -> str:
    if slots.structure is None:
        built.defaults.append(Part("default.structure"))
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
            Part("assumption.area_square", {"area": Metres(slots.area_m2), "side": Metres(side)})
        )
    elif slots.panels is not None:
        zone = {"length_m": metres(slots.length_m or 0), "panels": slots.panels}
    elif slots.ridge_m is not None:
        # Two waters told as the ridge and each water's length: both waters side by side.
        zone = {"length_m": metres(slots.length_m or 0), "width_m": metres(2 * slots.ridge_m)}
    elif slots.waters == "dos_aguas" and slots.length_m and slots.width_m:
        zone = _two_waters(slots, built)
    else:
        length, width = slots.length_m or 0.0, slots.width_m or 0.0
        if slots.free_orientation and usable_width_m:
            length, width = orient_roof(length, width, usable_width_m)
            panels = max(1, math.ceil(width / usable_width_m - 1e-9))
            built.assumptions.append(
                Part("assumption.orientation",
                     {"length": Metres(length), "panels": panels, "width": Metres(width)})
            )  # fmt: skip
        zone = {"length_m": metres(length), "width_m": metres(width)}
    if slots.waters is None:
        built.defaults.append(Part("default.waters"))
    zone["waters"] = slots.waters or DEFAULT_WATERS
    zone.update(_slope(slots))
    zone["edges"] = _edges(slots, built)
    roof: dict[str, Any] = {
        "product": slots.product, "thickness_mm": slots.thickness_mm,
        "structure": _structure(slots, built), "zones": [zone],
    }  # fmt: skip
    if slots.color:
        roof["color"] = slots.color
    return roof


def _two_waters(slots: Slots, built: Built) -> dict[str, Any]:
    """Two waters: a bare footprint "10 x 8" has the ridge along its longer side and each water
    half the other; otherwise the width told is the ridge (the house's front) and the length
    each water's panel run."""
    length, width = slots.length_m or 0.0, slots.width_m or 0.0
    if slots.free_orientation:
        ridge, run = max(length, width), min(length, width) / 2
        built.assumptions.append(
            Part("assumption.two_waters", {"ridge": Metres(ridge), "run": Metres(run)})
        )
        return {"length_m": metres(run), "width_m": metres(2 * ridge)}
    return {"length_m": metres(length), "width_m": metres(2 * width)}


def _slope(slots: Slots) -> dict[str, Any]:
    """The length told on the floor (horizontal) becomes the panel length with the slope."""
    if slots.height_diff_m is not None:
        return {"slope_mode": "calcular_altura", "height_diff_m": metres(slots.height_diff_m)}
    if slots.slope_deg is not None and slots.horizontal:
        return {"slope_mode": "calcular_pendiente", "slope_deg": metres(slots.slope_deg)}
    return {}


def _edges(slots: Slots, built: Built) -> dict[str, str]:
    if slots.edges:
        edges = dict(DEFAULT_EDGES)
        if slots.waters == "dos_aguas":
            edges["back"] = "cumbrera"
        edges.update(slots.edges)
        return edges
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
        built.defaults.append(Part("default.edges"))
    return edges


def _wall_size(slots: Slots, built: Built) -> tuple[float, float]:
    """(height, perimeter): a length of wall, an area over a height, or a floor plan A × B."""
    height = slots.height_m
    if height is not None and slots.perimeter_m is not None:
        return height, slots.perimeter_m
    if height is not None and slots.area_m2 is not None and slots.length_m is None:
        perimeter = slots.area_m2 / height
        built.assumptions.append(
            Part("assumption.wall_area",
                 {"area": Metres(slots.area_m2), "height": Metres(height),
                  "perimeter": Metres(perimeter)})
        )  # fmt: skip
        return height, perimeter
    if height is not None and slots.length_m is not None and slots.width_m is not None:
        perimeter = 2 * (slots.length_m + slots.width_m)
        built.assumptions.append(
            Part("assumption.floor_plan",
                 {"length": Metres(slots.length_m), "width": Metres(slots.width_m),
                  "perimeter": Metres(perimeter)})
        )  # fmt: skip
        return height, perimeter
    if height is not None:
        return height, slots.length_m or slots.width_m or 0.0  # "9 m de frente" is its length
    first, second = slots.length_m or 0.0, slots.width_m or 0.0
    return min(first, second), max(first, second)


def _wall(slots: Slots, built: Built) -> dict[str, Any]:
    wall: dict[str, Any] = {
        "product": slots.product, "thickness_mm": slots.thickness_mm,
        "structure": _structure(slots, built),
    }  # fmt: skip
    if slots.panels is not None and slots.length_m is not None and slots.height_m is None:
        # "12 paneles de 3 m para una pared": the panels stand up, their length is the height
        wall.update(height_m=metres(slots.length_m), panels=slots.panels)
    else:
        height, perimeter = _wall_size(slots, built)
        wall.update(height_m=metres(height), perimeter_m=metres(perimeter))
    if slots.color:
        wall["color"] = slots.color
    if slots.outside_corners:
        wall["outside_corners"] = slots.outside_corners
    if slots.inside_corners:
        wall["inside_corners"] = slots.inside_corners
    if slots.openings:
        wall["openings"] = [
            {"width_m": metres(o["width_m"]), "height_m": metres(o["height_m"]),
             "count": int(o["count"])}
            for o in slots.openings
        ]  # fmt: skip
    return wall
