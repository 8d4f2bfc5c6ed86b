"""A customer talks to the bot through real n8n until a quote is sent, stored and sales know."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Stack, due_followups, quote_sent_to, say, unique_phone
from tests.support.waiting import wait_until

pytestmark = pytest.mark.n8n
TURNS = ["Hola, quiero cotizar un techo", "Isodec EPS de 100 mm", "5 por 5.6 metros",
         "retiro en planta"]  # fmt: skip
SALES_PHONE = "59890000001"


@pytest.fixture(scope="module")
def conversation(stack: Stack) -> tuple[str, list[str]]:
    stack.graph.state.fail_next(0)
    phone = unique_phone()
    replies = [say(stack, phone, text) for text in TURNS]
    assert wait_until(lambda: any(
        m.get("type") == "document" and m.get("to") == phone for m in stack.graph.state.messages
    ), timeout=30)  # fmt: skip
    return phone, replies


def test_conversation_last_reply_is_the_quote_text(conversation: tuple[str, list[str]]) -> None:
    _, replies = conversation

    assert ("BMC-" in replies[-1], "Cotizaci" in replies[-1]) == (True, True)


def test_conversation_earlier_replies_ask_for_missing_data(
    conversation: tuple[str, list[str]],
) -> None:
    _, replies = conversation

    assert all("falta" in reply for reply in replies[:-1])


def test_conversation_quote_pdf_is_uploaded_and_sent(
    stack: Stack, conversation: tuple[str, list[str]]
) -> None:
    phone, _ = conversation
    document = next(m for m in stack.graph.state.messages if m.get("type") == "document"
                    and m.get("to") == phone)["document"]  # fmt: skip

    upload = next(media for media in stack.graph.state.media if media["id"] == document["id"])
    assert (upload["file"]["is_pdf"], document["filename"].endswith(".pdf")) == (True, True)


def test_conversation_quote_is_stored(stack: Stack, conversation: tuple[str, list[str]]) -> None:
    phone, _ = conversation
    document = next(m for m in stack.graph.state.messages if m.get("type") == "document"
                    and m.get("to") == phone)["document"]  # fmt: skip
    quote_id = document["filename"].removeprefix("Cotizacion-").removesuffix(".pdf")

    response = stack.py("GET", f"/quotes/{quote_id}/pdf")

    assert (response.status_code, response.content[:4]) == (200, b"%PDF")


def test_conversation_quote_is_marked_sent_by_the_bot(
    stack: Stack, conversation: tuple[str, list[str]]
) -> None:
    number = quote_sent_to(stack, conversation[0])

    assert wait_until(lambda: number in due_followups(stack, after_hours=0.0001))


def sales_templates(stack: Stack) -> list[dict[str, Any]]:
    return [m["template"] for m in stack.graph.state.messages
            if m.get("type") == "template" and m.get("to") == SALES_PHONE]  # fmt: skip


def body_texts(template: dict[str, Any]) -> list[str]:
    body = next(c for c in template["components"] if c["type"] == "body")
    return [parameter["text"] for parameter in body["parameters"]]


def test_conversation_sales_get_a_whatsapp_template_with_the_quote(
    stack: Stack, conversation: tuple[str, list[str]]
) -> None:
    phone, _ = conversation
    number = quote_sent_to(stack, phone)
    assert wait_until(lambda: any(number in body_texts(t) for t in sales_templates(stack)))
    template = next(t for t in sales_templates(stack) if number in body_texts(t))
    notice = stack.py("GET", f"/quotes/{number}/notice").json()

    header = next(c for c in template["components"] if c["type"] == "header")
    document = header["parameters"][0]["document"]
    upload = next(media for media in stack.graph.state.media if media["id"] == document["id"])
    assert template["name"] == "aviso_cotizacion_ventas"
    assert (upload["file"]["is_pdf"], document["filename"]) == (True, f"Cotizacion-{number}.pdf")
    texts = body_texts(template)
    assert texts[:6] == [notice[key] for key in ("number", "customer", "product", "size", "zone",
                                                   "total")]  # fmt: skip
    assert texts[2:4] == ["ISODEC EPS 100mm · Solo techo", "28 m² · 5 paneles"]
    assert texts[5].startswith("USD ")
    assert "," in texts[5]  # es-UY: USD 1.815,29
    assert texts[6] == f"{stack.py_url}/desk/conversaciones/{phone}"
    assert all(text and "\n" not in text for text in texts)


def test_conversation_sales_get_an_email_with_the_pdf(
    stack: Stack, conversation: tuple[str, list[str]]
) -> None:
    phone, _ = conversation

    assert wait_until(lambda: any(phone in mail["text"] for mail in stack.smtp.mailbox.mails))
    mail = next(mail for mail in stack.smtp.mailbox.mails if phone in mail["text"])
    assert "Producto: ISODEC EPS 100mm · Solo techo" in mail["text"]
    assert f"Conversación: {stack.py_url}/desk/conversaciones/{phone}" in mail["text"]
    assert mail["subject"].startswith("Nueva cotización BMC-")
    assert [name.endswith(".pdf") for name in mail["attachments"]] == [True]


def test_a_hand_off_reaches_sales_as_the_hand_off_template(stack: Stack) -> None:
    phone = unique_phone()
    say(stack, phone, "Quiero hablar con una persona, por favor")

    assert wait_until(lambda: any(f"+{phone}" in body_texts(t) for t in sales_templates(stack)))
    template = next(t for t in sales_templates(stack) if f"+{phone}" in body_texts(t))
    texts = body_texts(template)
    assert template["name"] == "aviso_atencion_ventas"
    assert texts[2] == "Quiero hablar con una persona, por favor"
    assert texts[3] == f"{stack.py_url}/desk/conversaciones/{phone}"
    assert [c["type"] for c in template["components"]] == ["body"]


def test_conversation_inbox_entries_are_done(
    stack: Stack, conversation: tuple[str, list[str]]
) -> None:
    stale = stack.py("GET", "/ops/inbox/stale", params={"older_than_s": 1}).json()

    assert [entry for entry in stale if entry["phone"] == conversation[0]] == []
