"""The sign-in limit holds when attempts arrive at once (the race a check-then-count limiter
loses), on the in-process cache and on a real Redis shared by two app instances."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from py_nodes.main import create_app
from tests.desk.desk_helpers import desk_settings

pytestmark = pytest.mark.anyio
ATTEMPTS = 40
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def _attempt(client: httpx.AsyncClient, user: str) -> int:
    form = await client.get("/desk/ingresar")
    match = CSRF.search(form.text)
    assert match is not None
    data = {"user": user, "password": "adivinando-0000", "csrf": match.group(1)}
    response = await client.post("/desk/ingresar", data=data)
    return response.status_code


async def _burst(settings_list: list[Any]) -> Counter[int]:
    """``ATTEMPTS`` wrong sign-ins for one user, all at once, spread over the apps.

    The user is new to each run (counts live on a shared Redis), the address limit is out of
    the way: this is about the count per user."""
    user = f"ana-{uuid.uuid4().hex[:8]}"
    apps = [create_app(settings) for settings in settings_list]
    async with _lifespans(apps):
        clients = [
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://desk.test")
            for app in apps
        ]
        try:
            codes = await asyncio.gather(
                *(_attempt(clients[i % len(clients)], user) for i in range(ATTEMPTS))
            )
        finally:
            for client in clients:
                await client.aclose()
    return Counter(codes)


class _lifespans:
    def __init__(self, apps: list[Any]) -> None:
        self.contexts = [app.router.lifespan_context(app) for app in apps]

    async def __aenter__(self) -> None:
        for context in self.contexts:
            await context.__aenter__()

    async def __aexit__(self, *exc: object) -> None:
        for context in reversed(self.contexts):
            await context.__aexit__(*exc)


async def test_a_burst_of_guesses_checks_at_most_the_limit(tmp_path: Path) -> None:
    codes = await _burst([desk_settings(tmp_path, desk_login_max_attempts_address=10_000)])

    assert codes == Counter({401: 5, 429: ATTEMPTS - 5})


async def test_the_limit_is_shared_by_every_replica_through_redis(
    tmp_path: Path, redis_url: str
) -> None:
    settings = [
        desk_settings(tmp_path / name, redis_url=redis_url, desk_login_max_attempts_address=10_000)
        for name in ("a", "b")
    ]

    codes = await _burst(settings)

    assert codes == Counter({401: 5, 429: ATTEMPTS - 5})
