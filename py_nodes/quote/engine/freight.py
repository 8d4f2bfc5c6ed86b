"""Freight: plant pickup, a seller's agreed amount, or a suggestion from the delivery zone."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from py_nodes.quote.catalog.models import Catalog
from py_nodes.quote.catalog.sections import FreightTariffs, PercentageZone, TruckRowsZone
from py_nodes.quote.engine.bom import Line, PanelLoad
from py_nodes.quote.engine.freight_zones import classify_zone
from py_nodes.quote.engine.models import Delivery
from py_nodes.quote.engine.rounding import ceil_int, round2, round_int

MANUAL_NOTE = "Un vendedor cotiza el flete a mano y te lo pasa por separado."


@dataclass(frozen=True)
class FreightOutcome:
    amount_usd: Decimal | None
    note: str | None = None
    warning: str | None = None


def stack_height_m(loads: list[PanelLoad], catalog: Catalog) -> Decimal:
    """Height of all panels stacked: thickness + 2 cm each; ISOROOF pairs add a 4 cm rib."""
    truck = catalog.freight.truck
    height = Decimal(0)
    for load in loads:
        height += load.count * (Decimal(load.thickness_mm) / 1000 + truck.spacer_per_panel_m)
        if catalog.panels[load.family].stacks_in_pairs:
            height += ceil_int(Decimal(load.count) / 2) * truck.pair_rib_m
    return height


def truck_rows(loads: list[PanelLoad], catalog: Catalog) -> int:
    return max(1, ceil_int(stack_height_m(loads, catalog) / catalog.freight.truck.stack_height_m))


def row_tariff(zone: TruckRowsZone, loads: list[PanelLoad], catalog: Catalog) -> Decimal | None:
    """Long panels decide the vehicle first; otherwise one row or a full truck. None = manual."""
    tariffs: FreightTariffs = catalog.freight
    fx = tariffs.fx_uyu_per_usd
    longest = max((load.length_m for load in loads), default=Decimal(0))
    if longest > tariffs.long_truck_to_m:
        return None
    if longest >= tariffs.long_truck_from_m:
        return tariffs.long_truck_usd
    if longest > tariffs.trailer_over_m:
        return Decimal(round_int(tariffs.trailer_uyu / fx))
    rows = truck_rows(loads, catalog)
    if rows == 1:
        return zone.one_row_usd
    if rows == tariffs.truck.rows:
        full_truck = round_int((tariffs.full_truck_uyu + tariffs.full_truck_margin_uyu) / fx)
        return Decimal(round_int(full_truck * zone.two_rows_factor))
    return None


def suggest_freight(
    delivery: Delivery, loads: list[PanelLoad], materials_usd: Decimal, catalog: Catalog
) -> FreightOutcome:
    """Freight for a delivery, in whole USD; `amount_usd` None means no freight line."""
    tariffs = catalog.freight
    if delivery.pickup:
        return FreightOutcome(None, tariffs.pickup_note)
    if delivery.freight_usd is not None:
        return FreightOutcome(
            round2(delivery.freight_usd) or None, "Flete acordado con un vendedor."
        )
    place = delivery.zone or delivery.address
    zone = classify_zone(place, tariffs.zones) if place else None
    if zone is None or zone.rule == "manual":
        where = f"para {place}" if place else "sin zona de entrega indicada"
        return FreightOutcome(None, MANUAL_NOTE, f"Flete no incluido ({where}): {MANUAL_NOTE}")
    if zone.rule == "pickup":
        return FreightOutcome(None, tariffs.pickup_note)
    if isinstance(zone, PercentageZone):
        share = round_int(materials_usd * zone.percent / 100)
        amount: Decimal | None = max(zone.min_usd, Decimal(share))
    else:
        amount = row_tariff(zone, loads, catalog)
    if amount is None:
        return FreightOutcome(
            None,
            MANUAL_NOTE,
            f"Flete no incluido: la carga a {zone.label} necesita cotización especial.",
        )
    return FreightOutcome(amount, f"Flete sugerido para {zone.label}: USD {amount}.")


def freight_line(outcome: FreightOutcome, delivery: Delivery, catalog: Catalog) -> Line | None:
    """The freight as a normal SERVICIOS line (inside the IVA base)."""
    if not outcome.amount_usd:
        return None
    service = catalog.services["flete"]
    place = delivery.zone or delivery.address
    amount = round2(outcome.amount_usd)
    return Line(
        group="SERVICIOS",
        description=f"{service.label} — {place}" if place else service.label,
        sku=service.sku,
        quantity=Decimal(1),
        unit=service.unit,
        unit_price=amount,
        amount=amount,
    )
