"""Fixtures for the security node: an app with only that node, secrets for every feature."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.main import create_app
from tests.security.security_values import (
    API_KEY,
    APP_SECRET_NEW,
    APP_SECRET_OLD,
    CLIENTS,
    TOKEN_KEY_NEW,
    TOKEN_KEY_OLD,
    VERIFY_TOKEN,
)

SettingsFactory = Callable[..., Settings]


@pytest.fixture
def make_security_settings(tmp_path: Path) -> SettingsFactory:
    def factory(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "env": "test",
            "data_dir": tmp_path / "data",
            "log_level": "WARNING",
            "api_keys": f"{API_KEY},test-key-previous",
            "whatsapp_app_secrets": f"{APP_SECRET_NEW},{APP_SECRET_OLD}",
            "whatsapp_verify_token": VERIFY_TOKEN,
            "token_signing_keys": f"{TOKEN_KEY_NEW},{TOKEN_KEY_OLD}",
            "auth_clients": CLIENTS,
        }
        values.update(overrides)
        return Settings(**values)  # type: ignore[arg-type]

    return factory


@pytest.fixture
def security_settings(make_security_settings: SettingsFactory) -> Settings:
    return make_security_settings()


@pytest.fixture
def security_app(security_settings: Settings) -> FastAPI:
    return create_app(security_settings, nodes=["security"])


@pytest.fixture
def security_client(security_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(security_app, raise_server_exceptions=False) as client:
        client.headers["X-API-Key"] = API_KEY
        yield client


@pytest.fixture
def client_for(
    make_security_settings: SettingsFactory, tmp_path: Path
) -> Iterator[Callable[..., TestClient]]:
    """A started client for an app built with some settings overridden."""
    opened: list[TestClient] = []

    def build(**overrides: object) -> TestClient:
        overrides.setdefault("data_dir", tmp_path / f"data-{len(opened)}")
        app = create_app(make_security_settings(**overrides), nodes=["security"])
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        client.headers["X-API-Key"] = API_KEY
        opened.append(client)
        return client

    yield build
    for client in opened:
        client.__exit__(None, None, None)
