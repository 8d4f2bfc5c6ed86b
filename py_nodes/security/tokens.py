"""Access (15 min) and refresh (7 days) tokens made with itsdangerous, with key rotation.

``TOKEN_SIGNING_KEYS`` lists the keys newest first: the first signs, every one verifies. Refresh
tokens are single use (the used ``jti`` is kept in the cache) and belong to a family; reusing one
revokes the family, and with it every access token issued from it.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from py_nodes.core import metrics
from py_nodes.core.auth import Principal
from py_nodes.core.cache import Cache
from py_nodes.core.config import Settings, secret_values
from py_nodes.core.errors import Unauthorized
from py_nodes.security.errors import (
    RefreshTokenReused,
    SecurityNotConfigured,
    TokenExpired,
    TokenInvalid,
    TokenRevoked,
)

Kind = Literal["access", "refresh"]
ACCESS_TTL_S = 15 * 60
REFRESH_TTL_S = 7 * 24 * 3600
_TTL: dict[Kind, int] = {"access": ACCESS_TTL_S, "refresh": REFRESH_TTL_S}
_SALT: dict[Kind, str] = {"access": "bmc-bot.access.v1", "refresh": "bmc-bot.refresh.v1"}


@dataclass(frozen=True)
class Claims:
    subject: str
    scopes: frozenset[str]
    jti: str
    family: str
    kind: Kind
    issued_at: int

    def remaining_s(self, now: float) -> int:
        return max(1, int(self.issued_at + _TTL[self.kind] - now) + 1)


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    scopes: frozenset[str]


def _signer_with_clock(clock: Callable[[], float]) -> type[TimestampSigner]:
    class ClockedSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(clock())

    return ClockedSigner


class TokenService:
    """Issues and checks tokens; the cache (single use, revocation) is looked up when needed."""

    def __init__(
        self,
        signing_keys: Sequence[str],
        cache: Callable[[], Cache] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not signing_keys:
            raise ValueError("at least one token signing key is needed")
        self._cache = cache
        self._clock = clock
        keys_oldest_first = list(reversed(signing_keys))  # itsdangerous signs with the last one
        self._serializers = {
            kind: URLSafeTimedSerializer(
                keys_oldest_first,
                salt=salt,
                signer=_signer_with_clock(clock),
                signer_kwargs={"digest_method": hashlib.sha256},
            )
            for kind, salt in _SALT.items()
        }

    def issue(self, kind: Kind, subject: str, scopes: Iterable[str], family: str) -> str:
        payload = {
            "sub": subject,
            "scp": sorted(scopes),
            "jti": uuid.uuid4().hex,
            "fam": family,
            "knd": kind,
        }
        return str(self._serializers[kind].dumps(payload))

    def issue_pair(
        self, subject: str, scopes: Iterable[str], family: str | None = None
    ) -> TokenPair:
        granted = frozenset(scopes)
        family = family or uuid.uuid4().hex
        return TokenPair(
            access_token=self.issue("access", subject, granted, family),
            refresh_token=self.issue("refresh", subject, granted, family),
            scopes=granted,
        )

    def decode(self, token: str, kind: Kind, *, check_age: bool = True) -> Claims:
        """Signature, age and kind only (no cache): the claims, or a 401 problem."""
        try:
            payload, issued = self._serializers[kind].loads(
                token, max_age=_TTL[kind] if check_age else None, return_timestamp=True
            )
        except SignatureExpired as exc:
            raise TokenExpired() from exc
        except BadSignature as exc:
            raise TokenInvalid() from exc
        return _claims(payload, kind, int(issued.timestamp()))

    async def verify_access(self, token: str) -> Principal:
        """The caller behind an access token that is genuine, fresh and not revoked."""
        try:
            claims = self.decode(token, "access")
            await self._refuse_revoked(claims)
        except Unauthorized as problem:
            _count(problem)
            raise
        return Principal(subject=claims.subject, scopes=claims.scopes)

    async def refresh(self, refresh_token: str) -> tuple[Claims, TokenPair]:
        """A new pair for a refresh token used for the first time; a reuse revokes its family."""
        try:
            claims = self.decode(refresh_token, "refresh")
            await self._refuse_revoked(claims)
            cache = self._require_cache()
            first_use = await cache.set_if_absent(
                f"auth:refresh-used:{claims.jti}", "1", claims.remaining_s(self._clock())
            )
            if not first_use:
                await cache.set(f"auth:family-revoked:{claims.family}", "1", REFRESH_TTL_S)
                raise RefreshTokenReused()
        except Unauthorized as problem:
            _count(problem)
            raise
        return claims, self.issue_pair(claims.subject, claims.scopes, claims.family)

    async def revoke(self, token: str) -> None:
        """Revoke a token of either kind; a refresh token takes its whole family with it."""
        for kind in ("refresh", "access"):
            try:
                claims = self.decode(token, kind, check_age=False)
            except TokenInvalid:
                continue
            now = self._clock()
            if claims.issued_at + _TTL[claims.kind] <= now:
                return  # expired already: nothing left to revoke
            cache = self._require_cache()
            if claims.kind == "refresh":
                await cache.set(f"auth:family-revoked:{claims.family}", "1", REFRESH_TTL_S)
            else:
                await cache.set(f"auth:revoked:{claims.jti}", "1", claims.remaining_s(now))
            return
        _count(TokenInvalid())
        raise TokenInvalid()

    async def _refuse_revoked(self, claims: Claims) -> None:
        cache = self._require_cache()
        if await cache.get(f"auth:family-revoked:{claims.family}") is not None:
            raise TokenRevoked()
        if await cache.get(f"auth:revoked:{claims.jti}") is not None:
            raise TokenRevoked()

    def _require_cache(self) -> Cache:
        if self._cache is None:
            raise SecurityNotConfigured("El servicio de tokens no tiene caché.")
        return self._cache()


def _claims(payload: Any, kind: Kind, issued_at: int) -> Claims:
    try:
        if payload["knd"] != kind:
            raise TokenInvalid()
        return Claims(
            subject=str(payload["sub"]),
            scopes=frozenset(str(scope) for scope in payload["scp"]),
            jti=str(payload["jti"]),
            family=str(payload["fam"]),
            kind=kind,
            issued_at=issued_at,
        )
    except (KeyError, TypeError) as exc:
        raise TokenInvalid() from exc


def _count(problem: Unauthorized) -> None:
    metrics.AUTH_FAILURES.labels(kind=problem.type_slug.removeprefix("auth/")).inc()


def signing_keys(settings: Settings) -> list[str]:
    return secret_values(settings.token_signing_keys)


def issue_access_token(
    settings: Settings, subject: str = "test-client", scopes: Iterable[str] = ()
) -> str:
    """An access token for ``subject`` with ``scopes``, signed with ``settings``' current key.

    For tests of scoped routes: ``Authorization: Bearer <issue_access_token(settings, ...)>``.
    """
    keys = signing_keys(settings)
    if not keys:
        raise ValueError("settings.token_signing_keys is empty: set TOKEN_SIGNING_KEYS")
    return TokenService(keys).issue("access", subject, scopes, family=uuid.uuid4().hex)
