"""Raw-byte fuzz of the routes n8n feeds with WhatsApp input: a 4xx problem+json or the documented
2xx, never a 5xx; a forged webhook signature is never accepted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from py_nodes.core.errors import PROBLEM_CONTENT_TYPE
from py_nodes.main import create_app
from py_nodes.security.tokens import issue_access_token
from tests.conftest import TEST_OPERATOR_SECRET, make_settings

#: The fuzzed routes' scopes in one operator token (``/ops/inbox`` is no service key's route).
FUZZ_SCOPES = ("ai:respond", "inbox:replay", "whatsapp:verify")
APP_SECRET = "fuzz-app-secret"  # pragma: allowlist secret
SIGNATURE = "/security/whatsapp/signature"
DOCUMENTED_2XX = {"/ai/respond": {200}, "/ops/inbox": {200, 201}, SIGNATURE: {204}}
FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=latin-1",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/octet-stream",
        "",
    ]
)
# Text with what WhatsApp users really send: emoji, NUL and other control characters, accents.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"), st.sampled_from(["\x00", "😀", "ñ", "\u202e", "\ufeff"])
    ),
    max_size=300,
)
# What an HTTP client can put in a header (printable ASCII; the transport refuses the rest).
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=80)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
# Bodies close to valid: the real field names with values of any type, any subset missing.
FIELDS = ["message_id", "phone", "text", "timestamp", "kind", "message_type", "contact_name"]
NEAR_VALID = st.fixed_dictionaries(
    {}, optional={name: st.one_of(JSON_VALUES, TEXT) for name in FIELDS}
)


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    node_settings = make_settings(
        tmp_path_factory.mktemp("raw-fuzz"),
        rate_limits_enabled=False,
        whatsapp_app_secrets=APP_SECRET,
        auth_clients=f"operator:{TEST_OPERATOR_SECRET}:{' '.join(FUZZ_SCOPES)}",
    )
    token = issue_access_token(node_settings, "operator", FUZZ_SCOPES)
    with TestClient(create_app(node_settings), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


def sign(body: bytes) -> str:
    return "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()


def post(client: TestClient, path: str, body: bytes, content_type: str, **headers: str) -> Any:
    sent = {"Content-Type": content_type, **headers} if content_type else headers
    response = client.post(path, content=body, headers=sent)
    assert_documented_or_problem(path, response)
    return response


def assert_documented_or_problem(path: str, response: Any) -> None:
    status = response.status_code
    assert status < 500, response.text
    if status in DOCUMENTED_2XX[path]:
        return
    assert 400 <= status < 500, status
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    problem = response.json()
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert problem["status"] == status


def encode(value: object) -> bytes:
    """JSON as a sloppy client would write it (NaN and Infinity included)."""
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("path", ["/ai/respond", "/ops/inbox"])
@FUZZ
@given(body=st.binary(max_size=2048), content_type=CONTENT_TYPES)
def test_json_route_answers_arbitrary_bytes_without_5xx(
    fuzz_client: TestClient, path: str, body: bytes, content_type: str
) -> None:
    post(fuzz_client, path, body, content_type)


@pytest.mark.parametrize("path", ["/ai/respond", "/ops/inbox"])
@FUZZ
@given(record=NEAR_VALID)
def test_json_route_answers_near_valid_records_without_5xx(
    fuzz_client: TestClient, path: str, record: dict[str, Any]
) -> None:
    post(fuzz_client, path, encode(record), "application/json")


@pytest.mark.parametrize("path", ["/ai/respond", "/ops/inbox"])
@FUZZ
@given(text=TEXT, message_id=st.uuids())
def test_json_route_accepts_any_unicode_text(
    fuzz_client: TestClient, path: str, text: str, message_id: object
) -> None:
    record = {"message_id": f"wamid.{message_id}", "phone": "59899123456", "text": text,
              "timestamp": "1760000000"}  # fmt: skip

    response = post(fuzz_client, path, encode(record), "application/json")

    assert response.status_code in DOCUMENTED_2XX[path], response.text


@FUZZ
@given(
    body=st.binary(max_size=4096),
    content_type=CONTENT_TYPES,
    forged=st.one_of(
        HEADER_TEXT,
        st.builds("sha256={}".format, st.text("0123456789abcdef", min_size=64, max_size=64)),
        HEADER_TEXT.map("sha256={}".format),
    ),
)
def test_signature_never_accepts_a_forged_header(
    fuzz_client: TestClient, body: bytes, content_type: str, forged: str
) -> None:
    response = post(fuzz_client, SIGNATURE, body, content_type, **{"X-Hub-Signature-256": forged})

    assert response.status_code != 204


@FUZZ
@given(body=st.binary(min_size=1, max_size=4096), data=st.data())
def test_signature_refuses_a_real_signature_for_other_bytes(
    fuzz_client: TestClient, body: bytes, data: st.DataObject
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    tampered = body[:index] + bytes([body[index] ^ 0x01]) + body[index + 1 :]

    response = post(
        fuzz_client, SIGNATURE, tampered, "application/octet-stream",
        **{"X-Hub-Signature-256": sign(body)},
    )  # fmt: skip

    assert response.status_code == 401


@FUZZ
@given(envelope=st.one_of(JSON_VALUES, NEAR_VALID), raw=st.binary(max_size=512))
def test_signature_envelope_never_accepts_a_forged_envelope(
    fuzz_client: TestClient, envelope: Any, raw: bytes
) -> None:
    if isinstance(envelope, dict) and "raw_body_b64" in envelope:
        envelope["raw_body_b64"] = base64.b64encode(raw).decode()

    response = post(fuzz_client, SIGNATURE, encode(envelope), "application/json")

    assert response.status_code != 204


def test_signature_accepts_the_genuine_signature(fuzz_client: TestClient) -> None:
    body = '{"entry":[{"text":"Hola 😀 \\u0000"}]}'.encode()

    response = post(
        fuzz_client, SIGNATURE, body, "application/octet-stream",
        **{"X-Hub-Signature-256": sign(body)},
    )  # fmt: skip

    assert response.status_code == 204


NASTY_BODIES = [
    pytest.param(b"[" * 10_000 + b"]" * 10_000, id="10k-nested-arrays"),
    pytest.param(b'{"a":' * 10_000 + b"1" + b"}" * 10_000, id="10k-nested-objects"),
    pytest.param(b'{"message_id": "\xff\xfe", "phone": "\xc3("}', id="invalid-utf8"),
    pytest.param(b'{"message_id": NaN, "timestamp": Infinity}', id="nan-infinity"),
    pytest.param(b'{"message_id": "w", "timestamp": ' + b"9" * 5000 + b"}", id="5000-digit-int"),
    pytest.param(b'{"message_id": "w\\ud800", "text": "\\udfff"}', id="lone-surrogates"),
    pytest.param(b'{"message_id": "w", "phone": "59899123456"', id="truncated"),
    pytest.param(b"", id="empty"),
    pytest.param(b"null", id="null"),
    pytest.param(b"{}", id="missing-fields"),
]


@pytest.mark.parametrize("path", ["/ai/respond", "/ops/inbox", SIGNATURE])
@pytest.mark.parametrize("body", NASTY_BODIES)
def test_route_answers_nasty_body_with_4xx_problem(
    fuzz_client: TestClient, path: str, body: bytes
) -> None:
    response = post(fuzz_client, path, body, "application/json")

    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("path", ["/ai/respond", "/ops/inbox", SIGNATURE])
def test_route_answers_body_over_one_mib_with_413(fuzz_client: TestClient, path: str) -> None:
    body = b'{"text": "' + b"a" * (2 * 1024 * 1024) + b'"}'

    response = post(fuzz_client, path, body, "application/json")

    assert response.status_code == 413
