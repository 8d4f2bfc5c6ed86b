"""JSON log lines carry the request's correlation id."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from py_nodes.main import create_app
from tests.conftest import make_settings


def test_log_lines_are_json_with_the_callers_request_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(make_settings(tmp_path, log_level="INFO"), nodes=["quote"])
    with TestClient(app) as client:
        client.get("/health/live", headers={"X-Request-ID": "n8n-exec-1234"})

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]

    access = [line for line in lines if line["logger"] == "py_nodes.access"]
    assert access == [
        {
            "time": access[0]["time"],
            "level": "INFO",
            "logger": "py_nodes.access",
            "message": "request",
            "request_id": "n8n-exec-1234",
            "method": "GET",
            "route": "/health/live",
            "status": 200,
            "duration_ms": access[0]["duration_ms"],
        }
    ]


def test_request_id_is_created_when_absent_and_echoed(client: TestClient) -> None:
    first = client.get("/health/live").headers["x-request-id"]
    second = client.get("/health/live").headers["x-request-id"]

    assert len(first) == 32
    assert first != second


def test_insane_request_id_is_replaced(client: TestClient) -> None:
    response = client.get("/health/live", headers={"X-Request-ID": "bad id\twith spaces"})

    assert response.headers["x-request-id"] != "bad id\twith spaces"
