"""Rendering: a decision's message parts -> the Spanish text, filled from the message catalog.

The policy says *what* to say as :class:`Part` values (a catalog key and its values); this module
only fills the catalog (``py_nodes/messages/ai.yaml``). A value may itself be a part, a list of
parts ("a, b y c"), or metres (written with a decimal comma). No customer text lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from py_nodes.core.messages import MessageCatalog, declare, load_catalog

MESSAGES = declare(
    "ai",
    {
        "hello": (), "hello_name": {"name"}, "thanks_name_opening": {"name"},
        "greeting": {"hello"}, "ask_name": (), "name_for_quote": (), "thanks_name": {"name"},
        "english_note": (), "empty": (), "list_and": {"head", "last"},
        "list_or": {"head", "last"}, "noted": {"summary"},
        "summary.product": {"label", "thickness"}, "summary.product_no_thickness": {"label"},
        "summary.use_roof": (), "summary.use_wall": (), "summary.use_cold_room": (),
        "summary.cold_room_size": {"length", "width", "height"}, "summary.area": {"area"},
        "summary.panels": {"panels", "length"}, "summary.wall_size": {"length", "height"},
        "summary.roof_size": {"length", "width"},
        "summary.two_waters_size": {"length", "ridge"}, "summary.openings": {"count"},
        "summary.colour": {"colour"}, "summary.pickup": (), "summary.delivery": {"zone"},
        "missing.intro": {"items"}, "missing.product": {"families"}, "missing.use": (),
        "missing.thickness": (), "missing.thickness_options": {"options"},
        "missing.cold_room_size": (), "missing.wall_height": (), "missing.wall_size": (),
        "missing.panel_length": (), "missing.roof_size": (), "missing.location": (),
        "details_roof": (), "details_wall": (), "not_understood": (), "anything_else": (),
        "job_conflict": {"use", "label", "family_use"}, "use_names.techo": (),
        "use_names.pared": (), "use_names.camara": (), "quote_ready": {"name", "summary"},
        "quote_name": {"name"}, "quote_assumed": {"items"}, "quote_defaults": {"items"},
        "quote_coming": (), "already_quoted": {"summary"},
        "colour_note": {"label", "colours", "colour"},
        "assumption.area_square": {"area", "side"},
        "assumption.orientation": {"length", "panels", "width"},
        "assumption.wall_area": {"area", "height", "perimeter"},
        "assumption.floor_plan": {"length", "width", "perimeter"},
        "assumption.two_waters": {"ridge", "run"},
        "assumption.printed": {"text"}, "assumption.printed_defaults": {"items"},
        "default.structure": (), "default.waters": (), "default.edges": (),
        "invalid_thickness": {"label", "value", "options"},
        "unknown_product": {"word", "families"}, "bad_dimension": (),
        "family_item": {"label", "use"}, "thickness_options": {"label", "options"},
        "length_range": {"label", "shortest", "longest"},
        "conditions": (), "offer_seller": (), "objection": (),
        "handoff.asked": {"name"}, "handoff.misunderstood": (), "handoff.angry": (),
        "holding": (), "holding_text": {"text"}, "opt_out": (), "goodbye": {"name"},
        "goodbye_name": {"name"},
        "status_none": (), "status": {"summary", "day", "state"}, "status_preparing": (),
        "off_topic": (), "write_instead": {"what"}, "media.audio": (), "media.image": (),
        "media.sticker": (), "media.location": (), "media.video": (), "media.document": (),
        "media.other": (), "knowledge": {"answer"},
    },
)  # fmt: skip


@dataclass(frozen=True)
class Part:
    """One catalog message (``key`` without the ``ai.`` namespace) and its values."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Metres:
    """A measure, written as a Uruguayan reads it: ``5,6``."""

    value: float


@dataclass(frozen=True)
class Listing:
    """Items joined as "a, b y c" (``conjunction`` "and") or "a, b o c" ("or")."""

    items: tuple[Any, ...]
    conjunction: str = "and"


@dataclass(frozen=True)
class Verbatim:
    """Text that is data, not wording: a product label, a place, a knowledge answer."""

    text: str


def metres_text(value: float) -> str:
    return f"{round(value, 2):.2f}".rstrip("0").rstrip(".").replace(".", ",")


class Renderer:
    def __init__(self, catalog: MessageCatalog | None = None) -> None:
        self._catalog = catalog or load_catalog()

    def value(self, value: Any) -> str:
        if isinstance(value, Part):
            return self.part(value)
        if isinstance(value, Metres):
            return metres_text(value.value)
        if isinstance(value, Listing):
            items = [self.value(item) for item in value.items]
            if len(items) <= 1:
                return "".join(items)
            return self._catalog.render(
                f"ai.list_{value.conjunction}", head=", ".join(items[:-1]), last=items[-1]
            )
        if isinstance(value, Verbatim):
            return value.text
        if isinstance(value, float):
            return metres_text(value)
        return str(value)

    def part(self, part: Part) -> str:
        values = {name: self.value(v) for name, v in part.values.items()}
        return self._catalog.render(f"ai.{part.key}", **values).strip()

    def text(self, parts: list[Part]) -> str:
        return " ".join(text for text in (self.part(p) for p in parts) if text)
