"""Hand-off, silence, release, opt-out and quotes held for review, through the real n8n flows.

The ai node decides (``/ai/respond``: handoff, silent, the holding line, opt-out); the flows
send nothing on ``silent``, tell sales on a hand-off, keep the PDF of a quote that needs review;
the ops route gives a chat back to the bot; the follow-up flow skips phones that opted out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from py_nodes.core.messages import load_catalog
from tests.e2e.conftest import FOLLOWUP_AFTER_S, Stack, due_followups, quote_sent_to, unique_phone
from tests.e2e.turns import documents_to, sales_heard_of, turn
from tests.support.waiting import wait_until

pytestmark = pytest.mark.n8n
PRICE = re.compile(r"(?i)(usd|u\$s|\$)\s*\d")
NOTICE = load_catalog().render("review.customer_notice")
ROOF_TURNS = ["Hola, quiero cotizar un techo", "Isodec EPS de 100 mm", "5 por 5.6 metros",
              "retiro en planta"]  # fmt: skip


def standing(stack: Stack, phone: str) -> dict[str, Any]:
    response = stack.py("GET", f"/ops/contacts/{phone}", desk=True)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def hand_off(stack: Stack, phone: str) -> list[str]:
    turn(stack, phone, "hola")
    return turn(stack, phone, "quiero hablar con una persona")


@pytest.fixture(scope="module")
def handed_off(stack: Stack) -> tuple[str, list[str], list[list[str]]]:
    """A customer asks for a person, then writes three more times."""
    stack.graph.state.fail_next(0)
    stack.faults.down.clear()
    phone = unique_phone()
    handoff_reply = hand_off(stack, phone)
    later = [turn(stack, phone, text) for text in ("ok espero", "hola? hay alguien?", "👍")]
    return phone, handoff_reply, later


def test_handoff_reply_goes_out_and_the_chat_is_with_sales(
    stack: Stack, handed_off: tuple[str, list[str], list[list[str]]]
) -> None:
    phone, handoff_reply, _ = handed_off

    contact = standing(stack, phone)
    assert (len(handoff_reply), contact["with_sales"], contact["handoff_reason"]) == (
        1,
        True,
        "asked",
    )


def test_handoff_sales_are_told(
    stack: Stack, handed_off: tuple[str, list[str], list[list[str]]]
) -> None:
    phone = handed_off[0]

    assert wait_until(lambda: sales_heard_of(stack, phone) != [])


def test_handoff_later_messages_get_one_holding_line_at_most(
    handed_off: tuple[str, list[str], list[list[str]]],
) -> None:
    later = [text for texts in handed_off[2] for text in texts]

    assert len(later) <= 1, later
    assert not any("?" in text or PRICE.search(text) for text in later), later


def test_handoff_release_through_the_ops_route_returns_the_chat_to_the_bot(
    stack: Stack, handed_off: tuple[str, list[str], list[list[str]]]
) -> None:
    phone = handed_off[0]
    released = stack.py("POST", f"/ops/contacts/{phone}/release", json={"by": "n8n"})
    assert (released.status_code, released.json()["with_sales"]) == (200, False)

    replies = turn(stack, phone, "quiero cotizar un techo de isodec")

    assert len(replies) == 1


def test_handoff_taken_by_a_seller_the_bot_stays_silent(stack: Stack) -> None:
    phone = unique_phone()
    turn(stack, phone, "hola")
    taken = stack.py("POST", f"/ops/contacts/{phone}/take", json={"seller": "MA"}, desk=True)
    assert taken.status_code == 200, taken.text

    replies = [text for msg in ("cuanto sale?", "hola?") for text in turn(stack, phone, msg)]

    assert len(replies) <= 1, replies


@pytest.fixture(scope="module")
def held_quote(stack: Stack) -> tuple[str, list[str]]:
    """A roof with 15 m panels (ISODEC EPS is made up to 14 m): the quote needs review."""
    stack.graph.state.fail_next(0)
    stack.faults.down.clear()
    phone = unique_phone()
    texts = ["Hola, quiero cotizar un techo", "Isodec EPS de 100 mm", "15 por 5.6 metros",
             "retiro en planta"]  # fmt: skip
    received = [text for message in texts for text in turn(stack, phone, message)]
    return phone, received


def test_review_customer_gets_the_notice_and_no_price(held_quote: tuple[str, list[str]]) -> None:
    _, received = held_quote

    assert received[-1] == NOTICE
    assert not any(PRICE.search(text) for text in received), received


def test_review_no_pdf_is_sent(stack: Stack, held_quote: tuple[str, list[str]]) -> None:
    assert documents_to(stack, held_quote[0]) == []


def test_review_sales_get_the_draft(stack: Stack, held_quote: tuple[str, list[str]]) -> None:
    phone = held_quote[0]

    assert wait_until(lambda: any("BMC-" in text for text in sales_heard_of(stack, phone)))


def test_review_quote_is_not_marked_sent(stack: Stack, held_quote: tuple[str, list[str]]) -> None:
    notices = sales_heard_of(stack, held_quote[0])
    numbers = {n for text in notices for n in re.findall(r"BMC-\d{4}-\d{4,}", text)}

    assert numbers
    assert numbers.isdisjoint(due_followups(stack, after_hours=0.0001))


def test_review_chat_is_with_sales(stack: Stack, held_quote: tuple[str, list[str]]) -> None:
    contact = standing(stack, held_quote[0])

    assert (contact["with_sales"], contact["handoff_reason"]) == (True, "review")


@dataclass(frozen=True)
class FollowupRun:
    opted_out: str  # wrote "no me escriban más" after the quote
    taken: str  # a seller took the chat after the quote
    control: str  # neither: gets the reminder
    sent_before: dict[str, int]  # texts each phone had received before the run


@pytest.fixture(scope="module")
def followup_run(stack: Stack) -> FollowupRun:
    """Three customers get a quote; one opts out, a seller takes another; the flow runs."""
    stack.graph.state.fail_next(0)
    stack.faults.down.clear()
    opted_out, taken, control = unique_phone(), unique_phone(), unique_phone()
    for phone in (opted_out, taken, control):
        for text in ROOF_TURNS:
            turn(stack, phone, text)
    assert len(turn(stack, opted_out, "no me escriban más")) <= 1
    assert (
        stack.py(
            "POST", f"/ops/contacts/{taken}/take", json={"seller": "MA"}, desk=True
        ).status_code
        == 200
    )
    expected = quote_sent_to(stack, control)
    after_hours = FOLLOWUP_AFTER_S / 3600
    assert wait_until(lambda: expected in due_followups(stack, after_hours), timeout=30)
    before = {phone: len(stack.graph.state.texts_to(phone)) for phone in (opted_out, taken)}
    response = stack.run_followup()
    assert response.status_code == 200, response.text
    assert wait_until(
        lambda: any("pudiste ver" in t for t in stack.graph.state.texts_to(control)), timeout=30
    )
    return FollowupRun(opted_out, taken, control, before)


def reached_after(stack: Stack, run: FollowupRun, phone: str) -> list[Any]:
    """Texts and templates that reached ``phone`` since the follow-up run started."""
    texts: list[Any] = stack.graph.state.texts_to(phone)[run.sent_before[phone] :]
    templates = [m for m in stack.graph.state.messages
                 if m.get("type") == "template" and m.get("to") == phone]  # fmt: skip
    return texts + templates


def test_opt_out_is_stored(stack: Stack, followup_run: FollowupRun) -> None:
    assert standing(stack, followup_run.opted_out)["opted_out"] is True


def test_opt_out_no_followup_reaches_the_phone(stack: Stack, followup_run: FollowupRun) -> None:
    assert reached_after(stack, followup_run, followup_run.opted_out) == []


def test_followup_waits_while_a_seller_has_the_chat(
    stack: Stack, followup_run: FollowupRun
) -> None:
    assert reached_after(stack, followup_run, followup_run.taken) == []
    number = quote_sent_to(stack, followup_run.taken)
    assert number not in due_followups(stack, FOLLOWUP_AFTER_S / 3600)


@pytest.fixture(scope="module")
def release_url(stack: Stack) -> str:
    stack.n8n.wait_webhook("chats/release", timeout=60)
    return stack.n8n.webhook_url("chats/release")


def test_release_webhook_gives_the_chat_back(stack: Stack, release_url: str) -> None:
    phone = unique_phone()
    stack.py("POST", f"/ops/contacts/{phone}/take", json={"seller": "MA"}, desk=True)

    response = httpx.post(
        release_url,
        json={"phone": phone, "by": "MA"},
        headers={"X-API-Key": stack.secrets.api_key},
        timeout=30,
    )

    assert (response.status_code, response.json()["with_sales"]) == (200, False)
    assert standing(stack, phone)["released_by"] == "MA"


def test_release_webhook_refuses_what_is_not_a_phone(stack: Stack, release_url: str) -> None:
    response = httpx.post(
        release_url, json={"phone": "+598 99"}, headers={"X-API-Key": stack.secrets.api_key}
    )

    assert (response.status_code, "dígitos" in response.json()["detail"]) == (422, True)


def test_release_webhook_needs_the_service_key(release_url: str) -> None:
    response = httpx.post(release_url, json={"phone": "59899123456"}, timeout=30)

    assert response.status_code in (401, 403)
