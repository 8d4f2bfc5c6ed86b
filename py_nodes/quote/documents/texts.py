"""The keys and placeholders of the quote node's customer and seller texts.

The wording is in ``py_nodes/messages/quote.yaml``; start-up validates it against this list.
"""

from __future__ import annotations

from py_nodes.core.messages import declare

MESSAGES = declare(
    "quote",
    {
        "summary.title": {"number", "brand"},
        "summary.greeting": {"name"},
        "summary.product": {"panel", "scenario"},
        "summary.color": {"color"},
        "summary.size": {"area", "panels"},
        "summary.place": {"place"},
        "summary.amounts": {"subtotal", "iva_label", "iva"},
        "summary.total": {"total"},
        "summary.validity": {"until", "days"},
        "summary.assumptions": (),
        "summary.warnings": (),
        "summary.item": {"text"},
        "summary.more_in_pdf": {"count"},
        "summary.terms": {"terms"},
        "summary.pdf": (),
        "summary.contact": {"contact"},
        "notice.subject": {"number", "product", "total"},
        "notice.text": {"number", "total", "customer", "phone", "product", "size", "zone"},
        "notice.no_name": (),
        "notice.no_zone": (),
        "notice.draft_subject": {"number", "product", "total"},
        "notice.draft_text": {"reasons"},
    },
)
