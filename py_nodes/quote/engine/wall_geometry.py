"""Wall geometry: panel count along the perimeter, gross, openings and net areas."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from py_nodes.quote.engine.models import WallSpec
from py_nodes.quote.engine.rounding import ceil_int, round2


@dataclass(frozen=True)
class WallGeometry:
    perimeter_m: Decimal
    height_m: Decimal
    panels: int
    au: Decimal
    gross_area_m2: Decimal
    openings_m2: Decimal

    @property
    def net_area_m2(self) -> Decimal:
        return round2(max(self.gross_area_m2 - self.openings_m2, Decimal(0)))


def wall_geometry(spec: WallSpec, au: Decimal) -> WallGeometry:
    """Panels = ceil(perimeter / au) (or as given); gross area N·H·au; openings summed."""
    if spec.panels is not None:
        panels, perimeter = spec.panels, round2(spec.panels * au)
    else:
        assert spec.perimeter_m is not None  # the schema requires one of the two
        panels, perimeter = ceil_int(spec.perimeter_m / au), spec.perimeter_m
    openings = sum((o.width_m * o.height_m * o.count for o in spec.openings), Decimal(0))
    return WallGeometry(
        perimeter_m=perimeter,
        height_m=spec.height_m,
        panels=panels,
        au=au,
        gross_area_m2=round2(panels * spec.height_m * au),
        openings_m2=round2(openings),
    )
