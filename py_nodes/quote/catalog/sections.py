"""Catalog sections that are settings rather than priced items: dimensioning parameters, freight."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Positive = Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
NonNegative = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=1)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RodFixing(Section):
    perimeter_spacing_m: Positive
    commercial_points: Count
    rod_bar_m: Positive
    extra_thread_m: dict[Literal["metal", "hormigon", "madera"], NonNegative]
    fallback_points_per_rod: Count
    fallback_supports: Count


class BracketFixing(Section):
    anchors_per_support: Count
    fallback_support_spacing_m: Positive
    lateral_spacing_m: Positive
    long_screw_from_mm: Count
    concrete_rod_extra_m: NonNegative


class Profiles(Section):
    t1_per_piece: Count
    t1_double_types: list[str]
    gutter_support_m_per_panel: Positive
    gutter_joint_sealant_m: NonNegative


class RoofSealants(Section):
    silicone_m_per_unit: Positive
    small_silicone_per_large: Count
    panels_per_butyl_roll: Count
    commercial_silicones: Count
    commercial_membranes: Count
    commercial_foams: Count


class WallFixings(Section):
    anchor_spacing_m: Positive
    t2_per_m2: Positive
    rivets_per_panel: Count


class WallSealants(Section):
    silicone_m_per_unit: Positive
    butyl_m_per_roll: Positive
    membrane_m_per_roll: Positive
    foams_per_membrane_roll: Count


class Parameters(Section):
    """Tunable dimensioning factors; they change quantities, never prices."""

    rod_fixing: RodFixing
    bracket_fixing: BracketFixing
    profiles: Profiles
    roof_sealants: RoofSealants
    wall_fixings: WallFixings
    wall_sealants: WallSealants
    span_warning_ratio: Annotated[Decimal, Field(gt=0, le=1)]


class Truck(Section):
    bed_m: Positive
    long_bed_m: Positive
    rows: Count
    stack_height_m: Positive
    spacer_per_panel_m: NonNegative
    pair_rib_m: NonNegative
    panels_per_package: dict[int, Count]


class ZoneBase(Section):
    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    keywords: list[str] = Field(min_length=1)


class PickupZone(ZoneBase):
    rule: Literal["pickup"]


class PercentageZone(ZoneBase):
    """Freight = max(minimum, round(percent % of the quote without freight))."""

    rule: Literal["percentage"]
    min_usd: NonNegative
    percent: NonNegative


class TruckRowsZone(ZoneBase):
    """Freight by truck rows: one row at a fixed price, two rows at the full truck × factor."""

    rule: Literal["truck_rows"]
    one_row_usd: NonNegative
    two_rows_factor: Positive


class ManualZone(ZoneBase):
    rule: Literal["manual"]


FreightZone = Annotated[
    PickupZone | PercentageZone | TruckRowsZone | ManualZone, Field(discriminator="rule")
]


class FreightTariffs(Section):
    """Freight suggestion tariffs; `fx_uyu_per_usd` is a business setting (no live FX here)."""

    fx_uyu_per_usd: Positive
    fx_date: date
    pickup_note: str
    truck: Truck
    full_truck_uyu: NonNegative
    full_truck_margin_uyu: NonNegative
    trailer_over_m: Positive
    trailer_uyu: NonNegative
    trailer_cost_uyu: NonNegative
    long_truck_from_m: Positive
    long_truck_to_m: Positive
    long_truck_usd: NonNegative
    zones: list[FreightZone] = Field(min_length=1)
