"""Plays every story of tests/conversations/*.yaml against POST /ai/respond."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from unidecode import unidecode

from py_nodes.core.config import Settings
from py_nodes.main import create_app
from py_nodes.quote.schemas import QuoteRequest

CORPUS_DIR = Path(__file__).parent
HEADERS = {"X-API-Key": "test-key-current"}
START = 1_760_000_000
PHONE = "59899123456"


def load_stories() -> list[Any]:
    cases = []
    for path in sorted(CORPUS_DIR.glob("*.yaml")):
        for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
            cases.append(pytest.param(story, id=f"{path.stem}::{story['story']}"))
    return cases


STORIES = load_stories()


def plain(text: str) -> str:
    return unidecode(text).lower()


def check_step(step: dict[str, Any], body: dict[str, Any], stats: dict[str, int]) -> list[str]:
    """Every way ``body`` differs from what ``step`` expects (slots are counted for the rate)."""
    problems = []
    for key in ("intent", "action", "missing"):
        if key in step and body[key] != step[key]:
            problems.append(f"{key}: expected {step[key]!r}, got {body[key]!r}")
    if "slots" in step:
        wrong = {
            k: body["slots"].get(k) for k, v in step["slots"].items() if body["slots"].get(k) != v
        }
        stats["turns"] += 1
        stats["exact"] += not wrong
        stats["slots"] += len(step["slots"])
        stats["slots_ok"] += len(step["slots"]) - len(wrong)
        if wrong:
            problems.append(f"slots differ {wrong} (expected {step['slots']})")
    problems += [
        f"slot {k} should be unset" for k in step.get("absent_slots", []) if k in body["slots"]
    ]
    reply = plain(body["reply"])
    problems += [
        f"reply lacks {f!r}" for f in step.get("reply_contains", []) if plain(f) not in reply
    ]
    problems += [f"reply has {f!r}" for f in step.get("reply_excludes", []) if plain(f) in reply]
    if (body["action"] == "quote") != (body["quote_request"] is not None):
        problems.append("quote_request must be present exactly when action is quote")
    if body["quote_request"] is not None:
        QuoteRequest.model_validate(body["quote_request"])  # raises on any contract drift
    return problems


@pytest.mark.parametrize("story", STORIES)
def test_story_plays_as_written(
    story: dict[str, Any], settings: Settings, slot_stats: dict[str, int]
) -> None:
    app = create_app(settings, nodes=["ai"])
    failures: list[str] = []
    clock = START
    with TestClient(app) as client:
        for number, step in enumerate(story["steps"]):
            clock += int(step.get("after_hours", 0) * 3600) + 30
            response = client.post(
                "/ai/respond",
                headers=HEADERS,
                json={
                    "message_id": f"wamid.{number}",
                    "phone": PHONE,
                    "text": step["user"],
                    "message_type": step.get("message_type", "text"),
                    "contact_name": story.get("contact_name"),
                    "timestamp": clock,
                },
            )
            assert response.status_code == 200, response.text
            failures += [f"turn {number} {step['user']!r}: {p}" for p in
                         check_step(step, response.json(), slot_stats)]  # fmt: skip

    assert not failures, "\n".join(failures)


def test_corpus_has_at_least_forty_stories() -> None:
    assert len(STORIES) >= 40
