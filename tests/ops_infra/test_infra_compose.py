"""Compose files: every combination renders with docker-compose, and the rendered result is safe."""

from __future__ import annotations

import os
import re
import subprocess
from functools import cache
from typing import Any

import pytest
import yaml

from py_nodes.core.config import Settings
from tests.ops_infra.infra_helpers import COMPOSE_DIR, require_tool

BASE = "compose.yml"
COMBINATIONS = {
    "base": [BASE],
    "dev": [BASE, "compose.dev.yml"],
    "dev+monitoring": [
        BASE,
        "compose.dev.yml",
        "compose.monitoring.yml",
        "compose.monitoring.dev.yml",
    ],
    "staging": [BASE, "compose.staging.yml"],
    "staging+monitoring": [BASE, "compose.staging.yml", "compose.monitoring.yml"],
    "prod": [BASE, "compose.prod.yml"],
    "prod+monitoring": [BASE, "compose.prod.yml", "compose.monitoring.yml"],
    "prod+monitoring+backup": [
        BASE,
        "compose.prod.yml",
        "compose.monitoring.yml",
        "compose.backup.yml",
    ],
}
ENV = {"N8N_WEBHOOK_URL": "https://bot.example.uy/", "PATH": os.environ.get("PATH", "")}
ONE_SHOT = {"n8n-bootstrap"}
SECRETISH = re.compile(r"PASSWORD|SECRET|TOKEN|API_KEY|ENCRYPTION_KEY|DSN|_URI$|REDIS_URL|AUTH")


def compose(
    files: list[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    binary = require_tool("docker-compose", "docker-compose")
    args = [binary, "--project-directory", str(COMPOSE_DIR)]
    for name in files:
        args += ["-f", str(COMPOSE_DIR / name)]
    return subprocess.run(
        [*args, "config"], capture_output=True, text=True, env=env or ENV, timeout=60, check=False
    )


@cache
def rendered(combination: str) -> dict[str, Any]:
    result = compose(COMBINATIONS[combination])
    assert result.returncode == 0, result.stderr
    config: dict[str, Any] = yaml.safe_load(result.stdout)
    return config


def services(combination: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = rendered(combination)["services"]
    return found


@pytest.mark.parametrize("combination", [pytest.param(c, id=c) for c in COMBINATIONS])
def test_compose_combination_renders(combination: str) -> None:
    result = compose(COMBINATIONS[combination])

    assert result.returncode == 0, result.stderr


def test_compose_prod_without_public_webhook_url_is_refused() -> None:
    env = {"PATH": os.environ.get("PATH", "")}

    result = compose(COMBINATIONS["prod"], env=env)

    assert result.returncode != 0
    assert "N8N_WEBHOOK_URL" in result.stderr


@pytest.mark.parametrize("combination", ["prod", "prod+monitoring", "staging+monitoring"])
def test_compose_publishes_only_the_webhook_entry(combination: str) -> None:
    published = {name for name, svc in services(combination).items() if svc.get("ports")}

    assert published == {"ingress"}


@pytest.mark.parametrize(
    ("combination", "upstream"),
    [("dev", "n8n:5678"), ("staging+monitoring", "n8n-webhook:5678"), ("prod", "n8n-webhook:5678")],
)
def test_compose_ingress_fronts_the_n8n_that_serves_webhooks(
    combination: str, upstream: str
) -> None:
    ingress = services(combination)["ingress"]
    # docker-compose v1 renders a bind mount as "source:target:mode"
    mounts = {tuple(v.split(":")[:2]) for v in ingress["volumes"]}

    assert ingress["environment"]["BMC_N8N_UPSTREAM"] == upstream
    config = str(COMPOSE_DIR / "ingress" / "haproxy.cfg")
    assert (config, "/usr/local/etc/haproxy/haproxy.cfg") in mounts


def test_compose_prod_runs_n8n_in_queue_mode_with_workers() -> None:
    svc = services("prod")

    modes = {
        name: svc[name]["environment"].get("EXECUTIONS_MODE")
        for name in ("n8n", "n8n-webhook", "n8n-worker")
    }

    assert modes == dict.fromkeys(modes, "queue")
    assert svc["n8n-worker"]["command"][0] == "worker"
    assert svc["n8n-webhook"]["command"] == ["webhook"]
    assert svc["n8n"]["environment"]["DB_TYPE"] == "postgresdb"


def test_compose_prod_mongodb_is_a_replica_set_with_auth() -> None:
    mongodb = services("prod")["mongodb"]

    command = " ".join(mongodb["command"])
    assert "--replSet rs0" in command
    assert "--keyFile" in command
    assert (
        mongodb["environment"]["MONGO_INITDB_ROOT_PASSWORD_FILE"]
        == "/run/secrets/mongo_root_password"
    )


@pytest.mark.parametrize("combination", [pytest.param(c, id=c) for c in COMBINATIONS])
def test_compose_long_running_services_have_health_restart_logs_and_limits(
    combination: str,
) -> None:
    missing = {}
    for name, svc in services(combination).items():
        if name in ONE_SHOT:
            continue
        lacks = [
            key
            for key, ok in {
                "healthcheck": bool(svc.get("healthcheck", {}).get("test")),
                "restart": svc.get("restart") in {"unless-stopped", "always"},
                "log rotation": svc.get("logging", {}).get("options", {}).get("max-size"),
                "limits": svc.get("deploy", {})
                .get("resources", {})
                .get("limits", {})
                .get("memory"),
            }.items()
            if not ok
        ]
        if lacks:
            missing[name] = lacks

    assert missing == {}


@pytest.mark.parametrize("combination", [pytest.param(c, id=c) for c in COMBINATIONS])
def test_compose_environment_holds_no_secret_literal(combination: str) -> None:
    offending = {
        f"{name}.{key}"
        for name, svc in services(combination).items()
        for key, value in (svc.get("environment") or {}).items()
        if SECRETISH.search(key)
        and not key.endswith(("_FILE", "__FILE"))
        and value not in ("", None)
        and not str(value).startswith("/run/secrets")
        and key
        not in {
            "N8N_INSTANCE_OWNER_MANAGED_BY_ENV",
            "GF_AUTH_ANONYMOUS_ENABLED",
            "N8N_BLOCK_ENV_ACCESS_IN_NODE",
        }
    }

    assert offending == set()


@pytest.mark.parametrize("combination", [pytest.param(c, id=c) for c in COMBINATIONS])
def test_compose_file_variables_point_at_mounted_secrets(combination: str) -> None:
    wrong = set()
    for name, svc in services(combination).items():
        mounted = {entry["source"] for entry in svc.get("secrets", [])}
        for key, value in (svc.get("environment") or {}).items():
            if key.endswith("_FILE"):
                match = re.fullmatch(r"/run/secrets/([a-z0-9_]+)", str(value))
                if not match or match[1] not in mounted:
                    wrong.add(f"{name}.{key}={value}")

    assert wrong == set()


def test_compose_every_secret_comes_from_the_secrets_folder() -> None:
    declared = rendered("prod+monitoring")["secrets"]

    outside = {
        name: spec["file"]
        for name, spec in declared.items()
        if not spec["file"].endswith(f"/secrets/{name}")
    }

    assert outside == {}


def test_compose_py_nodes_gets_every_secret_setting_as_a_file() -> None:
    secret_fields = {
        name.upper()
        for name, field in Settings.model_fields.items()
        if "SecretStr" in str(field.annotation)
    }
    environment = services("prod")["py-nodes"]["environment"]

    missing = {name for name in secret_fields if f"{name}_FILE" not in environment}

    assert missing == set()


def test_compose_every_secret_is_listed_in_the_secrets_readme() -> None:
    readme = (COMPOSE_DIR.parent / "secrets" / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", readme, re.MULTILINE))
    declared = set(rendered("prod+monitoring")["secrets"])

    assert declared <= documented
