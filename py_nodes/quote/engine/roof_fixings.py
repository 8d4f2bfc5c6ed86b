"""Roof fixings: threaded rod and nuts (ISODEC) or brackets and screws (ISOROOF)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from py_nodes.quote.catalog.sections import BracketFixing, RodFixing
from py_nodes.quote.engine.bom import Line
from py_nodes.quote.engine.context import PricingContext
from py_nodes.quote.engine.models import Structure
from py_nodes.quote.engine.roof import RoofGeometry
from py_nodes.quote.engine.rounding import ceil_int, floor_int

Material = Literal["metal", "hormigon", "madera"]


@dataclass(frozen=True)
class FixingResult:
    lines: list[Line]
    points: int
    supports: int


def rods_for(points: int, cut_m: Decimal, bar_m: Decimal) -> int:
    """Bars of threaded rod: as many cuts per bar as fit; a cut longer than a bar takes several."""
    if points == 0:
        return 0
    if cut_m > bar_m:
        return points * ceil_int(cut_m / bar_m)
    return ceil_int(Decimal(points) / floor_int(bar_m / cut_m))


def rod_grid_points(panels: int, supports: int) -> int:
    """2 points per panel on the first and last support line, 1 on each one between."""
    return 2 * panels if supports == 1 else panels * (supports + 2)


def rod_edge_points(exposed_sides: Sequence[Decimal], spacing_m: Decimal) -> int:
    """Reinforcement on each exterior lateral edge segment: one point every `spacing_m` after
    the first (a side shared with another zone is not exterior over the shared length)."""
    return sum(max(0, ceil_int(side / spacing_m) - 1) for side in exposed_sides if side > 0)


def rod_material(ctx: PricingContext, structure: Structure) -> Material:
    if structure == "combinada":
        ctx.warn(
            "Estructura combinada: las fijaciones se calcularon como estructura metálica; "
            "indicá los puntos por material para ajustarlas."
        )
        return "metal"
    return structure


def rod_and_nut(
    ctx: PricingContext,
    geometry: RoofGeometry,
    thickness_mm: int,
    structure: Structure,
    exposed_sides: Sequence[Decimal],
) -> FixingResult:
    """ISODEC EPS/PIR: grid + edge points, rods cut per point, nuts and washers per point."""
    params: RodFixing = ctx.catalog.parameters.rod_fixing
    supports = geometry.supports or params.fallback_supports
    points = rod_grid_points(geometry.panels, supports) + rod_edge_points(
        exposed_sides, params.perimeter_spacing_m
    )
    material = rod_material(ctx, structure)
    cut = Decimal(thickness_mm) / 1000 + params.extra_thread_m[material]
    concrete = material == "hormigon"
    lines = [
        ctx.fixing("varilla_38", rods_for(points, cut, params.rod_bar_m)),
        ctx.fixing("tuerca_38", points if concrete else 2 * points),
        ctx.fixing("taco_expansivo", points if concrete else 0),
        ctx.fixing("arandela_carrocero", points),
        ctx.fixing("arandela_plana", 0 if concrete else points),
        ctx.fixing("arandela_pp", points),
    ]
    return FixingResult(lines, points, supports)


def bracket_count(geometry: RoofGeometry, supports: int, params: BracketFixing) -> int:
    """3 brackets per panel per support line, plus one every 2.5 m on both lateral edges."""
    laterals = 2 * (floor_int(geometry.real_length_m / params.lateral_spacing_m) + 1)
    return params.anchors_per_support * geometry.panels * supports + laterals


def bracket_and_screw(
    ctx: PricingContext, geometry: RoofGeometry, thickness_mm: int, structure: Structure
) -> FixingResult:
    """ISOROOF: brackets with one screw each; on concrete an 8 mm rod and anchor instead."""
    params = ctx.catalog.parameters.bracket_fixing
    supports = geometry.supports or (
        ceil_int(geometry.length_m / params.fallback_support_spacing_m) + 1
    )
    brackets = bracket_count(geometry, supports, params)
    lines = [ctx.fixing("caballete", brackets)]
    if structure == "hormigon":
        cut = Decimal(thickness_mm) / 1000 + params.concrete_rod_extra_m
        bar = ctx.catalog.parameters.rod_fixing.rod_bar_m
        lines += [
            ctx.fixing("varilla_roscada_8mm", rods_for(brackets, cut, bar)),
            ctx.fixing("taco_expansivo_8mm", brackets),
        ]
    else:
        size = 6 if thickness_mm >= params.long_screw_from_mm else 4
        tip = "aguja" if structure == "madera" else "mecha"
        lines.append(ctx.fixing(f"tornillo_hex_galv_{size}_{tip}", brackets))
    return FixingResult(lines, brackets, supports)


def roof_fixings(
    ctx: PricingContext,
    system: str,
    geometry: RoofGeometry,
    thickness_mm: int,
    structure: Structure,
    exposed_sides: Sequence[Decimal] | None = None,
) -> FixingResult:
    """``exposed_sides``: exterior length of the left and right edges (default: both whole)."""
    if system == "varilla_tuerca":
        sides = exposed_sides if exposed_sides is not None else [geometry.real_length_m] * 2
        return rod_and_nut(ctx, geometry, thickness_mm, structure, sides)
    return bracket_and_screw(ctx, geometry, thickness_mm, structure)
