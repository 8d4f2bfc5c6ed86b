"""Sign-in attempts counted per user and per address on the shared cache (fixed window).

The security node's rate limiter counts requests per route and caller; the desk also needs a
count per *user name* (guessing one seller's password from many addresses), so it keeps this
small counter on the same cache (Redis in production, shared by every replica).

An attempt is counted *before* the password is checked, with one atomic increment, so requests
sent at once cannot all slip past the limit while the first ones are still being verified. A
right password clears the user's count; the address keeps its own until the window ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from py_nodes.core.cache import Cache
from py_nodes.core.config import Settings
from py_nodes.security.addresses import hash_address

_PREFIX: Final = "desk:login-attempts:"


@dataclass(frozen=True)
class SignInLimiter:
    cache: Cache
    max_per_user: int
    max_per_address: int
    window_s: int

    @classmethod
    def from_settings(cls, cache: Cache, settings: Settings) -> SignInLimiter:
        return cls(
            cache,
            settings.desk_login_max_attempts_user,
            settings.desk_login_max_attempts_address,
            settings.desk_login_window_s,
        )

    def _keys(self, user: str, address: str) -> tuple[str, str]:
        return (
            f"{_PREFIX}user:{user.strip().lower()[:64]}",
            f"{_PREFIX}addr:{hash_address(address)}",
        )

    async def admit(self, user: str, address: str) -> bool:
        """Count this attempt; False when the user or the address is over its limit."""
        user_key, address_key = self._keys(user, address)
        user_count = await self.cache.incr(user_key, self.window_s)
        address_count = await self.cache.incr(address_key, self.window_s)
        return user_count <= self.max_per_user and address_count <= self.max_per_address

    async def succeeded(self, user: str, address: str) -> None:
        """A right password clears the user's count (the address keeps its own)."""
        await self.cache.delete(self._keys(user, address)[0])
