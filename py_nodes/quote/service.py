"""Creating and presenting quotes: price with the engine, number, store, count, render texts."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request

from py_nodes.core import contacts, metrics
from py_nodes.core.cache import get_json, set_json
from py_nodes.core.resources import Resources
from py_nodes.core.state import app_state
from py_nodes.quote.api_errors import CatalogNotLoaded
from py_nodes.quote.api_models import StoredQuote
from py_nodes.quote.catalog import Catalog
from py_nodes.quote.documents import build_document, main_product, stored_lines
from py_nodes.quote.numbering import MONTEVIDEO, NUMBER_PATTERN
from py_nodes.quote.presentation import header_from_document, priced_from_document
from py_nodes.quote.review import customer_notice, review_quote
from py_nodes.quote.schemas import PricedQuote, QuoteRequest
from py_nodes.quote.store import QuoteStore
from py_nodes.quote.whatsapp import whatsapp_text

PRINTABLE_CACHE = "quote_printable"
PRINTABLE_TTL_S = 24 * 3600
#: What the PDF shows never changes after creation (state and follow-ups are not printed), so
#: this part of a new quote is cached and the PDF n8n fetches right after does not hit the store.
PRINTABLE_FIELDS = (
    "_id", "number", "user_phone", "customer_name", "product", "scenario", "request", "quote",
    "created_at", "needs_review", "review_reasons",
)  # fmt: skip


async def now_utc() -> datetime:
    """The clock of the routes (a dependency, so tests can move time). Async: no thread hop."""
    return datetime.now(UTC)


async def current_resources(request: Request) -> Resources:
    """Like ``core.deps.ResourcesDep`` but async, so FastAPI does not hop to its thread pool."""
    return app_state(request.app).resources


QuoteResources = Annotated[Resources, Depends(current_resources)]


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
    from py_nodes.quote.engine import price_quote

    catalog = loaded_catalog(resources)
    price_list = request.price_list or resources.settings.price_list
    started = time.perf_counter()
    priced = price_quote(
        request, catalog, price_list=price_list, today=now.astimezone(MONTEVIDEO).date()
    )
    metrics.ENGINE_SECONDS.observe(time.perf_counter() - started)
    return priced


async def create_quote(
    request: QuoteRequest, resources: Resources, now: datetime
) -> dict[str, Any]:
    """Price first (bad input never takes a number), then number and store in one store call."""
    priced = price(request, resources, now)
    review = review_quote(request, priced, loaded_catalog(resources))
    held = {"needs_review": review.needs_review, "review_reasons": review.reasons}
    document = await QuoteStore(resources.store).create(
        now, lambda number: {**build_document(number, request, priced, now), **held}
    )
    metrics.QUOTES_CREATED.labels(product=main_product(request), origin=request.origin).inc()
    metrics.QUOTED_USD.labels(origin=request.origin).inc(float(priced.total))
    if review.needs_review and request.origin == "WA" and request.customer.phone:
        # The customer gets the review notice, not the prices: the chat is a seller's now.
        hold_s = resources.settings.handoff_release_after_s
        phone = request.customer.phone.lstrip("+")  # contacts are keyed by WhatsApp's digits
        await contacts.hand_to_sales(resources.store, phone, "review", now.timestamp(), hold_s)
    printable = {name: document[name] for name in PRINTABLE_FIELDS}
    await set_json(resources.cache, printable_key(document["number"]), printable, PRINTABLE_TTL_S)
    return document


def printable_key(number: str) -> str:
    return f"quote:printable:{number}"


async def printable_document(number: str, resources: Resources) -> dict[str, Any]:
    """The immutable part of a quote: from the cache when recent, else from the store."""
    if NUMBER_PATTERN.match(number):
        cached = await get_json(resources.cache, PRINTABLE_CACHE, printable_key(number))
        if isinstance(cached, dict):
            return cached
    return await QuoteStore(resources.store).get(number)


def pdf_path(number: str) -> str:
    return f"/quotes/{number}/pdf"


def to_response(document: dict[str, Any], labels: dict[str, str]) -> StoredQuote:
    """The API view of a stored document, with its WhatsApp text."""
    quote = document["quote"]
    header = header_from_document(document, labels)
    return StoredQuote(
        id=document["_id"],
        number=document["number"],
        state=document["estado"],
        assignee=document["assignee"],
        origin=document["origin"],
        customer={"phone": document["user_phone"], "name": document.get("customer_name")},
        scenario=document.get("scenario", ""),
        price_list=quote["price_list"],
        currency=quote["currency"],
        catalog_version=quote["catalog_version"],
        lines=stored_lines(quote),
        groups=quote["groups"],
        subtotal=quote["subtotal"],
        iva=quote["iva"],
        total=quote["total"],
        figures=quote["figures"],
        warnings=quote["warnings"],
        freight_note=quote.get("freight_note"),
        valid_until=quote["valid_until"],
        created_at=document["created_at"],
        history=document["history"],
        followed_up_at=document.get("followed_up_at"),
        needs_review=document.get("needs_review", False),
        review_reasons=document.get("review_reasons", []),
        whatsapp_text=customer_notice()
        if document.get("needs_review")
        else whatsapp_text(header, priced_from_document(document)),
        pdf_url=pdf_path(document["number"]),
    )
