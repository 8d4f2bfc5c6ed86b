"""Quote follow-up through real n8n: free text inside the 24-hour window, else the template; once.

The e2e stack sets the business setting ``seguimiento_horas`` to a few seconds, and the flow is
started by its webhook trigger (the hourly schedule cannot be waited on).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from conftest import (
    FOLLOWUP_AFTER_S,
    Stack,
    due_followups,
    quote_sent_to,
    say,
    unique_phone,
    wait_until,
)

pytestmark = pytest.mark.n8n
TURNS = ["Hola, quiero cotizar un techo", "Isodec EPS de 100 mm", "5 por 5.6 metros",
         "retiro en planta"]  # fmt: skip
SETTLE_S = 4


@dataclass(frozen=True)
class Quoted:
    phone: str
    number: str


def quote_for_silent_customer(stack: Stack) -> Quoted:
    """A quote for a customer who never wrote on WhatsApp, delivered: outside the window."""
    phone = unique_phone()
    body: dict[str, Any] = {
        "scenario": "solo_techo",
        "roof": {"product": "ISODEC_EPS", "thickness_mm": 100, "color": "Blanco",
                 "zones": [{"length_m": "5.0", "width_m": "5.6"}]},
        "delivery": {"pickup": True},
        "customer": {"phone": phone, "name": "Beto"},
        "origin": "WA",
    }  # fmt: skip
    created = stack.py("POST", "/quotes", json=body)
    assert created.status_code == 201, created.text
    number = created.json()["number"]
    assert stack.py("POST", f"/quotes/{number}/sent").json()["state"] == "Enviado"
    return Quoted(phone, number)


def templates_to(stack: Stack, phone: str) -> list[dict[str, Any]]:
    return [m["template"] for m in stack.graph.state.messages
            if m.get("type") == "template" and m.get("to") == phone]  # fmt: skip


def reminders_to(stack: Stack, quoted: Quoted) -> list[str]:
    return [text for text in stack.graph.state.texts_to(quoted.phone)
            if "pudiste ver la cotización " + quoted.number in text]  # fmt: skip


@pytest.fixture(scope="module")
def followups(stack: Stack) -> tuple[Quoted, Quoted]:
    """Two runs at once, then (after both settled) a third run."""
    stack.graph.state.fail_next(0)
    stack.faults.down.clear()
    talker = unique_phone()
    for text in TURNS:
        say(stack, talker, text)
    assert wait_until(lambda: any(m.get("type") == "document" and m.get("to") == talker
                                  for m in stack.graph.state.messages), timeout=30)  # fmt: skip
    inside = Quoted(talker, quote_sent_to(stack, talker))
    outside = quote_for_silent_customer(stack)
    both = {inside.number, outside.number}
    assert wait_until(
        lambda: both <= set(due_followups(stack, FOLLOWUP_AFTER_S / 3600)), timeout=30
    )

    with ThreadPoolExecutor(2) as pool:
        codes = [r.status_code for r in pool.map(lambda _: stack.run_followup(), range(2))]
    assert codes == [200, 200]
    assert wait_until(
        lambda: bool(reminders_to(stack, inside) and templates_to(stack, outside.phone)), timeout=30
    )
    time.sleep(SETTLE_S)
    assert stack.run_followup().status_code == 200
    time.sleep(SETTLE_S)
    return inside, outside


def test_followup_inside_the_window_is_free_text(
    stack: Stack, followups: tuple[Quoted, Quoted]
) -> None:
    inside, _ = followups

    assert (len(reminders_to(stack, inside)), templates_to(stack, inside.phone)) == (1, [])


def test_followup_outside_the_window_is_the_template(
    stack: Stack, followups: tuple[Quoted, Quoted]
) -> None:
    _, outside = followups

    templates = templates_to(stack, outside.phone)
    assert [t["components"][0]["parameters"][0]["text"] for t in templates] == [outside.number]
    assert stack.graph.state.texts_to(outside.phone) == []


def test_followup_is_recorded_so_no_quote_is_due_again(
    stack: Stack, followups: tuple[Quoted, Quoted]
) -> None:
    due = due_followups(stack, FOLLOWUP_AFTER_S / 3600)

    assert {quoted.number for quoted in followups} & set(due) == set()


def test_followup_webhook_without_the_key_is_refused(stack: Stack) -> None:
    response = httpx.post(stack.n8n.webhook_url("followup/run"), timeout=30)

    assert response.status_code in (401, 403)
