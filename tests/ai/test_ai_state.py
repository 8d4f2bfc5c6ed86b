"""Idempotency, sessions (24 h expiry keeping name and last quote), conversation log, API errors."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_nodes.ai import service
from py_nodes.ai.schemas import RespondRequest
from py_nodes.core.config import Settings
from py_nodes.core.state import app_state
from py_nodes.main import create_app

HEADERS = {"X-API-Key": "test-key-current"}
PHONE = "59899123456"


@pytest.fixture
def ai_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, nodes=["ai"]), raise_server_exceptions=False) as client:
        yield client


def message(text: str, message_id: str, at: int = 1_760_000_000, **extra: Any) -> dict[str, Any]:
    body = {"message_id": message_id, "phone": PHONE, "text": text, "message_type": "text",
            "timestamp": at}  # fmt: skip
    body.update(extra)
    return body


def stored(client: TestClient, collection: str, query: dict[str, Any]) -> list[dict[str, Any]]:
    store = app_state(client.app).resources.store
    return list(client.portal.call(store.run, lambda db: list(db[collection].find(query))))  # type: ignore[union-attr]


def test_same_message_id_twice_returns_the_same_answer(ai_client: TestClient) -> None:
    first = ai_client.post("/ai/respond", headers=HEADERS, json=message("isodec de 100", "w1"))
    second = ai_client.post("/ai/respond", headers=HEADERS, json=message("isodec de 100", "w1"))

    assert first.json() == second.json()


def test_same_message_id_twice_changes_the_state_once(ai_client: TestClient) -> None:
    for _ in range(2):
        ai_client.post("/ai/respond", headers=HEADERS, json=message("hola", "w2"))

    [session] = stored(ai_client, "sessions", {"phone": PHONE})
    assert len(session["history"]) == 2
    assert len(stored(ai_client, "conversations", {"message_id": "w2"})) == 2


def test_duplicate_in_flight_gets_409_when_no_answer_arrives(
    ai_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "DUPLICATE_WAIT_S", 0.1)
    cache = app_state(ai_client.app).resources.cache
    ai_client.portal.call(cache.set_if_absent, "ai:claim:w3", "1", 60)  # type: ignore[union-attr]

    response = ai_client.post("/ai/respond", headers=HEADERS, json=message("hola", "w3"))

    assert response.status_code == 409
    assert response.json()["type"].endswith("/ai/message-in-progress")


def test_concurrent_duplicates_change_the_state_once(settings: Settings) -> None:
    app = create_app(settings, nodes=["ai"])
    with TestClient(app) as client:
        resources = app_state(app).resources
        request = RespondRequest.model_validate(message("isodec 150", "w4"))

        async def both() -> list[Any]:
            return list(await asyncio.gather(*(service.respond(resources, request) for _ in "ab")))

        first, second = client.portal.call(both)  # type: ignore[union-attr]
        [session] = stored(client, "sessions", {"phone": PHONE})

    assert first == second
    assert len(session["history"]) == 2


def test_session_expires_after_a_day_keeping_name_and_last_quote(ai_client: TestClient) -> None:
    day = 24 * 3600
    text = "soy Ana, isodec 100 techo 10x5 en Maldonado"
    ai_client.post("/ai/respond", headers=HEADERS, json=message(text, "e1"))

    after = ai_client.post(
        "/ai/respond",
        headers=HEADERS,
        json=message("mi cotización?", "e2", 1_760_000_000 + day + 60),
    ).json()

    assert after["slots"] == {"name": "Ana"}
    assert "isodec eps 100 mm" in after["reply"].lower()


def test_session_survives_a_cache_loss(ai_client: TestClient) -> None:
    ai_client.post("/ai/respond", headers=HEADERS, json=message("isodec 150 para techo", "c1"))
    cache = app_state(ai_client.app).resources.cache
    ai_client.portal.call(cache.delete, f"ai:session:{PHONE}")  # type: ignore[union-attr]

    body = ai_client.post("/ai/respond", headers=HEADERS, json=message("10 x 5", "c2")).json()

    assert body["slots"]["thickness_mm"] == 150


def test_every_message_is_logged_in_and_out(ai_client: TestClient) -> None:
    ai_client.post("/ai/respond", headers=HEADERS, json=message("hola", "l1"))

    logged = stored(ai_client, "conversations", {"message_id": "l1"})

    assert sorted(doc["direction"] for doc in logged) == ["in", "out"]
    assert all(isinstance(doc["timestamp"], float) for doc in logged)


def test_respond_requires_the_api_key(ai_client: TestClient) -> None:
    response = ai_client.post("/ai/respond", json=message("hola", "k1"))

    assert response.status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(message("hola", "v1", phone="not-a-phone"), id="bad-phone"),
        pytest.param({"phone": PHONE, "text": "hola", "timestamp": 1}, id="no-message-id"),
        pytest.param(message("x" * 5000, "v2"), id="too-long"),
    ],
)
def test_respond_refuses_bad_bodies_with_422(ai_client: TestClient, body: dict[str, Any]) -> None:
    response = ai_client.post("/ai/respond", headers=HEADERS, json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_empty_text_gets_a_prompt_without_error(ai_client: TestClient) -> None:
    body = ai_client.post("/ai/respond", headers=HEADERS, json=message("   ", "x1")).json()

    assert body["action"] == "reply"
    assert "ayudar" in body["reply"]
