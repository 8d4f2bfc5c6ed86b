"""What business users see in the editor: no overlaps, a readable width, the staff guide note,
Spanish names and notes (``workflows.layout``, part of the lint)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from workflows import EXPORT_DIR
from workflows.layout import MAX_WIDTH, english_words, layout_problems
from workflows.lint import lint_flow

FLOWS = sorted(EXPORT_DIR.glob("*.json"))
GUIDE = "## Flujo\n### Qué hace\nAlgo.\n### Qué podés cambiar\nEsto.\n### Qué no tocar\nAquello."


def _node(name: str, x: float, y: float) -> dict[str, Any]:
    return {"name": name, "type": "n8n-nodes-base.noOp", "position": [x, y], "parameters": {}}


def _note(name: str, x: float, y: float, w: float, h: float, text: str) -> dict[str, Any]:
    return {"name": name, "type": "n8n-nodes-base.stickyNote", "position": [x, y],
            "parameters": {"content": text, "width": w, "height": h}}  # fmt: skip


def _flow(*nodes: dict[str, Any]) -> dict[str, Any]:
    return {"name": "Un flujo", "nodes": [_note("Guía", 0, -400, 600, 300, GUIDE), *nodes]}


def test_a_tidy_flow_has_no_problem() -> None:
    assert layout_problems(_flow(_node("Uno", 0, 0), _node("Dos", 240, 0))) == []


@pytest.mark.parametrize(
    ("nodes", "expected"),
    [
        pytest.param(
            [_node("Uno", 0, 0), _node("Dos", 60, 40)], "'Uno' and 'Dos' overlap", id="node-on-node"
        ),
        pytest.param(
            [_node("Uno", 0, 0), _node("Dos", 0, 120)],
            "'Uno' and 'Dos' overlap",
            id="node-on-the-name-below",
        ),
        pytest.param(
            [_node("Uno", 100, -200)], "'Guía' and 'Uno' overlap (a note", id="node-under-a-note"
        ),
        pytest.param(
            [_note("Otra", 500, -200, 300, 100, "Una nota.")],
            "notes 'Guía' and 'Otra'",
            id="note-on-note",
        ),
        pytest.param(
            [_node("Uno", 0, 0), _node("Lejos", MAX_WIDTH, 0)],
            "px wide, at most 2400",
            id="too-wide",
        ),
    ],
)
def test_layout_problems_are_reported(nodes: list[dict[str, Any]], expected: str) -> None:
    problems = layout_problems(_flow(*nodes))

    assert any(expected in problem for problem in problems), problems


def test_every_flow_needs_exactly_one_guide() -> None:
    without = _flow(_node("Uno", 0, 0))
    without["nodes"][0]["parameters"]["content"] = "## Flujo\n### Qué hace\nAlgo."
    twice = _flow(_node("Uno", 0, 0), _note("Otra guía", 700, -400, 600, 300, GUIDE))

    for flow, count in ((without, 0), (twice, 2)):
        assert any(f"(has {count})" in p for p in layout_problems(flow)), layout_problems(flow)


def test_english_names_and_notes_are_reported() -> None:
    flow = _flow(
        _node("Send the reply", 0, 0), _note("Nota", 700, -400, 300, 200, "## When it fails")
    )
    flow["name"] = "Answer one message"

    problems = layout_problems(flow)

    assert "'Send the reply': name in English (Send, reply, the)" in " ".join(problems)
    assert any("note 'Nota' in English (When, it)" in p for p in problems), problems
    assert any("flow name 'Answer one message' in English" in p for p in problems), problems


def test_code_expressions_and_urls_are_not_language() -> None:
    text = "Llama `POST /ops/inbox/{id}/send-permit` con {{ $json.to }} y https://x.test/the/of"

    assert english_words(text) == []


@pytest.mark.parametrize("path", FLOWS, ids=lambda p: p.stem)
def test_every_flow_is_laid_out_and_in_spanish(path: Path) -> None:
    assert layout_problems(json.loads(path.read_text(encoding="utf-8"))) == []


def test_the_lint_runs_the_layout_checks(tmp_path: Path) -> None:
    flow = json.loads((EXPORT_DIR / "release-chat.json").read_text(encoding="utf-8"))
    flow["name"] = "Release a chat"
    path = tmp_path / "release-chat.json"
    path.write_text(json.dumps(flow), encoding="utf-8")

    assert any("flow name 'Release a chat' in English" in p for p in lint_flow(path))


def test_moving_a_node_onto_another_is_caught_in_a_real_flow() -> None:
    flow = json.loads((EXPORT_DIR / "quote-followup.json").read_text(encoding="utf-8"))
    moved = copy.deepcopy(flow)
    nodes = [n for n in moved["nodes"] if n["type"] != "n8n-nodes-base.stickyNote"]
    nodes[1]["position"] = [nodes[0]["position"][0] + 30, nodes[0]["position"][1]]

    assert any("overlap" in p for p in layout_problems(moved))
