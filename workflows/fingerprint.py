"""Fingerprints of deployed flows: refuse to deploy over a flow changed in the editor.

A deploy records, per flow id, the SHA-256 of the flow as n8n holds it right after the import
(normalised, see ``workflows.normalise``), in a JSON file in n8n's user folder. The next deploy
compares the live flows with that record: a flow whose live hash moved since the last deploy was
edited in the editor, and importing git over it would discard that edit — unless git already holds
exactly the live version (it was pulled and committed).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflows.normalise import normalise_flow, render
from workflows.runtime import N8nInstance

#: The record's file name inside n8n's user folder (``N8N_USER_FOLDER``, ``/home/node/.n8n``).
RECORD_NAME = "bmc-deployed-flows.json"
Flow = dict[str, Any]


def flow_hash(flow: Flow) -> str:
    """SHA-256 of the normalised flow in compact, key-sorted JSON (``fingerprint.mjs`` agrees)."""
    canonical = json.dumps(
        normalise_flow(flow), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_record(path: Path) -> dict[str, str]:
    """The recorded ``{flow id: hash}``; empty when nothing was deployed yet (a new instance)."""
    if not path.exists():
        return {}
    record = json.loads(path.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in record["flows"].items()}


def save_record(path: Path, flows: Mapping[str, Flow]) -> None:
    hashes = {flow_id: flow_hash(flow) for flow_id, flow in sorted(flows.items())}
    path.write_text(json.dumps({"flows": hashes}, indent=2) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class EditedFlow:
    """A live flow changed in the editor since the last deploy, that the deploy would overwrite."""

    live: Flow
    git: Flow

    @property
    def name(self) -> str:
        return str(self.live.get("name", self.live["id"]))

    def discarded(self) -> str:
        """Unified diff from the live flow (the editor's version) to what git would put there."""
        lines = difflib.unified_diff(
            render(self.live).splitlines(keepends=True),
            render(self.git).splitlines(keepends=True),
            fromfile=f"live/{self.name}", tofile=f"git/{self.name}",
        )  # fmt: skip
        return "".join(lines)


def edited_since_deploy(
    recorded: Mapping[str, str], live: Mapping[str, Flow], git: Mapping[str, Flow]
) -> list[EditedFlow]:
    """Flows git would overwrite whose live content is neither the deployed one nor git's."""
    edited = []
    for flow_id, git_flow in sorted(git.items()):
        live_flow = live.get(flow_id)
        if live_flow is None or flow_id not in recorded:
            continue
        live_hash = flow_hash(live_flow)
        if live_hash not in (recorded[flow_id], flow_hash(git_flow)):
            edited.append(EditedFlow(live_flow, git_flow))
    return edited


def refusal(edited: list[EditedFlow], pull_hint: str) -> str:
    names = ", ".join(f"{flow.name!r} ({flow.live['id']})" for flow in edited)
    return (
        f"refusing to deploy: changed in the n8n editor since the last deploy: {names}.\n"
        f"Bring the edits into git first: {pull_hint}, review and commit the diff, deploy again;\n"
        "or deploy with --force to discard them."
    )


def read_flows(directory: Path) -> dict[str, Flow]:
    """Every ``*.json`` flow in ``directory``, by id."""
    flows = (json.loads(path.read_text(encoding="utf-8")) for path in directory.glob("*.json"))
    return {str(flow["id"]): flow for flow in flows}


def exported_flows(instance: N8nInstance) -> dict[str, Flow]:
    """The flows in the database of a stopped ``instance`` (``n8n export:workflow``), by id."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            instance.cli("export:workflow", "--all", "--separate", f"--output={tmp}")
        except RuntimeError as error:
            if "No workflows found" in str(error):
                return {}
            raise
        return read_flows(Path(tmp))
