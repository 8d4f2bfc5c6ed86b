"""The answer flow's routing for chats with sales and quotes held for review, read statically
(the e2e tests in tests/e2e/test_handoff.py drive the same branches through a real n8n)."""

from __future__ import annotations

import json
from typing import Any

from workflows import EXPORT_DIR

FLOW: dict[str, Any] = json.loads((EXPORT_DIR / "answer-message.json").read_text("utf-8"))
NODES = {node["name"]: node for node in FLOW["nodes"]}


def reachable(name: str, output: int) -> set[str]:
    """Every node reachable from ``name``'s ``output``-th output."""
    branches = FLOW["connections"].get(name, {}).get("main", [])
    todo = [link["node"] for link in (branches[output] if output < len(branches) else []) or []]
    seen: set[str] = set()
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            for branch in FLOW["connections"].get(current, {}).get("main", []):
                todo += [link["node"] for link in branch or []]
    return seen


def sends_on_whatsapp(name: str) -> bool:
    return "GRAPH_API_BASE_URL" in str(NODES[name]["parameters"].get("url", ""))


def test_silent_turn_sends_nothing_and_marks_the_message_answered() -> None:
    silent = reachable("¿Qué decidió la IA?", 1)

    assert [name for name in silent if sends_on_whatsapp(name)] == []
    assert any(str(NODES[name]["parameters"].get("url", "")).endswith("/done") for name in silent)


def test_the_ai_decision_routes_quotes_silence_and_every_other_answer() -> None:
    rules = NODES["¿Qué decidió la IA?"]["parameters"]["rules"]["values"]
    outputs = FLOW["connections"]["¿Qué decidió la IA?"]["main"]

    assert [rule["conditions"]["conditions"][0]["rightValue"] for rule in rules] == [
        "quote",
        "silent",
    ]
    assert NODES["¿Qué decidió la IA?"]["parameters"]["options"]["fallbackOutput"] == "extra"
    assert [[link["node"] for link in output] for output in outputs] == [
        ["Crear la cotización"],
        ["Marcar respondido sin enviar nada"],
        ["Preparar la respuesta"],
    ]


def closes(name: str) -> bool:
    """The node records a send and closes the entry in the same call (`/sent` with done)."""
    body = str(NODES[name]["parameters"].get("jsonBody", ""))
    return str(NODES[name]["parameters"].get("url", "")).endswith("/sent") and "done: true" in body


def test_the_last_send_closes_the_message_and_no_earlier_one_does() -> None:
    with_pdf = reachable("¿Hay un PDF de cotización para enviar?", 0)
    without_pdf = reachable("¿Hay un PDF de cotización para enviar?", 1)

    assert not closes("Anotar la respuesta en la bandeja")
    assert [name for name in with_pdf if closes(name)] == ["Anotar el PDF y cerrar el mensaje"]
    assert [name for name in without_pdf if closes(name)] == [
        "Anotar la respuesta y cerrar el mensaje"
    ]
    assert not any(sends_on_whatsapp(name) for name in without_pdf)


def test_sales_notice_carries_the_handoff_and_review_fields() -> None:
    assignments = NODES["Redactar el aviso a ventas"]["parameters"]["assignments"]["assignments"]

    names = {assignment["name"] for assignment in assignments}
    wanted = {"handoff_reason", "desk_url", "quote_id", "needs_review", "review_reasons"}
    assert wanted <= names


def test_a_quote_held_for_review_sends_no_pdf_and_is_not_marked_sent() -> None:
    for name in ("¿Hay un PDF de cotización para enviar?", "¿Se envió una cotización?"):
        conditions = NODES[name]["parameters"]["conditions"]["conditions"]
        guards = [c for c in conditions if "needs_review" in c["leftValue"]]

        assert [g["operator"]["operation"] for g in guards] == ["false"], name
        assert NODES[name]["parameters"]["conditions"]["combinator"] == "and", name
