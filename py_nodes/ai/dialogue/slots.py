"""The quote slots of a conversation and how each message updates them (a correction replaces)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from py_nodes.ai.nlu.products import Products
from py_nodes.ai.nlu.understand import Understanding

QUOTE_SLOTS = ("product", "use", "thickness_mm", "dimensions", "location")


class Slots(BaseModel):
    """What the customer told so far. JSON-able: it lives in the session document."""

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

    def public(self) -> dict[str, Any]:
        """The slots with a value, as the response shows them."""
        hidden = {"free_orientation"} | ({"material"} if self.product else set())
        return self.model_dump(exclude_none=True, exclude=hidden, exclude_defaults=True)


def merge(slots: Slots, heard: Understanding, products: Products) -> set[str]:
    """Apply what ``heard`` says to ``slots`` in place; return the names that changed."""
    before = slots.model_dump()
    _merge_product(slots, heard, products)
    _merge_measures(slots, heard)
    attrs = heard.attributes
    for name, value in (("color", attrs.color), ("structure", attrs.structure),
                        ("waters", attrs.waters), ("name", heard.name)):  # fmt: skip
        if value:
            setattr(slots, name, value)
    if attrs.galpon:
        slots.galpon = True
    if attrs.accessories:
        slots.accessories = attrs.accessories
    if attrs.freight:
        slots.freight = True
    if heard.place.pickup:
        slots.pickup, slots.zone = True, None
    elif heard.place.zone:
        slots.zone, slots.pickup = heard.place.zone, None
    after = slots.model_dump()
    return {key for key in after if after[key] != before[key]}


def _merge_product(slots: Slots, heard: Understanding, products: Products) -> None:
    mention, use = heard.product, heard.attributes.use
    if use:
        if use != slots.use and use == "techo" and heard.measures.height_m is None:
            slots.height_m = None
        slots.use = use
    if mention.family:
        slots.product, slots.material = mention.family, None
    elif mention.generic and (mention.generic in ("eps", "pir") or slots.product is None):
        slots.material = mention.generic
        slots.product = None
    family = products.family(slots.product)
    if family is not None and slots.use is None:
        slots.use = family.use
    if family is not None and use and not _fits(family.key, use, products):
        slots.material, slots.product = family.material, None
    if slots.product is None and slots.material and slots.use:
        slots.product = products.resolve_generic(slots.material, slots.use)


def _fits(family_key: str, use: str, products: Products) -> bool:
    family = products.families[family_key]
    if use == "camara":
        return family.use in ("camara", "pared")
    return family.use == use or (use == "pared" and family.use == "camara")


def _merge_measures(slots: Slots, heard: Understanding) -> None:
    found = heard.measures
    if found.thickness_mm is not None:
        slots.thickness_mm = found.thickness_mm
    if found.dims:
        slots.length_m, slots.width_m = found.dims[0], found.dims[1]
        slots.area_m2 = slots.panels = None
        slots.free_orientation = len(found.dims) == 2
        if len(found.dims) == 3:
            slots.height_m = found.dims[2]
    if found.area_m2 is not None:
        slots.area_m2 = found.area_m2
        slots.length_m = slots.width_m = slots.panels = None
    if found.panels is not None:
        slots.panels, slots.area_m2, slots.width_m = found.panels, None, None
        if found.panel_length_m is not None:
            slots.length_m = found.panel_length_m
    for side in ("length_m", "width_m", "height_m"):
        value = getattr(found, side)
        if value is not None:
            setattr(slots, side, value)
            if side != "height_m":
                slots.area_m2 = None
                slots.free_orientation = False


def has_dimensions(slots: Slots) -> bool:
    if slots.use == "camara":
        return None not in (slots.length_m, slots.width_m, slots.height_m)
    if slots.use == "pared":
        if slots.area_m2 is not None and slots.height_m is not None:
            return True
        return slots.length_m is not None and (slots.width_m or slots.height_m) is not None
    if slots.area_m2 is not None:
        return True
    if slots.panels is not None:
        return slots.length_m is not None
    return slots.length_m is not None and slots.width_m is not None


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
