"""Erasure reaches n8n (issue 12, item 3): a real n8n 2.40.7, its public API, a failed execution.

n8n saves only failed executions; one holding the customer's phone is made by posting to a probe
flow whose second node fails. The erasure must find it through the public API with an API key
and delete it, leave another customer's execution, and successful runs must leave nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from secrets import token_urlsafe
from typing import Any

import httpx
import pytest

from py_nodes.privacy.n8n_executions import N8nExecutions
from tests.support.n8n import n8n_install, probe_n8n
from workflows.credentials import CredentialSecrets
from workflows.runtime import N8nInstance, owner_env

OWNER = "privacidad@bmc.test"
VICTIM, OTHER = "59899555666", "59899777888"


def probe_flow() -> dict[str, Any]:
    webhook = {
        "id": "8a1d6a62-0d3e-4c55-9d11-6a0b7e3f0001",
        "name": "Probe",
        "type": "n8n-nodes-base.webhook",
        "typeVersion": 2.1,
        "position": [0, 0],
        "webhookId": "8a1d6a62-0d3e-4c55-9d11-6a0b7e3f00aa",
        "parameters": {"httpMethod": "POST", "path": "privacy-probe", "options": {}},
    }
    fail = {
        "id": "8a1d6a62-0d3e-4c55-9d11-6a0b7e3f0002",
        "name": "Fails when asked",
        "type": "n8n-nodes-base.code",
        "typeVersion": 2,
        "position": [300, 0],
        "parameters": {
            "jsCode": (
                "if ($json.body.fail) { throw new Error('probe failure'); }\nreturn $input.all();"
            )
        },
    }
    return {
        "id": "bmcPrivacyProbe1",
        "name": "Privacy probe",
        "active": False,
        "nodes": [webhook, fail],
        "connections": {
            "Probe": {"main": [[{"node": "Fails when asked", "type": "main", "index": 0}]]}
        },
        "settings": {"executionOrder": "v1"},
        "pinData": {},
        "tags": [],
    }


def api_key(base_url: str, password: str) -> str:
    """Log in as the owner and create a public-API key with the execution scopes erasure uses."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        login = http.post("/rest/login", json={"emailOrLdapLoginId": OWNER, "password": password})
        login.raise_for_status()
        created = http.post(
            "/rest/api-keys",
            json={
                "label": "erasure",
                "scopes": ["execution:list", "execution:read", "execution:delete"],
                "expiresAt": None,
            },
        )
        created.raise_for_status()
        key: str = created.json()["data"]["rawApiKey"]
        return key


@pytest.fixture(scope="module")
def n8n(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[N8nInstance, str]]:
    password = "Owner-" + token_urlsafe(12)  # pragma: allowlist secret
    with probe_n8n(
        tmp_path_factory.mktemp("privacy-n8n"),
        {"privacy-probe": probe_flow()},
        owner_env(n8n_install(), OWNER, password),
        CredentialSecrets("unused-key", "unused-token"),
    ) as instance:
        yield instance, api_key(instance.base_url, password)


def saved_executions(instance: N8nInstance, key: str, expected: int) -> list[dict[str, Any]]:
    """The saved executions once ``expected`` of them are there (n8n saves after answering)."""
    deadline = time.monotonic() + 30
    found: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        response = httpx.get(
            f"{instance.base_url}/api/v1/executions",
            params={"includeData": "true"},
            headers={"X-N8N-API-KEY": key},
            timeout=10,
        )
        response.raise_for_status()
        found = response.json()["data"]
        if len(found) >= expected and all(e.get("finished") or e.get("stoppedAt") for e in found):
            return found
        time.sleep(0.5)
    return found


@pytest.mark.anyio
async def test_erasure_deletes_the_customers_failed_executions_in_n8n(
    n8n: tuple[N8nInstance, str],
) -> None:
    instance, key = n8n
    url = instance.webhook_url("privacy-probe")
    async with httpx.AsyncClient() as http:
        for phone, fail in ((VICTIM, False), (VICTIM, True), (OTHER, True)):
            body = {"from": phone, "text": f"soy {phone}", "fail": fail}
            await http.post(url, json=body, timeout=30)
        before = saved_executions(instance, key, expected=2)
        outcome = await N8nExecutions(http, f"{instance.base_url}/api/v1", key).erase(VICTIM)
    after = saved_executions(instance, key, expected=1)

    assert len(before) == 2  # the successful run was never saved (SAVE_ON_SUCCESS=none)
    assert (outcome.reached, outcome.deleted) == (True, 1)
    assert not any(VICTIM in json.dumps(execution) for execution in after)
    assert any(OTHER in json.dumps(execution) for execution in after)


@pytest.mark.anyio
async def test_erasure_says_when_n8n_refuses_the_key(n8n: tuple[N8nInstance, str]) -> None:
    instance, _ = n8n

    async with httpx.AsyncClient() as http:
        outcome = await N8nExecutions(http, f"{instance.base_url}/api/v1", "wrong").erase(VICTIM)

    assert outcome.reached is False
