"""Zones that share a side edge: what each zone still exposes, and the meetings to finish.

BMC's calculator (reference §2.5, §2.7, §2.8): a side shared with another zone gets no perimeter
profile and no edge reinforcement over the shared length (only exterior edge segments do); each
non-continuous meeting adds its chosen profile over its length, and the roof's meetings together
add membrane rolls = ceil(Σ length × factor / yield) and PU foam likewise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from py_nodes.core.formatting import metres
from py_nodes.quote.engine.models import EncounterKind, EncounterProfile, LateralSide, RoofSpec
from py_nodes.quote.engine.roof import real_length
from py_nodes.quote.errors import SharedEdgeInvalid

OPPOSITE: dict[LateralSide, LateralSide] = {"left": "right", "right": "left"}
SIDE_NAMES: dict[LateralSide, str] = {"left": "izquierdo", "right": "derecho"}


@dataclass
class Exposure:
    """How much of each side edge of one zone is shared with other zones (metres)."""

    left: Decimal = Decimal(0)
    right: Decimal = Decimal(0)

    def add(self, side: LateralSide, length: Decimal) -> None:
        setattr(self, side, getattr(self, side) + length)

    def exposed(self, side_length: Decimal) -> tuple[Decimal, Decimal]:
        """The exterior part of the left and right edges of a side ``side_length`` long."""
        return (max(side_length - self.left, Decimal(0)), max(side_length - self.right, Decimal(0)))


@dataclass(frozen=True)
class Encounter:
    """One meeting of two zones, counted once."""

    length_m: Decimal
    kind: EncounterKind
    profile: EncounterProfile | None


@dataclass
class SharedPlan:
    exposures: list[Exposure]
    encounters: list[Encounter] = field(default_factory=list)


def _fail(zone: int, index: int, detail: str) -> SharedEdgeInvalid:
    pointer = f"#/roof/zones/{zone}/shared_edges/{index}"
    return SharedEdgeInvalid(detail, errors=[{"pointer": pointer, "detail": detail}])


def plan_shared_edges(spec: RoofSpec) -> SharedPlan:
    """Check the declared meetings and add them up per zone side; raise a 422 when they cannot
    be: an unknown or the same zone, a two-water zone, a side used twice, a length too long."""
    lengths = [real_length(zone) for zone in spec.zones]
    plan = SharedPlan(exposures=[Exposure() for _ in spec.zones])
    used: set[tuple[int, LateralSide]] = set()
    for number, zone in enumerate(spec.zones):
        for index, shared in enumerate(zone.shared_edges):
            other = shared.with_zone - 1
            if other == number or other >= len(spec.zones):
                raise _fail(
                    number,
                    index,
                    f"La zona {number + 1} no puede compartir un lado con la zona "
                    f"{shared.with_zone}: hay {len(spec.zones)} zonas y no consigo misma.",
                )
            other_side = shared.with_side or OPPOSITE[shared.side]
            for zone_index, side in ((number, shared.side), (other, other_side)):
                if spec.zones[zone_index].waters == "dos_aguas":
                    raise _fail(
                        number,
                        index,
                        f"La zona {zone_index + 1} es a dos aguas: los lados compartidos se "
                        "indican solo en zonas a un agua.",
                    )
                if (zone_index, side) in used:
                    raise _fail(
                        number,
                        index,
                        f"El lado {SIDE_NAMES[side]} de la zona {zone_index + 1} ya figura "
                        "como compartido: indicá cada encuentro una sola vez.",
                    )
                used.add((zone_index, side))
            longest = min(lengths[number], lengths[other])
            length = shared.length_m if shared.length_m is not None else longest
            if length > longest:
                raise _fail(
                    number,
                    index,
                    f"El lado compartido ({metres(length)}) es más largo que los lados que "
                    f"se encuentran ({metres(longest)}).",
                )
            plan.exposures[number].add(shared.side, length)
            plan.exposures[other].add(other_side, length)
            plan.encounters.append(Encounter(length, shared.kind, shared.profile))
    return plan


def encounter_sealant_units(
    encounters: list[Encounter], factors: dict[str, Decimal], yield_m: Decimal
) -> int:
    """ceil(Σ length × factor(kind) / yield): membrane rolls or PU foam units for the roof."""
    metres = sum((e.length_m * factors.get(e.kind, Decimal(0)) for e in encounters), Decimal(0))
    return int((metres / yield_m).to_integral_value(rounding="ROUND_CEILING")) if metres else 0
