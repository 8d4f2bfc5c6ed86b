"""Roof sealants: silicone by joint length, the 300 ml companion tubes and butyl tape."""

from __future__ import annotations

from decimal import Decimal

from py_nodes.quote.engine.bom import Line
from py_nodes.quote.engine.context import PricingContext
from py_nodes.quote.engine.roof import RoofGeometry
from py_nodes.quote.engine.roof_profiles import ProfileResult
from py_nodes.quote.engine.rounding import ceil_int


def roof_joint_length(
    geometry: RoofGeometry, profiles: ProfileResult, gutter_joint_m: Decimal
) -> Decimal:
    """Linear metres to seal: panel joints, overlaps, babetas (two beads) and gutter joints."""
    n, length = geometry.panels, geometry.real_length_m
    joints = (n - 1) * length + 2 * geometry.au * n + 2 * profiles.babeta_length_m
    if profiles.gutter_pieces > 1:
        joints += (profiles.gutter_pieces - 1) * gutter_joint_m * 2
    return joints


def roof_sealants(
    ctx: PricingContext, geometry: RoofGeometry, profiles: ProfileResult
) -> list[Line]:
    params = ctx.catalog.parameters
    joints = roof_joint_length(geometry, profiles, params.profiles.gutter_joint_sealant_m)
    large = ceil_int(joints / params.roof_sealants.silicone_m_per_unit)
    return [
        ctx.sealant("silicona", large),
        ctx.sealant("silicona_300_neutra", large * params.roof_sealants.small_silicone_per_large),
        ctx.sealant(
            "cinta_butilo",
            ceil_int(Decimal(geometry.panels) / params.roof_sealants.panels_per_butyl_roll),
        ),
    ]
