"""GET /catalog: the catalog as JSON, cached under its fingerprint, hits and misses counted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from py_nodes.core import metrics
from py_nodes.core.config import Settings
from py_nodes.core.state import app_state
from py_nodes.quote.catalog.cache import catalog_cache_key
from py_nodes.quote.service import CatalogState
from tests.quote.api_helpers import headers, quote_client


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    yield from quote_client(settings)


def counted(result: str) -> float:
    value: float = metrics.CACHE_REQUESTS.labels(cache="catalog", result=result)._value.get()
    return value


def test_get_catalog_returns_prices_as_text(api: TestClient) -> None:
    response = api.get("/catalog", headers=headers("catalog"))

    body = response.json()
    assert response.status_code == 200
    assert body["panels"]["ISODEC_EPS"]["thicknesses"]["100"]["web"] == "41.15"
    assert len(body["conditions"]) == 12


def test_get_catalog_second_call_is_a_cache_hit(api: TestClient) -> None:
    api.get("/catalog", headers=headers("catalog"))
    hits, misses = counted("hit"), counted("miss")

    api.get("/catalog", headers=headers("catalog"))

    assert (counted("hit"), counted("miss")) == (hits + 1, misses)


def test_get_catalog_is_cached_under_the_fingerprint(api: TestClient) -> None:
    api.get("/catalog", headers=headers("catalog"))
    resources = app_state(api.app).resources
    key = catalog_cache_key(resources.state.get(CatalogState).catalog)

    cached = api.portal.call(resources.cache.get, key)  # type: ignore[union-attr]

    assert cached is not None


def test_new_catalog_fingerprint_misses_the_cache(api: TestClient) -> None:
    api.get("/catalog", headers=headers("catalog"))
    resources = app_state(api.app).resources
    state = resources.state.get(CatalogState)
    catalog = state.catalog.model_copy(update={"version": "2099-01-01.1"})
    catalog._fingerprint = "f" * 64
    resources.state.put(replace(state, catalog=catalog))
    misses = counted("miss")

    body = api.get("/catalog", headers=headers("catalog")).json()

    assert (body["version"], counted("miss")) == ("2099-01-01.1", misses + 1)


def test_get_catalog_needs_api_key(api: TestClient) -> None:
    assert api.get("/catalog").status_code == 401
