"""One customer message through the real stack, waited on until its turn is over (not a test).

A turn is over when the answer flow marked the inbox entry ``done``: that happens after the
reply, or at once when nothing is sent (``silent``), so a test can count what went out.
"""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Stack
from tests.e2e.whatsapp import new_wamid, post_signed, text_message
from tests.support.waiting import wait_until

SALES_WHATSAPP = "59890000001"


def turn(stack: Stack, phone: str, text: str, timeout: float = 45, name: str = "Ana") -> list[str]:
    """Send ``text`` as ``phone``; return the texts the customer received in answer to it."""
    before = len(stack.graph.state.texts_to(phone))
    wamid = new_wamid()
    response = post_signed(
        stack.webhook, text_message(phone, text, wamid=wamid, name=name), stack.secrets.app_secret
    )
    assert response.status_code == 200, response.text
    assert wait_until(lambda: answered(stack, wamid), timeout=timeout), f"no answer to {text!r}"
    return stack.graph.state.texts_to(phone)[before:]


def answered(stack: Stack, wamid: str) -> bool:
    response = stack.py("GET", f"/ops/inbox/{wamid}")
    return response.status_code == 200 and response.json()["state"] == "done"


def documents_to(stack: Stack, phone: str) -> list[dict[str, object]]:
    return [m for m in stack.graph.state.messages
            if m.get("type") == "document" and m.get("to") == phone]  # fmt: skip


def sales_heard_of(stack: Stack, phone: str) -> list[str]:
    """What sales were told about ``phone``: WhatsApp texts and templates, and e-mails."""
    notices: list[str] = []
    for message in list(stack.graph.state.messages):
        if message.get("to") != SALES_WHATSAPP:
            continue
        if "text" in message:
            notices.append(str(message["text"]["body"]))
        elif message.get("type") == "template":
            notices.append(" | ".join(_template_texts(message["template"])))
    notices += [f"{mail['subject']}\n{mail['text']}" for mail in list(stack.smtp.mailbox.mails)]
    return [notice for notice in notices if phone in notice]


def _template_texts(template: dict[str, Any]) -> list[str]:
    return [
        str(parameter.get("text", ""))
        for component in template.get("components", [])
        for parameter in component.get("parameters", [])
    ]
