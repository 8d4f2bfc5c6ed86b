"""POST /ops/inbox/signed-deliveries: Meta's signature checked on the exact bytes, then recorded.

The inbound flow's one call before Meta's 200 (it replaced the signature check and the record as
two calls). Nothing is recorded unless the signature is valid; the answers n8n maps to Meta's
401, 400 and 503 are the ones the old pair gave.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_nodes.main import create_app
from py_nodes.security.signature import MAX_BODY_BYTES, sign
from tests.conftest import make_settings

SECRET = "test-app-secret"  # pragma: allowlist secret
PATH = "/ops/inbox/signed-deliveries"
KEY = {"X-API-Key": "test-key-current", "Content-Type": "application/json"}
TYPES = "https://bmc-bot.uy/problems/"


@pytest.fixture
def signed_client(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(tmp_path, whatsapp_app_secrets=SECRET)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def delivery(wamid: str, body: str = "¿Precio del Isodec? 😀") -> bytes:
    message = {"from": "59899123456", "id": wamid, "timestamp": "1732590000", "type": "text",
               "text": {"body": body}}  # fmt: skip
    value = {"contacts": [{"profile": {"name": "Ana"}, "wa_id": "59899123456"}],
             "messages": [message]}  # fmt: skip
    # Meta's own spacing and escapes: the exact bytes must be what is checked, not a re-encoding.
    return json.dumps({"entry": [{"changes": [{"value": value}]}]}, indent=1).encode()


def post(client: TestClient, raw: bytes, signature: str | None, **headers: str) -> Any:
    sent = {**KEY, **headers}
    if signature is not None:
        sent["X-Hub-Signature-256"] = signature
    return client.post(PATH, content=raw, headers=sent)


def entry(client: TestClient, wamid: str) -> Any:
    return client.get(f"/ops/inbox/{wamid}", headers=KEY)


def test_signed_delivery_is_recorded_and_its_new_message_listed(signed_client: TestClient) -> None:
    raw = delivery("wamid.S1")

    response = post(signed_client, raw, sign(raw, SECRET))

    body = response.json()
    assert response.status_code == 200
    assert [(a["message_id"], a["text"], a["token"]) for a in body["answer"]] == [
        ("wamid.S1", "¿Precio del Isodec? 😀", 1)
    ]
    assert entry(signed_client, "wamid.S1").json()["state"] == "open"


def test_redelivery_has_nothing_to_answer(signed_client: TestClient) -> None:
    raw = delivery("wamid.S2")
    post(signed_client, raw, sign(raw, SECRET))

    again = post(signed_client, raw, sign(raw, SECRET)).json()

    assert (again["recorded"], again["answer"]) == (1, [])


@pytest.mark.parametrize(
    ("signature", "problem"),
    [
        pytest.param(None, "signature-missing", id="missing"),
        pytest.param("sha256=abc", "signature-malformed", id="malformed"),
        pytest.param(sign(b"other bytes", SECRET), "signature-mismatch", id="mismatch"),
        pytest.param("RESIGN", "signature-mismatch", id="re-encoded-body"),
    ],
)
def test_bad_signature_is_401_and_records_nothing(
    signed_client: TestClient, signature: str | None, problem: str
) -> None:
    raw = delivery("wamid.S3")
    if signature == "RESIGN":  # signed over n8n's re-serialised copy, not the bytes received
        signature = sign(json.dumps(json.loads(raw), separators=(",", ":")).encode(), SECRET)

    response = post(signed_client, raw, signature)

    assert (response.status_code, response.json()["type"]) == (
        401,
        f"{TYPES}security/{problem}",
    )
    assert entry(signed_client, "wamid.S3").status_code == 404


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b'{"entry": [', id="malformed-json"),
        pytest.param(b"\xff\xfe{}", id="invalid-utf8"),
        pytest.param(b"[]", id="json-array"),
        pytest.param(b'"EVENT"', id="json-string"),
        pytest.param(b"", id="empty"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="too-deep"),
    ],
)
def test_signed_but_unreadable_is_400_problem(signed_client: TestClient, raw: bytes) -> None:
    response = post(signed_client, raw, sign(raw, SECRET))

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == f"{TYPES}ops/delivery-unreadable"
    assert "no se registró" in response.json()["detail"]


def test_signed_field_out_of_bounds_is_422(signed_client: TestClient) -> None:
    raw = delivery("wamid." + "x" * 300)

    response = post(signed_client, raw, sign(raw, SECRET))

    assert response.status_code == 422


def test_body_over_1_mib_is_413_before_any_check(signed_client: TestClient) -> None:
    raw = b'{"pad": "' + b"x" * MAX_BODY_BYTES + b'"}'

    response = post(signed_client, raw, sign(raw, SECRET))

    assert response.status_code == 413
    assert response.json()["type"] == f"{TYPES}security/body-too-large"


def test_without_an_app_secret_it_is_503(tmp_path: Path) -> None:
    raw = delivery("wamid.S4")
    with TestClient(create_app(make_settings(tmp_path)), raise_server_exceptions=False) as client:
        response = post(client, raw, sign(raw, SECRET))

    assert response.status_code == 503


def test_any_content_type_is_read_as_raw_bytes(signed_client: TestClient) -> None:
    raw = delivery("wamid.S5")

    response = post(
        signed_client, raw, sign(raw, SECRET), **{"Content-Type": "application/octet-stream"}
    )

    assert [a["message_id"] for a in response.json()["answer"]] == ["wamid.S5"]
