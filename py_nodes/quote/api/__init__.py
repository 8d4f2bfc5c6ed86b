"""The quote node's HTTP API: routes, their request and response models, examples, responses."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Every router of the node, in matching order."""
    from py_nodes.quote.api import catalog, export, followups, notice, quotes

    # Follow-ups first: `/quotes/followups/due` must not be read as a quote id.
    return [followups.router, quotes.router, notice.router, catalog.router, export.router]
