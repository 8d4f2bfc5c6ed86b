"""The WhatsApp text of a quote: a short summary (what, how much, validity, what was assumed).

The full itemisation travels in the PDF sent right after it. The wording lives in
``py_nodes/messages/quote.yaml``; numbers are es-UY. Never above WhatsApp's 4,096 characters.
"""

from __future__ import annotations

from typing import Final

from py_nodes.core import formatting as fmt
from py_nodes.core.messages import MessageCatalog, load_catalog
from py_nodes.quote.documents.business import Business, default_business
from py_nodes.quote.documents.models import QuoteHeader
from py_nodes.quote.documents.texts import MESSAGES
from py_nodes.quote.engine.models import PricedQuote

__all__ = ["MESSAGES", "whatsapp_text"]
WHATSAPP_LIMIT: Final = 4096
#: At most this many assumptions and warnings each are listed; the rest are in the PDF.
MAX_NOTES: Final = 4


def message_length(text: str) -> int:
    """Length as WhatsApp counts it (UTF-16 units): an emoji may count as two."""
    return len(text.encode("utf-16-le")) // 2


def iva_label(priced: PricedQuote) -> str:
    """``IVA 22 %``: the rate as the quote applied it."""
    if not priced.subtotal:
        return "IVA"
    rate = priced.iva * 100 / priced.subtotal
    return f"IVA {fmt.number(rate, 0)} %"


def _notes(texts: list[str], title_key: str, messages: MessageCatalog, limit: int) -> list[str]:
    if not texts:
        return []
    shown = [messages.render("quote.summary.item", text=text) for text in texts[:limit]]
    if len(texts) > limit:
        shown.append(messages.render("quote.summary.more_in_pdf", count=len(texts) - limit))
    return ["", messages.render(title_key), *shown]


def _summary(
    header: QuoteHeader,
    priced: PricedQuote,
    business: Business,
    messages: MessageCatalog,
    limit: int,
) -> str:
    def say(key: str, **values: object) -> str:
        return messages.render(f"quote.summary.{key}", **values)

    figures = priced.figures
    lines = [say("title", number=header.number, brand=business.brand)]
    if header.customer_name:
        lines.append(say("greeting", name=header.customer_name))
    lines += ["", say("product", panel=header.panel_label, scenario=header.scenario_label)]
    if header.color:
        lines.append(say("color", color=header.color))
    lines.append(say("size", area=fmt.number(figures.area_m2), panels=figures.panels))
    if header.place:
        lines.append(say("place", place=header.place))
    lines += [
        "",
        say(
            "amounts",
            subtotal=fmt.money(priced.subtotal, priced.currency),
            iva_label=iva_label(priced),
            iva=fmt.money(priced.iva, priced.currency),
        ),
        say("total", total=fmt.money(priced.total, priced.currency)),
        say(
            "validity",
            until=fmt.date(priced.valid_until),
            days=(priced.valid_until - header.issued_on).days,
        ),
    ]
    lines += _notes(list(header.assumptions), "quote.summary.assumptions", messages, limit)
    lines += _notes(priced.warnings, "quote.summary.warnings", messages, limit)
    terms = " · ".join(part for part in (priced.terms.delivery, priced.terms.payment) if part)
    lines.append("")
    if terms:
        lines.append(say("terms", terms=terms))
    lines.append(say("pdf"))
    contact = " · ".join(part for part in (business.phone, business.web) if part)
    if contact:
        lines.append(say("contact", contact=contact))
    return "\n".join(lines)


def whatsapp_text(
    header: QuoteHeader,
    priced: PricedQuote,
    *,
    business: Business | None = None,
    messages: MessageCatalog | None = None,
) -> str:
    """The summary; with fewer listed notes, then cut, if it would not fit one WhatsApp message."""
    business = business or default_business()
    messages = messages or load_catalog()
    for limit in (MAX_NOTES, 1, 0):
        text = _summary(header, priced, business, messages, limit)
        if message_length(text) <= WHATSAPP_LIMIT:
            return text
    return _cut(text)


def _cut(text: str) -> str:
    """The longest prefix that fits, ending in an ellipsis (only for absurdly long names)."""
    units = text.encode("utf-16-le")[: 2 * (WHATSAPP_LIMIT - 1)]
    return units.decode("utf-16-le", "ignore") + "…"
