"""The service API key on every route but health and metrics, with rotation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

KEY_NEW = "test-key-current"
KEY_OLD = "test-key-previous"
ROUTE = "/security/whatsapp/subscription"


@pytest.mark.parametrize("key", [KEY_NEW, KEY_OLD])
def test_api_key_rotation_accepts_both_keys(
    client_for: Callable[..., TestClient], key: str
) -> None:
    client = client_for(api_keys=f"{KEY_NEW}\n{KEY_OLD}")

    response = client.get(ROUTE, headers={"X-API-Key": key})

    assert response.status_code == 422  # past the key check, missing hub.* parameters


def test_api_key_refuses_old_key_after_rotation(client_for: Callable[..., TestClient]) -> None:
    client = client_for(api_keys=KEY_NEW)

    response = client.get(ROUTE, headers={"X-API-Key": KEY_OLD})

    assert response.status_code == 401
    assert response.json()["type"].endswith("/auth/invalid-api-key")


def test_api_key_accepts_new_key_after_rotation(client_for: Callable[..., TestClient]) -> None:
    client = client_for(api_keys=KEY_NEW)

    response = client.get(ROUTE, headers={"X-API-Key": KEY_NEW})

    assert response.status_code == 422


@pytest.mark.parametrize("path", ["/health/live", "/metrics"])
def test_health_and_metrics_need_no_api_key(security_client: TestClient, path: str) -> None:
    response = security_client.get(path, headers={"X-API-Key": ""})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/security/whatsapp/signature"),
        ("GET", ROUTE),
    ],
)
def test_every_security_route_needs_api_key(
    security_client: TestClient, method: str, path: str
) -> None:
    response = security_client.request(method, path, headers={"X-API-Key": ""})

    assert response.status_code == 401
