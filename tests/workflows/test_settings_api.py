"""``python -m workflows settings`` and ``pull`` against a faked n8n public API (data tables)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from workflows import EXPORT_DIR
from workflows.__main__ import main
from workflows.settings import SEED_PATH, load_seed

URL = "http://n8n.test"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the flows and the seed, laid out as in the repository."""
    shutil.copytree(EXPORT_DIR, tmp_path / "n8n-export")
    (tmp_path / "settings").mkdir()
    shutil.copy(SEED_PATH, tmp_path / "settings" / SEED_PATH.name)
    (tmp_path / "key").write_text("the-key\n")
    return tmp_path


def _args(command: str, repo: Path) -> list[str]:
    return [command, "--url", URL, "--api-key-file", str(repo / "key"),
            "--dir", str(repo / "n8n-export")]  # fmt: skip


def _tables(*names: str) -> httpx.Response:
    data = [{"id": f"t{n}", "name": name} for n, name in enumerate(names)]
    return httpx.Response(200, json={"data": data, "nextCursor": None})


def test_settings_creates_the_table_and_every_row(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with respx.mock(base_url=URL + "/api/v1") as api:
        api.get("/data-tables").side_effect = [_tables(), _tables("Configuración BMC")]
        create = api.post("/data-tables").respond(201, json={"id": "t0"})
        api.get("/data-tables/t0/rows").respond(200, json={"data": [], "nextCursor": None})
        insert = api.post("/data-tables/t0/rows").respond(200, json=7)

        assert main(_args("settings", repo)) == 0

    table = json.loads(create.calls[0].request.content)
    rows = json.loads(insert.calls[0].request.content)["data"]
    assert (table["name"], [c["name"] for c in table["columns"]]) == (
        "Configuración BMC", ["clave", "valor", "descripcion"])  # fmt: skip
    assert [row["clave"] for row in rows] == list(load_seed().settings)
    assert "created the data table" in capsys.readouterr().out


def test_settings_adds_only_missing_keys_and_warns_of_a_lookalike(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = [{"clave": "ventas_email", "valor": "martina@bmc.uy"}]
    with respx.mock(base_url=URL + "/api/v1") as api:
        api.get("/data-tables").mock(
            return_value=_tables("Configuración BMC", "Configuración BMC (vieja)")
        )
        api.get("/data-tables/t0/rows").respond(200, json={"data": live, "nextCursor": None})
        insert = api.post("/data-tables/t0/rows").respond(200, json=6)

        assert main(_args("settings", repo)) == 0

    added = [row["clave"] for row in json.loads(insert.calls[0].request.content)["data"]]
    assert "ventas_email" not in added
    assert len(added) == len(load_seed().settings) - 1
    out = capsys.readouterr().out
    assert "WARNING: the flows may read 'Configuración BMC (vieja)'" in out


def _pull_mocks(api: Any, rows: list[dict[str, str]]) -> None:
    flows = [json.loads(p.read_text()) for p in sorted(EXPORT_DIR.glob("*.json"))]
    api.get("/workflows").respond(200, json={"data": flows, "nextCursor": None})
    api.get("/data-tables").mock(return_value=_tables("Configuración BMC"))
    api.get("/data-tables/t0/rows").respond(200, json={"data": rows, "nextCursor": None})


def test_pull_writes_the_live_settings_into_the_seed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"clave": k, "valor": s.value} for k, s in load_seed().settings.items()]
    rows[0]["valor"] = "Lunes a viernes de 8 a 17."
    with respx.mock(base_url=URL + "/api/v1") as api:
        _pull_mocks(api, rows)
        assert main(_args("pull", repo)) == 0

    seed = load_seed(repo / "settings" / SEED_PATH.name)
    out = capsys.readouterr().out
    assert seed.settings[rows[0]["clave"]].value == "Lunes a viernes de 8 a 17."
    assert "+    value: Lunes a viernes de 8 a 17." in out.splitlines()
    assert f"settings changed in the editor: {rows[0]['clave']}" in out


def test_pull_with_a_key_without_table_scopes_says_how_to_fix_it(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flows = [json.loads(p.read_text()) for p in sorted(EXPORT_DIR.glob("*.json"))]
    with respx.mock(base_url=URL + "/api/v1") as api:
        api.get("/workflows").respond(200, json={"data": flows, "nextCursor": None})
        api.get("/data-tables").respond(403, json={"message": "Forbidden"})
        assert main(_args("pull", repo)) == 0

    assert "lacks the data-table scopes" in capsys.readouterr().out
    assert (repo / "settings" / SEED_PATH.name).read_text() == SEED_PATH.read_text()
