"""The webhook signature endpoint and Meta's subscription handshake, over HTTP."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from py_nodes.security.signature import MAX_BODY_BYTES, sign
from tests.security.security_values import APP_SECRET_NEW, APP_SECRET_OLD, VERIFY_TOKEN

SIGNATURE = "/security/whatsapp/signature"
SUBSCRIPTION = "/security/whatsapp/subscription"
BODY = '{"entry":[{"changes":[{"value":{"messages":[{"text":{"body":"¿Precio? 😀"}}]}}]}]}'.encode()
RAW = {"Content-Type": "application/octet-stream"}
TYPES = "https://bmc-bot.uy/problems/security/"


def failures(reason: str) -> float:
    return REGISTRY.get_sample_value("bmc_signature_failures_total", {"reason": reason}) or 0.0


def test_post_signature_accepts_raw_body(security_client: TestClient) -> None:
    headers = {**RAW, "X-Hub-Signature-256": sign(BODY, APP_SECRET_NEW)}

    response = security_client.post(SIGNATURE, content=BODY, headers=headers)

    assert response.status_code == 204


def test_post_signature_accepts_previous_secret(security_client: TestClient) -> None:
    headers = {**RAW, "X-Hub-Signature-256": sign(BODY, APP_SECRET_OLD)}

    response = security_client.post(SIGNATURE, content=BODY, headers=headers)

    assert response.status_code == 204


def test_post_signature_refuses_old_secret_once_rotated_out(
    client_for: Callable[..., TestClient],
) -> None:
    client = client_for(whatsapp_app_secrets=APP_SECRET_NEW)
    headers = {**RAW, "X-Hub-Signature-256": sign(BODY, APP_SECRET_OLD)}

    response = client.post(SIGNATURE, content=BODY, headers=headers)

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("header", "slug", "reason"),
    [
        pytest.param(None, "signature-missing", "missing", id="missing"),
        pytest.param("", "signature-missing", "missing", id="empty"),
        pytest.param("md5=abc", "signature-malformed", "malformed", id="malformed"),
        pytest.param("sha256=" + "0" * 64, "signature-mismatch", "mismatch", id="wrong"),
    ],
)
def test_post_signature_refusal_has_distinct_type_and_is_counted(
    security_client: TestClient, header: str | None, slug: str, reason: str
) -> None:
    headers = dict(RAW) if header is None else {**RAW, "X-Hub-Signature-256": header}
    before = failures(reason)

    response = security_client.post(SIGNATURE, content=BODY, headers=headers)

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == TYPES + slug
    assert failures(reason) == before + 1


def test_post_signature_logs_reason_and_hashed_source_without_body(
    security_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    headers = {**RAW, "X-Hub-Signature-256": "sha256=" + "0" * 64}

    with caplog.at_level(logging.WARNING, logger="py_nodes.security.whatsapp"):
        security_client.post(SIGNATURE, content=BODY, headers=headers)

    record = next(r for r in caplog.records if r.getMessage() == "webhook signature refused")
    assert record.reason == "mismatch"  # type: ignore[attr-defined]
    assert len(record.source) == 16  # type: ignore[attr-defined]
    assert "testclient" not in str(record.__dict__)
    assert "Precio" not in str(record.__dict__)


def test_post_signature_refuses_declared_oversized_body(security_client: TestClient) -> None:
    body = b"x" * (MAX_BODY_BYTES + 1)
    headers = {**RAW, "X-Hub-Signature-256": sign(body, APP_SECRET_NEW)}

    response = security_client.post(SIGNATURE, content=body, headers=headers)

    assert response.status_code == 413
    assert response.json()["type"] == TYPES + "body-too-large"


def test_post_signature_refuses_oversized_chunked_body(security_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(17):
            yield b"x" * 65536

    headers = {**RAW, "X-Hub-Signature-256": "sha256=" + "0" * 64}

    response = security_client.post(SIGNATURE, content=chunks(), headers=headers)

    assert response.status_code == 413


def test_post_signature_accepts_body_of_exactly_one_mib(security_client: TestClient) -> None:
    body = b"x" * MAX_BODY_BYTES
    headers = {**RAW, "X-Hub-Signature-256": sign(body, APP_SECRET_NEW)}

    response = security_client.post(SIGNATURE, content=body, headers=headers)

    assert response.status_code == 204


def test_post_signature_accepts_json_envelope(security_client: TestClient) -> None:
    envelope = {
        "raw_body_b64": base64.b64encode(BODY).decode(),
        "signature": sign(BODY, APP_SECRET_NEW),
    }

    response = security_client.post(SIGNATURE, json=envelope)

    assert response.status_code == 204


def test_post_signature_envelope_uses_header_when_field_absent(
    security_client: TestClient,
) -> None:
    envelope = {"raw_body_b64": base64.b64encode(BODY).decode()}

    response = security_client.post(
        SIGNATURE, json=envelope, headers={"X-Hub-Signature-256": sign(BODY, APP_SECRET_NEW)}
    )

    assert response.status_code == 204


@pytest.mark.parametrize(
    "envelope",
    [
        pytest.param({"signature": "sha256=" + "0" * 64}, id="no-raw-body"),
        pytest.param({"raw_body_b64": "not base64!"}, id="not-base64"),
        pytest.param([1, 2], id="not-an-object"),
    ],
)
def test_post_signature_refuses_invalid_envelope(
    security_client: TestClient, envelope: object
) -> None:
    response = security_client.post(SIGNATURE, json=envelope)

    assert response.status_code == 400
    assert response.json()["type"] == TYPES + "envelope-invalid"


def test_post_signature_requires_api_key(security_client: TestClient) -> None:
    headers = {**RAW, "X-Hub-Signature-256": sign(BODY, APP_SECRET_NEW), "X-API-Key": ""}

    response = security_client.post(SIGNATURE, content=BODY, headers=headers)

    assert response.status_code == 401
    assert response.json()["type"].endswith("/auth/missing-api-key")


def test_post_signature_without_configured_secret_is_503(
    client_for: Callable[..., TestClient],
) -> None:
    client = client_for(whatsapp_app_secrets=None)

    response = client.post(SIGNATURE, content=BODY, headers={**RAW, "X-Hub-Signature-256": "x"})

    assert response.status_code == 503


def subscription(
    challenge: str = "1158201444", token: str = VERIFY_TOKEN, mode: str = "subscribe"
) -> dict[str, str]:
    return {"hub.mode": mode, "hub.verify_token": token, "hub.challenge": challenge}


def test_get_subscription_echoes_challenge_as_text(security_client: TestClient) -> None:
    response = security_client.get(SUBSCRIPTION, params=subscription())

    assert response.status_code == 200
    assert response.text == "1158201444"
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    "params",
    [
        pytest.param(subscription(token="wrong-token"), id="wrong-token"),
        pytest.param(subscription(token=VERIFY_TOKEN + "x"), id="token-plus-one-char"),
        pytest.param(subscription(mode="unsubscribe"), id="wrong-mode"),
    ],
)
def test_get_subscription_refuses_with_403_problem(
    security_client: TestClient, params: dict[str, str]
) -> None:
    response = security_client.get(SUBSCRIPTION, params=params)

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == TYPES + "verify-token-mismatch"


@pytest.mark.parametrize("missing", ["hub.mode", "hub.verify_token", "hub.challenge"])
def test_get_subscription_missing_parameter_is_422(
    security_client: TestClient, missing: str
) -> None:
    params = subscription()
    del params[missing]

    response = security_client.get(SUBSCRIPTION, params=params)

    assert response.status_code == 422


def test_get_subscription_refuses_markup_in_challenge(security_client: TestClient) -> None:
    response = security_client.get(SUBSCRIPTION, params=subscription(challenge="<script>"))

    assert response.status_code == 422


def test_post_signature_refuses_deeply_nested_envelope(security_client: TestClient) -> None:
    envelope = b"[" * 100_000 + b"]" * 100_000

    response = security_client.post(
        SIGNATURE, content=envelope, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json()["type"] == TYPES + "envelope-invalid"
