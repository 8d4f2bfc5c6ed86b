"""Conversations in the desk: the list, the transcript, take, reply (through n8n), release."""

from __future__ import annotations

import json
import time
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.testclient import TestClient

from py_nodes.core import contacts, conversations
from py_nodes.core.state import app_state
from py_nodes.core.storage import DocumentStore
from py_nodes.desk.inbox import story
from tests.desk.desk_helpers import API_KEY, N8nFake, create_quote, page_csrf, sign_in

WAITING = "59891000001"
RECENT = "59891000002"


def store_of(app: FastAPI) -> DocumentStore:
    store: DocumentStore = app_state(app).resources.store
    return store


def run(app: FastAPI, operation: Any) -> Any:
    """Run a store coroutine function on the store's own thread, from the test."""
    return anyio.run(operation, store_of(app))


def customer_wrote(app: FastAPI, phone: str, text: str, at: float | None = None) -> None:
    moment = at if at is not None else time.time()

    async def write(store: DocumentStore) -> None:
        await conversations.log_exchange(
            store, phone=phone, message_id=f"wamid.{moment}", timestamp=moment,
            incoming={"text": text, "message_type": "text"},
            outgoing={"text": "Te paso con una persona del equipo.", "source": "rules"},
        )  # fmt: skip

    run(app, write)


def handed_off(app: FastAPI, phone: str) -> None:
    async def hand(store: DocumentStore) -> None:
        await contacts.hand_to_sales(store, phone, "asked", time.time(), 24 * 3600)

    run(app, hand)


def contact(app: FastAPI, phone: str) -> contacts.Contact:
    async def read(store: DocumentStore) -> contacts.Contact:
        return await contacts.load(store, phone, time.time())

    result: contacts.Contact = run(app, read)
    return result


def events(app: FastAPI, phone: str) -> list[dict[str, Any]]:
    async def read(store: DocumentStore) -> list[dict[str, Any]]:
        return await store.run(lambda db: list(db["desk_events"].find({"phone": phone})))

    found: list[dict[str, Any]] = run(app, read)
    return found


def post(client: TestClient, path: str, **data: str) -> Any:
    return client.post(path, data={"csrf": page_csrf(client), **data}, follow_redirects=False)


def test_chats_waiting_for_a_person_come_first(app: FastAPI, client: TestClient) -> None:
    customer_wrote(app, WAITING, "quiero hablar con una persona", at=time.time() - 60)
    customer_wrote(app, RECENT, "hola, precio de isodec?")
    handed_off(app, WAITING)
    sign_in(client)

    html = client.get("/desk/conversaciones").text

    assert html.index(f'data-phone="{WAITING}"') < html.index(f'data-phone="{RECENT}"')
    assert "Sin tomar" in html
    assert "Esperan a una persona" in html


def test_the_transcript_shows_both_sides_and_the_customers_quotes(
    app: FastAPI, client: TestClient
) -> None:
    customer_wrote(app, WAITING, "necesito isodec 100 para 5 x 5,6")
    number = create_quote(client, WAITING, "Ana Pérez")
    sign_in(client)

    html = client.get("/desk/conversaciones", params={"tel": WAITING}).text

    assert "necesito isodec 100 para 5 x 5,6" in html
    assert "Te paso con una persona del equipo." in html
    assert f"/desk/cotizaciones/{number}/pdf" in html
    assert "USD " in html
    assert "," in html.split(number)[1][:200]


def test_take_pauses_the_bot_and_records_who_and_when(app: FastAPI, client: TestClient) -> None:
    customer_wrote(app, WAITING, "quiero hablar con una persona")
    handed_off(app, WAITING)
    sign_in(client)
    before = time.time()

    response = post(client, f"/desk/conversaciones/{WAITING}/tomar")
    page = client.get(response.headers["location"]).text
    standing = contact(app, WAITING)
    recorded = events(app, WAITING)

    assert (standing.with_sales, standing.taken_by) == (True, "ana")
    assert standing.taken_at is not None
    assert standing.taken_at >= before
    assert [(e["kind"], e["seller"], e["phone"]) for e in recorded] == [("take", "ana", WAITING)]
    assert "Tomaste la conversación" in page
    assert "ana tomó" not in page
    assert "Ana Pérez tomó la conversación" in page


def test_a_chat_held_by_another_seller_is_not_taken_over(app: FastAPI, client: TestClient) -> None:
    handed_off(app, WAITING)
    sign_in(client, "beto")
    post(client, f"/desk/conversaciones/{WAITING}/tomar")
    client.cookies.clear()
    sign_in(client, "ana")

    response = post(client, f"/desk/conversaciones/{WAITING}/tomar")
    page = client.get(response.headers["location"]).text

    assert contact(app, WAITING).taken_by == "beto"
    assert "ya la tiene otra persona del equipo: Beto Gómez" in page


def test_release_gives_the_chat_back_to_the_bot(app: FastAPI, client: TestClient) -> None:
    handed_off(app, WAITING)
    sign_in(client)
    post(client, f"/desk/conversaciones/{WAITING}/tomar")

    response = post(client, f"/desk/conversaciones/{WAITING}/devolver")
    standing = contact(app, WAITING)

    assert response.status_code == 303
    assert (standing.with_sales, standing.released_by) == (False, "ana")
    assert [e["kind"] for e in events(app, WAITING)] == ["take", "release"]
    assert "Devolviste la conversación al bot" in client.get(response.headers["location"]).text


def test_a_reply_goes_to_n8n_with_what_it_needs(
    app: FastAPI, client: TestClient, n8n: N8nFake
) -> None:
    wrote_at = time.time() - 3600
    customer_wrote(app, WAITING, "quiero hablar con una persona", at=wrote_at)
    handed_off(app, WAITING)
    sign_in(client)
    post(client, f"/desk/conversaciones/{WAITING}/tomar")

    response = post(client, f"/desk/conversaciones/{WAITING}/responder", text="  Hola, soy Ana.  ")
    page = client.get(response.headers["location"]).text

    assert len(n8n.calls) == 1
    sent = json.loads(n8n.calls[0].content)
    assert sent == {"phone": WAITING, "text": "Hola, soy Ana.", "seller": "ana",
                    "seller_name": "Ana Pérez", "last_inbound_at": wrote_at}  # fmt: skip
    assert n8n.calls[0].headers["X-API-Key"] == API_KEY
    assert "Respuesta enviada por WhatsApp" in page


def test_a_reply_outside_the_window_says_the_template_went(
    app: FastAPI, client: TestClient, n8n: N8nFake
) -> None:
    n8n.answer = {"sent": True, "mode": "template", "message_id": "wamid.2"}
    handed_off(app, WAITING)
    sign_in(client)
    post(client, f"/desk/conversaciones/{WAITING}/tomar")
    page = client.get(f"/desk/conversaciones?tel={WAITING}").text
    assert "Fuera de las 24 h" in page  # the customer never wrote

    response = post(client, f"/desk/conversaciones/{WAITING}/responder", text="Hola")

    assert "se envió la plantilla aprobada" in client.get(response.headers["location"]).text


def test_a_reply_n8n_could_not_deliver_is_reported(
    app: FastAPI, client: TestClient, n8n: N8nFake
) -> None:
    n8n.status, n8n.answer = 502, {"sent": False}
    handed_off(app, WAITING)
    sign_in(client)
    post(client, f"/desk/conversaciones/{WAITING}/tomar")

    response = post(client, f"/desk/conversaciones/{WAITING}/responder", text="Hola")

    assert len(n8n.calls) == 1
    assert "No se pudo enviar la respuesta" in client.get(response.headers["location"]).text


def test_no_reply_without_taking_the_chat_first(
    app: FastAPI, client: TestClient, n8n: N8nFake
) -> None:
    handed_off(app, WAITING)
    sign_in(client)

    response = post(client, f"/desk/conversaciones/{WAITING}/responder", text="Hola")
    not_taken = client.get(response.headers["location"]).text
    empty = post(client, f"/desk/conversaciones/{WAITING}/responder", text="   ")

    assert n8n.calls == []
    assert "Tomá la conversación antes de responder" in not_taken
    assert "Escribí la respuesta" in client.get(empty.headers["location"]).text


def test_chat_actions_without_the_form_token_are_refused(
    app: FastAPI, client: TestClient, n8n: N8nFake
) -> None:
    handed_off(app, WAITING)
    sign_in(client)

    take = client.post(f"/desk/conversaciones/{WAITING}/tomar", data={"csrf": "forged"})
    reply = client.post(f"/desk/conversaciones/{WAITING}/responder", data={"text": "Hola"})

    assert (take.status_code, reply.status_code) == (403, 403)
    assert contact(app, WAITING).taken_by is None
    assert n8n.calls == []


def test_n8n_records_a_delivered_reply_in_the_transcript(app: FastAPI, client: TestClient) -> None:
    body = {"phone": WAITING, "text": "Hola, soy Ana de BMC.", "seller": "ana", "mode": "text",
            "message_id": "wamid.HBg1"}  # fmt: skip

    refused = client.post("/desk/replies", json=body)
    logged = client.post("/desk/replies", json=body, headers={"X-API-Key": API_KEY})
    sign_in(client)
    page = client.get("/desk/conversaciones", params={"tel": WAITING}).text

    async def read(store: DocumentStore) -> list[dict[str, Any]]:
        return await conversations.transcript(store, WAITING)

    transcript = run(app, read)
    assert (refused.status_code, logged.status_code) == (401, 201)
    assert [(m["direction"], m["source"], m["seller"]) for m in transcript] == [
        ("out", "seller", "ana")
    ]
    assert "Hola, soy Ana de BMC." in page
    assert "Ana Pérez · " in page


def test_bad_phones_in_paths_are_refused(client: TestClient) -> None:
    sign_in(client)

    response = post(client, "/desk/conversaciones/abc$ne/tomar")

    assert response.status_code == 422


def test_the_story_puts_the_customers_question_before_the_bots_answer() -> None:
    messages = [
        {"direction": "out", "text": "respuesta", "timestamp": 10.0},
        {"direction": "in", "text": "pregunta", "timestamp": 10.0},
    ]
    quotes = [{"number": "BMC-2026-0001", "timestamp": 5.0}]
    events = [{"kind": "take", "seller": "ana", "at": 20.0}]

    items = story(messages, quotes, events)

    assert [item.kind for item in items] == ["quote", "in", "out", "event"]
