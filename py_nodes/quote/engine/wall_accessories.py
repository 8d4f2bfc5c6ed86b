"""Wall accessories: U, K2, G2, corner and 5852 profiles; anchors, T2 and rivets; sealants."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from py_nodes.quote.catalog.models import PanelFamily
from py_nodes.quote.engine.bom import Line
from py_nodes.quote.engine.context import PricingContext
from py_nodes.quote.engine.models import Structure, WallSpec
from py_nodes.quote.engine.rounding import ceil_int, pieces_for, round2
from py_nodes.quote.engine.wall_geometry import WallGeometry

# G2 tapajunta is an ISOPANEL profile; other families joint with K2 only.
FAMILY_SPECIFIC = {"perfil_g2"}


def wall_profiles(
    ctx: PricingContext, spec: WallSpec, panel: PanelFamily, geometry: WallGeometry
) -> list[Line]:
    """U at base and top, corners, K2/G2 per joint and height, optional aluminium 5852."""
    lines: list[Line] = []
    joints = geometry.panels - 1

    def add(type_name: str, description: str | None, run_m: Decimal, times: int) -> None:
        catalog_rows = ctx.catalog.wall_profiles[type_name].rows
        if type_name in FAMILY_SPECIFIC and not any(
            row.family in panel.accessory_families for row in catalog_rows
        ):
            return
        match = ctx.profile("wall", type_name, panel, spec.thickness_mm)
        if match is None or match.row.bar_m is None:
            return
        line = ctx.profile_line(match, pieces_for(run_m, match.row.bar_m) * times)
        if description:
            line = replace(line, description=f"{line.description} ({description})")
        lines.append(line)

    add("perfil_u", "base", geometry.perimeter_m, 1)
    add("perfil_u", "coronación", geometry.perimeter_m, 1)
    add("esquinero_ext", None, geometry.height_m, spec.outside_corners)
    add("esquinero_int", None, geometry.height_m, spec.inside_corners)
    add("perfil_k2", None, geometry.height_m, joints)
    add("perfil_g2", None, geometry.height_m, joints)
    if spec.aluminium_profile_5852:
        add("perfil_5852", None, geometry.panels * geometry.au, 1)
    return lines


def wall_fixings(ctx: PricingContext, geometry: WallGeometry, structure: Structure) -> list[Line]:
    """Anchors along the base (always), T2 per gross m² (not on concrete), two rivets per panel."""
    params = ctx.catalog.parameters.wall_fixings
    width = geometry.panels * geometry.au
    t2 = 0
    if structure != "hormigon":
        t2 = ceil_int(geometry.panels * geometry.height_m * geometry.au * params.t2_per_m2)
    return [
        ctx.fixing("anclaje_h", ceil_int(width / params.anchor_spacing_m)),
        ctx.fixing("tornillo_t2", t2),
        ctx.fixing("remache_pop", params.rivets_per_panel * geometry.panels),
    ]


def wall_joint_length(geometry: WallGeometry) -> Decimal:
    return round2((geometry.panels - 1) * geometry.height_m + 2 * geometry.perimeter_m)


def wall_sealants(ctx: PricingContext, geometry: WallGeometry, *, butyl_tape: bool) -> list[Line]:
    """Silicone per joint metre, optional butyl, membrane along the perimeter and PU foam."""
    params = ctx.catalog.parameters.wall_sealants
    small_per_large = ctx.catalog.parameters.roof_sealants.small_silicone_per_large
    joints = wall_joint_length(geometry)
    large = ceil_int(joints / params.silicone_m_per_unit)
    membranes = ceil_int(geometry.perimeter_m / params.membrane_m_per_roll)
    return [
        ctx.sealant("silicona", large),
        ctx.sealant("silicona_300_neutra", large * small_per_large),
        ctx.sealant(
            "cinta_butilo", ceil_int(joints / params.butyl_m_per_roll) if butyl_tape else 0
        ),
        ctx.sealant("membrana", membranes),
        ctx.sealant("espuma_pu", membranes * params.foams_per_membrane_roll),
    ]
