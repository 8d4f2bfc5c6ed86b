"""The seller's session: a cookie signed with itsdangerous, a CSRF token inside, revocable.

The cookie holds ``{"u": user, "sid": random id, "csrf": random token}``, signed and timestamped
with the first of ``DESK_SESSION_KEYS`` (the others still verify: rotation, as for the other
multi-value secrets). It expires ``desk_session_ttl_s`` after sign-in. Signing out records the
session id in the shared cache until it would have expired, so a copied cookie dies with it.
The sign-in form, which has no session yet, carries its own signed CSRF token (salted apart).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any, Final

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from py_nodes.core.cache import Cache
from py_nodes.core.config import Settings, secret_values

COOKIE: Final = "bmc_desk"
LOGIN_COOKIE: Final = "bmc_desk_login"
PATH: Final = "/desk"
_REVOKED: Final = "desk:revoked:"
LOGIN_CSRF_TTL_S: Final = 3600
FLASH_COOKIE: Final = "bmc_desk_flash"
FLASH_TTL_S: Final = 120


@dataclass(frozen=True)
class Session:
    user: str
    sid: str
    csrf: str


class SessionCodec:
    """Signs and reads session cookies and sign-in form tokens."""

    def __init__(self, keys: list[str], ttl_s: int) -> None:
        if not keys:
            raise ValueError("at least one desk session key is needed")
        oldest_first = list(reversed(keys))  # itsdangerous signs with the last one
        self.ttl_s = ttl_s
        self._session = URLSafeTimedSerializer(oldest_first, salt="bmc-desk-session")
        self._login = URLSafeTimedSerializer(oldest_first, salt="bmc-desk-login-csrf")
        self._flash = URLSafeTimedSerializer(oldest_first, salt="bmc-desk-flash")

    def issue(self, user: str) -> tuple[Session, str]:
        session = Session(user, secrets.token_urlsafe(16), secrets.token_urlsafe(24))
        cookie = self._session.dumps({"u": session.user, "sid": session.sid, "csrf": session.csrf})
        return session, cookie

    def read(self, cookie: str | None) -> Session | None:
        """The session in ``cookie``; ``None`` when absent, altered, or older than the TTL."""
        if not cookie:
            return None
        try:
            data: Any = self._session.loads(cookie, max_age=self.ttl_s)
        except (BadSignature, SignatureExpired):
            return None
        if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in FIELDS):
            return None
        return Session(data["u"], data["sid"], data["csrf"])

    def login_token(self) -> tuple[str, str]:
        """A fresh sign-in CSRF pair: (value for the form, signed value for the cookie)."""
        token = secrets.token_urlsafe(24)
        return token, self._login.dumps(token)

    def login_token_matches(self, cookie: str | None, form_value: str) -> bool:
        if not cookie or not form_value:
            return False
        try:
            token: Any = self._login.loads(cookie, max_age=LOGIN_CSRF_TTL_S)
        except (BadSignature, SignatureExpired):
            return False
        return isinstance(token, str) and hmac.compare_digest(token, form_value)

    def flash(self, code: str, detail: str | None = None) -> str:
        """A one-time notice for the next page (the result of a form), signed."""
        return self._flash.dumps({"code": code, "detail": detail})

    def read_flash(self, cookie: str | None) -> dict[str, str | None] | None:
        if not cookie:
            return None
        try:
            data: Any = self._flash.loads(cookie, max_age=FLASH_TTL_S)
        except (BadSignature, SignatureExpired):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("code"), str):
            return None
        detail = data.get("detail")
        return {"code": data["code"], "detail": detail if isinstance(detail, str) else None}


FIELDS: Final = ("u", "sid", "csrf")


def codec_for(settings: Settings) -> SessionCodec | None:
    keys = secret_values(settings.desk_session_keys)
    return SessionCodec(keys, settings.desk_session_ttl_s) if keys else None


def csrf_matches(session: Session, form_value: str) -> bool:
    return bool(form_value) and hmac.compare_digest(session.csrf, form_value)


async def revoke(cache: Cache, session: Session, ttl_s: int) -> None:
    await cache.set(_REVOKED + session.sid, "1", ttl_s)


async def is_revoked(cache: Cache, session: Session) -> bool:
    return await cache.get(_REVOKED + session.sid) is not None


def cookie_secure(settings: Settings) -> bool:
    """Secure cookies everywhere but local development and tests (plain HTTP on loopback)."""
    return settings.env not in ("dev", "test")
