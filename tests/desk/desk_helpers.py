"""Helpers of the desk tests (not a test module): settings, sign-in, a fake n8n, quotes."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import httpx2
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.desk.accounts import HASHER
from py_nodes.quote.api.examples import QUOTE_REQUEST_EXAMPLE

API_KEY = "test-key-current"  # pragma: allowlist secret
PASSWORDS = {"ana": "clave-de-ana-2026", "beto": "clave-de-beto-2026"}
ACCOUNTS = "\n".join(
    [
        "# sellers of the tests",
        f"ana:{HASHER.hash(PASSWORDS['ana'])}:Ana Pérez",
        f"beto:{HASHER.hash(PASSWORDS['beto'])}:Beto Gómez",
    ]
)
REPLY_URL = "http://n8n.test/webhook/desk/reply"
QUOTE_API = "http://py-nodes.test"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def desk_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "test", "data_dir": tmp_path / "data", "log_level": "WARNING",
        "api_keys": f"{API_KEY},test-key-previous", "rate_limits_enabled": False,
        "desk_accounts": ACCOUNTS, "desk_session_keys": "desk-key-new,desk-key-old",
        "desk_reply_url": REPLY_URL, "desk_quote_api_url": QUOTE_API,
        "desk_quote_client": "desk:desk-client-secret",
        "auth_clients": "desk:desk-client-secret:quotes:read quotes:write export",
        "token_signing_keys": "token-key-" + "x" * 32,
    }  # fmt: skip
    values.update(overrides)
    return Settings(**values)


@dataclass
class N8nFake:
    """What the desk-reply flow would answer; records every hand-over."""

    answer: dict[str, Any] = field(
        default_factory=lambda: {"sent": True, "mode": "text", "message_id": "wamid.1"}
    )
    status: int = 200
    calls: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        return httpx.Response(self.status, json=self.answer)


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match is not None, "no CSRF token in the page"
    return match.group(1)


def sign_in(client: TestClient, user: str = "ana", password: str | None = None) -> httpx2.Response:
    """Sign in through the form (TestClient speaks httpx2, hence its ``Response``)."""
    form = client.get("/desk/ingresar")
    return client.post(
        "/desk/ingresar",
        data={
            "user": user,
            "password": PASSWORDS[user] if password is None else password,
            "csrf": csrf_of(form.text),
        },
        follow_redirects=False,
    )


def page_csrf(client: TestClient, path: str = "/desk/conversaciones") -> str:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return csrf_of(response.text)


def create_quote(client: TestClient, phone: str, name: str) -> str:
    body = copy.deepcopy(dict(QUOTE_REQUEST_EXAMPLE))
    body["customer"] = {"phone": phone, "name": name}
    response = client.post("/quotes", json=body, headers={"X-API-Key": API_KEY})
    assert response.status_code == 201, response.text
    return str(response.json()["number"])
