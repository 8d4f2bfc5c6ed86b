"""Normalise exported flows: stable key order, volatile fields stripped, so edits diff cleanly."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

VOLATILE_TOP = {
    "createdAt", "updatedAt", "versionId", "activeVersionId", "activeVersion", "triggerCount",
    "shared", "meta", "isArchived", "versionCounter", "parentFolder", "homeProject", "scopes",
    "checksum", "usedCredentials", "staticData", "versionMetadata",
}  # fmt: skip
#: Fields n8n 2.40.7 writes (export, public API) even when unused: dropped while empty.
EMPTY_WHEN_UNUSED = ("description", "nodeGroups", "sourceWorkflowId")


def normalise_flow(flow: dict[str, Any]) -> dict[str, Any]:
    """The flow without volatile fields or pinned data, nodes sorted by name."""
    clean = {
        key: value
        for key, value in flow.items()
        if key not in VOLATILE_TOP and not (key in EMPTY_WHEN_UNUSED and value in (None, [], {}))
    }
    clean["pinData"] = {}
    clean["active"] = False
    clean["tags"] = sorted(
        tag["name"] if isinstance(tag, dict) else tag for tag in flow.get("tags", [])
    )
    clean["nodes"] = sorted(flow.get("nodes", []), key=lambda node: node["name"])
    return clean


def render(flow: dict[str, Any]) -> str:
    return json.dumps(normalise_flow(flow), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def normalise_file(path: Path, check: bool = False) -> bool:
    """Rewrite ``path`` normalised; with ``check``, only report. True when it was already so."""
    text = path.read_text(encoding="utf-8")
    wanted = render(json.loads(text))
    if text == wanted:
        return True
    if not check:
        path.write_text(wanted, encoding="utf-8")
    return False
