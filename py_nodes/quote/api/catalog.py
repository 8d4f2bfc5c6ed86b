"""``GET /catalog``: the price catalog as JSON, read through the cache."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from py_nodes.core.deps import ResourcesDep
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.quote.api.examples import CATALOG_EXAMPLE
from py_nodes.quote.api.responses import example
from py_nodes.quote.catalog.cache import cached_catalog_json
from py_nodes.quote.errors import CatalogNotLoaded
from py_nodes.quote.service import loaded_catalog

router = APIRouter(tags=["quote"])


@router.get(
    "/catalog",
    responses={
        200: example(CATALOG_EXAMPLE),
        **problem_responses(CatalogNotLoaded),
    },
)
async def get_catalog(resources: ResourcesDep) -> dict[str, Any]:
    """The catalog in force: version, panels and thicknesses with prices (USD ex IVA, as text),
    accessories, freight zones, parameters and the 12 commercial conditions.

    Cached for `CATALOG_CACHE_TTL_S` seconds under the catalog's fingerprint, so a new catalog
    file is served as soon as it is loaded.
    """
    catalog = loaded_catalog(resources)
    ttl = resources.settings.catalog_cache_ttl_s
    return await cached_catalog_json(resources.cache, catalog, ttl)
