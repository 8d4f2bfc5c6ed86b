"""A customer talks to the bot through real n8n until a quote is sent, stored and sales know."""

from __future__ import annotations

import pytest
from conftest import Stack, due_followups, quote_sent_to, say, unique_phone, wait_until

pytestmark = pytest.mark.n8n
TURNS = ["Hola, quiero cotizar un techo", "Isodec EPS de 100 mm", "5 por 5.6 metros",
         "retiro en planta"]  # fmt: skip


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


def test_conversation_sales_get_a_whatsapp_notice(
    stack: Stack, conversation: tuple[str, list[str]]
) -> None:
    phone, _ = conversation

    assert wait_until(
        lambda: any(phone in text for text in stack.graph.state.texts_to("59890000001"))
    )


def test_conversation_sales_get_an_email(stack: Stack, conversation: tuple[str, list[str]]) -> None:
    phone, _ = conversation

    assert wait_until(lambda: any(phone in mail["text"] for mail in stack.smtp.mailbox.mails))


def test_conversation_inbox_entries_are_done(
    stack: Stack, conversation: tuple[str, list[str]]
) -> None:
    stale = stack.py("GET", "/ops/inbox/stale", params={"older_than_s": 1}).json()

    assert [entry for entry in stale if entry["phone"] == conversation[0]] == []
