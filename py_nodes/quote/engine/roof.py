"""Roof geometry: slope → real panel length, panel count, billed area, supports and waste."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from py_nodes.quote.engine.models import RoofZone
from py_nodes.quote.engine.rounding import ceil_int, metres, round2, round3, round_places

PANEL_COUNT_EPSILON = Decimal("1e-9")


@dataclass(frozen=True)
class RoofGeometry:
    """One water of one zone, as the panels will be cut and laid."""

    length_m: Decimal
    real_length_m: Decimal
    width_m: Decimal
    panels: int
    au: Decimal
    area_m2: Decimal
    supports: int | None

    @property
    def covered_width_m(self) -> Decimal:
        return self.panels * self.au


@dataclass(frozen=True)
class Waste:
    width_m: Decimal
    area_m2: Decimal
    percent: Decimal


def slope_factor(degrees: Decimal) -> Decimal:
    """1/cos(θ) to 4 decimals, θ capped at 89°.

    The cosine is the one float computation of the engine (Decimal has no trigonometry); it is
    quantized to 4 decimals right away, exactly as the reference calculator does.
    """
    theta = math.radians(float(min(degrees, Decimal(89))))
    return round_places(Decimal(1 / math.cos(theta)), 4)


def real_length(zone: RoofZone) -> Decimal:
    """Panel length along the slope for the zone's slope mode."""
    if zone.slope_mode == "calcular_pendiente":
        return round3(zone.length_m * slope_factor(zone.slope_deg))
    if zone.slope_mode == "calcular_altura" and zone.height_diff_m > 0:
        return round3((zone.length_m**2 + zone.height_diff_m**2).sqrt())
    return zone.length_m


def zone_width(zone: RoofZone, au: Decimal) -> Decimal:
    """Width in metres; in panel mode N panels stand for round2(N·au) metres."""
    if zone.panels is not None:
        return round2(max(1, zone.panels) * au)
    assert zone.width_m is not None  # the schema requires one of the two
    return zone.width_m


def count_panels(width_m: Decimal, au: Decimal) -> int:
    """Panels across a width; the epsilon keeps exact multiples (3.36 / 1.12) from rounding up."""
    return max(1, ceil_int(width_m / au - PANEL_COUNT_EPSILON))


def supports_needed(length_m: Decimal, span_m: Decimal | None) -> int | None:
    """Support lines for the projected length: ceil(L/ap + 1); None when the span is unknown."""
    return ceil_int(length_m / span_m + 1) if span_m else None


def roof_geometry(
    length_m: Decimal, real_length_m: Decimal, width_m: Decimal, au: Decimal, span_m: Decimal | None
) -> RoofGeometry:
    panels = count_panels(width_m, au)
    return RoofGeometry(
        length_m=length_m,
        real_length_m=real_length_m,
        width_m=width_m,
        panels=panels,
        au=au,
        area_m2=round2(panels * real_length_m * au),
        supports=supports_needed(length_m, span_m),
    )


def waste(geometry: RoofGeometry) -> Waste:
    """Informative off-cut across the width (not billed separately)."""
    extra = round2(geometry.covered_width_m - geometry.width_m)
    places = 2 if extra < Decimal("0.5") else 1
    return Waste(
        width_m=extra,
        area_m2=round2(extra * geometry.real_length_m),
        percent=round_places(100 * extra / geometry.width_m, places),
    )


def span_warnings(
    geometry: RoofGeometry, product: str, span_m: Decimal | None, near_ratio: Decimal
) -> list[str]:
    """Span checks on the projected length: exceeded (with supports) or within 5 % of the limit."""
    if span_m is None:
        return []
    length = geometry.length_m
    if length > span_m:
        return [
            f"Largo {metres(length)} m excede la autoportancia máxima de {metres(span_m)} m "
            f"de {product}. "
            f"Requiere {geometry.supports} apoyos."
        ]
    if length >= span_m * near_ratio:
        return [
            f"Largo {metres(length)} m está dentro del 5 % de la autoportancia máxima de "
            f"{metres(span_m)} m "
            f"de {product}: verificá los apoyos."
        ]
    return []
