"""The desk on a real app: embedded stores, the real quote and security nodes (reached through
ASGI by the desk's HTTP client, as they would be through the network), n8n faked with respx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.core.state import app_state
from py_nodes.desk.state import DeskState
from py_nodes.main import create_app
from tests.desk.desk_helpers import REPLY_URL, N8nFake, desk_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return desk_settings(tmp_path)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def n8n() -> Iterator[N8nFake]:
    fake = N8nFake()
    with respx.mock(assert_all_called=False) as router:
        router.post(REPLY_URL).mock(side_effect=fake)
        yield fake


@pytest.fixture
def client(app: FastAPI, n8n: N8nFake) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        # The desk reaches the quote node over HTTP; here that HTTP goes into the same app.
        state = app_state(app).nodes.get(DeskState)
        loopback = httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
        state.quotes.http = loopback
        try:
            yield test_client
        finally:
            assert test_client.portal is not None
            test_client.portal.call(loopback.aclose)
