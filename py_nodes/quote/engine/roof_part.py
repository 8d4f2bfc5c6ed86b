"""A whole roof: each zone and each water priced as panels, fixings, profiles and sealants."""

from __future__ import annotations

from decimal import Decimal

from py_nodes.quote.catalog.models import PanelFamily
from py_nodes.quote.engine.bom import Line, PanelLoad, PartResult
from py_nodes.quote.engine.context import PricingContext
from py_nodes.quote.engine.models import RoofEdges, RoofSpec, RoofZone
from py_nodes.quote.engine.product_checks import (
    STRUCTURE_ASSUMED,
    color_warnings,
    length_warnings,
    thickness_warnings,
)
from py_nodes.quote.engine.roof import (
    RoofGeometry,
    real_length,
    roof_geometry,
    span_warnings,
    zone_width,
)
from py_nodes.quote.engine.roof_fixings import roof_fixings
from py_nodes.quote.engine.roof_profiles import RoofSide, roof_profiles, roof_sides
from py_nodes.quote.engine.roof_sealants import roof_sealants
from py_nodes.quote.engine.rounding import round2
from py_nodes.quote.engine.shared_edges import (
    Encounter,
    Exposure,
    encounter_sealant_units,
    plan_shared_edges,
)

ONE = Decimal(1)
NO_RIDGE_DRIP = "El gotero superior no aplica a un techo a dos aguas: la cumbrera cierra el borde."


def price_roof(ctx: PricingContext, spec: RoofSpec) -> PartResult:
    """Price every zone; on two waters each half is a one-water roof sharing one ridge."""
    panel = ctx.catalog.panels[spec.product]
    if "structure" not in spec.model_fields_set:
        ctx.warn(STRUCTURE_ASSUMED)
    shared = plan_shared_edges(spec)
    result = PartResult()
    for zone, exposure in zip(spec.zones, shared.exposures, strict=True):
        result.absorb(_price_zone(ctx, spec, panel, zone, exposure))
    if shared.encounters:
        result.lines += _encounter_lines(ctx, spec, panel, shared.encounters)
    for warning in [
        *thickness_warnings(panel, spec.thickness_mm),
        *color_warnings(panel, spec.thickness_mm, spec.color, result.area_m2),
    ]:
        ctx.warn(warning)
    return result


def _price_zone(
    ctx: PricingContext, spec: RoofSpec, panel: PanelFamily, zone: RoofZone, exposure: Exposure
) -> PartResult:
    span = panel.thicknesses[spec.thickness_mm].span_m
    width = zone_width(zone, panel.au)
    two_waters = zone.waters == "dos_aguas"
    water_width = round2(width / 2) if two_waters else width
    geometry = roof_geometry(zone.length_m, real_length(zone), water_width, panel.au, span)
    for warning in [
        *span_warnings(geometry, f"{panel.label} {spec.thickness_mm} mm", span,
                       ctx.catalog.parameters.span_warning_ratio),
        *length_warnings(panel, geometry.real_length_m),
    ]:  # fmt: skip
        ctx.warn(warning)
    if not two_waters:
        exposed = exposure.exposed(geometry.real_length_m)
        return _price_water(
            ctx, spec, panel, geometry, zone.edges, top_drip=spec.top_drip_edge, exposed=exposed
        )
    if spec.top_drip_edge:
        ctx.warn(NO_RIDGE_DRIP)
    if zone.edges.back not in ("ninguno", "cumbrera"):
        ctx.warn(
            "En un techo a dos aguas el borde superior es la cumbrera; "
            f"se ignoró {zone.edges.back}."
        )
    eave_edges = zone.edges.model_copy(update={"back": "ninguno"})
    result = _price_water(ctx, spec, panel, geometry, eave_edges, top_drip=False)
    result.absorb(_price_water(ctx, spec, panel, geometry, eave_edges, top_drip=False))
    ridge = RoofSide("cumbrera", geometry.covered_width_m)
    result.lines += roof_profiles(ctx, panel, spec.thickness_mm, geometry, [ridge]).lines
    return result


def _price_water(
    ctx: PricingContext,
    spec: RoofSpec,
    panel: PanelFamily,
    geometry: RoofGeometry,
    edges: RoofEdges,
    *,
    top_drip: bool,
    exposed: tuple[Decimal, Decimal] | None = None,
) -> PartResult:
    """One water: panel line, fixings, perimeter profiles and (optionally) sealants.

    ``exposed``: the exterior length of the left and right edges (whole sides by default)."""
    thickness = spec.thickness_mm
    fixings = roof_fixings(ctx, panel.fixing_system, geometry, thickness, spec.structure, exposed)
    sides = roof_sides(geometry, edges, top_drip_edge=top_drip, exposed_sides=exposed)
    profiles = roof_profiles(ctx, panel, thickness, geometry, sides)
    lines = [
        ctx.panel_line(
            spec.product, thickness, geometry.panels, geometry.real_length_m, geometry.area_m2
        ),
        *fixings.lines,
        *profiles.lines,
    ]
    if spec.sealants:
        lines += roof_sealants(ctx, geometry, profiles)
    return PartResult(
        lines=lines,
        area_m2=geometry.area_m2,
        panels=geometry.panels,
        supports=fixings.supports,
        fixing_points=fixings.points,
        loads=[PanelLoad(spec.product, thickness, geometry.panels, geometry.real_length_m)],
    )


def _encounter_lines(
    ctx: PricingContext, spec: RoofSpec, panel: PanelFamily, encounters: list[Encounter]
) -> list[Line]:
    """Meetings between zones: the chosen profile on each non-continuous one (with its T1
    screws) and, with sealants, membrane and PU foam for all of them together."""
    runs = [
        RoofSide(e.profile, e.length_m) for e in encounters if e.kind != "continuo" and e.profile
    ]
    lines: list[Line] = []
    if runs:
        lines += roof_profiles(ctx, panel, spec.thickness_mm, None, runs).lines
    if spec.sealants:
        for name in ("membrana", "espuma_pu"):
            item = ctx.catalog.sealants[name]
            units = encounter_sealant_units(encounters, item.joint_factors, item.yield_m or ONE)
            if units:
                lines.append(ctx.sealant(name, units))
    return lines
