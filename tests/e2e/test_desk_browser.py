"""The sales desk in a real browser, on the real stack: a customer asks for a person through the
signed WhatsApp webhook, a seller signs in, takes the chat, answers (through the real n8n to the
fake Graph API), gives it back to the bot, then finds the customer's quote and downloads its PDF.

Chromium is Debian's package, headless, driven by Playwright (as in ``test_editor.py``).
Screenshots are kept in ``artifacts/desk-*.png`` (paths printed).
"""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from py_nodes.core import contacts, conversations
from py_nodes.core.state import app_state
from py_nodes.core.storage import DocumentStore
from py_nodes.quote.api.examples import QUOTE_REQUEST_EXAMPLE
from tests.e2e.conftest import Stack, say, unique_phone
from tests.support.browser import chromium, screenshot
from tests.support.waiting import assert_stays, wait_until
from workflows.stack import DESK_USER

pytestmark = pytest.mark.n8n
T = TypeVar("T")
VIEWPORT = {"width": 1360, "height": 860}
REPLY = "Hola, soy de ventas de BMC. ¿El techo es de 5,60 x 5 m? Te preparo la cotización."


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` on its own loop in a worker thread (Playwright's sync API owns this
    thread's loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def store_of(stack: Stack) -> DocumentStore:
    assert stack.app is not None
    store: DocumentStore = app_state(stack.app).resources.store
    return store


def standing(stack: Stack, phone: str) -> contacts.Contact:
    return run_async(contacts.load(store_of(stack), phone, time.time()))


def shot(page: Any, name: str) -> Path:
    return screenshot(page, f"desk-{name}")


@pytest.fixture(scope="module")
def browser(stack: Stack) -> Iterator[Any]:
    stack.n8n.wait_webhook("desk/reply", 60)
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Any, stack: Stack) -> Iterator[Any]:
    """A fresh browser context, signed in as the development seller."""
    context = browser.new_context(viewport=VIEWPORT, locale="es-UY")
    page = context.new_page()
    page.goto(stack.py_url + "/desk", wait_until="networkidle")
    assert page.url.endswith("/desk/ingresar")
    page.fill("input[name=user]", DESK_USER)
    page.fill("input[name=password]", stack.secrets.desk_password)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/conversaciones", timeout=15_000)
    try:
        yield page
    finally:
        context.close()


def handed_off_by_the_bot(stack: Stack, phone: str) -> str:
    """The customer asks for a person through the signed webhook; the bot hands the chat off.

    Until the engine records the hand-off itself (contacts.hand_to_sales in /ai/respond), the
    test records it as the contract says the engine will, right after the bot's hand-off reply.
    """
    reply = say(stack, phone, "quiero hablar con una persona")
    if not standing(stack, phone).with_sales:
        run_async(contacts.hand_to_sales(store_of(stack), phone, "asked", time.time(), 24 * 3600))
    return reply


def create_quote(stack: Stack, phone: str, name: str) -> str:
    body = copy.deepcopy(dict(QUOTE_REQUEST_EXAMPLE))
    body["customer"] = {"phone": phone, "name": name}
    response = stack.py("POST", "/quotes", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["number"])


def test_a_seller_takes_answers_releases_and_signs_out(stack: Stack, page: Any) -> None:
    phone = unique_phone()
    number = create_quote(stack, phone, "Lucía Fernández")
    handed_off_by_the_bot(stack, phone)

    page.goto(stack.py_url + "/desk/conversaciones", wait_until="networkidle")
    waiting = page.locator(f"li.waiting a[data-phone='{phone}']")
    assert "Sin tomar" in waiting.inner_text()
    waiting.click()
    page.wait_for_url(f"**/desk/conversaciones?tel={phone}")
    assert "quiero hablar con una persona" in page.locator("ol.story").inner_text()
    assert number in page.locator("ol.story").inner_text()

    page.click("button:has-text('Tomar')")
    page.wait_for_selector("text=Tomaste la conversación")
    assert standing(stack, phone).taken_by == DESK_USER
    page.fill("textarea[name=text]", REPLY)
    page.click("button:has-text('Enviar')")
    page.wait_for_selector("text=Respuesta enviada por WhatsApp", timeout=45_000)

    assert stack.graph.state.texts_to(phone)[-1] == REPLY
    assert page.locator("li.msg.out.seller").last.inner_text().startswith(REPLY)
    shot(page, "conversation")

    page.click("button:has-text('Devolver al bot')")
    page.wait_for_selector("text=Devolviste la conversación al bot")
    after = standing(stack, phone)
    assert (after.with_sales, after.released_by) == (False, DESK_USER)

    page.click("button:has-text('Salir')")
    page.wait_for_selector("text=Cerraste la sesión")
    page.goto(stack.py_url + "/desk/conversaciones", wait_until="networkidle")
    assert page.url.endswith("/desk/ingresar")


def test_a_reply_after_24_hours_goes_as_the_approved_template(stack: Stack, page: Any) -> None:
    phone = unique_phone()
    two_days_ago = time.time() - 48 * 3600

    async def old_chat(store: DocumentStore) -> None:
        await conversations.log_exchange(
            store, phone=phone, message_id=f"wamid.old.{phone}", timestamp=two_days_ago,
            incoming={"text": "¿tienen isopanel de 50?", "message_type": "text"},
            outgoing={"text": "Sí, ¿para qué medidas?", "source": "rules"},
        )  # fmt: skip
        await contacts.hand_to_sales(store, phone, "asked", time.time(), 24 * 3600)

    run_async(old_chat(store_of(stack)))
    page.goto(f"{stack.py_url}/desk/conversaciones?tel={phone}", wait_until="networkidle")
    page.click("button:has-text('Tomar')")
    page.wait_for_selector("text=Fuera de las 24 h")
    page.fill("textarea[name=text]", "Hola,\nseguimos a tu disposición.")
    page.click("button:has-text('Enviar')")
    page.wait_for_selector("text=se envió la plantilla aprobada", timeout=45_000)

    sent = [m for m in stack.graph.state.messages if m.get("to") == phone]
    assert [m["type"] for m in sent] == ["template"]
    template = sent[0]["template"]
    texts = [p["text"] for p in template["components"][0]["parameters"]]
    assert (template["name"], texts) == (
        "respuesta_vendedor",
        ["Ventas BMC", "Hola, seguimos a tu disposición."],
    )


def test_quote_search_and_pdf_download(stack: Stack, page: Any) -> None:
    phone = unique_phone()
    number = create_quote(stack, phone, "Martín Olivera")

    page.goto(stack.py_url + "/desk/cotizaciones", wait_until="networkidle")
    page.fill("input[name=q]", "olivera")
    page.click("button:has-text('Buscar')")
    page.wait_for_url("**/desk/cotizaciones?q=olivera*")
    rows = page.locator("table.quotes tbody tr[data-number]")
    assert rows.count() >= 1
    assert number in [rows.nth(i).get_attribute("data-number") for i in range(rows.count())]
    shot(page, "quotes")

    href = page.locator(f"tr[data-number='{number}'] a.pdf").get_attribute("href")
    pdf = page.request.get(stack.py_url + href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    row = page.locator(f"tr[data-number='{number}']")
    row.locator("select[name=asignado]").select_option("RA")
    row.locator("button:has-text('Asignar')").click()
    page.wait_for_selector("text=Cotización actualizada")
    assert wait_until(
        lambda: "Asignado" in page.locator(f"tr[data-number='{number}']").inner_text(), 5
    )


def test_a_reply_whatsapp_refuses_is_reported_and_dead_lettered(stack: Stack, page: Any) -> None:
    phone = unique_phone()
    run_async(contacts.hand_to_sales(store_of(stack), phone, "asked", time.time(), 24 * 3600))
    page.goto(f"{stack.py_url}/desk/conversaciones?tel={phone}", wait_until="networkidle")
    page.click("button:has-text('Tomar')")
    page.wait_for_selector("text=Tomaste la conversación")
    stack.graph.state.fail_next(3)
    try:
        page.fill("textarea[name=text]", "Este mensaje no llega.")
        page.click("button:has-text('Enviar')")
        page.wait_for_selector("text=No se pudo enviar la respuesta", timeout=45_000)
    finally:
        stack.graph.state.fail_next(0)

    def dead_lettered() -> bool:
        letters = stack.py(
            "GET", "/ops/dead-letters", params={"workflow": "Respuesta del vendedor"}
        ).json()
        return any("did not accept" in str(letter) for letter in letters)

    assert [m for m in stack.graph.state.messages if m.get("to") == phone] == []
    assert "Este mensaje no llega." not in page.locator("ol.story").inner_text()
    assert wait_until(dead_lettered, 30)


def test_the_reply_webhook_refuses_callers_without_the_service_key(
    stack: Stack, browser: Any
) -> None:
    phone = unique_phone()
    body = {"phone": phone, "text": "spam", "seller": "x", "seller_name": "X",
            "last_inbound_at": time.time()}  # fmt: skip

    anonymous = httpx.post(stack.n8n.webhook_url("desk/reply"), json=body, timeout=10)
    wrong_key = httpx.post(
        stack.n8n.webhook_url("desk/reply"), json=body, headers={"X-API-Key": "nope"}, timeout=10
    )

    assert (anonymous.status_code, wrong_key.status_code) == (403, 403)
    assert_stays(
        lambda: [m for m in stack.graph.state.messages if m.get("to") == phone] == [],
        for_s=2,
        what="nothing sent to the phone",
    )
