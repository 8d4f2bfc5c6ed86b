"""Creating and presenting quotes: price with the engine, number, store, count, render texts."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from py_nodes.core import contacts, metrics
from py_nodes.core.cache import get_json, set_json
from py_nodes.core.resources import Resources
from py_nodes.quote.api.models import StoredQuote
from py_nodes.quote.catalog.models import Catalog
from py_nodes.quote.documents.header import header_from_document
from py_nodes.quote.documents.whatsapp import whatsapp_text
from py_nodes.quote.engine.models import PricedQuote, QuoteRequest
from py_nodes.quote.engine.review import customer_notice, review_quote
from py_nodes.quote.errors import CatalogNotLoaded
from py_nodes.quote.store.models import UNNUMBERED, PrintableQuote, QuoteDocument, main_product
from py_nodes.quote.store.numbering import MONTEVIDEO, NUMBER_PATTERN
from py_nodes.quote.store.quotes import QuoteStore

PRINTABLE_CACHE = "quote_printable"
PRINTABLE_TTL_S = 24 * 3600
#: What the PDF shows never changes after creation (state and follow-ups are not printed), so
#: this part of a new quote (``PrintableQuote``) is cached: the PDF n8n fetches right after
#: does not hit the store.
PRINTABLE_FIELDS = set(PrintableQuote.model_fields)


@dataclass(frozen=True)
class CatalogState:
    """The quote node's state: the catalog read at start, and each panel's label by code."""

    catalog: Catalog
    labels: dict[str, str]


def loaded_catalog(resources: Resources) -> Catalog:
    state = resources.state.find(CatalogState)
    if state is None:
        raise CatalogNotLoaded()
    return state.catalog


def product_labels(resources: Resources) -> dict[str, str]:
    state = resources.state.find(CatalogState)
    return state.labels if state is not None else {}


def price(request: QuoteRequest, resources: Resources, now: datetime) -> PricedQuote:
    """Run the engine on the price list the request asks for, else the configured one."""
    from py_nodes.quote.engine.pricing import price_quote

    catalog = loaded_catalog(resources)
    price_list = request.price_list or resources.settings.price_list
    started = time.perf_counter()
    priced = price_quote(
        request, catalog, price_list=price_list, today=now.astimezone(MONTEVIDEO).date()
    )
    metrics.ENGINE_SECONDS.observe(time.perf_counter() - started)
    return priced


async def create_quote(request: QuoteRequest, resources: Resources, now: datetime) -> QuoteDocument:
    """Price first (bad input never takes a number), then number and store in one store call."""
    priced = price(request, resources, now)
    review = review_quote(request, priced, loaded_catalog(resources))
    reasons = review.reasons if review.needs_review else []
    draft = QuoteDocument.build(UNNUMBERED, request, priced, now, reasons)
    document = await QuoteStore(resources.store).create(now, draft)
    metrics.QUOTES_CREATED.labels(product=main_product(request), origin=request.origin).inc()
    metrics.QUOTED_USD.labels(origin=request.origin).inc(float(priced.total))
    if review.needs_review and request.origin == "WA" and request.customer.phone:
        # The customer gets the review notice, not the prices: the chat is a seller's now.
        hold_s = resources.settings.handoff_release_after_s
        phone = request.customer.phone.lstrip("+")  # contacts are keyed by WhatsApp's digits
        await contacts.hand_to_sales(resources.store, phone, "review", now.timestamp(), hold_s)
    printable = document.model_dump(mode="json", by_alias=True, include=PRINTABLE_FIELDS)
    await set_json(resources.cache, printable_key(document.number), printable, PRINTABLE_TTL_S)
    return document


def printable_key(number: str) -> str:
    return f"quote:printable:{number}"


async def printable_document(number: str, resources: Resources) -> PrintableQuote:
    """The immutable part of a quote: from the cache when recent, else from the store."""
    if NUMBER_PATTERN.match(number):
        cached = await get_json(resources.cache, PRINTABLE_CACHE, printable_key(number))
        if isinstance(cached, dict):
            return PrintableQuote.model_validate(cached)
    return await QuoteStore(resources.store).get(number)


def pdf_path(number: str) -> str:
    return f"/quotes/{number}/pdf"


def to_response(document: QuoteDocument, labels: dict[str, str]) -> StoredQuote:
    """The API view of a stored document, with its WhatsApp text."""
    quote = document.quote
    header = header_from_document(document, labels)
    return StoredQuote.model_validate(
        {
            **quote.model_dump(exclude={"terms"}),
            "id": document.id,
            "number": document.number,
            "state": document.state,
            "assignee": document.assignee,
            "origin": document.origin,
            "customer": {"phone": document.user_phone, "name": document.customer_name},
            "scenario": document.scenario,
            "created_at": document.created_at,
            "history": [entry.model_dump() for entry in document.history],
            "followed_up_at": document.followed_up_at,
            "needs_review": document.needs_review,
            "review_reasons": document.review_reasons,
            "whatsapp_text": customer_notice()
            if document.needs_review
            else whatsapp_text(header, quote.priced()),
            "pdf_url": pdf_path(document.number),
        }
    )
