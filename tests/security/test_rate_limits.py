"""Rate limits: the table, keys, headers on every response, 429 after N, reset after the window."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import limits.aio.storage.memory as limits_memory
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from starlette.types import Scope

from py_nodes.core.config import Settings
from py_nodes.security import rate_limit_middleware
from py_nodes.security.rate_limit_middleware import RateLimitMiddleware
from tests.security.security_values import API_KEY, VERIFY_TOKEN

SUBSCRIPTION = "/security/whatsapp/subscription"
PARAMS = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"}


class FakeTime:
    """Stands in for the ``time`` module where the limiter reads the wall clock."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr(limits_memory, "time", fake)
    monkeypatch.setattr(rate_limit_middleware, "time", fake)
    return fake


def rejections(rule: str) -> float:
    return REGISTRY.get_sample_value("bmc_rate_limit_rejections_total", {"rule": rule}) or 0.0


def scope(
    path: str,
    method: str = "POST",
    headers: dict[str, str] | None = None,
    peer: str = "203.0.113.7",
) -> Scope:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    return {"type": "http", "method": method, "path": path, "headers": raw, "client": (peer, 5000)}


@pytest.fixture
def middleware(security_settings: Settings) -> RateLimitMiddleware:
    async def app(scope: Scope, receive: object, send: object) -> None:
        raise AssertionError("not called")

    return RateLimitMiddleware(app, security_settings, subject_of=lambda t: t or None)


@pytest.mark.parametrize(
    ("method", "path", "rule", "amount"),
    [
        pytest.param("POST", "/ai/respond", "ai-respond", 10, id="ai"),
        pytest.param("POST", "/quotes", "quotes-create", 5, id="quotes"),
        pytest.param(
            "POST", "/security/whatsapp/signature", "whatsapp-signature", 20, id="signature"
        ),
        pytest.param("GET", SUBSCRIPTION, "whatsapp-subscription", 20, id="subscription"),
        pytest.param("GET", "/export", "export", 20, id="export"),
        pytest.param("GET", "/quotes", "default", 300, id="quotes-list-default"),
        pytest.param("GET", "/quotes/Q-1", "default", 300, id="quote-by-id-default"),
    ],
)
def test_rule_for_picks_rule_from_table(
    middleware: RateLimitMiddleware, method: str, path: str, rule: str, amount: int
) -> None:
    found, item = middleware.rule_for(method, path)

    assert (found.name, item.amount) == (rule, amount)


def test_export_limit_counts_20_per_15_minutes(middleware: RateLimitMiddleware) -> None:
    _, item = middleware.rule_for("GET", "/export")

    assert item.get_expiry() == 15 * 60


@pytest.mark.parametrize(
    ("path", "headers", "key"),
    [
        pytest.param(
            "/ai/respond",
            {"X-End-User-Phone": "+598 99 123 456", "X-API-Key": API_KEY},
            "phone:59899123456",
            id="phone-digits",
        ),
        pytest.param(
            "/ai/respond",
            {"X-End-User-Phone": "+598 99 123 456"},
            "addr:203.0.113.7",
            id="keyless-phone-counts-the-address",
        ),
        pytest.param(
            "/ai/respond",
            {"X-End-User-Phone": "+598 99 123 456", "X-API-Key": "wrong-key"},
            "addr:203.0.113.7",
            id="wrong-key-phone-counts-the-address",
        ),
        pytest.param("/ai/respond", {}, "addr:203.0.113.7", id="no-phone-falls-back-to-address"),
        pytest.param(
            "/export",
            {"Authorization": "Bearer report-bot"},
            "client:report-bot",
            id="client-from-token",
        ),
        pytest.param("/export", {}, "addr:203.0.113.7", id="no-token-falls-back-to-address"),
    ],
)
def test_key_for_identifies_who_is_counted(
    middleware: RateLimitMiddleware, path: str, headers: dict[str, str], key: str
) -> None:
    method = "GET" if path == "/export" else "POST"
    rule, _ = middleware.rule_for(method, path)

    assert middleware.key_for(rule, scope(path, method, headers)) == key


@pytest.fixture
def relay(security_app: FastAPI) -> Iterator[TestClient]:
    """n8n behind a trusted proxy, forwarding the original client (Meta) address."""
    headers = {"X-API-Key": API_KEY, "X-Forwarded-For": "198.51.100.1"}
    with TestClient(security_app, client=("127.0.0.1", 40000), headers=headers) as client:
        yield client


def test_every_limited_response_carries_rate_limit_headers(
    relay: TestClient, fake_time: FakeTime
) -> None:
    response = relay.get(SUBSCRIPTION, params=PARAMS)

    assert response.headers["X-RateLimit-Limit"] == "20"
    assert response.headers["X-RateLimit-Remaining"] == "19"
    assert response.headers["X-RateLimit-Reset"] == "60"


def test_error_responses_carry_rate_limit_headers(security_client: TestClient) -> None:
    response = security_client.get("/no-such-route", headers={"X-API-Key": ""})

    assert response.status_code == 404
    assert response.headers["X-RateLimit-Limit"] == "300"


def test_health_is_not_limited(security_client: TestClient) -> None:
    response = security_client.get("/health/live")

    assert "X-RateLimit-Limit" not in response.headers


def test_request_over_limit_gets_429_problem_with_retry_after(
    relay: TestClient, fake_time: FakeTime
) -> None:
    for _ in range(20):
        relay.get(SUBSCRIPTION, params=PARAMS)
    fake_time.now += 15

    response = relay.get(SUBSCRIPTION, params=PARAMS)

    assert response.status_code == 429
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["Retry-After"] == "45"
    assert response.headers["X-RateLimit-Remaining"] == "0"


def test_rejection_is_counted_in_metrics(relay: TestClient, fake_time: FakeTime) -> None:
    before = rejections("whatsapp-subscription")
    for _ in range(21):
        relay.get(SUBSCRIPTION, params=PARAMS)

    assert rejections("whatsapp-subscription") == before + 1


def test_limit_frees_up_after_the_window(relay: TestClient, fake_time: FakeTime) -> None:
    for _ in range(21):
        relay.get(SUBSCRIPTION, params=PARAMS)
    fake_time.now += 61

    response = relay.get(SUBSCRIPTION, params=PARAMS)

    assert response.status_code == 200
    assert response.headers["X-RateLimit-Remaining"] == "19"


def test_limit_is_per_forwarded_address_from_trusted_proxy(
    relay: TestClient, fake_time: FakeTime
) -> None:
    for _ in range(21):
        relay.get(SUBSCRIPTION, params=PARAMS)

    response = relay.get(SUBSCRIPTION, params=PARAMS, headers={"X-Forwarded-For": "198.51.100.2"})

    assert response.status_code == 200


def test_forwarded_address_from_untrusted_peer_is_ignored(
    security_app: FastAPI, fake_time: FakeTime
) -> None:
    with TestClient(security_app, client=("203.0.113.9", 40000)) as client:
        for index in range(20):
            client.get(
                SUBSCRIPTION, params=PARAMS, headers={"X-Forwarded-For": f"198.51.100.{index}"}
            )

        response = client.get(
            SUBSCRIPTION, params=PARAMS, headers={"X-Forwarded-For": "198.51.100.200"}
        )

    assert response.status_code == 429


def test_service_relay_without_forwarded_address_has_the_service_limit(
    security_client: TestClient, fake_time: FakeTime
) -> None:
    statuses = {security_client.get(SUBSCRIPTION, params=PARAMS).status_code for _ in range(25)}

    response = security_client.get(SUBSCRIPTION, params=PARAMS)

    assert statuses == {200}
    assert response.headers["X-RateLimit-Limit"] == "60"


def test_wrong_service_key_keeps_the_address_limit(
    security_app: FastAPI, fake_time: FakeTime
) -> None:
    with TestClient(security_app, headers={"X-API-Key": "not-the-key"}) as client:
        response = client.get(SUBSCRIPTION, params=PARAMS)

    assert response.status_code == 401
    assert response.headers["X-RateLimit-Limit"] == "20"


def test_disabled_rate_limits_add_no_headers(client_for: Callable[..., TestClient]) -> None:
    client = client_for(rate_limits_enabled=False)

    response = client.get(SUBSCRIPTION, params=PARAMS)

    assert "X-RateLimit-Limit" not in response.headers
