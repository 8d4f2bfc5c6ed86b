"""The compose bootstrap's guard (``compose/n8n/flow-guard.mjs``) agrees with the Python one."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from workflows import EXPORT_DIR
from workflows.fingerprint import flow_hash, load_record, read_flows, save_record
from workflows.install import REPO_ROOT

GUARD = REPO_ROOT / "compose" / "n8n" / "flow-guard.mjs"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def _guard(*args: str | Path, force: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BMC_FLOWS_FORCE": "true" if force else "false"}
    return subprocess.run(
        [str(NODE), str(GUARD), *map(str, args)], env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def _edited(flow: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(flow)
    note = next(n for n in changed["nodes"] if n["type"] == "n8n-nodes-base.stickyNote")
    note["parameters"]["content"] = "¿Cambiaste el horario? Avisá a ventas — «10 h»"
    changed.update(updatedAt="2026-11-28T01:00:00.000Z", description=None, nodeGroups=[],
                   versionMetadata={"name": None, "description": None})  # fmt: skip
    return changed


def _write(directory: Path, flows: dict[str, dict[str, Any]]) -> Path:
    directory.mkdir()
    for flow_id, flow in flows.items():
        (directory / f"{flow_id}.json").write_text(json.dumps(flow, ensure_ascii=False))
    return directory


def test_same_hashes_as_python(tmp_path: Path) -> None:
    flows = {i: _edited(f) for i, f in read_flows(EXPORT_DIR).items()}
    flows["bmcNotifySales01"]["description"] = "Avisa a ventas"
    live = _write(tmp_path / "live", flows)
    result = _guard("hash", *sorted(live.glob("*.json")))
    assert result.returncode == 0, result.stderr
    hashes = dict(line.split() for line in result.stdout.splitlines())
    assert hashes == {flow_id: flow_hash(flow) for flow_id, flow in flows.items()}


def test_check_refuses_an_editor_edit_and_force_keeps_it_aside(tmp_path: Path) -> None:
    git = read_flows(EXPORT_DIR)
    flow_id = sorted(git)[0]
    record = tmp_path / "record.json"
    save_record(record, git)
    live = _write(tmp_path / "live", {**git, flow_id: _edited(git[flow_id])})

    refused = _guard("check", live, EXPORT_DIR, record)
    assert refused.returncode == 1
    assert f"'{git[flow_id]['name']}' ({flow_id})" in refused.stderr
    assert "python -m workflows pull" in refused.stderr

    forced = _guard("check", live, EXPORT_DIR, record, force=True)
    assert forced.returncode == 0, forced.stderr
    (kept,) = (tmp_path / "discarded-flows").glob(f"*/{flow_id}.json")
    assert json.loads(kept.read_text()) == _edited(git[flow_id])

    assert _guard("check", live, EXPORT_DIR, tmp_path / "nothing-recorded.json").returncode == 0
    assert _guard("record", live, EXPORT_DIR, record).returncode == 0
    assert load_record(record)[flow_id] == flow_hash(_edited(git[flow_id]))
    assert _guard("check", live, EXPORT_DIR, record).returncode == 0
