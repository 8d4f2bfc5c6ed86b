"""Cold rooms: four walls around the inside plan plus a ceiling priced as a roof."""

from __future__ import annotations

from decimal import Decimal

from py_nodes.quote.catalog.models import Catalog
from py_nodes.quote.engine.bom import PartResult
from py_nodes.quote.engine.context import PricingContext
from py_nodes.quote.engine.models import ColdRoomSpec, RoofEdges, RoofSpec, RoofZone, WallSpec
from py_nodes.quote.engine.roof_part import price_roof
from py_nodes.quote.engine.walls import price_wall

OUTSIDE_CORNERS = 4


def ceiling_product(catalog: Catalog, family: str, thickness_mm: int) -> tuple[str, int]:
    """The wall family when it is also a roof, else the fallback roof at the same or next
    larger thickness (the largest when none is thick enough)."""
    if catalog.panels[family].kind == "roof":
        return family, thickness_mm
    fallback = catalog.scenarios["camara_frig"].ceiling_fallback or "ISODEC_EPS"
    made = sorted(catalog.panels[fallback].thicknesses)
    return fallback, next((t for t in made if t >= thickness_mm), made[-1])


def price_cold_room(ctx: PricingContext, spec: ColdRoomSpec) -> PartResult:
    # Specs built here skip validation: they come from a validated request, and a perimeter of
    # a large room may pass the 1000 m bound the request model puts on typed-in lengths.
    walls = WallSpec.model_construct(
        product=spec.product,
        thickness_mm=spec.thickness_mm,
        color=spec.color,
        structure="metal",
        height_m=spec.height_m,
        perimeter_m=2 * (spec.length_m + spec.width_m),
        outside_corners=OUTSIDE_CORNERS,
    )
    result = price_wall(ctx, walls)
    family, thickness = ceiling_product(ctx.catalog, spec.product, spec.thickness_mm)
    if thickness != spec.thickness_mm:
        label = ctx.catalog.panels[family].label
        ctx.warn(
            f"Techo de la cámara: {label} no se fabrica en {spec.thickness_mm} mm; "
            f"se cotiza con {thickness} mm."
        )
    zone = RoofZone.model_construct(
        length_m=spec.length_m,
        width_m=spec.width_m,
        slope_deg=Decimal(0),
        height_diff_m=Decimal(0),
        edges=RoofEdges(front="ninguno", back="ninguno", left="ninguno", right="ninguno"),
    )
    ceiling = RoofSpec.model_construct(
        product=family, thickness_mm=thickness, structure="metal", zones=[zone]
    )
    result.absorb(price_roof(ctx, ceiling))
    return result
