"""WhatsApp webhook signatures: ``sha256=`` + hex HMAC-SHA256(app secret, raw body bytes)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from py_nodes.security.errors import SignatureMalformed, SignatureMismatch, SignatureMissing

PREFIX = "sha256="
DIGEST_HEX_LENGTH = 64
MAX_BODY_BYTES = 1024 * 1024
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def sign(raw_body: bytes, app_secret: str) -> str:
    """The header value Meta sends for ``raw_body`` (also used by tests and the bench)."""
    digest = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def parse_signature(header: str | None) -> bytes:
    """The 32 digest bytes of a ``sha256=<hex>`` header; hex digits may be in either case."""
    if header is None or not header.strip():
        raise SignatureMissing()
    value = header.strip()
    if not value.startswith(PREFIX):
        raise SignatureMalformed("La firma debe empezar con 'sha256='.", reason="no_prefix")
    hex_digest = value.removeprefix(PREFIX)
    if len(hex_digest) != DIGEST_HEX_LENGTH:
        raise SignatureMalformed(
            f"La firma debe tener {DIGEST_HEX_LENGTH} dígitos hexadecimales después de 'sha256='.",
            reason="wrong_length",
        )
    if not _HEX_DIGITS.issuperset(hex_digest):
        raise SignatureMalformed(
            "La firma tiene caracteres que no son hexadecimales.", reason="not_hex"
        )
    return bytes.fromhex(hex_digest)


def verify_signature(raw_body: bytes, header: str | None, app_secrets: Sequence[str]) -> None:
    """Return when some active secret signs ``raw_body`` as ``header`` says; raise otherwise.

    Every secret is compared (no early exit) with :func:`hmac.compare_digest`, so the time taken
    does not tell which secret matched or how many leading bytes were right.
    """
    given = parse_signature(header)
    matched = False
    for secret in app_secrets:
        expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).digest()
        matched |= hmac.compare_digest(expected, given)
    if not matched:
        raise SignatureMismatch()
