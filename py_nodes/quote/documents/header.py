"""What the customer documents (WhatsApp text, PDF) show about a stored quote besides its lines."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from py_nodes.quote.documents.models import QuoteHeader
from py_nodes.quote.store.models import PrintableQuote
from py_nodes.quote.store.numbering import MONTEVIDEO


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
