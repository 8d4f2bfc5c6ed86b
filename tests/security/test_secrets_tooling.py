"""The secrets scan catches committed credentials; the dev-set generator writes usable files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from py_nodes.core.config import Settings, secret_values
from py_nodes.security.clients import load_clients

ROOT = Path(__file__).resolve().parents[2]
SCAN = ROOT / "scripts" / "scan-secrets.py"
GENERATE = ROOT / "scripts" / "generate-dev-secrets.py"
OLD_PASSWORD = "bmc" + "2024"  # the old compose file's password, built so this file stays clean


def run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_scan_catches_compose_style_password(tmp_path: Path) -> None:
    compose = tmp_path / "docker-compose.yml"
    compose.write_text(
        "services:\n  n8n:\n    environment:\n"
        f"      - N8N_BASIC_AUTH_USER=admin\n      - N8N_BASIC_AUTH_PASSWORD={OLD_PASSWORD}\n"
    )

    result = run(SCAN, str(tmp_path))

    assert result.returncode == 1
    assert f"{compose}:5: Secret Keyword" in result.stderr
    assert OLD_PASSWORD not in result.stderr + result.stdout


def test_scan_passes_clean_files(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text(
        "services:\n  py-nodes:\n    environment:\n      API_KEYS_FILE: /run/secrets/api_keys\n"
    )

    result = run(SCAN, str(tmp_path))

    assert result.returncode == 0


@pytest.fixture(scope="module")
def dev_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("secrets")
    run(GENERATE, "--target", str(target)).check_returncode()
    return target


def test_generator_writes_every_file_without_trailing_newline(dev_set: Path) -> None:
    files = sorted(dev_set.iterdir())

    assert len(files) >= 20
    assert all(not path.read_bytes().endswith(b"\n") for path in files)
    assert all(path.stat().st_mode & 0o077 == 0 for path in files)


def test_generator_writes_a_template_for_every_mounted_secret(dev_set: Path) -> None:
    examples = (ROOT / "secrets").glob("*.example")
    templates = {path.name.removesuffix(".example") for path in examples}
    written = {path.name for path in dev_set.iterdir()}

    assert templates <= written


def test_generated_secrets_load_as_settings(dev_set: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "api_keys",
        "whatsapp_app_secrets",
        "token_signing_keys",
        "auth_clients",
        "redis_url",
    ):
        monkeypatch.setenv(f"{name.upper()}_FILE", str(dev_set / name))

    settings = Settings()

    assert {c.client_id for c in load_clients(settings)} == {"quote-admin", "report-bot", "desk"}
    assert len(secret_values(settings.whatsapp_app_secrets)[0]) == 32
    assert settings.redis_url is not None
    assert settings.redis_url.get_secret_value().startswith("redis://:")


def test_generator_keeps_existing_files(dev_set: Path) -> None:
    before = (dev_set / "api_keys").read_bytes()

    result = run(GENERATE, "--target", str(dev_set))

    assert (dev_set / "api_keys").read_bytes() == before
    assert "kept" in result.stdout


def test_generator_force_overwrites(tmp_path: Path) -> None:
    run(GENERATE, "--target", str(tmp_path)).check_returncode()
    before = (tmp_path / "api_keys").read_bytes()

    run(GENERATE, "--target", str(tmp_path), "--force").check_returncode()

    assert (tmp_path / "api_keys").read_bytes() != before
