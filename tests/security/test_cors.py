"""CORS allowlist per environment, never '*', and refusal of foreign state-changing requests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.core.errors import ConfigurationError
from py_nodes.main import create_app
from py_nodes.security.cors import DEV_ORIGINS, allowed_origins

ADMIN = {"client_id": "quote-admin", "client_secret": "admin-pass"}


def preflight(client: TestClient, origin: str) -> dict[str, str]:
    response = client.options(
        "/auth/token",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-api-key",
        },
    )
    return dict(response.headers)


def test_preflight_from_allowed_origin_is_allowed(security_client: TestClient) -> None:
    headers = preflight(security_client, "http://localhost:5678")

    assert headers["access-control-allow-origin"] == "http://localhost:5678"


def test_preflight_from_other_origin_gets_no_allow_header(security_client: TestClient) -> None:
    headers = preflight(security_client, "https://evil.example")

    assert "access-control-allow-origin" not in headers


def test_post_from_other_origin_is_refused_with_403(security_client: TestClient) -> None:
    response = security_client.post(
        "/auth/token", json=ADMIN, headers={"Origin": "https://evil.example"}
    )

    assert response.status_code == 403
    assert response.json()["type"].endswith("/security/origin-refused")


def test_post_from_allowed_origin_passes(security_client: TestClient) -> None:
    response = security_client.post(
        "/auth/token", json=ADMIN, headers={"Origin": "http://localhost:3000"}
    )

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"


def test_post_without_origin_passes(security_client: TestClient) -> None:
    response = security_client.post("/auth/token", json=ADMIN)

    assert response.status_code == 200


def test_get_from_other_origin_is_served_without_allow_header(
    security_client: TestClient,
) -> None:
    response = security_client.get("/health/live", headers={"Origin": "https://evil.example"})

    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_configured_origins_replace_dev_defaults(client_for: Callable[..., TestClient]) -> None:
    client = client_for(cors_origins="https://cotizador.bmc.uy")

    response = client.post("/auth/token", json=ADMIN, headers={"Origin": "http://localhost:3000"})

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param("dev", list(DEV_ORIGINS), id="dev"),
        pytest.param("test", list(DEV_ORIGINS), id="test"),
        pytest.param("staging", [], id="staging"),
        pytest.param("prod", [], id="prod"),
    ],
)
def test_allowed_origins_defaults_per_environment(
    make_security_settings: Callable[..., Settings], env: str, expected: list[str]
) -> None:
    assert allowed_origins(make_security_settings(env=env)) == expected


@pytest.mark.parametrize("origins", ["*", "https://a.example,*", "https://*.bmc.uy"])
def test_create_app_refuses_wildcard_origin(
    make_security_settings: Callable[..., Settings], tmp_path: Path, origins: str
) -> None:
    with pytest.raises(ConfigurationError, match="'\\*' is refused"):
        create_app(make_security_settings(cors_origins=origins), nodes=["security"])
