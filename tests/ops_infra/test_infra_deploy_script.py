"""The deploy script, run for real (issue 12, item 6): a stub `docker` and `git` on PATH, a fake
ingress on loopback answering Meta's handshake only for the tags marked healthy."""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.ops_infra.infra_helpers import REPO
from workflows.loopback import LoopbackServer

SCRIPT = REPO / ".github" / "deploy-remote.sh"
#: What the pipeline runs: it pipes deploy-remote.sh to the host over SSH.
PIPELINE_SCRIPT = REPO / ".github" / "deploy.sh"
VERIFY_TOKEN = "verify-token-for-the-deploy-test"  # pragma: allowlist secret

DOCKER_STUB = """#!/usr/bin/env bash
# Records every call; `compose ps -q` prints $STUB/running, `compose ps --format` $STUB/health.
echo "docker $* tag=${PY_NODES_TAG:-}" >> "$STUB/calls"
case " $* " in
  *" ps -q"*) cat "$STUB/running" ;;
  *" ps --format"*) cat "$STUB/health" ;;
  *" up -d"*) echo "$PY_NODES_TAG" > "$STUB/up" ;;
esac
"""
GIT_STUB = """#!/usr/bin/env bash
echo "git $*" >> "$STUB/calls"
"""
BACKUP_STUB = """#!/usr/bin/env bash
echo "backup" >> "$STUB/calls"
"""
SSH_STUB = """#!/usr/bin/env bash
# `ssh -i KEY deploy@HOST COMMAND...`: records the call, runs COMMAND here with the same stdin.
echo "ssh $*" >> "$STUB/calls"
shift 3
exec "$@"
"""


@dataclass
class Host:
    directory: Path
    stub: Path
    port: int

    def calls(self) -> list[str]:
        path = self.stub / "calls"
        return path.read_text().splitlines() if path.exists() else []

    def ups(self) -> list[str]:
        return [line.split("tag=")[1] for line in self.calls() if " up -d" in line]

    def deployed(self) -> str | None:
        path = self.directory / ".deployed-tag"
        return path.read_text().strip() if path.exists() else None


def executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def host(tmp_path: Path) -> Host:
    stub = tmp_path / "stub"
    directory = tmp_path / "opt-bmc-bot"
    executable(stub / "bin" / "docker", DOCKER_STUB)
    executable(stub / "bin" / "git", GIT_STUB)
    executable(directory / "scripts" / "backup" / "backup.sh", BACKUP_STUB)
    (directory / "secrets").mkdir(parents=True)
    (directory / "secrets" / "whatsapp_verify_token").write_text(VERIFY_TOKEN)
    (stub / "running").write_text("")
    (stub / "health").write_text("")
    (stub / "healthy-tags").write_text("")
    return Host(directory, stub, 0)


def ingress_for(host: Host) -> LoopbackServer:
    class Ingress(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = parse_qs(urlsplit(self.path).query)
            up = (host.stub / "up").read_text().strip() if (host.stub / "up").exists() else ""
            healthy = up in (host.stub / "healthy-tags").read_text().split()
            token_ok = query.get("hub.verify_token") == [VERIFY_TOKEN]
            if urlsplit(self.path).path == "/webhook/whatsapp" and healthy and token_ok:
                body, status = query["hub.challenge"][0].encode(), 200
            else:
                body, status = b'{"status":503}', 503
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    return LoopbackServer(Ingress).start()


def deploy(
    host: Host, tag: str, script: Path = SCRIPT, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    server = ingress_for(host)
    try:
        env = {
            "PATH": f"{host.stub / 'bin'}:{os.environ.get('PATH', '')}",
            "STUB": str(host.stub),
            "BMC_DEPLOY_DIR": str(host.directory),
            "N8N_WEBHOOK_PORT": str(server.port),
            "BMC_HEALTH_TRIES": "3",
            "BMC_HEALTH_SLEEP_S": "0.1",
            **extra_env,
        }
        arguments = [tag] if script == PIPELINE_SCRIPT else [tag, "0123abcd"]
        return subprocess.run(
            ["bash", str(script), "prod", *arguments],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        server.stop()


def running_with(host: Host, previous: str) -> None:
    (host.directory / ".deployed-tag").write_text(previous + "\n")
    (host.stub / "running").write_text("c0ffee\n")
    (host.stub / "up").write_text(previous)


def test_deploy_succeeds_through_the_ingress_and_records_the_tag(host: Host) -> None:
    running_with(host, "sha-old")
    (host.stub / "healthy-tags").write_text("sha-old sha-new")

    result = deploy(host, "sha-new")

    assert result.returncode == 0, result.stderr
    assert host.deployed() == "sha-new"
    assert host.ups() == ["sha-new"]  # no rollback
    assert "backup" in host.calls()
    assert not any(VERIFY_TOKEN in call for call in host.calls())


def test_failed_health_rolls_back_to_the_last_healthy_tag(host: Host) -> None:
    running_with(host, "sha-old")
    (host.stub / "healthy-tags").write_text("sha-old")

    result = deploy(host, "sha-bad")

    assert result.returncode == 1
    assert host.ups() == ["sha-bad", "sha-old"]
    assert host.deployed() == "sha-old"
    assert "rolling back to sha-old" in result.stderr


def test_unhealthy_container_fails_the_check_even_when_the_ingress_answers(host: Host) -> None:
    running_with(host, "sha-old")
    (host.stub / "healthy-tags").write_text("sha-old sha-new")
    (host.stub / "health").write_text("py-nodes unhealthy\n")

    result = deploy(host, "sha-new")

    assert result.returncode == 1
    assert "py-nodes unhealthy" in result.stderr


def test_first_deploy_needs_no_running_containers_to_back_up(host: Host) -> None:
    (host.stub / "healthy-tags").write_text("sha-first")

    result = deploy(host, "sha-first")

    assert result.returncode == 0, result.stderr
    assert "backup" not in host.calls()
    assert "first deploy" in result.stdout
    assert host.deployed() == "sha-first"


def test_failed_first_deploy_has_nothing_to_roll_back_to(host: Host) -> None:
    result = deploy(host, "sha-first")

    assert result.returncode == 1
    assert host.ups() == ["sha-first"]
    assert host.deployed() is None
    assert "nothing to roll back to" in result.stderr


def test_the_pipeline_runs_the_remote_script_on_the_host_over_ssh(
    host: Host, tmp_path: Path
) -> None:
    executable(host.stub / "bin" / "ssh", SSH_STUB)
    running_with(host, "sha-old")
    (host.stub / "healthy-tags").write_text("sha-old")

    result = deploy(
        host, "sha-bad", PIPELINE_SCRIPT, HOME=str(tmp_path / "runner"),
        DEPLOY_HOST="bot.example.uy", DEPLOY_SSH_KEY="not-a-key", GITHUB_SHA="0123abcd",
        DEPLOY_KNOWN_HOSTS="bot.example.uy ssh-ed25519 AAAA",
    )  # fmt: skip

    ssh = [call for call in host.calls() if call.startswith("ssh ")]
    assert result.returncode == 1
    assert ssh[0].endswith("deploy@bot.example.uy bash -s -- prod sha-bad 0123abcd false")
    assert (host.ups(), host.deployed()) == (["sha-bad", "sha-old"], "sha-old")
