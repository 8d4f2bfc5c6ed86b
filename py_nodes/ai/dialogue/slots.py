"""The quote slots of a conversation and how each message updates them (a correction replaces).

Small functions, one per kind of fact: product and job, sizes, openings and corners, slope,
edges, delivery. Every one only writes what the message really said.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from py_nodes.ai.nlu.entities import Measures
from py_nodes.ai.nlu.products import Products
from py_nodes.ai.nlu.understand import Understanding

CORRECTION = re.compile(r"\b(?:no|perdon|me equivoque|en realidad|corrijo|mejor dicho|error)\b")
QUOTE_SLOTS = ("product", "use", "thickness_mm", "dimensions", "location")


class Slots(BaseModel):
    """What the customer told so far. JSON-able: it lives in the session document (fields added
    later all have defaults, so older sessions load unchanged)."""

    product: str | None = None
    material: str | None = None
    use: str | None = None
    thickness_mm: int | None = None
    length_m: float | None = None
    width_m: float | None = None
    height_m: float | None = None
    area_m2: float | None = None
    panels: int | None = None
    zone: str | None = None
    pickup: bool | None = None
    name: str | None = None
    color: str | None = None
    structure: str | None = None
    waters: str | None = None
    accessories: list[str] = Field(default_factory=list)
    freight: bool | None = None
    galpon: bool | None = None
    # True while the dimensions came as a bare "A x B": which side runs along the panels is open.
    free_orientation: bool = False
    perimeter_m: float | None = None
    ridge_m: float | None = None
    wall_count: int | None = None
    enclosure: bool = False
    openings: list[dict[str, Any]] = Field(default_factory=list)
    outside_corners: int | None = None
    inside_corners: int | None = None
    slope_deg: float | None = None
    height_diff_m: float | None = None
    horizontal: bool = False
    edges: dict[str, str] = Field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        """The slots with a value, as the response shows them."""
        hidden = {"free_orientation", "enclosure", "horizontal"}
        if self.product:
            hidden.add("material")
        return self.model_dump(exclude_none=True, exclude=hidden, exclude_defaults=True)


def merge(slots: Slots, heard: Understanding, products: Products) -> set[str]:
    """Apply what ``heard`` says to ``slots`` in place; return the names that changed."""
    before = slots.model_dump()
    _merge_product(slots, heard, products)
    _merge_details(slots, heard)
    _merge_sizes(slots, heard.measures)
    _merge_wall(slots, heard.measures, CORRECTION.search(heard.text) is not None)
    _merge_slope(slots, heard.measures)
    _merge_extreme(slots, heard, products)
    _merge_place(slots, heard)
    after = slots.model_dump()
    return {key for key in after if after[key] != before[key]}


def _merge_details(slots: Slots, heard: Understanding) -> None:
    attrs = heard.attributes
    for name, value in (("color", attrs.color), ("structure", attrs.structure),
                        ("waters", attrs.waters), ("name", heard.name)):  # fmt: skip
        if value:
            setattr(slots, name, value)
    if attrs.galpon:
        slots.galpon = True
    if attrs.accessories:
        slots.accessories = attrs.accessories
    if attrs.enclosure:
        slots.enclosure = True
    if heard.edges:
        slots.edges = {**slots.edges, **heard.edges.sides}


def _merge_place(slots: Slots, heard: Understanding) -> None:
    place = heard.place
    if place.pickup:
        slots.pickup, slots.freight = True, None
    elif place.zone:
        slots.zone, slots.pickup = place.zone, None
    elif place.delivery and slots.pickup:
        slots.pickup = None
    if place.delivery and not place.pickup:
        slots.freight = True


def _merge_product(slots: Slots, heard: Understanding, products: Products) -> None:
    mention, use = heard.product, heard.attributes.use
    if mention.family:
        slots.product, slots.material = mention.family, None
        named = products.families[mention.family]
        slots.use = use if use and _fits(named.key, use, products) else named.use
        if slots.thickness_mm is None and len(named.thicknesses) == 1:
            slots.thickness_mm = named.thicknesses[0]  # the only one made: nothing to ask
        return
    if mention.generic and (mention.generic in ("eps", "pir") or slots.product is None):
        slots.material = mention.generic
        slots.product = None
    family = products.family(slots.product)
    if use and (family is None or _fits(family.key, use, products)):
        if use != slots.use and use == "techo" and heard.measures.height_m is None:
            slots.height_m = None
        slots.use = use
    if family is not None and slots.use is None:
        slots.use = family.use
    if slots.product is None and slots.material and slots.use:
        slots.product = products.resolve_generic(slots.material, slots.use)
    resolved = products.family(slots.product)
    if resolved is not None and slots.thickness_mm is None and len(resolved.thicknesses) == 1:
        slots.thickness_mm = resolved.thicknesses[0]  # the only one made: nothing to ask


def job_conflict(slots: Slots, heard: Understanding, products: Products) -> str | None:
    """The use word that contradicts the family already chosen ("isodec" then "la pared")."""
    use = heard.attributes.use
    family = products.family(slots.product)
    if heard.product.family or family is None or use is None:
        return None
    return None if _fits(family.key, use, products) else use


def _fits(family_key: str, use: str, products: Products) -> bool:
    family = products.families[family_key]
    if use == "camara":
        return family.use in ("camara", "pared")
    return family.use == use or (use == "pared" and family.use == "camara")


def _merge_sizes(slots: Slots, found: Measures) -> None:
    if found.thickness_mm is not None:
        slots.thickness_mm = found.thickness_mm
    if found.dims:
        slots.length_m, slots.width_m = found.dims[0], found.dims[1]
        slots.area_m2 = slots.panels = slots.ridge_m = None
        slots.free_orientation = len(found.dims) == 2
        if len(found.dims) == 3:
            slots.height_m = found.dims[2]
        if len(found.dims) == 2 and found.length_m in found.dims and found.width_m is None:
            # "5,5 x 8 (las chapas de 5,5)": the pair's other side runs across
            slots.width_m = found.dims[1] if found.dims[0] == found.length_m else found.dims[0]
    if found.area_m2 is not None:
        slots.area_m2 = found.area_m2
        slots.length_m = slots.width_m = slots.panels = None
    if found.panels is not None:
        slots.panels, slots.area_m2, slots.width_m = found.panels, None, None
        if found.panel_length_m is not None:
            slots.length_m = found.panel_length_m
    elif found.panel_length_m is not None and slots.panels is not None:
        slots.length_m = found.panel_length_m  # "son 8 paneles" … "de 5,30 cada uno"
    if found.house_m is not None:
        if slots.waters == "dos_aguas" or heard_two_waters(found):
            slots.ridge_m = found.house_m
        else:
            slots.width_m = found.house_m
    if found.ridge_m is not None:
        slots.ridge_m, slots.width_m = found.ridge_m, None
        slots.waters = "dos_aguas"
        if found.dims and len(found.dims) == 2 and found.ridge_m in found.dims:
            # "dos aguas de 10 x 8, la cumbrera a lo largo de los 10": each water is half of 8
            depth = found.dims[1] if found.dims[0] == found.ridge_m else found.dims[0]
            slots.length_m, slots.free_orientation = depth / 2, False
            return
    _back_reference(slots, found)
    for side in ("length_m", "width_m", "height_m"):
        value = getattr(found, side)
        if value is not None:
            if side == "length_m" and found.width_m is None:
                _ridge_from_run(slots, value)
            setattr(slots, side, value)
            if side != "height_m":
                slots.free_orientation = False
                if slots.use != "pared":
                    slots.area_m2 = None
            if side == "width_m":
                slots.ridge_m = None


def _ridge_from_run(slots: Slots, run: float) -> None:
    """ "dos aguas de 10 x 6, cada agua 3": a footprint told without orientation, then each
    water's run; the side twice the run is crossed by the two waters, so the other side is the
    ridge (the width the panels cover)."""
    if slots.waters != "dos_aguas" or not slots.free_orientation:
        return
    sides = (slots.length_m, slots.width_m)
    if None in sides or run in sides:
        return
    crossed = [side for side in sides if side and abs(2 * run - side) <= 0.1 * side]
    if len(crossed) == 1:
        slots.width_m = sides[1] if crossed[0] == sides[0] else sides[0]


def heard_two_waters(found: Measures) -> bool:
    return found.ridge_m is not None


def _back_reference(slots: Slots, found: Measures) -> None:
    """A later message names one side: "8 x 6" then "los paneles son de 6" keeps the 8 across;
    an area then "los paneles miden 5" gives the width."""
    if found.dims or found.length_m is None or found.width_m is not None:
        return
    if slots.free_orientation and found.length_m in (slots.length_m, slots.width_m):
        other = slots.width_m if slots.length_m == found.length_m else slots.length_m
        slots.width_m = other
    elif slots.area_m2 is not None and slots.use != "pared" and slots.length_m is None:
        slots.width_m = round(slots.area_m2 / found.length_m, 2)


def _merge_wall(slots: Slots, found: Measures, correcting: bool) -> None:
    if found.wall_count is not None:
        slots.wall_count = found.wall_count
    lengths = found.wall_lengths
    if lengths and (slots.use in ("pared", None)):
        each = found.each_wall or (len(lengths) == 1 and (found.wall_count or 0) > 1)
        if each and slots.wall_count:
            slots.perimeter_m = round(lengths[0] * slots.wall_count, 2)
        else:
            slots.perimeter_m = round(sum(lengths), 2)
    if found.perimeter_m is not None:
        slots.perimeter_m = found.perimeter_m
    elif found.each_wall and slots.wall_count and found.length_m and not lengths:
        # "3 paredes, cada una de 10 m x 4 de alto"
        slots.perimeter_m = round(found.length_m * slots.wall_count, 2)
    if found.no_openings:
        slots.openings = []
    for opening in found.openings:
        item = {"width_m": opening.width_m, "height_m": opening.height_m,
                "count": opening.count, "kind": opening.kind}  # fmt: skip
        same_kind = [o for o in slots.openings if o.get("kind") == opening.kind]
        if correcting and len(found.openings) == 1 and len(same_kind) == 1:
            slots.openings[slots.openings.index(same_kind[0])] = item  # "la puerta es de 1,20"
        elif item not in slots.openings:
            slots.openings.append(item)
    if found.opening_fix is not None:
        kind, side, value = found.opening_fix
        same_kind = [o for o in slots.openings if o.get("kind") == kind]
        if len(same_kind) == 1:
            same_kind[0][side] = value
    if found.outside_corners is not None:
        slots.outside_corners = found.outside_corners
    elif found.wall_count == 4 and slots.outside_corners is None and found.inside_corners is None:
        slots.outside_corners = 4  # four walls closing a room: its four corners
    if found.inside_corners is not None:
        slots.inside_corners = found.inside_corners


def _merge_extreme(slots: Slots, heard: Understanding, products: Products) -> None:
    """ "el más grueso", "el más finito": the family's thickest or thinnest."""
    family = products.family(slots.product)
    extreme = heard.attributes.extreme
    if family is not None and extreme is not None and heard.measures.thickness_mm is None:
        slots.thickness_mm = (
            max(family.thicknesses) if extreme == "max" else min(family.thicknesses)
        )


def _merge_slope(slots: Slots, found: Measures) -> None:
    if found.slope_deg is not None:
        slots.slope_deg = found.slope_deg
    if found.height_diff_m is not None:
        slots.height_diff_m = found.height_diff_m
    if found.horizontal:
        slots.horizontal = True


def has_dimensions(slots: Slots) -> bool:
    if slots.use == "camara":
        return None not in (slots.length_m, slots.width_m, slots.height_m)
    if slots.use == "pared":
        if slots.panels is not None and (slots.length_m or slots.height_m):
            return True
        if slots.height_m is not None and (slots.perimeter_m or slots.area_m2):
            return True
        if slots.height_m is not None and (slots.length_m or slots.width_m):
            return True
        return slots.length_m is not None and slots.width_m is not None
    if slots.area_m2 is not None:
        return True
    if slots.panels is not None:
        return slots.length_m is not None
    return slots.length_m is not None and (slots.width_m or slots.ridge_m) is not None


def missing(slots: Slots) -> list[str]:
    """The quote slots still unknown, in the order the bot asks for them."""
    absent: list[str] = []
    if slots.product is None and not (slots.material and slots.use is None):
        absent.append("product")
    if slots.use is None:
        absent.append("use")
    if slots.thickness_mm is None:
        absent.append("thickness_mm")
    if not has_dimensions(slots):
        absent.append("dimensions")
    if not slots.zone and not slots.pickup:
        absent.append("location")
    return absent
