"""Rate limits and single-use refresh tokens on a real Redis (shared by every replica)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
import redis
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.main import create_app
from tests.security.security_values import API_KEY, VERIFY_TOKEN

pytestmark = pytest.mark.integration
SUBSCRIPTION = "/security/whatsapp/subscription"
PARAMS = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"}
ADMIN = {"client_id": "quote-admin", "client_secret": "admin-pass"}


def test_rate_limit_on_redis_refuses_after_limit(
    make_security_settings: Callable[..., Settings], redis_url: str
) -> None:
    app = create_app(make_security_settings(redis_url=redis_url), nodes=["security"])
    unique_address = f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"
    headers = {"X-API-Key": API_KEY, "X-Forwarded-For": unique_address}
    with TestClient(app, client=("127.0.0.1", 40000), headers=headers) as client:
        statuses = [client.get(SUBSCRIPTION, params=PARAMS).status_code for _ in range(21)]

    assert statuses == [200] * 20 + [429]


def test_refresh_token_reuse_is_refused_across_replicas(
    client_for: Callable[..., TestClient], redis_url: str
) -> None:
    first, second = client_for(redis_url=redis_url), client_for(redis_url=redis_url)
    refresh = first.post("/auth/token", json=ADMIN).json()["refresh_token"]
    first.post("/auth/refresh", json={"refresh_token": refresh})

    response = second.post("/auth/refresh", json={"refresh_token": refresh})

    assert response.json()["type"].endswith("/auth/refresh-token-reused")


def test_rate_limit_storage_is_closed_when_the_app_stops(
    make_security_settings: Callable[..., Settings], redis_url: str
) -> None:
    app = create_app(make_security_settings(redis_url=redis_url), nodes=["security"])
    with redis.Redis.from_url(redis_url) as observer:
        before = len(observer.client_list())
        with TestClient(app, headers={"X-API-Key": API_KEY}) as client:
            status = client.get(SUBSCRIPTION, params=PARAMS).status_code
            while_serving = len(observer.client_list())
        after = len(observer.client_list())

    assert status == 200
    assert while_serving > before  # the rate limit counted on this Redis
    assert after <= before  # and the app left no connection behind
