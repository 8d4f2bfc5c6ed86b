"""The pure signature check: format, rotation, raw bytes with accents and emoji, forgeries."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from py_nodes.security.errors import SignatureMalformed, SignatureMismatch, SignatureMissing
from py_nodes.security.signature import sign, verify_signature
from tests.security.security_values import APP_SECRET_NEW, APP_SECRET_OLD

BODY = b'{"object":"whatsapp_business_account","entry":[{"id":"1"}]}'
# Meta signs the bytes it sends: UTF-8 text, and sometimes \u escapes; both must verify as sent.
SPANISH_BODIES = [
    pytest.param(
        '{"text":{"body":"¿Cuánto sale el panel de 100 mm? Añadí 2 más"}}'.encode(),
        id="utf8-accents",
    ),
    pytest.param('{"text":{"body":"Gracias 👍🏽 ¡buenísimo! 🏠"}}'.encode(), id="utf8-emoji"),
    pytest.param(b'{"text":{"body":"\\u00bfCu\\u00e1nto? \\ud83d\\udc4d"}}', id="escaped-unicode"),
    pytest.param('{"a": "ñ",\n  "b" : 1 }'.encode(), id="odd-whitespace"),
]


def test_verify_signature_accepts_valid_signature() -> None:
    verify_signature(BODY, sign(BODY, APP_SECRET_NEW), [APP_SECRET_NEW])


def test_verify_signature_refuses_one_flipped_body_byte() -> None:
    header = sign(BODY, APP_SECRET_NEW)
    tampered = bytes([BODY[0] ^ 0x01]) + BODY[1:]

    with pytest.raises(SignatureMismatch):
        verify_signature(tampered, header, [APP_SECRET_NEW])


def test_verify_signature_refuses_one_flipped_signature_digit() -> None:
    header = sign(BODY, APP_SECRET_NEW)
    flipped = header[:-1] + ("0" if header[-1] != "0" else "1")

    with pytest.raises(SignatureMismatch):
        verify_signature(BODY, flipped, [APP_SECRET_NEW])


def test_verify_signature_refuses_another_secret() -> None:
    with pytest.raises(SignatureMismatch):
        verify_signature(BODY, sign(BODY, "some-other-secret"), [APP_SECRET_NEW])


def test_verify_signature_accepts_upper_case_hex_digits() -> None:
    header = "sha256=" + sign(BODY, APP_SECRET_NEW).removeprefix("sha256=").upper()

    verify_signature(BODY, header, [APP_SECRET_NEW])


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        pytest.param(hmac.new(b"k", BODY, hashlib.sha256).hexdigest(), "no_prefix", id="no-prefix"),
        pytest.param("SHA256=" + "a" * 64, "no_prefix", id="upper-case-prefix"),
        pytest.param("sha1=" + "a" * 40, "no_prefix", id="sha1"),
        pytest.param("sha256=" + "a" * 63, "wrong_length", id="one-digit-short"),
        pytest.param("sha256=" + "a" * 66, "wrong_length", id="one-byte-long"),
        pytest.param("sha256=", "wrong_length", id="prefix-only"),
        pytest.param("sha256=" + "g" * 64, "not_hex", id="not-hex"),
    ],
)
def test_verify_signature_refuses_malformed_header(header: str, reason: str) -> None:
    with pytest.raises(SignatureMalformed) as caught:
        verify_signature(BODY, header, [APP_SECRET_NEW])

    assert caught.value.extensions["reason"] == reason


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(None, id="absent"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
    ],
)
def test_verify_signature_reports_missing_header(header: str | None) -> None:
    with pytest.raises(SignatureMissing):
        verify_signature(BODY, header, [APP_SECRET_NEW])


@pytest.mark.parametrize("raw", SPANISH_BODIES)
def test_verify_signature_accepts_raw_bytes_with_accents_and_emoji(raw: bytes) -> None:
    verify_signature(raw, sign(raw, APP_SECRET_NEW), [APP_SECRET_NEW])


@pytest.mark.parametrize("raw", SPANISH_BODIES)
def test_verify_signature_refuses_reserialised_json(raw: bytes) -> None:
    # What the old system did: parse and dump again before hashing; the bytes change.
    reserialised = json.dumps(json.loads(raw)).encode()

    with pytest.raises(SignatureMismatch):
        verify_signature(reserialised, sign(raw, APP_SECRET_NEW), [APP_SECRET_NEW])


@pytest.mark.parametrize(
    "secret", [pytest.param(APP_SECRET_NEW, id="new"), pytest.param(APP_SECRET_OLD, id="old")]
)
def test_verify_signature_accepts_old_and_new_secret_during_rotation(secret: str) -> None:
    verify_signature(BODY, sign(BODY, secret), [APP_SECRET_NEW, APP_SECRET_OLD])


def test_verify_signature_refuses_old_secret_after_rotation() -> None:
    with pytest.raises(SignatureMismatch):
        verify_signature(BODY, sign(BODY, APP_SECRET_OLD), [APP_SECRET_NEW])


def test_verify_signature_accepts_new_secret_after_rotation() -> None:
    verify_signature(BODY, sign(BODY, APP_SECRET_NEW), [APP_SECRET_NEW])


def test_verify_signature_refuses_when_no_secret_is_active() -> None:
    with pytest.raises(SignatureMismatch):
        verify_signature(BODY, sign(BODY, APP_SECRET_NEW), [])


def test_verify_signature_compares_every_secret_with_compare_digest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real_compare = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real_compare(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)

    verify_signature(BODY, sign(BODY, APP_SECRET_NEW), [APP_SECRET_NEW, APP_SECRET_OLD])

    assert len(calls) == 2  # no early exit once the first secret matched


@pytest.mark.parametrize("position", range(32))
def test_verify_signature_refuses_the_real_digest_with_any_one_byte_changed(position: int) -> None:
    """Every byte of the digest is compared: no prefix or partial check lets a near miss in."""
    digest = bytearray(hmac.new(APP_SECRET_NEW.encode(), BODY, hashlib.sha256).digest())
    digest[position] ^= 0x80

    with pytest.raises(SignatureMismatch):
        verify_signature(BODY, "sha256=" + digest.hex(), [APP_SECRET_NEW, APP_SECRET_OLD])


# What this proves is our parsing and comparison, not HMAC-SHA256's unforgeability: a few hundred
# random bodies and digests are plenty to catch a verifier that accepts what it should not.
@settings(max_examples=200, deadline=None, database=None)
@given(body=st.binary(max_size=256), digest=st.binary(min_size=32, max_size=32))
def test_verify_signature_accepts_no_random_forgery(body: bytes, digest: bytes) -> None:
    forged = "sha256=" + digest.hex()
    real = [
        hmac.new(s.encode(), body, hashlib.sha256).digest()
        for s in (APP_SECRET_NEW, APP_SECRET_OLD)
    ]
    if digest in real:  # pragma: no cover - a 2**-255 chance
        return

    with pytest.raises(SignatureMismatch):
        verify_signature(body, forged, [APP_SECRET_NEW, APP_SECRET_OLD])
