"""Bill-of-materials types: priced lines, what each part of a quote yields, and the SKU merge."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from py_nodes.quote.engine.rounding import metres

Group = Literal["PANELES", "PERFILERÍA", "FIJACIONES", "SELLADORES", "SERVICIOS"]
GROUP_ORDER: tuple[Group, ...] = ("PANELES", "PERFILERÍA", "FIJACIONES", "SELLADORES", "SERVICIOS")


@dataclass(frozen=True)
class PanelRun:
    """Panels of one length, kept so a merged panel line can say how many pieces it holds."""

    head: str
    count: int
    length_m: Decimal

    def describe(self) -> str:
        return f"{self.head} · {self.count} paneles × {metres(self.length_m)} m"


@dataclass(frozen=True)
class Line:
    """A priced line before merging; `amount` is already rounded to the cent."""

    group: Group
    description: str
    sku: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal
    run: PanelRun | None = None

    @property
    def merge_key(self) -> tuple[object, ...]:
        length = self.run.length_m if self.run else None
        detail = None if self.run else self.description
        return (self.group, self.sku, self.unit_price, length, detail)


@dataclass(frozen=True)
class PanelLoad:
    """Panels to carry: the truck-packing facts need family, thickness, count and length."""

    family: str
    thickness_mm: int
    count: int
    length_m: Decimal


@dataclass
class PartResult:
    """What pricing one part (roof, wall, ceiling) yields."""

    lines: list[Line] = field(default_factory=list)
    area_m2: Decimal = Decimal(0)
    panels: int = 0
    supports: int | None = None
    fixing_points: int = 0
    loads: list[PanelLoad] = field(default_factory=list)

    def absorb(self, other: PartResult) -> None:
        self.lines.extend(other.lines)
        self.area_m2 += other.area_m2
        self.panels += other.panels
        self.fixing_points += other.fixing_points
        self.loads.extend(other.loads)
        if other.supports is not None:
            self.supports = max(self.supports or 0, other.supports)


def merge_lines(lines: list[Line]) -> list[Line]:
    """Merge lines of the same SKU and price: quantities and cent amounts add, first label stays.

    Lines are returned in group order, each group keeping first-seen order; zero lines are dropped.
    """
    merged: dict[tuple[object, ...], Line] = {}
    for line in lines:
        key = line.merge_key
        previous = merged.get(key)
        if previous is None:
            merged[key] = line
            continue
        run = None
        if previous.run and line.run:
            run = replace(previous.run, count=previous.run.count + line.run.count)
        merged[key] = replace(
            previous,
            quantity=previous.quantity + line.quantity,
            amount=previous.amount + line.amount,
            run=run,
            description=run.describe() if run else previous.description,
        )
    kept = [line for line in merged.values() if line.quantity > 0]
    return sorted(kept, key=lambda line: GROUP_ORDER.index(line.group))
