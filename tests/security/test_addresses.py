"""Who is calling: the socket peer, or the right-most untrusted X-Forwarded-For hop."""

from __future__ import annotations

import pytest

from py_nodes.core.errors import ConfigurationError
from py_nodes.security.addresses import client_address, hash_address, parse_networks

TRUSTED = ["127.0.0.1", "10.0.0.0/8"]


def scope(peer: str, forwarded: str | None = None) -> dict[str, object]:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    return {"type": "http", "client": (peer, 1234), "headers": headers}


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        pytest.param("203.0.113.5", None, "203.0.113.5", id="direct"),
        pytest.param("203.0.113.5", "198.51.100.1", "203.0.113.5", id="untrusted-peer-ignored"),
        pytest.param("127.0.0.1", "198.51.100.1", "198.51.100.1", id="trusted-proxy"),
        pytest.param(
            "127.0.0.1",
            "1.2.3.4, 198.51.100.1, 10.1.1.1",
            "198.51.100.1",
            id="rightmost-untrusted-hop",
        ),
        pytest.param("10.2.2.2", "10.1.1.1, 10.3.3.3", "10.1.1.1", id="all-trusted-leftmost"),
        pytest.param("127.0.0.1", None, "127.0.0.1", id="trusted-without-header"),
    ],
)
def test_client_address_trusts_forwarded_only_from_proxies(
    peer: str, forwarded: str | None, expected: str
) -> None:
    assert client_address(scope(peer, forwarded), TRUSTED) == expected


def test_hash_address_hides_the_address() -> None:
    hashed = hash_address("198.51.100.1")

    assert len(hashed) == 16
    assert set(hashed) <= set("0123456789abcdef")
    assert hashed == hash_address("198.51.100.1")


def test_parse_networks_refuses_a_bad_entry() -> None:
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES"):
        parse_networks(("not-an-address",))
