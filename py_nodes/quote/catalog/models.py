"""The versioned price catalog: pydantic models for catalog.yaml, its loader and lookups."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from py_nodes.quote.catalog.sections import FreightTariffs, Parameters
from py_nodes.quote.engine.models import PriceList
from py_nodes.quote.engine.review_rules import ReviewRules
from py_nodes.quote.errors import CatalogInvalid

DEFAULT_CATALOG_PATH = Path(__file__).with_name("catalog.yaml")

Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
ALL = "_all"
VALIDITY_PLACEHOLDER = "{validity_days}"

REQUIRED_FIXINGS = (
    "varilla_38", "tuerca_38", "arandela_carrocero", "arandela_plana", "arandela_pp",
    "taco_expansivo", "caballete", "tornillo_hex_galv_4_mecha", "tornillo_hex_galv_6_mecha",
    "tornillo_hex_galv_4_aguja", "tornillo_hex_galv_6_aguja", "varilla_roscada_8mm",
    "taco_expansivo_8mm", "tornillo_t1", "tornillo_t2", "anclaje_h", "remache_pop",
)  # fmt: skip
REQUIRED_SEALANTS = ("silicona", "silicona_300_neutra", "cinta_butilo", "membrana", "espuma_pu")
REQUIRED_ROOF_PROFILES = (
    "gotero_frontal", "gotero_frontal_greca", "gotero_lateral", "gotero_lateral_camara",
    "gotero_superior", "babeta_adosar", "babeta_empotrar", "cumbrera", "canalon", "soporte_canalon",
)  # fmt: skip
REQUIRED_WALL_PROFILES = (
    "perfil_u", "perfil_g2", "perfil_k2", "esquinero_ext", "esquinero_int", "perfil_5852",
)  # fmt: skip
_REQUIRED_ITEMS: dict[str, tuple[str, ...]] = {
    "fixings": REQUIRED_FIXINGS,
    "sealants": REQUIRED_SEALANTS,
    "services": ("flete",),
    "roof_profiles": REQUIRED_ROOF_PROFILES,
    "wall_profiles": REQUIRED_WALL_PROFILES,
}


class CatalogModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Prices(CatalogModel):
    """The three USD ex-IVA prices every item carries."""

    web: Money
    venta: Money
    costo: Money

    def price(self, price_list: PriceList) -> Decimal:
        """Unit price on a list, falling back to the other list when it is zero."""
        first, second = (self.venta, self.web) if price_list == "venta" else (self.web, self.venta)
        return first or second


class PanelThickness(Prices):
    span_m: Positive | None = None


class PanelFamily(CatalogModel):
    """A panel family: geometry, fixing system, colours and a price per thickness."""

    label: str
    kind: Literal["roof", "wall"]
    au: Positive
    length_min_m: Positive
    length_max_m: Positive
    fixing_system: Literal["varilla_tuerca", "caballete_tornillo", "anclaje_tornillo"]
    accessory_families: list[str] = Field(min_length=1)
    stacks_in_pairs: bool = False
    colors: list[str] = Field(min_length=1)
    color_notes: dict[str, str] = Field(default_factory=dict)
    color_max_thickness: dict[str, int] = Field(default_factory=dict)
    color_min_area_m2: dict[str, Positive] = Field(default_factory=dict)
    thickness_notes: dict[int, str] = Field(default_factory=dict)
    thicknesses: dict[int, PanelThickness] = Field(min_length=1)


class AccessoryRow(Prices):
    family: str
    thickness: int | Literal["_all"]
    sku: str = Field(min_length=1)
    bar_m: Positive | None = None


class AccessoryType(CatalogModel):
    label: str
    unit: str = "barra"
    rows: list[AccessoryRow] = Field(min_length=1)


class Item(Prices):
    label: str
    sku: str = Field(min_length=1)
    unit: str = "unid"
    bar_m: Positive | None = None
    yield_m: Positive | None = None
    joint_factors: dict[str, Money] = Field(default_factory=dict)


class Condition(CatalogModel):
    text: str
    bold: bool = False
    highlight: bool = False


class Terms(CatalogModel):
    """Short delivery and payment terms for the WhatsApp summary (the PDF prints `conditions`)."""

    delivery: str = ""
    payment: str = ""


class ScenarioFamilies(CatalogModel):
    roof: list[str] = Field(default_factory=list)
    wall: list[str] = Field(default_factory=list)
    ceiling_fallback: str | None = None


@dataclass(frozen=True)
class AccessoryMatch:
    """An accessory row found for a request; `requested_mm` is set when a nearby row stood in."""

    row: AccessoryRow
    label: str
    unit: str
    requested_mm: int | None = None


class Catalog(CatalogModel):
    """The whole catalog file, validated."""

    version: str = Field(min_length=1)
    valid_from: date
    currency: Literal["USD"]
    iva_rate: Annotated[Decimal, Field(ge=0, lt=1)]
    validity_days: Annotated[int, Field(ge=1)]
    default_price_list: PriceList
    scenarios: dict[
        Literal["solo_techo", "solo_fachada", "techo_fachada", "camara_frig"], ScenarioFamilies
    ]
    panels: dict[str, PanelFamily] = Field(min_length=1)
    roof_profiles: dict[str, AccessoryType]
    wall_profiles: dict[str, AccessoryType]
    lima_olla: dict[str, Item]
    fixings: dict[str, Item]
    sealants: dict[str, Item]
    services: dict[str, Item]
    parameters: Parameters
    freight: FreightTariffs
    conditions: list[Condition] = Field(min_length=12, max_length=12)
    terms: Terms = Terms()
    review: ReviewRules = Field(default_factory=ReviewRules)
    _fingerprint: str = PrivateAttr(default="")

    @field_validator("fixings", "sealants", "services", "roof_profiles", "wall_profiles")
    @classmethod
    def _has_required_items(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        missing = [name for name in _REQUIRED_ITEMS[info.field_name or ""] if name not in value]
        if missing:
            raise ValueError(f"faltan los artículos {', '.join(missing)}")
        return value

    @field_validator("conditions")
    @classmethod
    def _validity_in_conditions(
        cls, value: list[Condition], info: ValidationInfo
    ) -> list[Condition]:
        """``{validity_days}`` in a condition prints the catalog's validity (one number to edit)."""
        days = str(info.data.get("validity_days", ""))
        return [
            item.model_copy(update={"text": item.text.replace(VALIDITY_PLACEHOLDER, days)})
            for item in value
        ]

    @field_validator("scenarios")
    @classmethod
    def _scenario_families_exist(
        cls, value: dict[str, ScenarioFamilies], info: ValidationInfo
    ) -> dict[str, ScenarioFamilies]:
        panels: dict[str, PanelFamily] = info.data.get("panels", {})
        for families in value.values():
            for name in [*families.roof, *families.wall]:
                if panels and name not in panels:
                    raise ValueError(f"la familia {name} no está en panels")
        return value

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the catalog file's bytes (a cache key that changes with any edit)."""
        return self._fingerprint

    def panel(self, family: str) -> PanelFamily | None:
        return self.panels.get(family)

    def panel_thickness(self, family: str, thickness_mm: int) -> PanelThickness | None:
        panel = self.panels.get(family)
        return panel.thicknesses.get(thickness_mm) if panel else None

    def accessory(
        self,
        kind: Literal["roof", "wall"],
        type_name: str,
        families: Sequence[str],
        thickness_mm: int,
    ) -> AccessoryMatch | None:
        """First family offering `type_name`; exact thickness, `_all`, else the nearest row.

        The nearest row is the largest thickness below the request, else the smallest above.
        Returns None when no family (nor `_all`) offers the type at all.
        """
        accessory = (self.roof_profiles if kind == "roof" else self.wall_profiles)[type_name]
        for family in [*families, ALL]:
            rows = [row for row in accessory.rows if row.family == family]
            if rows:
                return _pick_row(rows, accessory, thickness_mm)
        return None


def _pick_row(rows: list[AccessoryRow], accessory: AccessoryType, thickness: int) -> AccessoryMatch:
    sized = sorted((r for r in rows if r.thickness != ALL), key=lambda r: int(r.thickness))
    exact = [r for r in sized if r.thickness == thickness]
    if exact:
        return AccessoryMatch(exact[0], accessory.label, accessory.unit)
    generic = [r for r in rows if r.thickness == ALL]
    if generic:
        return AccessoryMatch(generic[0], accessory.label, accessory.unit)
    below = [r for r in sized if int(r.thickness) <= thickness]
    nearest = below[-1] if below else sized[0]
    return AccessoryMatch(nearest, accessory.label, accessory.unit, requested_mm=thickness)


class _StringScalarLoader(yaml.SafeLoader):
    """Safe YAML loader that keeps numbers and dates as text, so prices become exact Decimals."""


_StringScalarLoader.yaml_implicit_resolvers = {
    first: [
        (tag, rx) for tag, rx in resolvers if not tag.endswith((":int", ":float", ":timestamp"))
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and validate a catalog file (default: the packaged catalog.yaml)."""
    path = path or DEFAULT_CATALOG_PATH
    try:
        raw_bytes = path.read_bytes()
        # A SafeLoader subclass (numbers kept as text): no object construction (B506 reviewed).
        raw = yaml.load(raw_bytes, Loader=_StringScalarLoader)  # nosec B506
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogInvalid(f"{path.name}: no se pudo leer: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogInvalid(f"{path.name}: el archivo debe ser un mapa de secciones")
    try:
        catalog = Catalog.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{_where(raw, err['loc'])}: {err['msg']}" for err in exc.errors()[:5])
        raise CatalogInvalid(f"{path.name}: {problems}") from exc
    catalog._fingerprint = hashlib.sha256(raw_bytes).hexdigest()
    return catalog


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The packaged catalog, loaded once per process."""
    return load_catalog()


def _where(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Dotted path of an error; list items are named by their sku or id when they have one."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
            name = node.get("sku") or node.get("id") if isinstance(node, dict) else None
            parts.append(f"{key}[{name}]" if name else str(key))
        elif isinstance(node, dict) and key in node:
            node = node[key]
            parts.append(str(key))
        elif isinstance(node, dict) and str(key) in node:
            node = node[str(key)]
            parts.append(str(key))
        elif isinstance(node, dict) and node.get("rule") == key:
            continue
        else:
            parts.append(str(key))
    return ".".join(parts)
