"""Failed sign-ins counted per user and per address on the shared cache (fixed window).

The security node's rate limiter counts requests per route and caller; the desk also needs a
count per *user name* (guessing one seller's password from many addresses), so it keeps this
small counter on the same cache (Redis in production, shared by every replica).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from py_nodes.core.cache import Cache
from py_nodes.core.config import Settings
from py_nodes.security.addresses import hash_address

_PREFIX: Final = "desk:login-failures:"


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
            settings.desk_login_max_failures_user,
            settings.desk_login_max_failures_address,
            settings.desk_login_window_s,
        )

    def _keys(self, user: str, address: str) -> tuple[str, str]:
        return (
            f"{_PREFIX}user:{user.strip().lower()[:64]}",
            f"{_PREFIX}addr:{hash_address(address)}",
        )

    async def blocked(self, user: str, address: str) -> bool:
        """True when this user or this address used up its failures in the window."""
        user_key, address_key = self._keys(user, address)
        user_count = int(await self.cache.get(user_key) or 0)
        address_count = int(await self.cache.get(address_key) or 0)
        return user_count >= self.max_per_user or address_count >= self.max_per_address

    async def failed(self, user: str, address: str) -> None:
        for key in self._keys(user, address):
            await self.cache.incr(key, self.window_s)

    async def succeeded(self, user: str, address: str) -> None:
        """A right password clears the user's count (the address keeps its own)."""
        await self.cache.delete(self._keys(user, address)[0])
