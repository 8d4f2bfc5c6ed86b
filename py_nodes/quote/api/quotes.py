"""Quote routes: create (n8n), read, list and change state (people, with scoped tokens), PDF."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, Query, Response, status

from py_nodes.core.auth import Principal, require_scope
from py_nodes.core.deps import NowDep, ResourcesDep
from py_nodes.core.errors import ValidationFailed
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.quote.api.examples import ASSIGNED_EXAMPLE, QUOTE_REQUEST_EXAMPLE, SENT_EXAMPLE
from py_nodes.quote.api.models import (
    QuoteListQuery,
    QuotePage,
    QuoteSummary,
    StatusChange,
    StoredQuote,
    example_quote,
)
from py_nodes.quote.api.responses import PDF_RESPONSE, example
from py_nodes.quote.documents.header import (
    header_from_document,
    pdf_filename,
)
from py_nodes.quote.documents.pdf import render_quote_pdf
from py_nodes.quote.engine.models import QuoteRequest
from py_nodes.quote.errors import (
    CatalogNotLoaded,
    ConcurrentUpdate,
    IllegalTransition,
    InvalidDateRange,
    QuoteNotFound,
    ScenarioIncomplete,
    SharedEdgeInvalid,
    ThicknessNotMade,
    UnknownProduct,
    WrongProductKind,
)
from py_nodes.quote.service import (
    create_quote,
    loaded_catalog,
    printable_document,
    product_labels,
    to_response,
)
from py_nodes.quote.store.numbering import MONTEVIDEO
from py_nodes.quote.store.quotes import QuoteFilter, QuoteStore

router = APIRouter(tags=["quote"])
BOT = "bot"
CREATE_RESPONSES: dict[int | str, dict[str, object]] = {
    201: {"content": {"application/json": {"example": example_quote()}}},
    **problem_responses(
        ValidationFailed,
        ScenarioIncomplete,
        UnknownProduct,
        WrongProductKind,
        ThicknessNotMade,
        SharedEdgeInvalid,
        CatalogNotLoaded,
    ),
}
QuoteBody = Annotated[
    QuoteRequest, Body(openapi_examples={"roof": {"value": QUOTE_REQUEST_EXAMPLE}})
]


async def post_quote(body: QuoteBody, resources: ResourcesDep, now: NowDep) -> StoredQuote:
    """Price a quote, give it the next number `BMC-YYYY-NNNN` and store it as `Pendiente`.

    The response carries every line, group subtotals, totals (money as strings with two
    decimals), the WhatsApp text (itemised; ≤ 4,096 characters) and `pdf_url`, the path of the
    customer PDF. Bad input (unknown product, a thickness not made, absurd sizes) is a 422 whose
    `errors` name each field; nothing is stored and no number is used.
    """
    document = await create_quote(body, resources, now)
    return to_response(document, product_labels(resources))


router.add_api_route(
    "/quotes",
    post_quote,
    methods=["POST"],
    status_code=status.HTTP_201_CREATED,
    response_model=StoredQuote,
    responses=CREATE_RESPONSES,
    summary="Create a quote",
)
router.add_api_route(
    "/cotizacion/generar",
    post_quote,
    methods=["POST"],
    status_code=status.HTTP_201_CREATED,
    response_model=StoredQuote,
    responses=CREATE_RESPONSES,
    deprecated=True,
    summary="Create a quote (old path; use POST /quotes)",
    operation_id="post_quote_legacy",
)


def _day_start(day: date) -> float:
    return datetime.combine(day, time.min, tzinfo=MONTEVIDEO).timestamp()


def window(date_from: date | None, date_to: date | None) -> tuple[float | None, float | None]:
    """Inclusive calendar days in Montevideo as ``[since, until)`` epoch seconds."""
    if date_from and date_to and date_from > date_to:
        raise InvalidDateRange()
    since = _day_start(date_from) if date_from else None
    # The last representable day has no "next day": it means no upper bound.
    until = _day_start(date_to + timedelta(days=1)) if date_to and date_to < date.max else None
    return since, until


@router.get("/quotes", responses=problem_responses(InvalidDateRange, ValidationFailed))
async def list_quotes(
    query: Annotated[QuoteListQuery, Query()],
    resources: ResourcesDep,
    _: Annotated[Principal, Depends(require_scope("quotes:read"))],
) -> QuotePage:
    """Quotes, newest first, filtered by `phone`, `state` and days `from`/`to` (inclusive).

    Needs a bearer token with scope `quotes:read`. Example: `GET /quotes?state=Enviado&limit=20`.
    Unknown parameters are refused (422), so filters can never carry query operators.
    """
    since, until = window(query.date_from, query.date_to)
    where = QuoteFilter(phone=query.phone, state=query.state, since_ts=since, until_ts=until)
    documents, total = await QuoteStore(resources.store).search(
        where, limit=query.limit, offset=query.offset
    )
    items = [
        QuoteSummary(
            id=row.id,
            number=row.number,
            state=row.state,
            assignee=row.assignee,
            origin=row.origin,
            phone=row.user_phone,
            customer_name=row.customer_name,
            product=row.product,
            total=row.total,
            created_at=row.created_at,
        )
        for row in documents
    ]
    return QuotePage(items=items, total=total, limit=query.limit, offset=query.offset)


@router.get("/quotes/{quote_id}", responses=problem_responses(QuoteNotFound))
async def get_quote(
    quote_id: str,
    resources: ResourcesDep,
    _: Annotated[Principal, Depends(require_scope("quotes:read"))],
) -> StoredQuote:
    """One quote by its number (`BMC-2026-0001`), with lines, totals, history and texts.

    Needs a bearer token with scope `quotes:read`.
    """
    document = await QuoteStore(resources.store).get(quote_id)
    return to_response(document, product_labels(resources))


@router.patch(
    "/quotes/{quote_id}/status",
    responses={
        200: example(ASSIGNED_EXAMPLE),
        **problem_responses(QuoteNotFound, IllegalTransition, ConcurrentUpdate),
    },
)
async def patch_quote_status(
    quote_id: str,
    change: StatusChange,
    resources: ResourcesDep,
    now: NowDep,
    _: Annotated[Principal, Depends(require_scope("quotes:write"))],
) -> StoredQuote:
    """Move a quote along Pendiente → Asignado → Enviado → Listo → Confirmado, or to Rechazado.

    Body example: `{"state": "Asignado", "by": "MA", "assignee": "MA"}`. One step forward at a
    time; Rechazado from any non-final state; Confirmado and Rechazado are final. An illegal move
    is a 409 whose `allowed` lists the possible states. Needs scope `quotes:write`.
    """
    document = await QuoteStore(resources.store).transition(
        quote_id, change.state, change.by, now, change.assignee
    )
    return to_response(document, product_labels(resources))


@router.get(
    "/quotes/{quote_id}/pdf",
    response_class=Response,
    responses={
        200: PDF_RESPONSE,
        **problem_responses(QuoteNotFound, CatalogNotLoaded),
    },
)
async def get_quote_pdf(quote_id: str, resources: ResourcesDep) -> Response:
    """The customer PDF of a quote (BMC URUGUAY / METALOG SAS, items by group, totals, terms).

    The WhatsApp flow downloads it and sends it as a document, named like
    `0001BMC-200526-Ana Pérez-Maldonado.pdf` (sequence, date, customer, city).
    """
    document = await printable_document(quote_id, resources)
    catalog = loaded_catalog(resources)
    header = header_from_document(document, product_labels(resources))
    content = render_quote_pdf(header, document.quote.priced(), catalog.conditions)
    filename = pdf_filename(header)
    ascii_name = filename.encode("ascii", "ignore").decode()
    disposition = f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        content, media_type="application/pdf", headers={"Content-Disposition": disposition}
    )


@router.post(
    "/quotes/{quote_id}/sent",
    responses={
        200: example(SENT_EXAMPLE),
        **problem_responses(QuoteNotFound, IllegalTransition, ConcurrentUpdate),
    },
)
async def post_quote_sent(quote_id: str, resources: ResourcesDep, now: NowDep) -> StoredQuote:
    """Record that the bot delivered the quote to the customer: it moves to `Enviado`.

    For n8n (service key only, no bearer token), called right after the quote text and PDF went
    out on WhatsApp. The quote walks the life cycle one step at a time (`Pendiente → Asignado →
    Enviado`), each step in `history` with `by: "bot"`; `sent_at` starts the follow-up clock.
    Idempotent: a quote already `Enviado` or `Listo` answers 200 unchanged. A quote `Rechazado`
    or `Confirmado` is a 409.
    """
    document = await QuoteStore(resources.store).mark_sent(quote_id, BOT, now)
    return to_response(document, product_labels(resources))
