"""Edits made in the n8n editor come home: deploy refuses to overwrite them, pull brings them in.

A private n8n (not the session stack: this test re-deploys its flows) on copies of the flows:
deploy → a flow changed through the public API, as the editor saves it → deploy refuses, naming
it → pull → the diff is exactly that change → deploy passes; then ``--force`` over a new edit.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from secrets import token_urlsafe

import httpx
import pytest

from workflows import EXPORT_DIR
from workflows.__main__ import main
from workflows.fingerprint import RECORD_NAME, read_flows
from workflows.install import REPO_ROOT, N8nInstall, ensure_install, find_install
from workflows.pull import create_api_key
from workflows.runtime import N8nInstance, owner_env
from workflows.stack import flow_env, free_port

pytestmark = [pytest.mark.n8n, pytest.mark.slow]
OWNER = "operaciones@bmc.test"
STICKY = "n8n-nodes-base.stickyNote"
BOOTSTRAP = REPO_ROOT / "compose" / "n8n" / "bootstrap.sh"


@pytest.fixture(scope="module")
def install() -> N8nInstall:
    found = find_install()
    if found is not None:
        return found
    if not os.environ.get("BMC_REQUIRE_N8N"):
        pytest.skip("n8n is not installed (run scripts/install-n8n.sh, or set BMC_REQUIRE_N8N=1)")
    return ensure_install()


@pytest.fixture
def owner_password() -> str:
    return "Owner-" + token_urlsafe(12)


@pytest.fixture
def n8n(
    install: N8nInstall, owner_password: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[N8nInstance]:
    """A private n8n (started and stopped by the test); the deploy reads its secrets from env."""
    monkeypatch.setenv("API_KEYS", "drift-test-key")
    monkeypatch.setenv("WHATSAPP_ACCESS_TOKEN", "drift-test-token")
    monkeypatch.setenv("SMTP_PASSWORD", "")
    unused = "http://127.0.0.1:9"  # no flow runs in this test
    env = flow_env(unused, unused, 25, owner_env(install, OWNER, owner_password))
    instance = N8nInstance(install, tmp_path / "n8n", free_port(), free_port(), env)
    try:
        yield instance
    finally:
        instance.stop()


def _deploy(instance: N8nInstance, flows: Path, *extra: str) -> int:
    return main(["import", "--user-folder", str(instance.user_folder), "--dir", str(flows), *extra])


def _edit_sticky_note(instance: N8nInstance, api_key: str, flow_id: str, content: str) -> str:
    """Change the flow's first sticky note through the public API; returns the old content."""
    headers = {"X-N8N-API-KEY": api_key}
    url = f"{instance.base_url}/api/v1/workflows/{flow_id}"
    flow = httpx.get(url, headers=headers, timeout=30).raise_for_status().json()
    note = next(node for node in flow["nodes"] if node["type"] == STICKY)
    old = str(note["parameters"]["content"])
    note["parameters"]["content"] = content
    body = {key: flow[key] for key in ("name", "nodes", "connections", "settings")}
    httpx.put(url, headers=headers, json=body, timeout=30).raise_for_status()
    return old


def _content_line(path: Path, content: str) -> str:
    """The line of the normalised file ``path`` that holds a note's ``content``."""
    encoded = json.dumps(content, ensure_ascii=False)
    return next(line for line in path.read_text().splitlines() if encoded in line)


def test_editor_edit_refused_then_pulled_then_deployed(
    n8n: N8nInstance, owner_password: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flows = tmp_path / "n8n-export"
    shutil.copytree(EXPORT_DIR, flows)
    assert _deploy(n8n, flows) == 0
    assert (n8n.user_folder / ".n8n" / RECORD_NAME).exists()

    n8n.start(webhooks=())
    password_file, key_file = tmp_path / "n8n_owner_password", tmp_path / "n8n_api_key"
    password_file.write_text(owner_password)
    create_key = ["api-key", "--url", n8n.base_url, "--email", OWNER, "--output", str(key_file)]
    assert main([*create_key, "--password-file", str(password_file)]) == 0
    scopes = ("workflow:read", "workflow:update", "workflow:activate")  # the editor's "Publish"
    api_key = create_api_key(n8n.base_url, OWNER, owner_password, scopes, label="editor")
    target = next(p for p in sorted(flows.glob("*.json")) if STICKY in p.read_text())
    flow_id = json.loads(target.read_text())["id"]
    edit = "Editado por ventas: el recordatorio sale a las 10"
    old = _edit_sticky_note(n8n, api_key, flow_id, edit)
    before = _content_line(target, old)
    after = before.replace(json.dumps(old, ensure_ascii=False), json.dumps(edit))
    n8n.stop()
    capsys.readouterr()

    assert _deploy(n8n, flows) == 1
    refused = capsys.readouterr().err
    name = read_flows(flows)[flow_id]["name"]
    assert f"{name!r} ({flow_id})" in refused
    assert "python -m workflows pull" in refused

    n8n.start(webhooks=())
    pull = ["pull", "--url", n8n.base_url, "--api-key-file", str(key_file), "--dir", str(flows)]
    assert main(pull) == 0
    diff = capsys.readouterr().out
    changed = [line for line in diff.splitlines() if line[:1] in "+-"]
    assert changed == [
        f"--- a/n8n-export/{target.name}",
        f"+++ b/n8n-export/{target.name}",
        f"-{before}",
        f"+{after}",
    ]
    others = {p.name for p in flows.glob("*.json")} - {target.name}
    assert {f"no change: {other}" for other in others} <= set(diff.splitlines())
    assert main(pull) == 0
    assert "no change" in capsys.readouterr().out.splitlines()
    n8n.stop()

    assert _deploy(n8n, flows) == 0

    n8n.start(webhooks=())
    second_edit = "Otro cambio que nadie trajo a git"
    _edit_sticky_note(n8n, api_key, flow_id, second_edit)
    n8n.stop()
    capsys.readouterr()
    assert _deploy(n8n, flows, "--force") == 0
    forced = capsys.readouterr().out
    assert f"--force: discarding the editor's changes to {name!r}" in forced
    discarded = after.replace(json.dumps(edit), json.dumps(second_edit))
    assert f"-{discarded}" in forced.splitlines()
    assert _deploy(n8n, flows) == 0


def test_compose_bootstrap_refuses_an_editor_edit(
    install: N8nInstall, n8n: N8nInstance, tmp_path: Path
) -> None:
    """``compose/n8n/bootstrap.sh`` as compose runs it, with n8n's CLI on PATH as in the image."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "n8n").write_text(f'#!/bin/sh\nexec "{install.node}" "{install.n8n}" "$@"\n')
    (bin_dir / "n8n").chmod(0o755)
    flows = tmp_path / "n8n-export"
    shutil.copytree(EXPORT_DIR, flows)
    env = {**n8n.env(), "BMC_WORKFLOWS_DIR": str(flows)}
    env["PATH"] = f"{bin_dir}:{env['PATH']}"

    def bootstrap(**extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["sh", str(BOOTSTRAP)], env={**env, **extra}, capture_output=True, text=True,
            timeout=600,
        )  # fmt: skip

    first = bootstrap()
    assert first.returncode == 0, first.stderr
    assert (n8n.user_folder / ".n8n" / RECORD_NAME).exists()

    n8n.start(webhooks=())  # n8n runs between deploys (and sets its owner up from env)
    n8n.stop()
    # An edit saved in the editor, straight into n8n's database.
    target = next(p for p in sorted(flows.glob("*.json")) if STICKY in p.read_text())
    flow = json.loads(target.read_text())
    note = next(node for node in flow["nodes"] if node["type"] == STICKY)
    note["parameters"]["content"] = "Editado en el editor"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(flow))
    n8n.cli("import:workflow", f"--input={edited}")

    refused = bootstrap()
    assert refused.returncode == 1
    assert f"'{flow['name']}' ({flow['id']})" in refused.stderr
    assert "python -m workflows pull" in refused.stderr
    assert bootstrap(BMC_FLOWS_CHECK_ONLY="true").returncode == 1

    forced = bootstrap(BMC_FLOWS_FORCE="true")
    assert forced.returncode == 0, forced.stderr
    assert f"discarding the editor's changes to '{flow['name']}'" in forced.stdout
    (kept,) = (n8n.user_folder / ".n8n" / "discarded-flows").glob(f"*/{flow['id']}.json")
    kept_note = next(n for n in json.loads(kept.read_text())["nodes"] if n["type"] == STICKY)
    assert kept_note["parameters"]["content"] == "Editado en el editor"
    checked = bootstrap(BMC_FLOWS_CHECK_ONLY="true")
    assert checked.returncode == 0, checked.stderr
