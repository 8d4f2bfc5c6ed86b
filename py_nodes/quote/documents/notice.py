"""What the sales team is told about a new quote: product, size, zone, total (es-UY).

n8n's notify-sales flow reads it (``GET /quotes/{id}/notice``), adds the link to the conversation
in the sales desk, attaches the PDF and sends it by e-mail and as an approved WhatsApp template.
Template parameters cannot hold line breaks, tabs or runs of spaces (Meta refuses them), so every
short field is one clean line.
"""

from __future__ import annotations

import re
from typing import Final

from py_nodes.core import formatting as fmt
from py_nodes.core.messages import MessageCatalog, load_catalog
from py_nodes.quote.documents.header import header_from_document
from py_nodes.quote.documents.models import SalesNotice
from py_nodes.quote.documents.texts import MESSAGES
from py_nodes.quote.store.models import PrintableQuote

__all__ = ["MESSAGES", "sales_notice"]

#: Meta's limit for one template parameter is far above this; a notice field stays readable.
FIELD_MAX: Final = 120
_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """A template parameter: no line breaks, tabs or repeated spaces, at most 120 characters."""
    clean = _SPACES.sub(" ", text).strip()
    return clean if len(clean) <= FIELD_MAX else clean[: FIELD_MAX - 1] + "…"


def sales_notice(
    document: PrintableQuote, labels: dict[str, str], messages: MessageCatalog | None = None
) -> SalesNotice:
    """The notice of a stored quote."""
    messages = messages or load_catalog()
    header = header_from_document(document, labels)
    priced = document.quote.priced()
    figures = priced.figures
    fields = {
        "number": header.number,
        "phone": header.customer_phone,
        "customer": header.customer_name or messages.render("quote.notice.no_name"),
        "product": f"{header.panel_label} · {header.scenario_label}",
        "size": f"{fmt.number(figures.area_m2)} m² · {figures.panels} paneles",
        "zone": header.place or messages.render("quote.notice.no_zone"),
        "total": fmt.money(priced.total, priced.currency),
    }
    fields = {name: one_line(value) for name, value in fields.items()}
    subject = messages.render("quote.notice.subject", **fields)
    text = messages.render("quote.notice.text", **fields)
    if document.needs_review:
        reasons = "; ".join(document.review_reasons) or "-"
        subject = messages.render("quote.notice.draft_subject", **fields)
        text = messages.render("quote.notice.draft_text", reasons=reasons) + "\n" + text
    return SalesNotice(**fields, subject=subject, text=text)
