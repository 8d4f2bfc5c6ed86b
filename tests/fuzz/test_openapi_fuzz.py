"""Schemathesis over the Python nodes' OpenAPI: never a 5xx, every 4xx is problem+json.

The schema is read from an app built at import (``@schema.parametrize`` needs it at collection;
that app never starts, so it opens no store). The requests go to a second app built once per
module on embedded stores in a temporary directory (``app=`` on each call).
``schemathesis.pytest.from_fixture`` would avoid the two apps but fails on pytest 9 (it reads
``request.node._nodeid``).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from py_nodes.core.config import Settings
from py_nodes.core.errors import PROBLEM_CONTENT_TYPE
from py_nodes.core.state import app_state
from py_nodes.main import create_app
from py_nodes.security.tokens import issue_access_token
from tests.conftest import make_settings

API_KEY = "test-key-current"  # pragma: allowlist secret
ALL_SCOPES = ["quotes:read", "quotes:write", "export"]
PROBLEM_MEMBERS = {"type": str, "title": str, "status": int, "detail": str}


def fuzz_settings(base: Path) -> Settings:
    """Every feature configured, rate limits off (the fuzzer sends thousands of requests)."""
    return make_settings(
        base,
        rate_limits_enabled=False,
        token_signing_keys="fuzz-token-signing-key",
        whatsapp_app_secrets="fuzz-app-secret",  # pragma: allowlist secret
        whatsapp_verify_token="fuzz-verify-token",
        auth_clients="fuzz-client:fuzz-pass:quotes:read quotes:write export",
    )


# schemathesis starts the app it reads the schema from: give it a throw-away data dir.
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(fuzz_settings(Path(tempfile.mkdtemp(prefix="bmc-fuzz-schema-"))))
)


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return create_app(fuzz_settings(tmp_path_factory.mktemp("fuzz")))


@pytest.fixture(scope="module")
def auth_headers(fuzz_app: FastAPI) -> dict[str, str]:
    token = issue_access_token(app_state(fuzz_app).settings, "fuzz", ALL_SCOPES)
    return {"X-API-Key": API_KEY, "Authorization": f"Bearer {token}"}


def problem_json_on_client_errors(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> bool | None:
    """A 4xx answers ``application/problem+json`` with type, title, status and detail."""
    if not 400 <= response.status_code < 500:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.split(";")[0].strip() == PROBLEM_CONTENT_TYPE, content_type
    body = json.loads(response.content)
    assert isinstance(body, dict), body
    for member, kind in PROBLEM_MEMBERS.items():
        assert isinstance(body.get(member), kind), f"{member!r} missing or not {kind}: {body}"
    assert body["status"] == response.status_code, body
    return True


CHECKS = [
    not_a_server_error,
    problem_json_on_client_errors,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_openapi_operation_answers_without_5xx_and_with_problem_json(
    case: schemathesis.Case[Any], fuzz_app: FastAPI, auth_headers: dict[str, str]
) -> None:
    case.call_and_validate(headers=auth_headers, checks=CHECKS, app=fuzz_app)
