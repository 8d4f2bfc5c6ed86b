"""Every HTTP node calling the Python nodes names a documented route and authenticates only
through an n8n credential; renaming a route in Python without updating the flows fails here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from py_nodes.core.config import Settings
from py_nodes.main import create_app
from workflows import EXPORT_DIR
from workflows.contract import PythonCall, python_calls, route_exists

CALLS = [call for path in sorted(EXPORT_DIR.glob("*.json")) for call in python_calls(path)]


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    settings = Settings(api_keys="k", data_dir=tmp_path_factory.mktemp("data"))
    return create_app(settings).openapi()


def ids(call: PythonCall) -> str:
    return f"{call.flow}:{call.method}:{call.path}"


@pytest.mark.parametrize("call", CALLS, ids=ids)
def test_contract_route_exists_in_openapi(openapi: dict[str, Any], call: PythonCall) -> None:
    assert route_exists(openapi, call.method, call.path), f"{call.node}: {call.method} {call.path}"


@pytest.mark.parametrize("call", CALLS, ids=ids)
def test_contract_auth_only_through_credential(call: PythonCall) -> None:
    assert (call.credential_type, call.inline_auth_headers) == ("httpHeaderAuth", ())


def test_contract_every_python_node_is_called() -> None:
    prefixes = {call.path.split("/")[1] for call in CALLS}

    assert prefixes >= {"ai", "quotes", "security", "ops"}


def test_contract_renamed_route_is_detected(openapi: dict[str, Any]) -> None:
    renamed = dict(openapi, paths=dict(openapi["paths"]))
    renamed["paths"]["/ai/reply"] = renamed["paths"].pop("/ai/respond")

    assert not route_exists(renamed, "POST", "/ai/respond")


def test_contract_wrong_method_is_detected(openapi: dict[str, Any]) -> None:
    assert not route_exists(openapi, "DELETE", "/ops/inbox")


def test_contract_scans_every_flow() -> None:
    flows = {call.flow for call in CALLS}

    assert flows == {p.stem for p in Path(EXPORT_DIR).glob("*.json")}
