"""Every conversation story, the team's and the outsiders', played through the Python nodes.

A failing story is a finding about the engine. The team's stories must pass; a story listed in
``known_failures.yaml`` with its finding must FAIL (strict xfail), so a fix shows up as a test to
update, and a new story from outside that fails turns the suite red until it is understood.
A priced quote for another job than the customer meant fails every story, listed or not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from py_nodes.core import contacts
from py_nodes.core.state import app_state
from py_nodes.main import create_app
from tests.conftest import make_settings
from tests.conversations.stories import (
    Story,
    Turn,
    check_story,
    check_turn,
    corpus_stories,
    is_wrong_job,
    known_failures,
    outsider_stories,
    play,
)

HEADERS = {"X-API-Key": "test-key-current"}
KNOWN = known_failures()


def params(stories: list[Story]) -> list[Any]:
    marks = {
        story.id: pytest.mark.xfail(reason=KNOWN[story.id], strict=True)
        for story in stories
        if story.id in KNOWN
    }
    return [pytest.param(s, id=s.id, marks=[marks[s.id]] if s.id in marks else []) for s in stories]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app for every story (each story has its own phone, so its own conversation)."""
    settings = make_settings(Path(tmp_path_factory.mktemp("stories")))
    with TestClient(create_app(settings, nodes=["ai", "quote", "ops"])) as test_client:
        yield test_client


def phone_of(story: Story) -> str:
    digest = int(hashlib.sha256(story.id.encode()).hexdigest(), 16)
    return f"5989{digest % 10**7:07d}"


def poster(client: TestClient) -> Any:
    def post(path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        response = client.post(path, headers=HEADERS, json=body)
        result: dict[str, Any] = response.json()
        return response.status_code, result

    return post


def opted_out(client: TestClient, phone: str) -> bool:
    store = app_state(client.app).resources.store
    contact = client.portal.call(contacts.load, store, phone, float(2**40))  # type: ignore[union-attr]
    return contact.opted_out


def play_and_check(
    story: Story, client: TestClient, outcomes: dict[str, list[int]], wrong_job: list[str]
) -> None:
    phone = phone_of(story)
    turns: list[Turn] = list(play(story, poster(client), phone))
    failures = [
        f"turn {t.number} {t.step.get('user')!r}: {p}" for t in turns for p in check_turn(t)
    ]
    failures += check_story(story, turns)
    last_opt_out = max((t.number for t in turns if t.step.get("opt_out")), default=None)
    if last_opt_out == len(turns) - 1 and not opted_out(client, phone):
        failures.append("the opt-out was not stored")
    wrong = is_wrong_job(story, turns)
    if wrong:
        wrong_job.append(story.id)
        failures.append("WRONG JOB: the customer was priced another job than the one meant")
    for group in (story.source, f"{story.source}, quote stories" if "quote" in story.raw else ""):
        if group:
            outcomes[group][1] += 1
            outcomes[group][0] += not failures
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("story", params(corpus_stories()))
def test_team_story(
    story: Story, client: TestClient, outcomes: dict[str, list[int]], wrong_job: list[str]
) -> None:
    play_and_check(story, client, outcomes, wrong_job)


@pytest.mark.parametrize("story", params(outsider_stories()))
def test_outsider_story(
    story: Story, client: TestClient, outcomes: dict[str, list[int]], wrong_job: list[str]
) -> None:
    play_and_check(story, client, outcomes, wrong_job)


def test_corpus_has_at_least_two_hundred_stories() -> None:
    assert len(corpus_stories()) >= 200


def test_outsider_stories_are_read_in_place() -> None:
    # CI lays ../shared beside the clone; without it this whole set would silently vanish.
    assert outsider_stories(), "no stories found in ../shared/conversations/"


def test_every_known_failure_names_a_story() -> None:
    ids = {s.id for s in corpus_stories() + outsider_stories()}
    assert sorted(set(KNOWN) - ids) == []
