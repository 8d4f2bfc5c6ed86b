"""The deploy guard's fingerprint logic and pull's file writing, on copies of the flows."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from workflows import EXPORT_DIR
from workflows.fingerprint import (
    edited_since_deploy,
    flow_hash,
    load_record,
    read_flows,
    refusal,
    save_record,
)
from workflows.pull import write_flows


@pytest.fixture
def git() -> dict[str, dict[str, Any]]:
    return read_flows(EXPORT_DIR)


def _edited(flow: dict[str, Any], content: str = "Cambiado en el editor") -> dict[str, Any]:
    changed = copy.deepcopy(flow)
    note = next(n for n in changed["nodes"] if n["type"] == "n8n-nodes-base.stickyNote")
    note["parameters"]["content"] = content
    return changed


def test_hash_ignores_what_n8n_changes_by_itself(git: dict[str, dict[str, Any]]) -> None:
    flow = next(iter(git.values()))
    live = {**copy.deepcopy(flow), "updatedAt": "2026-11-28T01:00:00Z", "versionId": "v2",
            "active": True, "nodes": list(reversed(flow["nodes"])),
            "tags": [{"id": "1", "name": tag} for tag in flow.get("tags", [])],
            # what n8n 2.40.7's export and public API add to every flow:
            "description": None, "nodeGroups": [], "sourceWorkflowId": None,
            "versionMetadata": {"name": None, "description": None}}  # fmt: skip
    assert flow_hash(live) == flow_hash(flow)
    assert flow_hash(_edited(flow)) != flow_hash(flow)
    assert flow_hash({**flow, "description": "Avisa a ventas"}) != flow_hash(flow)


def test_a_new_instance_deploys(git: dict[str, dict[str, Any]]) -> None:
    live = {flow_id: _edited(flow) for flow_id, flow in git.items()}
    assert edited_since_deploy({}, live, git) == []
    assert edited_since_deploy({}, {}, git) == []


def test_an_editor_change_since_the_deploy_is_named(git: dict[str, dict[str, Any]]) -> None:
    recorded = {flow_id: flow_hash(flow) for flow_id, flow in git.items()}
    flow_id = sorted(git)[0]
    live = {**git, flow_id: _edited(git[flow_id])}
    edited = edited_since_deploy(recorded, live, git)
    assert [flow.live["id"] for flow in edited] == [flow_id]
    message = refusal(edited, "python -m workflows pull ...")
    assert f"{git[flow_id]['name']!r} ({flow_id})" in message
    assert "python -m workflows pull" in message
    lines = edited[0].discarded().splitlines()[2:]  # past the ---/+++ header
    removed = [line for line in lines if line.startswith("-")]
    added = [line for line in lines if line.startswith("+")]
    note = next(n for n in git[flow_id]["nodes"] if n["type"] == "n8n-nodes-base.stickyNote")
    assert len(removed) == len(added) == 1
    assert '"content": "Cambiado en el editor"' in removed[0]
    assert json.dumps(note["parameters"]["content"], ensure_ascii=False) in added[0]


def test_a_pulled_and_committed_edit_deploys(git: dict[str, dict[str, Any]]) -> None:
    recorded = {flow_id: flow_hash(flow) for flow_id, flow in git.items()}
    flow_id = sorted(git)[0]
    pulled = {**git, flow_id: _edited(git[flow_id])}
    assert edited_since_deploy(recorded, pulled, pulled) == []


def test_a_git_change_alone_deploys(git: dict[str, dict[str, Any]]) -> None:
    recorded = {flow_id: flow_hash(flow) for flow_id, flow in git.items()}
    flow_id = sorted(git)[0]
    assert edited_since_deploy(recorded, git, {**git, flow_id: _edited(git[flow_id])}) == []


def test_flows_only_live_or_only_in_git_are_not_refused(git: dict[str, dict[str, Any]]) -> None:
    recorded = {flow_id: flow_hash(flow) for flow_id, flow in git.items()}
    flow_id = sorted(git)[0]
    only_git = {k: v for k, v in git.items() if k != flow_id}
    live = {**only_git, "editorOnly": {**_edited(git[flow_id]), "id": "editorOnly"}}
    assert edited_since_deploy(recorded, live, git) == []


def test_record_round_trip(tmp_path: Path, git: dict[str, dict[str, Any]]) -> None:
    path = tmp_path / "record.json"
    assert load_record(path) == {}
    save_record(path, git)
    assert load_record(path) == {flow_id: flow_hash(flow) for flow_id, flow in git.items()}


def test_pull_writes_the_same_ids_new_flows_and_reports_missing(tmp_path: Path) -> None:
    flows = tmp_path / "n8n-export"
    shutil.copytree(EXPORT_DIR, flows)
    git = read_flows(flows)
    first, second, *rest = sorted(git)
    new = {**git[first], "id": "NewFromEditor1", "name": "Recordatorio de feriados"}
    live = [_edited(git[first], "Nota nueva"), new, *(git[i] for i in rest)]
    result = write_flows(live, flows)
    assert set(result.diffs) == {
        next(p for p in flows.glob("*.json") if json.loads(p.read_text())["id"] == first),
        flows / "recordatorio-de-feriados.json",
    }
    assert len(result.unchanged) == len(rest)
    assert [p.name for p in result.not_live] == [
        p.name for p in flows.glob("*.json") if json.loads(p.read_text())["id"] == second
    ]
    assert flow_hash(read_flows(flows)[first]) == flow_hash(_edited(git[first], "Nota nueva"))
    assert write_flows(live, flows).report().endswith("no change")
