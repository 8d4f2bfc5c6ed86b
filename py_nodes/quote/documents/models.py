"""What the customer and sales documents are made from: the header of a quote, the sales notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field

SCENARIO_LABELS = {
    "solo_techo": "Solo techo",
    "solo_fachada": "Solo fachada",
    "techo_fachada": "Techo + Fachada",
    "camara_frig": "Cámara frigorífica",
}
PRICE_LIST_LABELS = {"web": "Web", "venta": "BMC Directo"}


@dataclass(frozen=True)
class QuoteHeader:
    """Identity and context of a quote, as printed above the lines."""

    number: str
    issued_on: date
    customer_name: str | None
    customer_phone: str
    scenario: str
    product_label: str
    thickness_mm: int | None
    color: str | None
    address: str | None
    price_list: str
    pickup: bool = False
    assumptions: tuple[str, ...] = ()

    @property
    def place(self) -> str | None:
        """Where the order goes, for people: the address, or pick-up at the plant."""
        return self.address or ("Retiro en planta" if self.pickup else None)

    @property
    def customer(self) -> str:
        return self.customer_name or self.customer_phone

    @property
    def scenario_label(self) -> str:
        return SCENARIO_LABELS.get(self.scenario, self.scenario)

    @property
    def price_list_label(self) -> str:
        return PRICE_LIST_LABELS.get(self.price_list, self.price_list)

    @property
    def panel_label(self) -> str:
        thickness = f" {self.thickness_mm}mm" if self.thickness_mm else ""
        return f"{self.product_label}{thickness}"


class SalesNotice(BaseModel):
    """A new quote, for sellers: one-line fields (template parameters) and the e-mail text."""

    number: str = Field(examples=["BMC-2026-0001"])
    phone: str = Field(examples=["59899123456"])
    customer: str = Field(examples=["Ana Pérez"])
    product: str = Field(examples=["ISODEC EPS 100mm · Solo techo"])
    size: str = Field(examples=["28 m² · 5 paneles"])
    zone: str = Field(examples=["Maldonado"])
    total: str = Field(examples=["USD 1.641,55"])
    subject: str
    text: str = Field(description="Several lines, for the e-mail; the flow adds the desk link.")
