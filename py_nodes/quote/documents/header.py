"""What the customer documents (WhatsApp text, PDF) show about a stored quote besides its lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from py_nodes.quote.store.models import PrintableQuote
from py_nodes.quote.store.numbering import MONTEVIDEO

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


def pdf_filename(header: QuoteHeader) -> str:
    """``{NNNN}BMC-{ddmmyy}-{Nombre}-{Ciudad}.pdf``, as BMC names its quote files."""
    sequence = header.number.rsplit("-", 1)[-1]
    city = (header.address or "").rsplit(",", 1)[-1].strip()
    parts = [f"{sequence}BMC-{header.issued_on:%d%m%y}", header.customer_name or "", city]
    name = "-".join(part for part in parts if part)
    return "".join(char for char in name if char.isalnum() or char in " -._")[:120] + ".pdf"


def delivery_place(address: object, zone: object) -> str:
    """``"Ruta 10 km 160, Maldonado"``: the address, then the zone unless the address names it."""
    address_text, zone_text = str(address or "").strip(), str(zone or "").strip()
    if zone_text and zone_text.casefold() in address_text.casefold():
        return address_text
    return ", ".join(part for part in (address_text, zone_text) if part)


def header_from_document(document: PrintableQuote, labels: dict[str, str]) -> QuoteHeader:
    """Build the header from a stored document; ``labels`` maps product codes to display names."""
    request = document.request
    part: dict[str, Any] = (
        request.get("roof") or request.get("wall") or request.get("cold_room") or {}
    )
    delivery: dict[str, Any] = request.get("delivery", {})
    product = str(part.get("product", document.product))
    issued = datetime.fromisoformat(document.created_at).astimezone(MONTEVIDEO).date()
    place = delivery_place(delivery.get("address"), delivery.get("zone"))
    return QuoteHeader(
        number=document.number,
        issued_on=issued,
        customer_name=document.customer_name,
        customer_phone=document.user_phone,
        scenario=document.scenario,
        product_label=labels.get(product, product.replace("_", " ")),
        thickness_mm=part.get("thickness_mm"),
        color=part.get("color"),
        address=place or None,
        price_list=document.quote.price_list,
        pickup=bool(delivery.get("pickup")),
        assumptions=tuple(str(item) for item in request.get("assumptions", [])),
    )
