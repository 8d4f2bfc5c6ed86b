"""One key per client (issue 12, item 2): n8n's credential gets n8n's key and nothing else."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.ops_infra.infra_helpers import COMPOSE_DIR, require_tool
from tests.ops_infra.test_infra_compose import services
from workflows.credentials import n8n_key

KEYS = "desk:desk-key-value\nn8n:n8n-key-value\nexport:export-key-value"  # pragma: allowlist secret


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        pytest.param(KEYS, "n8n-key-value", id="one-key-per-client"),
        pytest.param("n8n:new\nn8n:old", "new", id="rotation-current-first"),
        pytest.param("bare-legacy-key\nold", "bare-legacy-key", id="legacy-bare-key"),
    ],
)
def test_n8n_credential_takes_the_n8n_key_in_python_and_in_the_bootstrap(
    tmp_path: Path, keys: str, expected: str
) -> None:
    node = require_tool("node", "nodejs")
    (tmp_path / "api_keys").write_text(keys, encoding="utf-8")
    (tmp_path / "graph").write_text("graph-token", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "API_KEYS_FILE": str(tmp_path / "api_keys"),
        "WHATSAPP_ACCESS_TOKEN_FILE": str(tmp_path / "graph"),
    }
    result = subprocess.run(
        [node, str(COMPOSE_DIR / "n8n" / "credentials.mjs")],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )

    assert n8n_key(keys) == expected
    assert json.loads(result.stdout)[0]["data"]["value"] == expected


def mounted(service: dict[str, object]) -> set[str]:
    secrets = service.get("secrets", [])
    assert isinstance(secrets, list)
    return {secret if isinstance(secret, str) else secret["source"] for secret in secrets}


@pytest.mark.parametrize("combination", ["base", "staging", "prod"])
def test_n8n_containers_never_mount_the_other_clients_keys(combination: str) -> None:
    found = services(combination)
    n8n_services = [name for name in found if name.startswith("n8n")]

    assert n8n_services
    assert all("api_keys" not in mounted(found[name]) for name in n8n_services)
    assert "n8n_api_key" in mounted(found["n8n-bootstrap"])
