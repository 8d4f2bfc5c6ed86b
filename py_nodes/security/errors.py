"""Problem types of the security node: signatures, handshake, tokens, origins."""

from __future__ import annotations

from py_nodes.core.errors import (
    BadRequest,
    Forbidden,
    PayloadTooLarge,
    ServiceUnavailable,
    Unauthorized,
)


class SignatureMissing(Unauthorized):
    type_slug = "security/signature-missing"
    title = "Signature missing"
    meaning = "The `X-Hub-Signature-256` header (or the `signature` field) is absent or empty."
    default_detail = "Falta la firma X-Hub-Signature-256 del webhook."


class SignatureMalformed(Unauthorized):
    type_slug = "security/signature-malformed"
    title = "Signature malformed"
    meaning = "The signature is not `sha256=` followed by 64 hexadecimal digits."
    default_detail = "La firma no tiene el formato sha256=<64 dígitos hexadecimales>."


class SignatureMismatch(Unauthorized):
    type_slug = "security/signature-mismatch"
    title = "Signature mismatch"
    meaning = "The signature is well formed but no active app secret produces it for this body."
    default_detail = "La firma no corresponde al cuerpo recibido."


class WebhookBodyTooLarge(PayloadTooLarge):
    type_slug = "security/body-too-large"
    title = "Webhook body too large"
    meaning = "The webhook body is larger than 1 MiB; WhatsApp never sends one that big."
    default_detail = "El cuerpo del webhook supera 1 MiB."


class WebhookEnvelopeInvalid(BadRequest):
    type_slug = "security/envelope-invalid"
    title = "Webhook envelope invalid"
    meaning = "A JSON request lacks a valid base64 `raw_body_b64` field."
    default_detail = "Mandá los bytes crudos, o JSON con 'raw_body_b64' en base64 y 'signature'."


class VerifyTokenMismatch(Forbidden):
    type_slug = "security/verify-token-mismatch"
    title = "Verify token mismatch"
    meaning = "Meta's subscription handshake carried a wrong `hub.verify_token` or `hub.mode`."
    default_detail = "El token de verificación no coincide."


class SecurityNotConfigured(ServiceUnavailable):
    type_slug = "security/not-configured"
    title = "Security feature not configured"
    meaning = "The secret this feature needs is not set (its `NAME_FILE` is missing)."
    default_detail = "Esta función no está configurada en el servidor."


class TokenInvalid(Unauthorized):
    type_slug = "auth/token-invalid"
    title = "Token invalid"
    meaning = "The token was altered, signed with an unknown key, or is not of the expected kind."
    default_detail = "El token no es válido."


class TokenExpired(Unauthorized):
    type_slug = "auth/token-expired"
    title = "Token expired"
    meaning = "The token is older than its lifetime (access 15 min, refresh 7 days)."
    default_detail = "El token venció; pedí uno nuevo."


class LoginExpired(Unauthorized):
    type_slug = "auth/login-expired"
    title = "Login expired"
    meaning = (
        "The login this refresh token belongs to is older than `AUTH_MAX_LOGIN_S`: refresh "
        "tokens cannot be renewed forever; ask `POST /auth/token` with the client secret again."
    )
    default_detail = "La sesión superó su duración máxima: pedí un token nuevo con tu secreto."


class TokenRevoked(Unauthorized):
    type_slug = "auth/token-revoked"
    title = "Token revoked"
    meaning = "The token (or its refresh family) was revoked."
    default_detail = "El token fue revocado."


class RefreshTokenReused(Unauthorized):
    type_slug = "auth/refresh-token-reused"
    title = "Refresh token reused"
    meaning = "A refresh token was presented twice; its whole family is revoked as a precaution."
    default_detail = "Ese refresh token ya se usó; iniciá sesión de nuevo."


class InvalidClient(Unauthorized):
    type_slug = "auth/invalid-client"
    title = "Invalid client"
    meaning = "The client id and secret do not match any configured client."
    default_detail = "El client_id o el client_secret no son válidos."


class ScopeNotAllowed(Forbidden):
    type_slug = "auth/scope-not-allowed"
    title = "Scope not allowed"
    meaning = "The client asked for a scope it is not allowed to hold."
    default_detail = "Este cliente no puede pedir ese permiso."


class OriginRefused(Forbidden):
    type_slug = "security/origin-refused"
    title = "Origin refused"
    meaning = "A state-changing request came from a browser origin outside the allowlist."
    default_detail = "Este origen no tiene permitido modificar datos."
