"""Send permits and fencing tokens: at most one execution ever sends a part, whatever the timing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.core.errors import Conflict
from py_nodes.core.storage import DocumentStore, open_store
from py_nodes.ops import dead_letters, inbox, sends
from py_nodes.ops.errors import SendNotPermitted
from py_nodes.ops.models import InboxRecord
from tests.ops.conftest import Clock

KEY = {"X-API-Key": "test-key-current"}
T = TypeVar("T")
LATER = 10_000.0  # seconds: every lease taken before has expired


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DocumentStore]:
    store = open_store(Settings(data_dir=tmp_path / "data"))
    asyncio.run(inbox.record(store, InboxRecord(message_id="wamid.A", phone="598")))
    yield store
    store.close()


def run(scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    return asyncio.run(scenario())


async def redrive(store: DocumentStore) -> int:
    """The sweeper's claim once the lease expired: the new token."""
    entry = await inbox.claim(store, "wamid.A", older_than_s=1, now=time.time() + LATER)
    return entry.token


def test_slow_first_execution_is_refused_after_a_redrive(store: DocumentStore) -> None:
    async def scenario() -> tuple[int, str]:
        new_token = await redrive(store)
        with pytest.raises(SendNotPermitted):
            await sends.permit(store, "wamid.A", 1, "reply", "slow")
        granted = await sends.permit(store, "wamid.A", new_token, "reply", "redrive")
        return new_token, granted.state

    assert run(scenario) == (2, "sending")


def test_superseded_execution_cannot_close_the_entry(store: DocumentStore) -> None:
    async def scenario() -> str:
        await redrive(store)
        with pytest.raises(Conflict):
            await inbox.mark_done(store, "wamid.A", 1, "reply")
        return (await inbox.get(store, "wamid.A")).state

    assert run(scenario) == "open"


def test_sending_entry_is_never_stale_nor_claimable(store: DocumentStore) -> None:
    async def scenario() -> tuple[list[str], bool]:
        await sends.permit(store, "wamid.A", 1, "reply", "owner")
        stale = await inbox.stale(store, 1, 20, now=time.time() + LATER)
        try:
            await redrive(store)
        except Conflict:
            return [entry.message_id for entry in stale], False
        return [entry.message_id for entry in stale], True

    assert run(scenario) == ([], False)


def test_permit_asked_again_by_its_holder_is_granted_again(store: DocumentStore) -> None:
    async def scenario() -> tuple[str, str]:
        first = await sends.permit(store, "wamid.A", 1, "reply", "owner")
        again = await sends.permit(store, "wamid.A", 1, "reply", "owner")
        return first.state, again.state

    assert run(scenario) == ("sending", "sending")


def test_reply_sent_once_is_never_permitted_again(store: DocumentStore) -> None:
    async def scenario() -> str:
        await sends.permit(store, "wamid.A", 1, "reply", "owner")
        await sends.sent(store, "wamid.A", 1, "reply", "wamid.out.1")
        with pytest.raises(SendNotPermitted):
            await sends.permit(store, "wamid.A", 1, "reply", "owner")
        return (await inbox.get(store, "wamid.A")).state

    assert run(scenario) == "replied"


def test_document_is_permitted_only_after_the_reply_and_once(store: DocumentStore) -> None:
    async def scenario() -> list[str]:
        states: list[str] = []
        with pytest.raises(SendNotPermitted):
            await sends.permit(store, "wamid.A", 1, "document", "owner")
        await sends.permit(store, "wamid.A", 1, "reply", "owner")
        await sends.sent(store, "wamid.A", 1, "reply", "wamid.out.1")
        states.append((await sends.permit(store, "wamid.A", 1, "document", "owner")).state)
        states.append((await sends.sent(store, "wamid.A", 1, "document", "wamid.out.2")).state)
        with pytest.raises(SendNotPermitted):
            await sends.permit(store, "wamid.A", 1, "document", "owner")
        states.append((await inbox.mark_done(store, "wamid.A", 1, "quote")).state)
        return states

    assert run(scenario) == ["sending", "replied", "done"]


def test_refused_send_returns_the_permit_and_counts(store: DocumentStore) -> None:
    async def scenario() -> tuple[str, int, str]:
        await sends.permit(store, "wamid.A", 1, "reply", "owner")
        back = await sends.refused(store, "wamid.A", 1, "reply")
        again = await sends.permit(store, "wamid.A", 1, "reply", "owner")
        return back.state, back.refusals, again.state

    assert run(scenario) == ("open", 1, "sending")


def test_refusal_by_a_superseded_token_is_409(store: DocumentStore) -> None:
    async def scenario() -> None:
        await redrive(store)
        await sends.permit(store, "wamid.A", 2, "reply", "redrive")
        await sends.refused(store, "wamid.A", 1, "reply")

    with pytest.raises(SendNotPermitted):
        run(scenario)


def test_unconfirmed_send_is_given_up_with_a_dead_letter_never_redriven(
    store: DocumentStore,
) -> None:
    async def scenario() -> tuple[list[str], str | None, list[str], bool]:
        await sends.permit(store, "wamid.A", 1, "reply", "4321")
        given_up = await sends.give_up_unconfirmed(store, older_than_s=1, now=time.time() + 2)
        entry = await inbox.get(store, "wamid.A")
        letters = await dead_letters.latest(store, 10)
        try:
            await redrive(store)
        except Conflict:
            claimable = False
        else:
            claimable = True
        return (
            [e.state for e in given_up],
            entry.outcome,
            [x.execution_id for x in letters],
            (claimable),
        )

    assert run(scenario) == (["failed"], "send-unconfirmed:reply", ["4321"], False)


def test_give_up_leaves_recent_sends_alone(store: DocumentStore) -> None:
    async def scenario() -> list[Any]:
        await sends.permit(store, "wamid.A", 1, "reply", "owner")
        return await sends.give_up_unconfirmed(store, older_than_s=3600)

    assert run(scenario) == []


def test_owner_confirming_after_a_give_up_is_recorded(store: DocumentStore) -> None:
    async def scenario() -> tuple[str, str | None]:
        await sends.permit(store, "wamid.A", 1, "reply", "owner")
        await sends.give_up_unconfirmed(store, older_than_s=1, now=time.time() + 2)
        entry = await sends.sent(store, "wamid.A", 1, "reply", "wamid.out.late")
        return entry.state, entry.reply_id

    assert run(scenario) == ("replied", "wamid.out.late")


def test_racing_executions_get_one_permit_the_newest_token(store: DocumentStore) -> None:
    """Five executions, each given a token by a re-drive in turn, all ask at once."""

    async def execution(token: int) -> int | None:
        try:
            await sends.permit(store, "wamid.A", token, "reply", f"execution-{token}")
        except SendNotPermitted:
            return None
        return token

    async def scenario() -> list[int]:
        tokens = [1]
        for lease in range(1, inbox.MAX_ATTEMPTS):
            claimed = await inbox.claim(store, "wamid.A", 1, now=time.time() + LATER * lease)
            tokens.append(claimed.token)
        granted = await asyncio.gather(*(execution(token) for token in reversed(tokens)))
        return [token for token in granted if token is not None]

    assert run(scenario) == [inbox.MAX_ATTEMPTS]


def test_permit_is_not_granted_again_to_another_owner(store: DocumentStore) -> None:
    async def scenario() -> None:
        await sends.permit(store, "wamid.A", 1, "reply", "first")
        await sends.permit(store, "wamid.A", 1, "reply", "second")

    with pytest.raises(SendNotPermitted):
        run(scenario)


def test_send_permit_route_refuses_a_stale_token_with_problem_json(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    client.post(
        "/ops/inbox", json={"message_id": "wamid.H", "phone": "598"}, headers=replay_headers
    )
    body = {"token": 7, "part": "reply", "owner": "99"}

    response = client.post("/ops/inbox/wamid.H/send-permit", json=body, headers=KEY)

    assert (response.status_code, response.headers["content-type"]) == (
        409,
        "application/problem+json",
    )
    assert response.json()["type"].endswith("/ops/send-not-permitted")


def test_inbox_lists_entries_in_a_state(client: TestClient, replay_headers: dict[str, str]) -> None:
    client.post(
        "/ops/inbox", json={"message_id": "wamid.L", "phone": "598"}, headers=replay_headers
    )
    permit = {"token": 1, "part": "reply"}
    client.post("/ops/inbox/wamid.L/send-permit", json=permit, headers=KEY)

    listed = client.get("/ops/inbox", params={"state": "sending"}, headers=KEY).json()

    assert [(e["message_id"], e["sending"]) for e in listed] == [("wamid.L", "reply")]


def test_give_up_route_answers_the_entries_it_failed(
    client: TestClient, clock: Clock, replay_headers: dict[str, str]
) -> None:
    client.post(
        "/ops/inbox", json={"message_id": "wamid.G", "phone": "598"}, headers=replay_headers
    )
    client.post("/ops/inbox/wamid.G/send-permit", json={"token": 1, "part": "reply"}, headers=KEY)
    clock.advance(2)

    response = client.post("/ops/inbox/unconfirmed/give-up", json={"older_than_s": 1}, headers=KEY)

    assert [(e["message_id"], e["state"]) for e in response.json()] == [("wamid.G", "failed")]


def test_sent_with_done_records_the_reply_and_closes_in_one_step(store: DocumentStore) -> None:
    async def scenario() -> tuple[str, str | None, str | None]:
        await sends.permit(store, "wamid.A", 1, "reply", "owner")
        await sends.sent(store, "wamid.A", 1, "reply", "wamid.out.1", close=True, outcome="reply")
        again = await sends.sent(
            store, "wamid.A", 1, "reply", "wamid.out.1", close=True, outcome="reply"
        )  # the flow's retry after a lost answer: recorded already
        with pytest.raises(SendNotPermitted):
            await sends.permit(store, "wamid.A", 1, "document", "owner")
        return again.state, again.reply_id, again.outcome

    assert run(scenario) == ("done", "wamid.out.1", "reply")


def test_sent_with_done_by_a_superseded_token_is_refused(store: DocumentStore) -> None:
    async def scenario() -> str:
        await sends.permit(store, "wamid.A", 1, "reply", "owner")
        with pytest.raises(SendNotPermitted):
            await sends.sent(store, "wamid.A", 2, "reply", "wamid.out.1", close=True)
        return (await inbox.get(store, "wamid.A")).state

    assert run(scenario) == "sending"


def test_sent_route_with_done_closes_the_entry(
    client: TestClient, replay_headers: dict[str, str]
) -> None:
    client.post(
        "/ops/inbox", json={"message_id": "wamid.C", "phone": "598"}, headers=replay_headers
    )
    client.post("/ops/inbox/wamid.C/send-permit", json={"token": 1, "part": "reply"}, headers=KEY)
    body = {"token": 1, "part": "reply", "graph_id": "wamid.out.C", "done": True,
            "outcome": "handoff"}  # fmt: skip

    response = client.post("/ops/inbox/wamid.C/sent", json=body, headers=KEY)

    assert (response.json()["state"], response.json()["outcome"]) == ("done", "handoff")
    assert client.get("/ops/inbox", params={"state": "done"}, headers=KEY).json()[0][
        "reply_id"
    ] == ("wamid.out.C")
