"""``python -m workflows pull`` against a faked public API: pages, files written, errors."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import httpx
import pytest
import respx

from workflows import EXPORT_DIR
from workflows.__main__ import main
from workflows.fingerprint import flow_hash, read_flows

URL = "http://n8n.test"


def test_pull_follows_the_cursor_and_prints_the_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flows = tmp_path / "n8n-export"
    shutil.copytree(EXPORT_DIR, flows)
    git = read_flows(flows)
    live = [copy.deepcopy(flow) for _, flow in sorted(git.items())]
    live[-1]["settings"]["timezone"] = "America/Montevideo"
    key_file = tmp_path / "n8n_api_key"
    key_file.write_text("the-key\n")
    with respx.mock(base_url=URL) as api:
        route = api.get("/api/v1/workflows")
        route.side_effect = [
            httpx.Response(200, json={"data": live[:2], "nextCursor": "page2"}),
            httpx.Response(200, json={"data": live[2:], "nextCursor": None}),
        ]
        args = ["pull", "--url", URL, "--api-key-file", str(key_file), "--dir", str(flows)]
        assert main(args) == 0
    assert [call.request.headers["X-N8N-API-KEY"] for call in route.calls] == ["the-key"] * 2
    assert route.calls[1].request.url.params["cursor"] == "page2"
    out = capsys.readouterr().out
    assert '+    "timezone": "America/Montevideo"' in out.splitlines()
    assert flow_hash(read_flows(flows)[live[-1]["id"]]) == flow_hash(live[-1])


def test_pull_with_a_wrong_key_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key_file = tmp_path / "n8n_api_key"
    key_file.write_text("wrong")
    with respx.mock(base_url=URL) as api:
        api.get("/api/v1/workflows").respond(401, json={"message": "unauthorized"})
        args = ["pull", "--url", URL, "--api-key-file", str(key_file), "--dir", str(tmp_path)]
        assert main(args) == 1
    assert f"cannot read the flows from {URL}" in capsys.readouterr().err
    assert list(tmp_path.glob("*.json")) == []
