"""The pricing context: catalog, active price list, collected warnings and line builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from py_nodes.quote.catalog.models import AccessoryMatch, Catalog, Item, PanelFamily
from py_nodes.quote.engine.bom import Group, Line, PanelRun
from py_nodes.quote.engine.models import PriceList
from py_nodes.quote.engine.rounding import metres, money


@dataclass
class PricingContext:
    """Shared by every module of one pricing run."""

    catalog: Catalog
    price_list: PriceList
    warnings: list[str] = field(default_factory=list)

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def item_line(
        self, group: Group, item: Item, quantity: int | Decimal, description: str | None = None
    ) -> Line:
        unit_price = item.price(self.price_list)
        return Line(
            group=group,
            description=description or item.label,
            sku=item.sku,
            quantity=Decimal(quantity),
            unit=item.unit,
            unit_price=unit_price,
            amount=money(quantity, unit_price),
        )

    def fixing(self, name: str, quantity: int) -> Line:
        return self.item_line("FIJACIONES", self.catalog.fixings[name], quantity)

    def sealant(self, name: str, quantity: int) -> Line:
        return self.item_line("SELLADORES", self.catalog.sealants[name], quantity)

    def panel_line(
        self, family: str, thickness_mm: int, run_count: int, length_m: Decimal, area: Decimal
    ) -> Line:
        panel = self.catalog.panels[family]
        unit_price = panel.thicknesses[thickness_mm].price(self.price_list)
        run = PanelRun(f"{panel.label} {thickness_mm}mm", run_count, length_m)
        return Line(
            group="PANELES",
            description=run.describe(),
            sku=f"{family}-{thickness_mm}",
            quantity=area,
            unit="m²",
            unit_price=unit_price,
            amount=money(area, unit_price),
            run=run,
        )

    def profile(
        self, kind: Literal["roof", "wall"], type_name: str, panel: PanelFamily, thickness_mm: int
    ) -> AccessoryMatch | None:
        """Find a profile row; say so when a nearby thickness stands in or none is offered."""
        match = self.catalog.accessory(kind, type_name, panel.accessory_families, thickness_mm)
        if match is None:
            self.warn(
                f"{_label(self.catalog, kind, type_name)} no se ofrece para {panel.label}: "
                "no se incluyó en la cotización; consultalo con un vendedor."
            )
        elif match.requested_mm is not None:
            self.warn(
                f"No hay {match.label.lower()} de {match.requested_mm} mm para {panel.label}; "
                f"se cotiza el de {match.row.thickness} mm ({match.row.sku})."
            )
        return match

    def profile_line(self, match: AccessoryMatch, pieces: int) -> Line:
        row = match.row
        size = "" if row.thickness == "_all" else f" {row.thickness} mm"
        bar = f" · barra {metres(row.bar_m)} m" if row.bar_m else ""
        unit_price = row.price(self.price_list)
        return Line(
            group="PERFILERÍA",
            description=f"{match.label}{size}{bar}",
            sku=row.sku,
            quantity=Decimal(pieces),
            unit=match.unit,
            unit_price=unit_price,
            amount=money(pieces, unit_price),
        )


def _label(catalog: Catalog, kind: Literal["roof", "wall"], type_name: str) -> str:
    return (catalog.roof_profiles if kind == "roof" else catalog.wall_profiles)[type_name].label
