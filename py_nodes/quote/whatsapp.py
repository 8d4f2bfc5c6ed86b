"""The WhatsApp text of a quote: Spanish, ``*bold*``, itemised, never above 4,096 characters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from py_nodes.quote.formatting import (
    date_display,
    quantity_display,
    thousands,
    unit_display,
    unit_price,
    usd,
)
from py_nodes.quote.presentation import QuoteHeader
from py_nodes.quote.schemas import PricedQuote, QuoteLine

WHATSAPP_LIMIT: Final = 4096
PDF_NOTE: Final = "_El detalle completo de cada línea está en el PDF adjunto._"
FOOTER: Final = ("_Entrega 10 a 45 días · Seña 60%_", "_092 663 245 · bmcuruguay.com.uy_")


def message_length(text: str) -> int:
    """Length as WhatsApp counts it (UTF-16 units): an emoji may count as two."""
    return len(text.encode("utf-16-le")) // 2


def _line(line: QuoteLine) -> str:
    unit = unit_display(line.unit, line.quantity)
    quantity = f"{quantity_display(line.quantity)} {unit}".strip()
    price = f"USD {unit_price(line.unit_price)}"
    return f"• {line.description}: {quantity} × {price} = {usd(line.amount)}"


def _head(header: QuoteHeader) -> list[str]:
    color = header.color or "—"
    return [
        "*Cotización BMC Uruguay*",
        f"📅 {date_display(header.issued_on)} · Ref: {header.number}",
        f"🏗 Cliente: {header.customer}",
        f"📐 Obra: {header.scenario_label} · {header.place or '—'}",
        f"💲 Lista: {header.price_list_label}",
        "",
        f"*Escenario:* {header.scenario_label}",
        f"*Panel:* {header.panel_label} · Color: {color}",
        *(f"📝 {item}" for item in header.assumptions),
    ]


def _itemised(priced: PricedQuote) -> list[str]:
    lines: list[str] = []
    for group in priced.groups:
        lines += ["", f"*{group.group}*"]
        lines += [_line(line) for line in priced.lines if line.group == group.group]
        lines.append(f"_Subtotal {group.group}: {usd(group.amount)}_")
    return lines


def _summarised(priced: PricedQuote) -> list[str]:
    counts = {
        g.group: sum(1 for line in priced.lines if line.group == g.group) for g in priced.groups
    }
    lines = ["", "*Resumen por grupo*"]
    lines += [f"• {g.group} ({counts[g.group]} ítems): {usd(g.amount)}" for g in priced.groups]
    return [*lines, "", PDF_NOTE]


def _tail(header: QuoteHeader, priced: PricedQuote, warnings: Iterable[str]) -> list[str]:
    lines = [
        "",
        f"💰 *Subtotal s/IVA:* {usd(priced.subtotal)}",
        f"💰 *IVA 22%:* {usd(priced.iva)}",
        f"✅ *TOTAL USD: {thousands(priced.total)}*",
    ]
    warning_lines = [f"⚠️ {warning}" for warning in warnings]
    if warning_lines:
        lines += ["", *warning_lines]
    return [
        *lines,
        "",
        f"_Válida hasta el {date_display(priced.valid_until)} (10 días)._",
        *FOOTER,
    ]


def whatsapp_text(header: QuoteHeader, priced: PricedQuote) -> str:
    """Itemised when it fits in one WhatsApp message; else groups only, pointing to the PDF."""
    head = _head(header)
    tail = _tail(header, priced, priced.warnings)
    text = "\n".join([*head, *_itemised(priced), *tail])
    if message_length(text) <= WHATSAPP_LIMIT:
        return text
    text = "\n".join([*head, *_summarised(priced), *tail])
    if message_length(text) <= WHATSAPP_LIMIT:
        return text
    short_tail = _tail(header, priced, ["Hay advertencias: ver el PDF."])
    text = "\n".join([*head, "", PDF_NOTE, *short_tail])
    return text if message_length(text) <= WHATSAPP_LIMIT else text[: WHATSAPP_LIMIT // 2] + "…"
