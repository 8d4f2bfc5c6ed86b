"""``GET /quotes/{id}/notice``: the sales team's notice of a new quote, for n8n (service key)."""

from __future__ import annotations

from fastapi import APIRouter

from py_nodes.core.deps import ResourcesDep
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.quote.api.examples import NOTICE_EXAMPLE
from py_nodes.quote.api.responses import example
from py_nodes.quote.documents.models import SalesNotice
from py_nodes.quote.documents.notice import sales_notice
from py_nodes.quote.errors import QuoteNotFound
from py_nodes.quote.service import printable_document, product_labels

router = APIRouter(tags=["quote"])


@router.get(
    "/quotes/{quote_id}/notice",
    responses={200: example(NOTICE_EXAMPLE), **problem_responses(QuoteNotFound)},
)
async def get_quote_notice(quote_id: str, resources: ResourcesDep) -> SalesNotice:
    """What the sales team is told about a new quote: customer, product, size, delivery zone
    and total, written for people (es-UY numbers), as one-line fields an approved WhatsApp
    template can carry and as an e-mail text. For n8n's notify-sales flow (service key only),
    which adds the link to the conversation in the sales desk and the PDF.
    """
    document = await printable_document(quote_id, resources)
    return sales_notice(document, product_labels(resources))
