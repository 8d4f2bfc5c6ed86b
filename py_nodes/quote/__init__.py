"""The quote node: prices, numbers and stores quotes; serves their PDF, the catalog and exports."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter

from py_nodes.core.node import NodeSpec
from py_nodes.core.resources import Resources
from py_nodes.core.storage import IndexSpec


async def load_catalog_at_start(resources: Resources) -> None:
    """Read and validate the catalog once; a broken catalog stops the start with its reason."""
    from py_nodes.quote.catalog import load_catalog
    from py_nodes.quote.service import CatalogState

    catalog = await asyncio.to_thread(load_catalog, resources.settings.catalog_path)
    labels = {code: panel.label for code, panel in catalog.panels.items()}
    resources.state.put(CatalogState(catalog=catalog, labels=labels))


def _routers() -> list[APIRouter]:
    from py_nodes.quote import (
        routes_catalog,
        routes_export,
        routes_followups,
        routes_notice,
        routes_quotes,
    )

    # Follow-ups first: `/quotes/followups/due` must not be read as a quote id.
    return [
        routes_followups.router,
        routes_quotes.router,
        routes_notice.router,
        routes_catalog.router,
        routes_export.router,
    ]


NODE = NodeSpec(
    name="quote",
    protected=_routers(),
    indexes=[
        IndexSpec("quotes", (("timestamp", -1),)),
        IndexSpec("quotes", (("user_phone", 1), ("timestamp", -1))),
        IndexSpec("quotes", (("estado", 1), ("timestamp", -1))),
        IndexSpec("quotes", (("number", 1),), unique=True),
        IndexSpec("quotes", (("estado", 1), ("sent_at", 1))),
        IndexSpec("conversations", (("timestamp", 1),)),
        IndexSpec("conversations", (("phone", 1), ("direction", 1), ("timestamp", -1))),
    ],
    on_startup=[load_catalog_at_start],
)
