"""What the engine understood so far, as message parts ("*Isodec EPS 100 mm* para techo de 5 × 5,6
m, entrega en Pando") and the question for what is still missing. Pure: slots in, parts out."""

from __future__ import annotations

from py_nodes.ai.dialogue.render import Listing, Metres, Part, Verbatim
from py_nodes.ai.dialogue.slots import Slots
from py_nodes.ai.nlu.products import Family, Products

USE_PARTS = {"techo": "summary.use_roof", "pared": "summary.use_wall",
             "camara": "summary.use_cold_room"}  # fmt: skip


def families_listing(
    products: Products, use: str | None = None, thickness_mm: int | None = None
) -> Listing:
    """The families the catalog offers, with their use: adding a family is catalog data only.

    With the job's use (and thickness) known, only the families that fit it: a roof of 100 mm
    is not offered wall or cold-room panels. When none fits, every family."""
    families = list(products.families.values())
    fitting = [
        f for f in families
        if (use is None or f.use == use)
        and (thickness_mm is None or thickness_mm in f.thicknesses)
    ]  # fmt: skip
    items = tuple(
        Part("family_item", {"label": Verbatim(f.label), "use": Part(f"use_names.{f.use}")})
        for f in (fitting or families)
    )
    return Listing(items)


def options(family: Family) -> Listing:
    return Listing(tuple(str(t) for t in family.thicknesses), "or")


def _size(slots: Slots) -> Part | None:
    if slots.use == "camara":
        if None in (slots.length_m, slots.width_m, slots.height_m):
            return None
        sizes = {"length": slots.length_m, "width": slots.width_m, "height": slots.height_m}
        return Part("summary.cold_room_size", {k: Metres(v or 0) for k, v in sizes.items()})
    if slots.area_m2 is not None and not (slots.use == "pared" and slots.height_m):
        return Part("summary.area", {"area": Metres(slots.area_m2)})
    if slots.panels is not None and slots.length_m is not None:
        return Part("summary.panels", {"panels": slots.panels, "length": Metres(slots.length_m)})
    if slots.use == "pared":
        length = slots.perimeter_m or slots.length_m
        if slots.area_m2 and slots.height_m:
            length = slots.area_m2 / slots.height_m
        elif slots.length_m and slots.width_m and slots.height_m:
            length = 2 * (slots.length_m + slots.width_m)
        height = slots.height_m
        if height is None and slots.length_m and slots.width_m:
            length, height = max(slots.length_m, slots.width_m), min(slots.length_m, slots.width_m)
        if length is None or height is None:
            return None
        return Part("summary.wall_size", {"length": Metres(length), "height": Metres(height)})
    if slots.ridge_m is not None and slots.length_m is not None:
        return Part("summary.two_waters_size",
                    {"length": Metres(slots.length_m), "ridge": Metres(slots.ridge_m)})  # fmt: skip
    if slots.length_m is not None and slots.width_m is not None:
        return Part("summary.roof_size",
                    {"length": Metres(slots.length_m), "width": Metres(slots.width_m)})  # fmt: skip
    return None


def summary(slots: Slots, products: Products) -> Listing | None:
    """Everything known, in the customer's order of importance; None when nothing is known."""
    family = products.family(slots.product)
    items: list[Part] = []
    if family is not None:
        if slots.thickness_mm:
            values = {"label": Verbatim(family.label), "thickness": slots.thickness_mm}
            items.append(Part("summary.product", values))
        else:
            items.append(Part("summary.product_no_thickness", {"label": Verbatim(family.label)}))
    use_key = USE_PARTS.get(slots.use or "")
    size = _size(slots)
    if use_key and family is None:
        items.append(Part(use_key))
    if size is not None:
        items.append(size)
    if slots.openings:
        count = sum(int(o["count"]) for o in slots.openings)
        items.append(Part("summary.openings", {"count": count}))
    if slots.color:
        items.append(Part("summary.colour", {"colour": Verbatim(slots.color.lower())}))
    if slots.pickup:
        items.append(Part("summary.pickup"))
    elif slots.zone:
        items.append(Part("summary.delivery", {"zone": Verbatim(slots.zone)}))
    return Listing(tuple(items)) if items else None


def quote_summary(slots: Slots, products: Products) -> Listing:
    return summary(slots, products) or Listing(())


def missing_question(absent: list[str], slots: Slots, products: Products) -> Part:
    """One sentence asking for everything still missing, with the real options."""
    family = products.family(slots.product)
    parts: list[Part] = []
    for name in absent:
        if name == "product":
            listing = families_listing(products, slots.use, slots.thickness_mm)
            parts.append(Part("missing.product", {"families": listing}))
        elif name == "use" and "product" not in absent:
            parts.append(Part("missing.use"))
        elif name == "thickness_mm":
            if family:
                parts.append(Part("missing.thickness_options", {"options": options(family)}))
            else:
                parts.append(Part("missing.thickness"))
        elif name == "dimensions":
            parts.append(Part(_dimension_key(slots)))
        elif name == "location":
            parts.append(Part("missing.location"))
    return Part("missing.intro", {"items": Listing(tuple(parts))})


def _dimension_key(slots: Slots) -> str:
    if slots.use == "camara":
        return "missing.cold_room_size"
    if slots.use == "pared":
        if slots.area_m2 is not None or slots.perimeter_m is not None or slots.length_m:
            return "missing.wall_height"
        return "missing.wall_size"
    if slots.panels is not None:
        return "missing.panel_length"
    return "missing.roof_size"
