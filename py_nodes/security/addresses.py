"""The caller's address: the socket peer, or X-Forwarded-For's right-most untrusted hop."""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from starlette.types import Scope

from py_nodes.core.errors import ConfigurationError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """``trusted_proxies`` entries (addresses or CIDR blocks) as networks."""
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as exc:
        raise ConfigurationError(f"TRUSTED_PROXIES: {exc} (use addresses or CIDR blocks)") from exc


def is_trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def header_value(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def client_address(scope: Scope, trusted_proxies: Sequence[str]) -> str:
    """Who really called: forwarded hops are believed only when the peer is a trusted proxy."""
    client = scope.get("client")
    peer = str(client[0]) if client else "unknown"
    networks = parse_networks(tuple(trusted_proxies))
    if not is_trusted(peer, networks):
        return peer
    forwarded = header_value(scope, b"x-forwarded-for")
    if not forwarded:
        return peer
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, networks):
            return hop
    return hops[0] if hops else peer


def hash_address(address: str) -> str:
    """A short, stable pseudonym for logs (the address itself is personal data)."""
    return hashlib.sha256(address.encode()).hexdigest()[:16]
