"""What the engine prices and what it gives back: ``QuoteRequest`` (also the body of
``POST /quotes``, the contract n8n and the AI node speak) and ``PricedQuote`` (Decimals)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from py_nodes.core.sellers import SellerCodeText, known_seller

# Bounds that stop absurd input before any arithmetic: a dimension is a real, finite number of
# metres in (0, 1000]; everything else is a small count.
Metres = Annotated[Decimal, Field(gt=0, le=1000, allow_inf_nan=False, max_digits=10)]
OptionalMetres = Annotated[Decimal, Field(ge=0, le=1000, allow_inf_nan=False, max_digits=10)]
PanelCount = Annotated[int, Field(ge=1, le=2000)]
Thickness = Annotated[int, Field(ge=1, le=500)]

PriceList = Literal["web", "venta"]
Structure = Literal["metal", "hormigon", "madera", "combinada"]
SlopeMode = Literal["incluye_pendiente", "calcular_pendiente", "calcular_altura"]
RoofWaters = Literal["una_agua", "dos_aguas"]
FrontEdge = Literal["gotero_frontal", "gotero_frontal_greca", "canalon", "ninguno"]
BackEdge = Literal[
    "gotero_frontal_superior",
    "gotero_lateral",
    "babeta_adosar",
    "babeta_empotrar",
    "cumbrera",
    "ninguno",
]
SideEdge = Literal[
    "gotero_lateral", "gotero_lateral_camara", "babeta_empotrar", "babeta_adosar", "ninguno"
]
LateralSide = Literal["left", "right"]
EncounterKind = Literal["continuo", "pretil", "cumbrera", "desnivel"]
EncounterProfile = Literal[
    "cumbrera", "babeta_adosar", "babeta_empotrar", "gotero_lateral", "gotero_frontal"
]
Scenario = Literal["solo_techo", "solo_fachada", "techo_fachada", "camara_frig"]
Origin = Literal["WA", "LO", "EM", "CL"]
#: A seller code from sellers.yaml (active sellers only): a typo is refused with the valid codes.
Assignee = Annotated[SellerCodeText, AfterValidator(known_seller)]


class StrictModel(BaseModel):
    """Unknown fields are refused: a typo must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RoofEdges(StrictModel):
    """Perimeter profile chosen for each edge of a roof zone."""

    front: FrontEdge = "gotero_frontal"
    back: BackEdge = "ninguno"
    left: SideEdge = "gotero_lateral"
    right: SideEdge = "gotero_lateral"


class SharedEdge(StrictModel):
    """A side edge of this zone that meets a side edge of another zone of the same roof.

    Declare each meeting once, on either zone. A shared side gets no perimeter profile and no
    edge reinforcement fixings over the shared length; a non-continuous meeting (`pretil`,
    `cumbrera`, `desnivel`) adds the chosen `profile` over that length and, with sealants,
    self-adhesive membrane and PU foam, as BMC's calculator does (docs/quoting.md).
    """

    side: LateralSide = Field(description="The side of this zone that is shared.")
    with_zone: Annotated[int, Field(ge=1, le=20)] = Field(
        description="The other zone, counting from 1 in the order of `zones`."
    )
    with_side: LateralSide | None = Field(
        default=None, description="The other zone's side; by default the opposite one."
    )
    length_m: Metres | None = Field(
        default=None, description="Shared length; by default the shorter of the two sides."
    )
    kind: EncounterKind = "continuo"
    profile: EncounterProfile | None = None


class RoofZone(StrictModel):
    """One roof zone: the panel length (`length_m`, along the slope) and the width across panels.

    The width may come as metres (`width_m`) or as a number of panels (`panels`).
    """

    length_m: Metres
    width_m: Metres | None = None
    panels: PanelCount | None = None
    slope_mode: SlopeMode = "incluye_pendiente"
    slope_deg: Annotated[Decimal, Field(ge=0, le=89, allow_inf_nan=False)] = Decimal(0)
    height_diff_m: OptionalMetres = Decimal(0)
    waters: RoofWaters = "una_agua"
    edges: RoofEdges = Field(default_factory=RoofEdges)
    shared_edges: list[SharedEdge] = Field(default_factory=list, max_length=2)

    @model_validator(mode="after")
    def _width_given_once(self) -> RoofZone:
        if (self.width_m is None) == (self.panels is None):
            raise ValueError(
                "indicá el ancho en metros (width_m) o la cantidad de paneles (panels)"
            )
        return self


class RoofSpec(StrictModel):
    """A roof: one product and thickness over one or more zones."""

    product: str = Field(examples=["ISODEC_EPS"])
    thickness_mm: Thickness = Field(examples=[100])
    color: str | None = None
    structure: Structure = "metal"
    zones: list[RoofZone] = Field(min_length=1, max_length=20)
    sealants: bool = True
    top_drip_edge: bool = False


class Opening(StrictModel):
    """A door or window cut out of a wall."""

    width_m: Metres
    height_m: Metres
    count: Annotated[int, Field(ge=1, le=500)] = 1


class WallSpec(StrictModel):
    """A wall or façade: total perimeter (length along the panels' width) and height."""

    product: str = Field(examples=["ISOPANEL_EPS"])
    thickness_mm: Thickness = Field(examples=[100])
    color: str | None = None
    structure: Structure = "metal"
    height_m: Metres
    perimeter_m: Metres | None = None
    panels: PanelCount | None = None
    outside_corners: Annotated[int, Field(ge=0, le=200)] = 0
    inside_corners: Annotated[int, Field(ge=0, le=200)] = 0
    openings: list[Opening] = Field(default_factory=list, max_length=200)
    sealants: bool = True
    butyl_tape: bool = False
    aluminium_profile_5852: bool = False

    @model_validator(mode="after")
    def _length_given_once(self) -> WallSpec:
        if (self.perimeter_m is None) == (self.panels is None):
            raise ValueError("indicá el perímetro en metros (perimeter_m) o la cantidad de paneles")
        return self


class ColdRoomSpec(StrictModel):
    """A cold room: inside dimensions; walls and ceiling are derived."""

    product: str = Field(default="ISOFRIG_PIR", examples=["ISOFRIG_PIR"])
    thickness_mm: Thickness = Field(examples=[100])
    length_m: Metres
    width_m: Metres
    height_m: Metres
    color: str | None = None


class Delivery(StrictModel):
    """Where the order goes. `pickup` means collected at the plant (no freight).

    `freight_usd` overrides the zone suggestion with a price agreed by a seller.
    """

    pickup: bool = False
    zone: str | None = Field(default=None, max_length=120, examples=["Maldonado"])
    address: str | None = Field(default=None, max_length=300)
    freight_usd: Annotated[Decimal, Field(ge=0, le=100000, allow_inf_nan=False)] | None = None


class Customer(StrictModel):
    """Who the quote is for; the phone is the WhatsApp sender."""

    phone: str = Field(pattern=r"^\+?[0-9]{6,20}$", examples=["59899123456"])
    name: str | None = Field(default=None, max_length=120)


class QuoteRequest(StrictModel):
    """Everything needed to price and store a quote."""

    scenario: Scenario = "solo_techo"
    roof: RoofSpec | None = None
    wall: WallSpec | None = None
    cold_room: ColdRoomSpec | None = None
    price_list: PriceList | None = None
    delivery: Delivery = Field(default_factory=Delivery)
    customer: Customer
    origin: Origin = "WA"
    #: None: the assignment rule of sellers.yaml picks the seller.
    assignee: Assignee | None = None
    notes: str | None = Field(default=None, max_length=2000)
    #: What was assumed to price it (printed on the quote so the customer can correct it).
    assumptions: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(
        default_factory=list, max_length=10
    )


class QuoteLine(BaseModel):
    """One priced line of the bill of materials."""

    group: str
    description: str
    sku: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Decimal


class GroupSubtotal(BaseModel):
    group: str
    amount: Decimal


class QuoteFigures(BaseModel):
    """The physical figures behind the price."""

    area_m2: Decimal
    panels: int
    supports: int | None
    fixing_points: int


class QuoteTerms(BaseModel):
    """Delivery and payment terms in force when the quote was made (from the catalog)."""

    delivery: str = ""
    payment: str = ""


class PricedQuote(BaseModel):
    """The pure result of pricing: lines, totals and warnings (no id, no state)."""

    currency: Literal["USD"] = "USD"
    price_list: PriceList
    catalog_version: str
    lines: list[QuoteLine]
    groups: list[GroupSubtotal]
    subtotal: Decimal
    iva: Decimal
    total: Decimal
    figures: QuoteFigures
    warnings: list[str]
    freight_note: str | None = None
    valid_until: date
    terms: QuoteTerms = Field(default_factory=QuoteTerms)
