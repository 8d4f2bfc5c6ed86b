"""Walls and façades: panels net of openings, profiles, fixings and sealants."""

from __future__ import annotations

from py_nodes.quote.catalog.models import PanelFamily
from py_nodes.quote.engine.bom import Line, PanelLoad, PartResult
from py_nodes.quote.engine.context import PricingContext
from py_nodes.quote.engine.models import WallSpec
from py_nodes.quote.engine.product_checks import (
    STRUCTURE_ASSUMED,
    color_warnings,
    length_warnings,
    thickness_warnings,
)
from py_nodes.quote.engine.wall_accessories import wall_fixings, wall_profiles, wall_sealants
from py_nodes.quote.engine.wall_geometry import WallGeometry, wall_geometry

NO_OUTSIDE_CORNERS = (
    "La fachada no tiene esquinas exteriores: si las hay, indicalas para sumar los esquineros."
)


def price_wall(ctx: PricingContext, spec: WallSpec) -> PartResult:
    """Price a wall: the panel line on the net area, then its accessories."""
    panel: PanelFamily = ctx.catalog.panels[spec.product]
    geometry = wall_geometry(spec, panel.au)
    _warn_wall(ctx, spec, panel, geometry)
    panel_line = ctx.panel_line(
        spec.product, spec.thickness_mm, geometry.panels, geometry.height_m, geometry.net_area_m2
    )
    fixing_lines = wall_fixings(ctx, geometry, spec.structure)
    lines: list[Line] = [
        panel_line,
        *wall_profiles(ctx, spec, panel, geometry),
        *fixing_lines,
    ]
    if spec.sealants:
        lines += wall_sealants(ctx, geometry, butyl_tape=spec.butyl_tape)
    return PartResult(
        lines=lines,
        area_m2=geometry.net_area_m2,
        panels=geometry.panels,
        fixing_points=int(fixing_lines[0].quantity),
        loads=[PanelLoad(spec.product, spec.thickness_mm, geometry.panels, geometry.height_m)],
    )


def _warn_wall(
    ctx: PricingContext, spec: WallSpec, panel: PanelFamily, geometry: WallGeometry
) -> None:
    warnings = [
        *length_warnings(panel, geometry.height_m),
        *thickness_warnings(panel, spec.thickness_mm),
        *color_warnings(panel, spec.thickness_mm, spec.color, geometry.net_area_m2),
    ]
    if "structure" not in spec.model_fields_set:
        warnings.append(STRUCTURE_ASSUMED)
    if spec.outside_corners == 0:
        warnings.append(NO_OUTSIDE_CORNERS)
    if geometry.openings_m2 >= geometry.gross_area_m2:
        warnings.append("Las aberturas cubren toda la fachada: revisá las medidas.")
    for warning in warnings:
        ctx.warn(warning)
