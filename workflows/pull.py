"""Pull the live flows from a running n8n (its public REST API) onto ``workflows/n8n-export/``.

Each live flow is normalised and written onto the file with the same id (a new flow gets a file
named after it); the unified diff printed is what a reviewer commits. Flows in git that are not
live are reported, never deleted.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from workflows.fingerprint import Flow
from workflows.normalise import render, slug
from workflows.settings import SETTINGS_SCOPES, TABLE, SettingsTable, write_back

#: What pulling needs (read only): the flows and the business settings' table.
PULL_SCOPES = ("workflow:list", "workflow:read", "dataTable:list", "dataTableRow:read")
#: The key ``python -m workflows api-key`` makes: pulling, and seeding the settings at deploy.
KEY_SCOPES = tuple(dict.fromkeys(PULL_SCOPES + SETTINGS_SCOPES))


def fetch_live(url: str, api_key: str, timeout: float = 30) -> list[Flow]:
    """Every flow of the n8n at ``url`` (``GET /api/v1/workflows``, following ``nextCursor``)."""
    flows: list[Flow] = []
    params: dict[str, str | int] = {"limit": 100}
    with httpx.Client(base_url=url, headers={"X-N8N-API-KEY": api_key}, timeout=timeout) as api:
        while True:
            response = api.get("/api/v1/workflows", params=params)
            response.raise_for_status()
            page: dict[str, Any] = response.json()
            flows.extend(page["data"])
            if not page.get("nextCursor"):
                return flows
            params = {"cursor": page["nextCursor"]}


def create_api_key(
    url: str, email: str, password: str, scopes: tuple[str, ...] = PULL_SCOPES, label: str = "pull"
) -> str:
    """Sign in as ``email`` (the owner) and create a public API key with ``scopes``; return it.

    n8n 2.40.7 has no CLI command or environment variable for API keys: they belong to a user.
    """
    with httpx.Client(base_url=url, timeout=30) as rest:
        login = rest.post("/rest/login", json={"emailOrLdapLoginId": email, "password": password})
        login.raise_for_status()
        created = rest.post(
            "/rest/api-keys",
            json={"label": label, "scopes": list(scopes), "expiresAt": None},
        )
        created.raise_for_status()
        return str(created.json()["data"]["rawApiKey"])


@dataclass
class PullResult:
    diffs: dict[Path, str] = field(default_factory=dict)
    unchanged: list[Path] = field(default_factory=list)
    not_live: list[Path] = field(default_factory=list)

    def report(self) -> str:
        lines = list(self.diffs.values())
        lines += [f"no change: {path.name}" for path in self.unchanged]
        lines += [f"in git but not live (kept): {path.name}" for path in self.not_live]
        if not self.diffs:
            lines.append("no change")
        return "\n".join(line.rstrip("\n") for line in lines)


def write_flows(live: list[Flow], directory: Path) -> PullResult:
    """Write ``live`` normalised onto ``directory``; the diff of every file that changed."""
    by_id = {json.loads(p.read_text(encoding="utf-8"))["id"]: p for p in directory.glob("*.json")}
    taken = set(by_id.values())
    result = PullResult()
    for flow in sorted(live, key=lambda flow: str(flow["name"])):
        target = by_id.pop(flow["id"], None) or _new_file(flow, directory, taken)
        old = target.read_text(encoding="utf-8") if target.exists() else ""
        new = render(flow)
        if old == new:
            result.unchanged.append(target)
            continue
        name = f"{directory.name}/{target.name}"
        before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
        source = f"a/{name}" if old else "/dev/null"
        diff = difflib.unified_diff(before, after, fromfile=source, tofile=f"b/{name}")
        result.diffs[target] = "".join(diff)
        target.write_text(new, encoding="utf-8")
    result.not_live = sorted(by_id.values())
    return result


def _new_file(flow: Flow, directory: Path, taken: set[Path]) -> Path:
    """A file named after a flow that exists only live; its id added if the name is taken."""
    target = directory / f"{slug(flow['name'])}.json"
    if target in taken:
        target = directory / f"{slug(flow['name'])}-{flow['id']}.json"
    taken.add(target)
    return target


def pull(url: str, api_key: str, directory: Path) -> PullResult:
    return write_flows(fetch_live(url, api_key), directory)


def pull_settings(url: str, api_key: str, seed_path: Path) -> str:
    """Write the live business settings into the seed file; what happened, with the diff."""
    if not seed_path.exists():
        return f"settings: no seed file {seed_path}, not pulled"
    with SettingsTable(url, api_key) as table:
        try:
            live = table.values()
        except httpx.HTTPStatusError as error:
            if error.response.status_code != 403:
                raise
            return ("settings: not pulled, the API key lacks the data-table scopes (make a new "
                    "one: python -m workflows api-key)")  # fmt: skip
    if live is None:
        return f"settings: n8n has no data table {TABLE!r} yet (a deploy creates it)"
    before = seed_path.read_text(encoding="utf-8")
    changed = write_back(live, seed_path)
    if not changed:
        return f"settings: no change ({seed_path.name})"
    after = seed_path.read_text(encoding="utf-8")
    name = f"{seed_path.parent.name}/{seed_path.name}"
    diff = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                fromfile=f"a/{name}", tofile=f"b/{name}")  # fmt: skip
    return "".join(diff) + f"settings changed in the editor: {', '.join(changed)}"
