"""``GET /export``: quotes or conversations as CSV, XLSX or JSON (scope ``export``)."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Depends, Query, Response

from py_nodes.core.auth import Principal, require_scope
from py_nodes.core.deps import ResourcesDep
from py_nodes.core.errors import ValidationFailed
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.quote.api.examples import EXPORT_EXAMPLES
from py_nodes.quote.api.models import ExportQuery
from py_nodes.quote.api.quotes import window
from py_nodes.quote.documents.export import MEDIA_TYPES, render
from py_nodes.quote.errors import InvalidDateRange
from py_nodes.quote.store.quotes import CONVERSATIONS, QUOTES, QuoteFilter, QuoteStore

router = APIRouter(tags=["quote"])
MAX_ROWS: Final = 50_000


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {
            "description": "The file, as an attachment",
            "content": {
                media: {"example": EXPORT_EXAMPLES[fmt]} for fmt, media in MEDIA_TYPES.items()
            },
        },
        **problem_responses(InvalidDateRange, ValidationFailed),
    },
)
async def get_export(
    query: Annotated[ExportQuery, Query()],
    resources: ResourcesDep,
    _: Annotated[Principal, Depends(require_scope("export"))],
) -> Response:
    """Quotes (`kind=quotes`) or WhatsApp messages (`kind=conversations`) between the days
    `from` and `to` (inclusive, Montevideo), oldest first, as `format=csv|xlsx|json`.

    Example: `GET /export?kind=quotes&format=xlsx&from=2026-05-01&to=2026-05-31`. At most
    50,000 rows. Needs a bearer token with scope `export`.
    """
    since, until = window(query.date_from, query.date_to)
    collection = QUOTES if query.kind == "quotes" else CONVERSATIONS
    documents = await QuoteStore(resources.store).export_rows(
        collection, QuoteFilter(since_ts=since, until_ts=until), MAX_ROWS
    )
    content = render(query.kind, query.format, documents)
    name = f"{query.kind}-{query.date_from or 'inicio'}-{query.date_to or 'hoy'}.{query.format}"
    return Response(
        content,
        media_type=MEDIA_TYPES[query.format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
