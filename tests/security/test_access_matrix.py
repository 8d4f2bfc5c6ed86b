"""Least privilege (issue 12, item 2): every protected route × every client, and n8n's key.

The whole app (every node) with one key per service client and a token client: each route is
called by each caller with dummy path values and no body. A caller without the route's scope
gets 403, without credentials 401; a caller with it gets past authentication (any other status:
422 for the missing body, 404 for the dummy id, 200...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from py_nodes.core.access import ROUTE_SCOPES, SCOPES, SERVICE_CLIENT_SCOPES
from py_nodes.core.auth import protected_routes
from py_nodes.core.config import Settings
from py_nodes.core.errors import ConfigurationError
from py_nodes.main import available_nodes, create_app
from py_nodes.security.tokens import issue_access_token
from workflows import EXPORT_DIR
from workflows.contract import python_calls

KEYS = {  # pragma: allowlist secret
    "n8n": "n8n-key-0123456789abcdefghijklmnopqrstuv",  # pragma: allowlist secret
    "desk": "desk-key-0123456789abcdefghijklmnopqrstu",  # pragma: allowlist secret
    "export": "export-key-0123456789abcdefghijklmnopqr",  # pragma: allowlist secret
}
SIGNING = "signing-key-0123456789abcdefghijklmnopq"  # pragma: allowlist secret
OPERATOR_SECRET = "operator-secret-0123456789abcdefghijk"  # pragma: allowlist secret
ALIASES = {
    # Routes n8n may reach that no flow calls: the same operation as one a flow calls.
    ("POST", "/cotizacion/generar"): "old path of POST /quotes",
    ("POST", "/security/whatsapp/signature"): "the check of POST /ops/inbox/signed-deliveries",
    ("GET", "/ops/inbox/{message_id}"): "reads back the entry the relay wrote",
    ("GET", "/ops/dead-letters"): "reads back the records n8n writes (the fault harness does)",
    ("GET", "/ops/inbox"): "lists entries by state (the fault harness counts unconfirmed sends)",
    (
        "POST",
        "/ops/contacts/{phone}/take",
    ): "same scope as release (release-chat flow); no flow takes",
}


def matrix_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "test",
        "data_dir": tmp_path / "data",
        "log_level": "WARNING",
        "api_keys": "\n".join(f"{client}:{key}" for client, key in KEYS.items()),
        "token_signing_keys": SIGNING,
        "auth_clients": f"operator:{OPERATOR_SECRET}:export privacy:erase",
        "rate_limits_enabled": False,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def full_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Settings]]:
    settings = matrix_settings(tmp_path_factory.mktemp("matrix"))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, settings


ROUTES = sorted(
    (method, path)
    for method, path, _ in protected_routes(
        router for node in available_nodes().values() for router in node.protected
    )
)
CALLERS = ["n8n", "desk", "export", "operator-token", "nobody"]


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "BMC-2026-9999", path)


def credentials(caller: str, settings: Settings) -> dict[str, str]:
    if caller in KEYS:
        return {"X-API-Key": KEYS[caller]}
    if caller == "operator-token":
        token = issue_access_token(settings, "operator", ["export", "privacy:erase"])
        return {"Authorization": f"Bearer {token}"}
    return {}


def scopes_of(caller: str) -> frozenset[str]:
    if caller in SERVICE_CLIENT_SCOPES:
        return SERVICE_CLIENT_SCOPES[caller]
    if caller == "operator-token":
        return frozenset({"export", "privacy:erase"})
    return frozenset()


def test_every_protected_route_has_a_scope() -> None:
    undeclared = [route for route in ROUTES if route not in ROUTE_SCOPES]
    assert ROUTES
    assert not undeclared


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_route_by_client(
    full_app: tuple[TestClient, Settings], method: str, path: str, caller: str
) -> None:
    client, settings = full_app
    response = client.request(method, concrete(path), headers=credentials(caller, settings))

    if caller == "nobody":
        assert response.status_code == 401, response.text
    elif ROUTE_SCOPES[(method, path)] in scopes_of(caller):
        assert response.status_code not in (401, 403), response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json()["required_scope"] == ROUTE_SCOPES[(method, path)]


def flow_calls() -> set[tuple[str, str]]:
    calls = set()
    for flow in sorted(EXPORT_DIR.glob("*.json")):
        for call in python_calls(flow):
            calls.add((call.method.upper(), call.path))
    return calls


def route_of(method: str, concrete_path: str) -> tuple[str, str]:
    for (route_method, template), _ in ROUTE_SCOPES.items():
        pattern = "^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$"
        if route_method == method and re.match(pattern, concrete_path.replace("{param}", "x")):
            return route_method, template
    raise AssertionError(f"a flow calls {method} {concrete_path}, which has no scope")


def test_n8n_key_holds_exactly_the_scopes_of_the_routes_its_flows_call() -> None:
    called = {route_of(method, path) for method, path in flow_calls()}

    assert {ROUTE_SCOPES[route] for route in called} == SERVICE_CLIENT_SCOPES["n8n"]


def test_n8n_key_reaches_only_routes_its_flows_call() -> None:
    called = {route_of(method, path) for method, path in flow_calls()}
    reachable = {
        route for route, scope in ROUTE_SCOPES.items() if scope in SERVICE_CLIENT_SCOPES["n8n"]
    }

    assert reachable - called == set(ALIASES)


def test_desk_scopes_are_named_for_what_a_seller_does() -> None:
    assert SERVICE_CLIENT_SCOPES["desk"] == {
        "quotes:read",
        "quotes:write",
        "quotes:pdf",
        "conversations:read",
        "conversations:assign",
        "replies:send",
        "catalog:read",
    }
    assert SERVICE_CLIENT_SCOPES["export"] == {"export"}
    assert all(scope in SCOPES for scopes in SERVICE_CLIENT_SCOPES.values() for scope in scopes)


def test_legacy_bare_key_is_the_n8n_key(tmp_path: Path) -> None:
    """Deployments from before one key per client keep working: a bare key is n8n's."""
    settings = matrix_settings(tmp_path, api_keys=KEYS["n8n"])
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        sent = client.post("/quotes/BMC-2026-9999/sent", headers={"X-API-Key": KEYS["n8n"]})
        listed = client.get("/quotes", headers={"X-API-Key": KEYS["n8n"]})

    assert (sent.status_code, listed.status_code) == (404, 403)


def test_followups_due_does_not_list_phones_to_the_desk_or_export_keys(
    full_app: tuple[TestClient, Settings],
) -> None:
    client, _ = full_app
    for caller in ("desk", "export"):
        response = client.get("/quotes/followups/due", headers={"X-API-Key": KEYS[caller]})
        assert response.status_code == 403


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"api_keys": "n8n:x"}, id="one-character-api-key"),  # pragma: allowlist secret
        pytest.param({"api_keys": "bare-key"}, id="short-legacy-key"),  # pragma: allowlist secret
        pytest.param({"auth_clients": "tool:short:export"}, id="short-client-secret"),
        pytest.param({"token_signing_keys": "short"}, id="short-signing-key"),
    ],
)
def test_short_secrets_stop_a_prod_start(tmp_path: Path, overrides: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError, match="32"):
        create_app(matrix_settings(tmp_path, env="prod", **overrides))


def test_unknown_client_in_api_keys_stops_the_start(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="unknown client"):
        create_app(matrix_settings(tmp_path, api_keys=f"robot:{KEYS['n8n']}"))


def test_a_protected_route_without_a_scope_stops_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import py_nodes.ops

    extra = APIRouter()

    @extra.get("/ops/new-thing")
    async def new_thing() -> dict[str, str]:
        return {}

    node = py_nodes.ops.NODE
    monkeypatch.setattr(py_nodes.ops, "NODE", replace(node, protected=[*node.protected, extra]))
    with pytest.raises(ConfigurationError, match="GET /ops/new-thing"):
        create_app(matrix_settings(tmp_path), nodes=["ops"])


def test_routes_table_only_names_known_scopes() -> None:
    assert set(ROUTE_SCOPES.values()) <= set(SCOPES)
