"""A sample of the conversation stories through the real n8n stack: signed webhook in, the
priced total out at the fake Graph API (the last priced text, as the story's last quote), with
the quote PDF.

The whole corpus runs in-process (``tests/conversations/test_stories.py``); here a few quote
stories per source — the first eligible of each team file, and of each job in the outsiders'
file — show the same conversations price the same totals through the flows. Eligible: a quote
story with an expected total, text messages only, no hours to wait, not a known failure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.conversations.stories import (
    Story,
    corpus_stories,
    has_price,
    known_failures,
    outsider_stories,
)
from tests.e2e.conftest import Stack, unique_phone
from tests.e2e.turns import documents_to, turn

pytestmark = pytest.mark.n8n
TEAM_SAMPLE = 5
KNOWN = known_failures()


def eligible(story: Story) -> bool:
    quote = story.raw.get("quote") or {}
    return (
        "total_usd" in quote
        and story.id not in KNOWN
        and all(
            step.get("message_type", "text") == "text"
            and not step.get("after_hours")
            and not any(step.get(key) for key in ("silent", "opt_out", "handoff"))
            for step in story.steps
        )
    )


def first_per(stories: list[Story], key: Any, limit: int) -> list[Story]:
    """The first eligible story of each group (by ``key``), then the next ones, up to ``limit``."""
    chosen: list[Story] = []
    seen: set[Any] = set()
    pool = [story for story in stories if eligible(story)]
    for story in pool:
        if key(story) not in seen:
            seen.add(key(story))
            chosen.append(story)
    chosen += [story for story in pool if story not in chosen]
    return chosen[:limit]


def sample() -> list[Any]:
    team = first_per(corpus_stories(), lambda s: s.source, TEAM_SAMPLE)
    jobs = {s.raw["quote"]["scenario"] for s in outsider_stories() if "quote" in s.raw}
    outsiders = first_per(outsider_stories(), lambda s: s.raw["quote"]["scenario"], len(jobs))
    return [pytest.param(story, id=story.id) for story in team + outsiders]


def spellings(total: Decimal) -> set[str]:
    """The ways a text may write the total: 16,125.48 · 16.125,48 · 16125.48 · 16125,48."""
    english = f"{total:,.2f}"
    spanish = english.replace(",", " ").replace(".", ",").replace(" ", ".")
    plain = f"{total:.2f}"
    return {english, spanish, plain, plain.replace(".", ",")}


@pytest.mark.parametrize("story", sample())
def test_story_priced_total_reaches_whatsapp(stack: Stack, story: Story) -> None:
    stack.graph.state.fail_next(0)
    stack.faults.down.clear()
    phone = unique_phone()
    name = story.raw.get("contact_name") or "Ana"

    received = [
        text for step in story.steps for text in turn(stack, phone, step["user"], name=name)
    ]

    total = Decimal(str(story.raw["quote"]["total_usd"])).quantize(Decimal("0.01"))
    priced = [text for text in received if has_price(text)]
    assert priced, f"no price reached the customer: {received}"
    assert any(s in priced[-1] for s in spellings(total)), (
        f"total {total} not in the last priced text: {priced[-1]}"
    )
    assert documents_to(stack, phone) != []
