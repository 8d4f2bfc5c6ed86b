"""Access (15 min) and refresh (7 days) tokens made with itsdangerous, with key rotation.

``TOKEN_SIGNING_KEYS`` lists the keys newest first: the first signs, every one verifies. Refresh
tokens are single use (the used ``jti`` is kept in the cache) and belong to a family; reusing one
revokes the family, and with it every access token issued from it.

Every token also carries the login time (``aut``, kept through refreshes) and the client's secret
version (``ver``): a refresh after ``AUTH_MAX_LOGIN_S`` is refused (log in again with the secret),
and a token whose client secret changed since is refused at once, access and refresh alike.
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
    LoginExpired,
    RefreshTokenReused,
    SecurityNotConfigured,
    TokenExpired,
    TokenInvalid,
    TokenRevoked,
)

Kind = Literal["access", "refresh"]
ACCESS_TTL_S = 15 * 60
REFRESH_TTL_S = 7 * 24 * 3600
MAX_LOGIN_S = 24 * 3600
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
    login_at: int
    version: str | None

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


VersionOf = Callable[[str], str | None]


class TokenService:
    """Issues and checks tokens; the cache (single use, revocation) is looked up when needed.

    ``version_of(subject)`` is the client's current secret version (``None``: no such client
    any more); without it versions are not checked (tests of the token mechanics alone).
    """

    def __init__(
        self,
        signing_keys: Sequence[str],
        cache: Callable[[], Cache] | None = None,
        clock: Callable[[], float] = time.time,
        version_of: VersionOf | None = None,
        max_login_s: int = MAX_LOGIN_S,
    ) -> None:
        if not signing_keys:
            raise ValueError("at least one token signing key is needed")
        self._cache = cache
        self._clock = clock
        self._version_of = version_of
        self._max_login_s = max_login_s
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

    def issue(
        self,
        kind: Kind,
        subject: str,
        scopes: Iterable[str],
        family: str,
        *,
        version: str | None = None,
        login_at: int | None = None,
    ) -> str:
        payload = {
            "sub": subject,
            "scp": sorted(scopes),
            "jti": uuid.uuid4().hex,
            "fam": family,
            "knd": kind,
            "aut": int(self._clock()) if login_at is None else login_at,
            "ver": version,
        }
        return str(self._serializers[kind].dumps(payload))

    def issue_pair(
        self,
        subject: str,
        scopes: Iterable[str],
        family: str | None = None,
        *,
        version: str | None = None,
        login_at: int | None = None,
    ) -> TokenPair:
        """A new login (``login_at`` now) or, from ``refresh``, the same login continued."""
        granted = frozenset(scopes)
        family = family or uuid.uuid4().hex
        login_at = int(self._clock()) if login_at is None else login_at
        return TokenPair(
            access_token=self.issue(
                "access", subject, granted, family, version=version, login_at=login_at
            ),
            refresh_token=self.issue(
                "refresh", subject, granted, family, version=version, login_at=login_at
            ),
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
            self._refuse_old_secret(claims)
            await self._refuse_revoked(claims)
        except Unauthorized as problem:
            _count(problem)
            raise
        return Principal(subject=claims.subject, scopes=claims.scopes)

    async def refresh(self, refresh_token: str) -> tuple[Claims, TokenPair]:
        """A new pair for a refresh token used for the first time; a reuse revokes its family."""
        try:
            claims = self.decode(refresh_token, "refresh")
            self._refuse_old_secret(claims)
            if self._clock() - claims.login_at > self._max_login_s:
                raise LoginExpired()
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
        pair = self.issue_pair(
            claims.subject,
            claims.scopes,
            claims.family,
            version=claims.version,
            login_at=claims.login_at,
        )
        return claims, pair

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

    def _refuse_old_secret(self, claims: Claims) -> None:
        if self._version_of is None:
            return
        current = self._version_of(claims.subject)
        if current is None or claims.version != current:
            raise TokenRevoked(
                "El secreto de este cliente cambió (o el cliente ya no existe): "
                "pedí un token nuevo con POST /auth/token."
            )

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
            login_at=int(payload.get("aut", issued_at)),
            version=None if payload.get("ver") is None else str(payload["ver"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
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
    The token carries the secret version of the ``AUTH_CLIENTS`` client named ``subject``; a
    subject that is no configured client gets a token the app refuses.
    """
    from py_nodes.security.clients import load_clients

    keys = signing_keys(settings)
    if not keys:
        raise ValueError("settings.token_signing_keys is empty: set TOKEN_SIGNING_KEYS")
    versions = {client.client_id: client.secret_version for client in load_clients(settings)}
    return TokenService(keys).issue(
        "access", subject, scopes, family=uuid.uuid4().hex, version=versions.get(subject)
    )
