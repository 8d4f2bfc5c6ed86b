"""Sellers who may sign in to the desk, from the ``DESK_ACCOUNTS`` secret (argon2 hashes).

One seller per line: ``user:argon2hash:Display Name``. Lines are split on newlines only (an
argon2 hash contains commas), blank lines and ``#`` comments are skipped. Hashes come from
``python -m py_nodes.desk.hash_password``; the password itself is never stored anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from py_nodes.core.config import Settings
from py_nodes.core.errors import ConfigurationError

USER_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
HASHER: Final = PasswordHasher()
#: Verified against when the user does not exist, so an unknown user costs as much as a known one.
_DUMMY_HASH: Final = HASHER.hash("desk-unknown-user")


@dataclass(frozen=True)
class Seller:
    user: str
    name: str
    password_hash: str


def parse_accounts(text: str) -> dict[str, Seller]:
    """Parse the secret; a malformed line stops the start, naming the line (never the hash)."""
    sellers: dict[str, Seller] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        user, _, rest = line.partition(":")
        password_hash, _, name = rest.partition(":")
        user = user.strip().lower()
        if not USER_PATTERN.match(user) or not password_hash.startswith("$argon2") or not name:
            raise ConfigurationError(
                f"DESK_ACCOUNTS line {number} is not 'user:argon2hash:Display Name' "
                "(user: lowercase letters, digits, '.', '_' or '-')"
            )
        if user in sellers:
            raise ConfigurationError(f"DESK_ACCOUNTS line {number}: user {user!r} appears twice")
        sellers[user] = Seller(user, name.strip(), password_hash.strip())
    return sellers


def load_accounts(settings: Settings) -> dict[str, Seller]:
    if settings.desk_accounts is None:
        return {}
    return parse_accounts(settings.desk_accounts.get_secret_value())


def authenticate(sellers: Mapping[str, Seller], user: str, password: str) -> Seller | None:
    """The seller when ``password`` matches; ``None`` otherwise (same work either way)."""
    seller = sellers.get(user.strip().lower())
    try:
        HASHER.verify(seller.password_hash if seller else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return seller
