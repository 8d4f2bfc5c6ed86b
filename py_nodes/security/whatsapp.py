"""WhatsApp's front door: the webhook signature check and Meta's subscription handshake."""

from __future__ import annotations

import base64
import binascii
import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import PlainTextResponse

from py_nodes.core import metrics
from py_nodes.core.auth import InsufficientScope, InvalidApiKey, MissingApiKey, key_matches
from py_nodes.core.config import Settings, secret_values
from py_nodes.core.deps import SettingsDep
from py_nodes.core.errors import Problem, ValidationFailed
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.security.addresses import client_address, hash_address
from py_nodes.security.body import read_bounded_body
from py_nodes.security.errors import (
    SecurityNotConfigured,
    SignatureMalformed,
    SignatureMismatch,
    SignatureMissing,
    VerifyTokenMismatch,
    WebhookBodyTooLarge,
    WebhookEnvelopeInvalid,
)
from py_nodes.security.signature import MAX_BODY_BYTES, verify_signature
from py_nodes.security.signature_docs import SIGNATURE_REQUEST_BODY

log = logging.getLogger(__name__)
router = APIRouter(prefix="/security/whatsapp", tags=["security"])
SIGNATURE_PATH = "/security/whatsapp/signature"

# A JSON envelope carries the body in base64 (4 characters per 3 bytes) plus a little JSON.
_ENVELOPE_LIMIT = (MAX_BODY_BYTES + 2) // 3 * 4 + 4096
_REASONS: dict[type[Problem], str] = {
    SignatureMissing: "missing",
    SignatureMalformed: "malformed",
    SignatureMismatch: "mismatch",
    WebhookBodyTooLarge: "too_large",
    WebhookEnvelopeInvalid: "envelope_invalid",
}


def _is_json(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.split(";")[0].strip().lower() == "application/json"


def _unwrap_envelope(envelope: bytes, header: str | None) -> tuple[bytes, str | None]:
    """``{"raw_body_b64": ..., "signature": ...}`` -> (raw bytes, signature)."""
    try:
        data: Any = json.loads(envelope)
        encoded = data["raw_body_b64"]
        raw = base64.b64decode(encoded, validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error, RecursionError) as exc:
        raise WebhookEnvelopeInvalid() from exc
    if len(raw) > MAX_BODY_BYTES:
        raise WebhookBodyTooLarge(size=len(raw), limit=MAX_BODY_BYTES)
    signature = data.get("signature")
    return raw, signature if isinstance(signature, str) else header


def _app_secrets(settings: Settings) -> list[str]:
    secrets = secret_values(settings.whatsapp_app_secrets)
    if not secrets:
        raise SecurityNotConfigured("Falta WHATSAPP_APP_SECRETS_FILE: no se pueden validar firmas.")
    return secrets


#: What a route reading a Meta-signed body (``read_signed_body``) behind an API key may answer.
SIGNED_BODY_PROBLEMS: tuple[type[Problem], ...] = (
    SignatureMissing,
    SignatureMalformed,
    SignatureMismatch,
    MissingApiKey,
    InvalidApiKey,
    WebhookBodyTooLarge,
    SecurityNotConfigured,
)


@router.post(
    "/signature",
    status_code=204,
    response_class=Response,
    responses={
        204: {"description": "The signature is valid for one of the active app secrets."},
        **problem_responses(WebhookEnvelopeInvalid, *SIGNED_BODY_PROBLEMS),
    },
    openapi_extra={"requestBody": SIGNATURE_REQUEST_BODY},
)
async def post_signature(
    request: Request,
    settings: SettingsDep,
    x_hub_signature_256: Annotated[str | None, Header()] = None,
) -> Response:
    """Check a WhatsApp webhook's `X-Hub-Signature-256` against the raw body bytes.

    Two ways to call it from n8n (both with `X-API-Key`):

    * **Raw bytes** (preferred): the Webhook node's *raw body* bytes exactly as received, any
      content type except `application/json` (e.g. `application/octet-stream`), with the
      webhook's `X-Hub-Signature-256` header forwarded unchanged.
    * **JSON envelope**: `Content-Type: application/json` and
      `{"raw_body_b64": "<base64 of the raw body>", "signature": "sha256=<hex>"}` (the
      `signature` field may be left out when the header is forwarded instead).

    Every active app secret (current and previous, during a rotation) is tried, in constant time.
    Answers **204** when valid; **401** with type `security/signature-missing`,
    `security/signature-malformed` or `security/signature-mismatch` otherwise; **413** over 1 MiB.
    Never re-serialise the JSON: one changed byte (an accent, an emoji escape) breaks the HMAC.
    """
    if not _is_json(request):
        await read_signed_body(request, settings, x_hub_signature_256)
        return Response(status_code=204)
    try:
        secrets = _app_secrets(settings)
        envelope = await read_bounded_body(request, _ENVELOPE_LIMIT, WebhookBodyTooLarge)
        raw, header = _unwrap_envelope(envelope, x_hub_signature_256)
        verify_signature(raw, header, secrets)
    except Problem as problem:
        _refused(request, settings, problem)
        raise
    return Response(status_code=204)


async def read_signed_body(request: Request, settings: Settings, header: str | None) -> bytes:
    """The request's exact bytes (at most 1 MiB), once ``header`` proves Meta signed them.

    The one signature check of the webhook path: ``POST /security/whatsapp/signature`` and
    ``POST /ops/inbox/signed-deliveries`` both use it. Raises the 401/413/503 problems above,
    each refusal counted and logged (hashed source address) like every signature failure.
    """
    try:
        secrets = _app_secrets(settings)
        raw = await read_bounded_body(request, MAX_BODY_BYTES, WebhookBodyTooLarge)
        verify_signature(raw, header, secrets)
    except Problem as problem:
        _refused(request, settings, problem)
        raise
    return raw


def _refused(request: Request, settings: Settings, problem: Problem) -> None:
    reason = _REASONS.get(type(problem))
    if reason is not None:
        _record_failure(request, settings, reason, problem)


def _record_failure(request: Request, settings: Settings, reason: str, problem: Problem) -> None:
    metrics.SIGNATURE_FAILURES.labels(reason=reason).inc()
    address = client_address(request.scope, settings.trusted_proxies)
    log.warning(
        "webhook signature refused",
        extra={
            "reason": reason,
            "detail_reason": problem.extensions.get("reason"),
            "source": hash_address(address),
            "content_length": request.headers.get("content-length"),
        },
    )


@router.get(
    "/subscription",
    response_class=PlainTextResponse,
    responses={
        200: {"content": {"text/plain": {"example": "1158201444"}}, "description": "Challenge"},
        **problem_responses(
            VerifyTokenMismatch, InsufficientScope, ValidationFailed, SecurityNotConfigured
        ),
    },
)
async def get_subscription(
    settings: SettingsDep,
    mode: Annotated[str, Query(alias="hub.mode", examples=["subscribe"])],
    verify_token: Annotated[str, Query(alias="hub.verify_token", max_length=512)],
    challenge: Annotated[
        str,
        Query(alias="hub.challenge", pattern=r"^[A-Za-z0-9._~-]{1,256}$", examples=["1158201444"]),
    ],
) -> PlainTextResponse:
    """Meta's webhook verification: echo `hub.challenge` when the verify token matches.

    n8n forwards the three `hub.*` query parameters of Meta's GET unchanged. **200** `text/plain`
    with the challenge when `hub.mode=subscribe` and the token matches (constant-time);
    **403** otherwise.
    """
    expected = secret_values(settings.whatsapp_verify_token)
    if not expected:
        raise SecurityNotConfigured("Falta WHATSAPP_VERIFY_TOKEN_FILE: no se puede verificar.")
    token_ok = key_matches(verify_token, expected)
    if mode != "subscribe" or not token_ok:
        metrics.AUTH_FAILURES.labels(kind="verify_token").inc()
        raise VerifyTokenMismatch()
    return PlainTextResponse(challenge, headers={"X-Content-Type-Options": "nosniff"})
