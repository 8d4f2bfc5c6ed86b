"""DR drill on a real n8n (CLI only): export -> wipe -> import -> the same flows active."""

from __future__ import annotations

import json
import os
import secrets
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.ops_infra.infra_helpers import REPO
from workflows.credentials import CredentialSecrets, write_credentials_file
from workflows.install import N8nInstall, find_install

pytestmark = [pytest.mark.n8n, pytest.mark.slow]
FLOWS = REPO / "workflows" / "n8n-export"
SCRIPT = REPO / "scripts" / "backup" / "n8n.sh"


@pytest.fixture(scope="module")
def install() -> N8nInstall:
    found = find_install()
    if found is None:
        if os.environ.get("BMC_REQUIRE_N8N") == "1":
            pytest.fail("n8n is not installed (scripts/install-n8n.sh) and BMC_REQUIRE_N8N=1")
        pytest.skip("n8n is not installed: run scripts/install-n8n.sh (or set BMC_REQUIRE_N8N=1)")
    return found


def _env(install: N8nInstall, user_folder: Path, key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("N8N_")}
    env.update(
        N8N_USER_FOLDER=str(user_folder), N8N_ENCRYPTION_KEY=key,
        N8N_DIAGNOSTICS_ENABLED="false", N8N_VERSION_NOTIFICATIONS_ENABLED="false",
        N8N_CMD=f"{shlex.quote(str(install.node))} {shlex.quote(str(install.n8n))}",
    )  # fmt: skip
    return env


def _n8n(install: N8nInstall, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(install.node), str(install.n8n), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, f"n8n {args}: {result.stdout}\n{result.stderr}"
    return result.stdout


def _script(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        ["bash", str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _active(install: N8nInstall, env: dict[str, str]) -> set[str]:
    out = _n8n(install, env, "list:workflow", "--active=true", "--onlyId")
    return {line.strip() for line in out.splitlines() if line.strip().isalnum()}


def _flows_by_id(folder: Path) -> dict[str, dict[str, Any]]:
    flows = {}
    for path in folder.glob("*.json"):
        flow = json.loads(path.read_text(encoding="utf-8"))
        flows[flow["id"]] = {
            "name": flow["name"],
            "nodes": sorted(
                (node["name"], node["type"], json.dumps(node["parameters"], sort_keys=True))
                for node in flow["nodes"]
            ),
            "connections": flow["connections"],
        }
    return flows


def _import_drill_credentials(install: N8nInstall, env: dict[str, str], tmp_path: Path) -> None:
    """Write the flows' credentials from known test secrets and import them into n8n."""
    creds = write_credentials_file(
        CredentialSecrets(
            api_key="drill-api-key",  # pragma: allowlist secret
            graph_token="drill-graph-token",  # pragma: allowlist secret
        ),
        tmp_path / "credentials.json",
    )
    _n8n(install, env, "import:credentials", f"--input={creds}")


def test_n8n_drill_restores_the_same_active_flows_and_credentials(
    install: N8nInstall, tmp_path: Path
) -> None:
    user_folder, backup = tmp_path / "n8n-home", tmp_path / "backup"
    env = _env(install, user_folder, secrets.token_hex(24))
    _import_drill_credentials(install, env, tmp_path)
    _n8n(install, env, "import:workflow", "--separate", f"--input={FLOWS}")
    expected_ids = set(_flows_by_id(FLOWS))
    for workflow_id in sorted(expected_ids):
        _n8n(install, env, "publish:workflow", f"--id={workflow_id}")
    active_before = _active(install, env)

    _script(env, "backup", str(backup))
    shutil.rmtree(user_folder)
    _script(env, "restore", str(backup))

    _n8n(install, env, "export:workflow", "--backup", f"--output={tmp_path / 'after'}/")
    _n8n(
        install,
        env,
        "export:credentials",
        "--all",
        "--decrypted",
        f"--output={tmp_path / 'decrypted.json'}",
    )
    decrypted = json.loads((tmp_path / "decrypted.json").read_text(encoding="utf-8"))
    assert active_before == expected_ids
    assert _active(install, env) == active_before
    assert _flows_by_id(tmp_path / "after") == _flows_by_id(FLOWS)
    api_key = next(c for c in decrypted if c["type"] == "httpHeaderAuth")
    assert api_key["data"]["value"] == "drill-api-key"
    assert "drill-api-key" not in "".join(p.read_text() for p in backup.rglob("*.json"))


def test_n8n_restore_with_another_encryption_key_cannot_read_the_credentials(
    install: N8nInstall, tmp_path: Path
) -> None:
    user_folder, backup = tmp_path / "n8n-home", tmp_path / "backup"
    env = _env(install, user_folder, secrets.token_hex(24))
    _import_drill_credentials(install, env, tmp_path)
    _script(env, "backup", str(backup))
    shutil.rmtree(user_folder)
    other = _env(install, user_folder, secrets.token_hex(24))

    _script(other, "restore", str(backup))
    result = subprocess.run(
        [
            str(install.node),
            str(install.n8n),
            "export:credentials",
            "--all",
            "--decrypted",
            f"--output={tmp_path / 'decrypted.json'}",
        ],
        env=other,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    exported = tmp_path / "decrypted.json"

    assert "drill-api-key" not in (exported.read_text() if exported.exists() else "")
    assert "drill-api-key" not in result.stdout + result.stderr
