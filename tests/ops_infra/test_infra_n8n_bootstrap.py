"""The compose side of n8n's start-up: credentials from secrets, every flow setting present."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.ops_infra.infra_helpers import COMPOSE_DIR, REPO, require_tool
from tests.ops_infra.test_infra_compose import services
from workflows.credentials import CredentialSecrets, credential_documents

FLOWS = REPO / "workflows" / "n8n-export"


def test_bootstrap_credentials_match_the_flows_credential_documents(tmp_path: Path) -> None:
    node = require_tool("node", "nodejs")
    secret_files = {
        "API_KEYS": "key-new\nkey-old",  # pragma: allowlist secret
        "WHATSAPP_ACCESS_TOKEN": "graph-token",
        "SMTP_PASSWORD": "mail-pass",  # pragma: allowlist secret
    }
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SMTP_HOST": "smtp.example.uy",
        "SMTP_PORT": "465",
        "SMTP_SECURE": "true",
        "SMTP_USER": "bot@example.uy",
    }
    for name, value in secret_files.items():
        (tmp_path / name).write_text(value, encoding="utf-8")
        env[f"{name}_FILE"] = str(tmp_path / name)
    expected = credential_documents(
        CredentialSecrets(
            api_key="key-new",  # pragma: allowlist secret
            graph_token="graph-token",  # pragma: allowlist secret
            smtp_host="smtp.example.uy",
            smtp_port=465,
            smtp_user="bot@example.uy",
            smtp_password="mail-pass",  # pragma: allowlist secret
            smtp_secure=True,
        )
    )

    result = subprocess.run(
        [node, str(COMPOSE_DIR / "n8n" / "credentials.mjs")],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )

    assert json.loads(result.stdout) == expected


def test_bootstrap_credentials_refuse_a_missing_secret(tmp_path: Path) -> None:
    node = require_tool("node", "nodejs")

    result = subprocess.run(
        [node, str(COMPOSE_DIR / "n8n" / "credentials.mjs")],
        env={"PATH": os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode != 0
    assert "API_KEYS_FILE" in result.stderr


@pytest.mark.parametrize("service", ["n8n", "n8n-webhook", "n8n-worker", "n8n-bootstrap"])
def test_every_n8n_process_gets_every_setting_the_flows_read(service: str) -> None:
    used = {
        name
        for path in FLOWS.glob("*.json")
        for name in re.findall(r"\$env\.([A-Z0-9_]+)", path.read_text(encoding="utf-8"))
    }
    environment = services("prod")[service]["environment"]

    missing = used - set(environment)

    assert used, "the flows should read some settings through $env"
    assert missing == set()


def test_bootstrap_script_is_valid_shell() -> None:
    result = subprocess.run(
        ["sh", "-n", str(COMPOSE_DIR / "n8n" / "bootstrap.sh")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
