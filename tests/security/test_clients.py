"""AUTH_CLIENTS parsing, client authentication and scope granting."""

from __future__ import annotations

import pytest

from py_nodes.core.errors import ConfigurationError
from py_nodes.security.clients import authenticate, granted_scopes, parse_clients
from py_nodes.security.errors import InvalidClient, ScopeNotAllowed

CLIENTS = parse_clients(["tool:s3cr3t:quotes:read export", "bot:other:quotes:write"])


def test_parse_clients_reads_id_secret_and_scopes() -> None:
    assert (CLIENTS[0].client_id, CLIENTS[0].secret, CLIENTS[0].scopes) == (
        "tool",
        "s3cr3t",
        frozenset({"quotes:read", "export"}),
    )


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param("tool-without-secret", id="no-colon"),
        pytest.param("tool:secret:", id="no-scopes"),
        pytest.param("tool:secret:admin", id="unknown-scope"),
        pytest.param(":secret:export", id="empty-id"),
    ],
)
def test_parse_clients_refuses_bad_entry_without_showing_secret(entry: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        parse_clients([entry])

    assert "secret" not in str(caught.value).replace("client_secret", "")


def test_authenticate_returns_matching_client() -> None:
    assert authenticate(CLIENTS, "bot", "other").client_id == "bot"


@pytest.mark.parametrize(("client_id", "secret"), [("tool", "other"), ("nobody", "s3cr3t")])
def test_authenticate_refuses_wrong_pair(client_id: str, secret: str) -> None:
    with pytest.raises(InvalidClient):
        authenticate(CLIENTS, client_id, secret)


def test_granted_scopes_defaults_to_all_allowed() -> None:
    assert granted_scopes(CLIENTS[0], None) == frozenset({"quotes:read", "export"})


def test_granted_scopes_refuses_scope_not_allowed() -> None:
    with pytest.raises(ScopeNotAllowed):
        granted_scopes(CLIENTS[0], "quotes:write")
