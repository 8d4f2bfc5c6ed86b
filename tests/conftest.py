"""Shared fixtures: settings on a temporary data dir -> app -> client (lifespan runs)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.main import create_app
from py_nodes.security.tokens import issue_access_token

TEST_SIGNING_KEY = "test-signing-key"  # pragma: allowlist secret
TEST_OPERATOR_SECRET = "test-operator-secret"  # pragma: allowlist secret


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Test settings: embedded stores under ``tmp_path``, no outside service."""
    values: dict[str, object] = {
        "env": "test",
        "data_dir": tmp_path / "data",
        "log_level": "WARNING",
        "api_keys": "test-key-current,test-key-previous",
        "token_signing_keys": TEST_SIGNING_KEY,
        "auth_clients": f"operator:{TEST_OPERATOR_SECRET}:inbox:replay",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def replay_headers(settings: Settings) -> dict[str, str]:
    """An operator's token for recording a delivery without its signature (``inbox:replay``)."""
    token = issue_access_token(settings, "operator", ["inbox:replay"])
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def redis_url() -> str:
    """A real Redis started by the test command; skipped only when none is required."""
    url = os.environ.get("BMC_TEST_REDIS_URL")
    if url:
        return url
    if os.environ.get("BMC_REQUIRE_REDIS"):
        pytest.fail("BMC_REQUIRE_REDIS is set but BMC_TEST_REDIS_URL is not: start redis-server")
    pytest.skip("no Redis: run through scripts/test.sh, which starts redis-server")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
