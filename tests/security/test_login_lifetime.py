"""Logins end (issue 12, item 2): refresh tokens cannot be renewed forever and die with a
secret change; /auth/token needs no key and is rate-limited; keyless requests cannot spend a
customer's phone budget; forged signature floods cannot spend n8n's budget."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from py_nodes.core.cache import MemoryCache
from py_nodes.core.config import Settings
from py_nodes.main import create_app
from py_nodes.security import rate_limit_rules
from py_nodes.security.clients import parse_clients
from py_nodes.security.errors import LoginExpired, TokenRevoked
from py_nodes.security.signature import sign
from py_nodes.security.tokens import REFRESH_TTL_S, TokenService
from tests.security.security_values import TOKEN_KEY_NEW

N8N_KEY = "n8n-key-0123456789abcdefghijklmnopqrstuv"  # pragma: allowlist secret
SECRET_A = "tool-secret-a-0123456789abcdefghijklm"  # pragma: allowlist secret
SECRET_B = "tool-secret-b-0123456789abcdefghijklm"  # pragma: allowlist secret
APP_SECRET = "app-secret-0123456789abcdef"  # pragma: allowlist secret


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def token_service(clock: Clock, secret: str, max_login_s: int = 3600) -> TokenService:
    client = parse_clients([f"tool:{secret}:export"])[0]
    cache = MemoryCache(clock=clock)
    return TokenService(
        [TOKEN_KEY_NEW],
        cache=lambda: cache,
        clock=clock,
        version_of={"tool": client.secret_version}.get,
        max_login_s=max_login_s,
    )


def version(secret: str) -> str:
    return parse_clients([f"tool:{secret}:export"])[0].secret_version


@pytest.mark.anyio
async def test_refresh_cannot_renew_a_login_forever() -> None:
    clock = Clock()
    service = token_service(clock, SECRET_A, max_login_s=3600)
    pair = service.issue_pair("tool", {"export"}, version=version(SECRET_A))
    for _ in range(3):  # refreshing every 15 minutes keeps it alive within the hour
        clock.now += 900
        _, pair = await service.refresh(pair.refresh_token)

    clock.now += 901  # 3,601 s after the login, well inside the refresh token's own 7 days
    assert REFRESH_TTL_S > 3601
    with pytest.raises(LoginExpired):
        await service.refresh(pair.refresh_token)


@pytest.mark.anyio
async def test_a_secret_change_ends_refresh_and_access_tokens() -> None:
    clock = Clock()
    before = token_service(clock, SECRET_A)
    pair = before.issue_pair("tool", {"export"}, version=version(SECRET_A))
    after = token_service(clock, SECRET_B)  # the same client, its secret changed, restarted

    with pytest.raises(TokenRevoked):
        await after.refresh(pair.refresh_token)
    with pytest.raises(TokenRevoked):
        await after.verify_access(pair.access_token)


def test_secret_change_through_the_api(
    client_for: Callable[..., TestClient],
) -> None:
    before = client_for(auth_clients=f"tool:{SECRET_A}:export")
    pair = before.post("/auth/token", json={"client_id": "tool", "client_secret": SECRET_A}).json()
    after = client_for(auth_clients=f"tool:{SECRET_B}:export")

    refreshed = after.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})

    assert refreshed.status_code == 401
    assert refreshed.json()["type"].endswith("/auth/token-revoked")


def test_auth_token_is_rate_limited_per_address_without_a_key(
    client_for: Callable[..., TestClient],
) -> None:
    client = client_for(auth_clients=f"tool:{SECRET_A}:export")
    del client.headers["X-API-Key"]
    wrong = {"client_id": "tool", "client_secret": "guess"}

    statuses = [client.post("/auth/token", json=wrong).status_code for _ in range(11)]

    assert statuses == [401] * 10 + [429]


def full_settings(tmp_path: Path) -> Settings:
    return Settings(
        env="test",
        data_dir=tmp_path / "data",
        log_level="WARNING",
        api_keys=f"n8n:{N8N_KEY}",
        whatsapp_app_secrets=APP_SECRET,
    )


def test_keyless_requests_naming_a_phone_do_not_spend_that_customers_budget(
    tmp_path: Path,
) -> None:
    victim = {"X-End-User-Phone": "59899123456"}
    with TestClient(create_app(full_settings(tmp_path)), raise_server_exceptions=False) as client:
        forged = [client.post("/ai/respond", json={}, headers=victim) for _ in range(12)]
        real = client.post("/ai/respond", json={}, headers={**victim, "X-API-Key": N8N_KEY})

    assert {response.status_code for response in forged} <= {401, 429}
    assert real.status_code == 422  # reached the route: the missing body, not a 429


def test_forged_signature_flood_through_n8n_does_not_make_real_deliveries_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every forged post the ingress lets through reaches Python as n8n: they share n8n's key.
    With the real rule scaled down to 3 a minute, a flood of 10 forged checks must not spend
    what a real delivery needs."""
    scaled = tuple(
        replace(rule, limit="3/minute", service_limit="3/minute" if rule.service_limit else None)
        if rule.name == "whatsapp-signature"
        else rule
        for rule in rate_limit_rules.RULES
    )
    monkeypatch.setattr("py_nodes.security.rate_limit_middleware.RULES", scaled)
    body = b'{"object":"whatsapp_business_account","entry":[]}'
    key = {"X-API-Key": N8N_KEY, "Content-Type": "application/octet-stream"}
    with TestClient(create_app(full_settings(tmp_path)), raise_server_exceptions=False) as client:
        forged = [
            client.post(
                "/security/whatsapp/signature",
                content=body,
                headers={**key, "X-Hub-Signature-256": "sha256=" + "0" * 64},
            ).status_code
            for _ in range(10)
        ]
        real = client.post(
            "/security/whatsapp/signature",
            content=body,
            headers={**key, "X-Hub-Signature-256": sign(body, APP_SECRET)},
        )

    assert set(forged) == {401}
    assert real.status_code == 204
