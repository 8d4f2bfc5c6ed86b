"""Roof perimeter profiles (goteros, babetas, cumbrera, canalón kit) and their T1 screws."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from py_nodes.quote.catalog.models import PanelFamily
from py_nodes.quote.engine.bom import Line
from py_nodes.quote.engine.context import PricingContext
from py_nodes.quote.engine.models import RoofEdges
from py_nodes.quote.engine.roof import RoofGeometry
from py_nodes.quote.engine.rounding import pieces_for

FRONT_PROFILES = {
    "gotero_frontal": "gotero_frontal",
    "gotero_frontal_greca": "gotero_frontal_greca",
    "canalon": "canalon",
}
# The upper "gotero frontal superior" edge is the front drip profile mounted at the top.
BACK_PROFILES = {
    "gotero_frontal_superior": "gotero_frontal",
    "gotero_lateral": "gotero_lateral",
    "babeta_adosar": "babeta_adosar",
    "babeta_empotrar": "babeta_empotrar",
    "cumbrera": "cumbrera",
}
BABETAS = ("babeta_adosar", "babeta_empotrar")


@dataclass
class ProfileResult:
    """Profile lines of one water, plus the figures the sealants and T1 screws depend on."""

    lines: list[Line] = field(default_factory=list)
    t1_screws: int = 0
    babeta_length_m: Decimal = Decimal(0)
    gutter_pieces: int = 0


@dataclass(frozen=True)
class RoofSide:
    type_name: str
    length_m: Decimal


def roof_sides(
    geometry: RoofGeometry,
    edges: RoofEdges,
    *,
    top_drip_edge: bool,
    exposed_sides: tuple[Decimal, Decimal] | None = None,
) -> list[RoofSide]:
    """Profile runs of one water: front and back span the covered width, laterals the length
    (only their exterior part when ``exposed_sides`` says a zone shares some of it)."""
    width, length = geometry.covered_width_m, geometry.real_length_m
    left, right = exposed_sides if exposed_sides is not None else (length, length)
    sides: list[RoofSide] = []
    if edges.front in FRONT_PROFILES:
        sides.append(RoofSide(FRONT_PROFILES[edges.front], width))
    if edges.back in BACK_PROFILES:
        sides.append(RoofSide(BACK_PROFILES[edges.back], width))
    sides += [
        RoofSide(profile, run)
        for profile, run in ((edges.left, left), (edges.right, right))
        if profile != "ninguno" and run > 0
    ]
    if top_drip_edge:
        sides.append(RoofSide("gotero_superior", width))
    return sides


def profile_run(
    ctx: PricingContext,
    result: ProfileResult,
    panel: PanelFamily,
    thickness_mm: int,
    side: RoofSide,
) -> int:
    """Add the bars covering one run; returns the pieces added (0 if the profile is not offered)."""
    match = ctx.profile("roof", side.type_name, panel, thickness_mm)
    if match is None or match.row.bar_m is None:
        return 0
    pieces = pieces_for(side.length_m, match.row.bar_m)
    params = ctx.catalog.parameters.profiles
    result.lines.append(ctx.profile_line(match, pieces))
    factor = 2 if side.type_name in params.t1_double_types else 1
    result.t1_screws += pieces * params.t1_per_piece * factor
    if side.type_name in BABETAS:
        result.babeta_length_m += side.length_m
    return pieces


def roof_profiles(
    ctx: PricingContext,
    panel: PanelFamily,
    thickness_mm: int,
    geometry: RoofGeometry | None,
    sides: list[RoofSide],
) -> ProfileResult:
    """Bars per side = ceil(length / bar); a canalón brings its support bars; T1 for every bar.

    ``geometry`` (the water's panels) is needed only for a canalón's supports."""
    result = ProfileResult()
    for side in sides:
        pieces = profile_run(ctx, result, panel, thickness_mm, side)
        if side.type_name == "canalon" and pieces and geometry is not None:
            result.gutter_pieces += pieces
            support_m = (
                geometry.panels + 1
            ) * ctx.catalog.parameters.profiles.gutter_support_m_per_panel
            profile_run(ctx, result, panel, thickness_mm, RoofSide("soporte_canalon", support_m))
    if result.t1_screws:
        result.lines.append(ctx.fixing("tornillo_t1", result.t1_screws))
    return result
