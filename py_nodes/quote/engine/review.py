"""Quotes a seller must check before the customer sees them (``needs_review``).

A quote beyond what the bot may send on its own — a warning the catalog marks blocking (panel
length outside the factory's range, openings covering the wall…), an absurd area, an opening
larger than its wall — is still priced and stored, but held: the customer gets the ``review``
notice instead of prices, the chat goes to sales, and sales get the quote as a draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from py_nodes.core.messages import declare, load_catalog
from py_nodes.quote.catalog.models import Catalog
from py_nodes.quote.engine.formatting import quantity_str
from py_nodes.quote.engine.models import PricedQuote, QuoteRequest, WallSpec
from py_nodes.quote.engine.review_rules import warning_kind
from py_nodes.quote.engine.validation import family_key

MESSAGES = declare(
    "review",
    {
        "customer_notice": (),
        "reasons.area_too_large": {"area_m2", "max_m2"},
        "reasons.opening_too_tall": {"width_m", "height_m", "wall_height_m"},
        "reasons.opening_too_wide": {"width_m", "height_m", "wall_length_m"},
    },
)


@dataclass(frozen=True)
class Review:
    needs_review: bool = False
    reasons: list[str] = field(default_factory=list)


def review_quote(request: QuoteRequest, priced: PricedQuote, catalog: Catalog) -> Review:
    """Why this quote must wait for a seller (no reason: it may go out)."""
    blocking = catalog.review.blocking_kinds()
    reasons = [text for text in priced.warnings if warning_kind(text) in blocking]
    texts = load_catalog()
    area = priced.figures.area_m2
    if area > catalog.review.max_area_m2:
        reasons.append(
            texts.render(
                "review.reasons.area_too_large",
                area_m2=quantity_str(area),
                max_m2=quantity_str(catalog.review.max_area_m2),
            )
        )
    if request.wall is not None and request.scenario in ("solo_fachada", "techo_fachada"):
        reasons += _opening_reasons(request.wall, catalog)
    return Review(needs_review=bool(reasons), reasons=reasons)


def _opening_reasons(wall: WallSpec, catalog: Catalog) -> list[str]:
    texts = load_catalog()
    panel = catalog.panel(family_key(wall.product))
    length = wall.perimeter_m
    if length is None and wall.panels is not None and panel is not None:
        length = wall.panels * panel.au
    reasons: list[str] = []
    for opening in wall.openings:
        size = {
            "width_m": quantity_str(opening.width_m),
            "height_m": quantity_str(opening.height_m),
        }
        if opening.height_m > wall.height_m:
            reasons.append(
                texts.render(
                    "review.reasons.opening_too_tall",
                    **size,
                    wall_height_m=quantity_str(wall.height_m),
                )
            )
        elif length is not None and opening.width_m > length:
            reasons.append(
                texts.render(
                    "review.reasons.opening_too_wide", **size, wall_length_m=quantity_str(length)
                )
            )
    return reasons


def customer_notice() -> str:
    """What the customer reads instead of the prices while a seller checks the quote."""
    return load_catalog().render("review.customer_notice")
