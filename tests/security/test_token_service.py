"""Access and refresh tokens: expiry, tampering, kinds, key rotation, single use, revocation."""

from __future__ import annotations

import pytest

from py_nodes.core.cache import MemoryCache
from py_nodes.security.errors import (
    RefreshTokenReused,
    TokenExpired,
    TokenInvalid,
    TokenRevoked,
)
from py_nodes.security.tokens import ACCESS_TTL_S, REFRESH_TTL_S, TokenService
from tests.security.security_values import TOKEN_KEY_NEW, TOKEN_KEY_OLD

pytestmark = pytest.mark.anyio
SCOPES = {"quotes:read", "export"}


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(clock: Clock) -> MemoryCache:
    return MemoryCache(clock=clock)


def service(cache: MemoryCache, clock: Clock, keys: list[str] | None = None) -> TokenService:
    return TokenService(keys or [TOKEN_KEY_NEW, TOKEN_KEY_OLD], cache=lambda: cache, clock=clock)


async def test_verify_access_returns_subject_and_scopes(cache: MemoryCache, clock: Clock) -> None:
    tokens = service(cache, clock)
    pair = tokens.issue_pair("quote-admin", SCOPES)

    principal = await tokens.verify_access(pair.access_token)

    assert (principal.subject, principal.scopes) == ("quote-admin", frozenset(SCOPES))


async def test_verify_access_accepts_token_just_before_expiry(
    cache: MemoryCache, clock: Clock
) -> None:
    tokens = service(cache, clock)
    pair = tokens.issue_pair("quote-admin", SCOPES)
    clock.now += ACCESS_TTL_S

    principal = await tokens.verify_access(pair.access_token)

    assert principal.subject == "quote-admin"


async def test_verify_access_refuses_expired_token(cache: MemoryCache, clock: Clock) -> None:
    tokens = service(cache, clock)
    pair = tokens.issue_pair("quote-admin", SCOPES)
    clock.now += ACCESS_TTL_S + 1

    with pytest.raises(TokenExpired):
        await tokens.verify_access(pair.access_token)


@pytest.mark.parametrize(
    "position", [pytest.param(5, id="payload"), pytest.param(-3, id="signature")]
)
async def test_verify_access_refuses_tampered_token(
    cache: MemoryCache, clock: Clock, position: int
) -> None:
    tokens = service(cache, clock)
    token = tokens.issue_pair("quote-admin", SCOPES).access_token
    swapped = "A" if token[position] != "A" else "B"
    tampered = token[:position] + swapped + token[position + 1 :]

    with pytest.raises(TokenInvalid):
        await tokens.verify_access(tampered)


async def test_verify_access_refuses_refresh_token(cache: MemoryCache, clock: Clock) -> None:
    tokens = service(cache, clock)
    pair = tokens.issue_pair("quote-admin", SCOPES)

    with pytest.raises(TokenInvalid):
        await tokens.verify_access(pair.refresh_token)


async def test_verify_access_accepts_token_signed_with_previous_key_during_rotation(
    cache: MemoryCache, clock: Clock
) -> None:
    token = service(cache, clock, [TOKEN_KEY_OLD]).issue_pair("a", SCOPES).access_token

    principal = await service(cache, clock, [TOKEN_KEY_NEW, TOKEN_KEY_OLD]).verify_access(token)

    assert principal.subject == "a"


async def test_verify_access_refuses_previous_key_after_rotation(
    cache: MemoryCache, clock: Clock
) -> None:
    token = service(cache, clock, [TOKEN_KEY_OLD]).issue_pair("a", SCOPES).access_token

    with pytest.raises(TokenInvalid):
        await service(cache, clock, [TOKEN_KEY_NEW]).verify_access(token)


async def test_issue_signs_with_first_key_during_rotation(cache: MemoryCache, clock: Clock) -> None:
    token = service(cache, clock, [TOKEN_KEY_NEW, TOKEN_KEY_OLD]).issue_pair("a", SCOPES)

    principal = await service(cache, clock, [TOKEN_KEY_NEW]).verify_access(token.access_token)

    assert principal.subject == "a"


async def test_refresh_returns_new_pair_with_same_scopes(cache: MemoryCache, clock: Clock) -> None:
    tokens = service(cache, clock)
    first = tokens.issue_pair("quote-admin", SCOPES)

    _, second = await tokens.refresh(first.refresh_token)

    assert second.refresh_token != first.refresh_token
    assert (await tokens.verify_access(second.access_token)).scopes == frozenset(SCOPES)


async def test_refresh_refuses_second_use(cache: MemoryCache, clock: Clock) -> None:
    tokens = service(cache, clock)
    first = tokens.issue_pair("quote-admin", SCOPES)
    await tokens.refresh(first.refresh_token)

    with pytest.raises(RefreshTokenReused):
        await tokens.refresh(first.refresh_token)


async def test_refresh_reuse_revokes_the_whole_family(cache: MemoryCache, clock: Clock) -> None:
    tokens = service(cache, clock)
    first = tokens.issue_pair("quote-admin", SCOPES)
    _, second = await tokens.refresh(first.refresh_token)
    with pytest.raises(RefreshTokenReused):
        await tokens.refresh(first.refresh_token)

    with pytest.raises(TokenRevoked):
        await tokens.refresh(second.refresh_token)


async def test_refresh_refuses_expired_refresh_token(cache: MemoryCache, clock: Clock) -> None:
    tokens = service(cache, clock)
    pair = tokens.issue_pair("quote-admin", SCOPES)
    clock.now += REFRESH_TTL_S + 1

    with pytest.raises(TokenExpired):
        await tokens.refresh(pair.refresh_token)


async def test_revoke_access_token_makes_it_fail(cache: MemoryCache, clock: Clock) -> None:
    tokens = service(cache, clock)
    pair = tokens.issue_pair("quote-admin", SCOPES)

    await tokens.revoke(pair.access_token)

    with pytest.raises(TokenRevoked):
        await tokens.verify_access(pair.access_token)


async def test_revoke_refresh_token_revokes_its_access_token(
    cache: MemoryCache, clock: Clock
) -> None:
    tokens = service(cache, clock)
    pair = tokens.issue_pair("quote-admin", SCOPES)

    await tokens.revoke(pair.refresh_token)

    with pytest.raises(TokenRevoked):
        await tokens.verify_access(pair.access_token)


async def test_revoke_refresh_token_stops_refresh(cache: MemoryCache, clock: Clock) -> None:
    tokens = service(cache, clock)
    pair = tokens.issue_pair("quote-admin", SCOPES)

    await tokens.revoke(pair.refresh_token)

    with pytest.raises(TokenRevoked):
        await tokens.refresh(pair.refresh_token)


async def test_revoke_refuses_foreign_token(cache: MemoryCache, clock: Clock) -> None:
    foreign = service(cache, clock, ["another-key"]).issue_pair("a", SCOPES).access_token

    with pytest.raises(TokenInvalid):
        await service(cache, clock).revoke(foreign)
