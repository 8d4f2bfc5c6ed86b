"""Exactly-once accounting: every acknowledged wamid has one reply, or a dead letter.

Replies are counted per phone at the fake Graph API (one outstanding turn per phone, so a phone's
text replies must equal its acknowledged messages); a quote PDF must reach its phone once (by
file name, which carries the quote number); the inbox says which messages ended ``failed`` (five
attempts, or a send whose outcome never came back), and which were re-driven.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.load.traffic import Turn


@dataclass
class Account:
    sent: int = 0
    acknowledged: int = 0
    never_acknowledged: int = 0
    answered_once: int = 0
    dead_lettered: int = 0
    lost: int = 0
    answered_twice: int = 0
    # quote PDFs that reached the same phone more than once (by file name)
    documents_twice: int = 0
    # entries the sweeper re-drove (attempts > 0): each bumped the fencing token
    redriven: int = 0
    # acknowledged to Meta, yet the inbox has no entry: the 200 did not come from the inbound flow
    unrecorded: int = 0
    inbox_states: Counter[str] = field(default_factory=Counter)
    dead_letters_by_node: Counter[str] = field(default_factory=Counter)
    duplicate_phones: list[str] = field(default_factory=list)
    lost_wamids: list[str] = field(default_factory=list)
    lost_details: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-able (``dataclasses.asdict`` mangles Counters)."""
        fields = dict(vars(self))
        fields.update(inbox_states=dict(self.inbox_states),
                      dead_letters_by_node=dict(self.dead_letters_by_node))  # fmt: skip
        return fields

    def summary(self) -> str:
        return (f"sent {self.sent}, acknowledged {self.acknowledged}, answered once "
                f"{self.answered_once}, dead-lettered {self.dead_lettered}, lost {self.lost}, "
                f"answered twice {self.answered_twice}, PDFs twice {self.documents_twice}, "
                f"re-driven {self.redriven}, never acknowledged "
                f"{self.never_acknowledged}, acknowledged without an inbox entry "
                f"{self.unrecorded}; inbox {dict(self.inbox_states)}; dead letters "
                f"{dict(self.dead_letters_by_node)}")  # fmt: skip


class Inbox:
    """The ops node's inbox and dead letters, read with the service key."""

    def __init__(self, py_url: str, api_key: str) -> None:
        self.client = httpx.Client(base_url=py_url, headers={"X-API-Key": api_key}, timeout=30)

    def __enter__(self) -> Inbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def open_entries(self) -> list[dict[str, Any]] | None:
        try:
            response = self.client.get("/ops/inbox/stale", params={"older_than_s": 1,
                                                                  "limit": 200})  # fmt: skip
        except httpx.HTTPError:
            return None
        return list(response.json()) if response.status_code == 200 else None

    def entry(self, wamid: str) -> dict[str, Any]:
        """The inbox entry; ``{"state": "http-<code>"}`` when there is none."""
        response = self.client.get(f"/ops/inbox/{wamid}")
        if response.status_code != 200:
            return {"state": f"http-{response.status_code}"}
        return dict(response.json())

    def unsettled(self) -> int | None:
        """Entries still open or with a send unconfirmed (None: the inbox did not answer)."""
        open_entries = self.open_entries()
        try:
            response = self.client.get("/ops/inbox", params={"state": "sending", "limit": 500})
        except httpx.HTTPError:
            return None
        if open_entries is None or response.status_code != 200:
            return None
        return len(open_entries) + len(response.json())

    def dead_letters(self) -> list[dict[str, Any]]:
        return list(self.client.get("/ops/dead-letters", params={"limit": 500}).json())


def wait_settled(inbox: Inbox, timeout_s: float, quiet_s: float = 5.0) -> float:
    """Wait until no inbox entry is open or sending (answered or failed); returns seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        unsettled = inbox.unsettled()
        if unsettled == 0:
            time.sleep(quiet_s)  # a re-drive already in flight would show as a duplicate
            return time.monotonic() - start
        count = "?" if unsettled is None else unsettled
        print(f"  settling: {count} open or sending inbox entries after "
              f"{time.monotonic() - start:.0f} s", flush=True)  # fmt: skip
        time.sleep(5)
    return time.monotonic() - start


def account(
    turns: list[Turn], messages: list[dict[str, Any]], inbox: Inbox,
    dead_letters_before: set[str],
) -> Account:  # fmt: skip
    result = Account(sent=len(turns))
    by_phone: dict[str, list[Turn]] = defaultdict(list)
    for turn in turns:
        if turn.acked_at is None:
            result.never_acknowledged += 1
        else:
            by_phone[turn.phone].append(turn)
    sent = list(messages)
    texts = Counter(m.get("to") for m in sent if "text" in m)
    documents = Counter((m.get("to"), m["document"].get("filename")) for m in sent
                        if isinstance(m.get("document"), dict))  # fmt: skip
    result.documents_twice = sum(count - 1 for count in documents.values() if count > 1)
    for phone, acked in by_phone.items():
        entries = [inbox.entry(turn.wamid) for turn in acked]
        states = [str(entry["state"]) for entry in entries]
        result.redriven += sum(1 for entry in entries if entry.get("attempts", 0) > 0)
        result.inbox_states.update(states)
        result.unrecorded += states.count("http-404")
        result.acknowledged += len(acked)
        got = texts.get(phone, 0)
        result.answered_once += min(got, len(acked))
        if got > len(acked):
            result.answered_twice += got - len(acked)
            result.duplicate_phones.append(phone)
        missing = max(0, len(acked) - got)
        failed = states.count("failed")
        result.dead_lettered += min(missing, failed)
        if missing > failed:
            result.lost += missing - failed
            # turns the driver saw no reply for come first (the rest timed out before theirs)
            unanswered = sorted(
                [(t, s) for t, s in zip(acked, states, strict=True) if s != "failed"],
                key=lambda pair: pair[0].replied_at is not None,
            )
            for turn, state in unanswered[: missing - failed]:
                result.lost_wamids.append(turn.wamid)
                result.lost_details.append({
                    "wamid": turn.wamid, "phone": phone, "inbox": state, "text": turn.text,
                    "deliveries": turn.deliveries, "sent_at": turn.sent_at,
                    "acked_after_s": (turn.acked_at or turn.sent_at) - turn.sent_at,
                    "phone_texts": got, "phone_acked": len(acked), "attempts": turn.attempts,
                })  # fmt: skip
    for letter in inbox.dead_letters():
        if letter["id"] not in dead_letters_before:
            result.dead_letters_by_node[f"{letter['workflow']} / {letter['node']}"] += 1
    return result
