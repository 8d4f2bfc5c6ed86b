"""Request checks before pricing: the scenario's parts, product families and thicknesses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from unidecode import unidecode

from py_nodes.quote.catalog.models import Catalog
from py_nodes.quote.engine.models import ColdRoomSpec, QuoteRequest, RoofSpec, WallSpec
from py_nodes.quote.errors import (
    ScenarioIncomplete,
    ThicknessNotMade,
    UnknownProduct,
    WrongProductKind,
)

Part = Literal["roof", "wall", "cold_room"]
SCENARIO_PARTS: dict[str, tuple[Part, ...]] = {
    "solo_techo": ("roof",),
    "solo_fachada": ("wall",),
    "techo_fachada": ("roof", "wall"),
    "camara_frig": ("cold_room",),
}
PART_NAMES: dict[Part, str] = {"roof": "techo", "wall": "fachada", "cold_room": "cámara"}


@dataclass
class QuotePlan:
    """The parts to price, with product names in their catalog spelling."""

    roof: RoofSpec | None = None
    wall: WallSpec | None = None
    cold_room: ColdRoomSpec | None = None
    warnings: list[str] = field(default_factory=list)


def family_key(name: str) -> str:
    """Catalog key for a product name typed loosely ("isodec eps" → "ISODEC_EPS")."""
    return re.sub(r"[\s\-]+", "_", unidecode(name).strip().upper())


def validate_request(request: QuoteRequest, catalog: Catalog) -> QuotePlan:
    """Check the request against its scenario and the catalog; raise a 422 error otherwise."""
    needed = SCENARIO_PARTS[request.scenario]
    missing = [part for part in needed if getattr(request, part) is None]
    if missing:
        names = " y ".join(PART_NAMES[part] for part in missing)
        raise ScenarioIncomplete(
            f"El escenario {request.scenario} necesita los datos de {names}.",
            errors=[{"pointer": f"#/{part}", "detail": "falta este bloque"} for part in missing],
        )
    plan = QuotePlan()
    allowed = catalog.scenarios[request.scenario]
    for part in ("roof", "wall", "cold_room"):
        spec = getattr(request, part)
        if spec is None:
            continue
        if part not in needed:
            plan.warnings.append(
                f"Se ignoró el bloque de {PART_NAMES[part]}: "
                f"el escenario {request.scenario} no lo usa."
            )
            continue
        families = allowed.roof if part == "roof" else allowed.wall
        setattr(plan, part, _checked(spec, part, families, catalog))
    return plan


def _checked(
    spec: RoofSpec | WallSpec | ColdRoomSpec, part: Part, families: list[str], catalog: Catalog
) -> RoofSpec | WallSpec | ColdRoomSpec:
    key = family_key(spec.product)
    options = ", ".join(families)
    pointer = f"#/{part}/product"
    if key not in catalog.panels:
        detail = f"No conocemos el producto {spec.product!r}. Para {PART_NAMES[part]}: {options}."
        raise UnknownProduct(detail, errors=[{"pointer": pointer, "detail": detail}])
    if key not in families:
        kind = "techo" if catalog.panels[key].kind == "roof" else "pared"
        detail = (
            f"{catalog.panels[key].label} es un panel de {kind}; "
            f"para {PART_NAMES[part]} elegí: {options}."
        )
        raise WrongProductKind(detail, errors=[{"pointer": pointer, "detail": detail}])
    panel = catalog.panels[key]
    if spec.thickness_mm not in panel.thicknesses:
        made = ", ".join(str(t) for t in sorted(panel.thicknesses))
        detail = f"{panel.label} no se fabrica en {spec.thickness_mm} mm; espesores: {made} mm."
        raise ThicknessNotMade(
            detail, errors=[{"pointer": f"#/{part}/thickness_mm", "detail": detail}]
        )
    return spec.model_copy(update={"product": key})
