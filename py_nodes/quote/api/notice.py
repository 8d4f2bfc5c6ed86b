"""``GET /quotes/{id}/notice``: the sales team's notice of a new quote, for n8n (service key)."""

from __future__ import annotations

from fastapi import APIRouter

from py_nodes.quote.api.examples import NOTICE_EXAMPLE
from py_nodes.quote.api.responses import AUTH, NOT_FOUND, example
from py_nodes.quote.documents.models import SalesNotice
from py_nodes.quote.documents.notice import sales_notice
from py_nodes.quote.service import QuoteResources, printable_document, product_labels

router = APIRouter(tags=["quote"])


@router.get(
    "/quotes/{quote_id}/notice",
    responses={200: example(NOTICE_EXAMPLE), **AUTH, 404: NOT_FOUND},
)
async def get_quote_notice(quote_id: str, resources: QuoteResources) -> SalesNotice:
    """What the sales team is told about a new quote: customer, product, size, delivery zone
    and total, written for people (es-UY numbers), as one-line fields an approved WhatsApp
    template can carry and as an e-mail text. For n8n's notify-sales flow (service key only),
    which adds the link to the conversation in the sales desk and the PDF.
    """
    document = await printable_document(quote_id, resources)
    return sales_notice(document, product_labels(resources))
