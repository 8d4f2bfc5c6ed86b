"""POST /auth/token, /auth/refresh, /auth/revoke, and scoped routes behind them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient

from py_nodes.core.auth import Principal, require_scope
from py_nodes.core.config import Settings
from py_nodes.security.tokens import issue_access_token
from tests.security.security_values import API_KEY

AUTH = "https://bmc-bot.uy/problems/auth/"
ADMIN = {"client_id": "quote-admin", "client_secret": "admin-pass"}  # see security_values.CLIENTS


@pytest.fixture
def scoped_client(security_app: FastAPI) -> TestClient:
    """The security app plus a route that needs ``export`` (like the quote node's export)."""
    router = APIRouter()

    @router.get("/test-export")
    async def get_export(
        principal: Annotated[Principal, Depends(require_scope("export"))],
    ) -> dict[str, str]:
        return {"subject": principal.subject}

    security_app.include_router(router)
    return TestClient(security_app, raise_server_exceptions=False, headers={"X-API-Key": API_KEY})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token(client: TestClient, **body: Any) -> Any:
    return client.post("/auth/token", json={**ADMIN, **body}).json()


def test_post_token_returns_bearer_pair(security_client: TestClient) -> None:
    response = security_client.post("/auth/token", json=ADMIN)

    body = response.json()
    assert response.status_code == 200
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 900)
    assert body["scope"] == "export quotes:read quotes:write"
    assert body["access_token"] != body["refresh_token"]


def test_post_token_grants_requested_subset(security_client: TestClient) -> None:
    body = token(security_client, scope="quotes:read")

    assert body["scope"] == "quotes:read"


def test_post_token_refuses_wrong_secret(security_client: TestClient) -> None:
    response = security_client.post("/auth/token", json={**ADMIN, "client_secret": "nope"})

    assert response.status_code == 401
    assert response.json()["type"] == AUTH + "invalid-client"


def test_post_token_refuses_scope_beyond_client(security_client: TestClient) -> None:
    response = security_client.post(
        "/auth/token",
        json={"client_id": "reader", "client_secret": "reader-pass", "scope": "export"},
    )

    assert response.status_code == 403
    assert response.json()["type"] == AUTH + "scope-not-allowed"


def test_post_token_without_clients_configured_is_503(
    client_for: Callable[..., TestClient],
) -> None:
    response = client_for(auth_clients=None).post("/auth/token", json=ADMIN)

    assert response.status_code == 503


def test_scoped_route_accepts_token_with_scope(scoped_client: TestClient) -> None:
    with scoped_client as client:
        access = token(client, scope="export")["access_token"]

        response = client.get("/test-export", headers=bearer(access))

    assert response.json() == {"subject": "quote-admin"}


def test_scoped_route_refuses_token_without_scope(scoped_client: TestClient) -> None:
    with scoped_client as client:
        access = token(client, scope="quotes:read")["access_token"]

        response = client.get("/test-export", headers=bearer(access))

    assert response.status_code == 403
    assert response.json()["type"] == AUTH + "insufficient-scope"


def test_scoped_route_refuses_tampered_token(scoped_client: TestClient) -> None:
    with scoped_client as client:
        access = token(client)["access_token"]

        response = client.get("/test-export", headers=bearer(access[:-2] + "xx"))

    assert response.status_code == 401
    assert response.json()["type"] == AUTH + "token-invalid"


def test_scoped_route_refuses_revoked_token(scoped_client: TestClient) -> None:
    with scoped_client as client:
        access = token(client)["access_token"]
        client.post("/auth/revoke", json={"token": access})

        response = client.get("/test-export", headers=bearer(access))

    assert response.status_code == 401
    assert response.json()["type"] == AUTH + "token-revoked"


def test_scoped_route_accepts_helper_token(
    scoped_client: TestClient, security_settings: Settings
) -> None:
    access = issue_access_token(security_settings, "quote-admin", ["export"])

    with scoped_client as client:
        response = client.get("/test-export", headers=bearer(access))

    assert response.json() == {"subject": "quote-admin"}


def test_post_refresh_rotates_refresh_token(security_client: TestClient) -> None:
    first = token(security_client)

    response = security_client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})

    assert response.status_code == 200
    assert response.json()["refresh_token"] != first["refresh_token"]


def test_post_refresh_refuses_reused_token(security_client: TestClient) -> None:
    first = token(security_client)
    security_client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})

    response = security_client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})

    assert response.status_code == 401
    assert response.json()["type"] == AUTH + "refresh-token-reused"


def test_post_refresh_refuses_access_token(security_client: TestClient) -> None:
    first = token(security_client)

    response = security_client.post("/auth/refresh", json={"refresh_token": first["access_token"]})

    assert response.status_code == 401
    assert response.json()["type"] == AUTH + "token-invalid"


def test_post_refresh_refuses_client_removed_since_login(
    client_for: Callable[..., TestClient],
) -> None:
    before = client_for()
    refresh = token(before)["refresh_token"]
    after = client_for(auth_clients="reader:reader-pass:quotes:read")

    response = after.post("/auth/refresh", json={"refresh_token": refresh})

    assert response.status_code == 401
    assert response.json()["type"] == AUTH + "token-revoked"


def test_post_revoke_refresh_token_stops_refresh(security_client: TestClient) -> None:
    first = token(security_client)
    revoked = security_client.post("/auth/revoke", json={"token": first["refresh_token"]})

    response = security_client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})

    assert revoked.status_code == 204
    assert response.json()["type"] == AUTH + "token-revoked"


def test_post_revoke_refuses_garbage(security_client: TestClient) -> None:
    response = security_client.post("/auth/revoke", json={"token": "garbage"})

    assert response.status_code == 401


def test_post_token_needs_no_api_key(security_client: TestClient) -> None:
    """The client id and secret authenticate: holding a token never means holding a key."""
    del security_client.headers["X-API-Key"]

    response = security_client.post("/auth/token", json=ADMIN)

    assert response.status_code == 200
    assert response.json()["scope"] == "export quotes:read quotes:write"
