"""Realistic WhatsApp traffic into n8n's webhook, open loop, with Meta's redelivery behaviour.

Turns arrive at a fixed rate. Each turn is the next line of a corpus conversation on a phone that
is idle (its last reply arrived and the customer "thought" for ``think_s``), or the first line of a
new conversation on a new phone. One turn per phone is outstanding at a time, so a reply to a
phone (the fake Graph API records ``to``) belongs to that phone's outstanding turn: latency is
webhook-in -> reply-arrives. Payloads are signed over the exact bytes; a share is delivered twice
(same wamid) and a share is followed by a status update; a delivery Meta did not get a 200 for is
redelivered with backoff, as Meta does.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.load.corpus import Story, story_cycle
from tests.e2e.whatsapp import sign, status_update, text_message


@dataclass
class Turn:
    phone: str
    wamid: str
    text: str
    sent_at: float
    acked_at: float | None = None
    ack_status: int | None = None
    deliveries: int = 0
    replied_at: float | None = None
    timed_out: bool = False
    # every delivery: (posted, answered, status); status 0 = no HTTP answer
    attempts: list[tuple[float, float, int]] = field(default_factory=list)


@dataclass
class Conversation:
    phone: str
    story: Story
    index: int = 0
    ready_at: float = 0.0


@dataclass
class TrafficOptions:
    think_s: float = 8.0
    duplicate_share: float = 0.05
    status_share: float = 0.2
    reply_timeout_s: float = 30.0
    redeliver_for_s: float = 240.0
    seed: int = 7


@dataclass
class Traffic:
    """Plays turns into ``webhook``; ``turns`` and ``extra_posts`` keep everything sent."""

    webhook: str
    secret: str
    messages: list[dict[str, Any]]
    phone_prefix: str
    options: TrafficOptions = field(default_factory=TrafficOptions)
    turns: list[Turn] = field(default_factory=list)
    extra_posts: dict[str, int] = field(default_factory=dict)
    _phones: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _stories: Any = field(default_factory=story_cycle)
    _idle: deque[Conversation] = field(default_factory=deque)
    _waiting: dict[str, tuple[Turn, Conversation]] = field(default_factory=dict)
    _cursor: int = 0

    def __post_init__(self) -> None:
        self._random = random.Random(self.options.seed)
        self._cursor = len(self.messages)

    def _next_conversation(self, now: float) -> Conversation:
        if self._idle and self._idle[0].ready_at <= now:
            return self._idle.popleft()
        phone = f"{self.phone_prefix}{next(self._phones):05d}"
        return Conversation(phone, next(self._stories))

    async def _post(self, client: httpx.AsyncClient, raw: bytes) -> int:
        signature = sign(self.secret, raw)
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
        try:
            return (await client.post(self.webhook, content=raw, headers=headers)).status_code
        except httpx.HTTPError:
            return 0

    async def _deliver(self, client: httpx.AsyncClient, turn: Turn, raw: bytes) -> None:
        """Deliver until Meta gets a 200, with Meta-like backoff (1, 2, 4, 8 s...)."""
        wait, deadline = 1.0, turn.sent_at + self.options.redeliver_for_s
        while True:
            turn.deliveries += 1
            posted = time.monotonic()
            turn.ack_status = await self._post(client, raw)
            answered = time.monotonic()
            turn.attempts.append((posted, answered, turn.ack_status))
            if turn.ack_status == 200:
                turn.acked_at = answered
                return
            if time.monotonic() + wait > deadline:
                return
            await asyncio.sleep(wait)
            wait = min(wait * 2, 8.0)

    async def _extra(self, client: httpx.AsyncClient, kind: str, raw: bytes, delay: float) -> None:
        await asyncio.sleep(delay)
        status = await self._post(client, raw)
        key = f"{kind}:{status}"
        self.extra_posts[key] = self.extra_posts.get(key, 0) + 1

    async def send_turn(self, client: httpx.AsyncClient, tasks: set[asyncio.Task[None]]) -> None:
        now = time.monotonic()
        conversation = self._next_conversation(now)
        text = conversation.story.lines[conversation.index]
        turn = Turn(conversation.phone, "", text, now)
        payload = text_message(conversation.phone, text)
        turn.wamid = payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
        raw = json.dumps(payload, ensure_ascii=False).encode()
        self.turns.append(turn)
        self._waiting[turn.phone] = (turn, conversation)
        jobs = [self._deliver(client, turn, raw)]
        if self._random.random() < self.options.duplicate_share:
            jobs.append(self._extra(client, "duplicate", raw, self._random.uniform(0.05, 2.0)))
        if self._random.random() < self.options.status_share:
            status = json.dumps(status_update(turn.phone)).encode()
            jobs.append(self._extra(client, "status", status, self._random.uniform(0.0, 1.0)))
        for job in jobs:
            task = asyncio.create_task(job)
            tasks.add(task)
            task.add_done_callback(tasks.discard)

    def collect_replies(self) -> None:
        """Match text replies recorded since the last call to outstanding turns; time out old."""
        now = time.monotonic()
        messages = self.messages
        end = len(messages)
        for message in messages[self._cursor : end]:
            if "text" not in message or message.get("to") not in self._waiting:
                continue
            turn, conversation = self._waiting.pop(message["to"])
            turn.replied_at = float(message["_at"])
            self._advance(conversation, now)
        self._cursor = end
        for phone, (turn, conversation) in list(self._waiting.items()):
            if now - turn.sent_at > self.options.reply_timeout_s:
                turn.timed_out = True
                del self._waiting[phone]
                self._advance(conversation, now)

    def _advance(self, conversation: Conversation, now: float) -> None:
        conversation.index += 1
        if conversation.index < len(conversation.story.lines):
            conversation.ready_at = now + self.options.think_s
            self._idle.append(conversation)

    async def run(
        self, rate: float, seconds: float, drain_s: float = 30.0,
        on_sent: Callable[[], None] | None = None,
    ) -> tuple[float, float]:  # fmt: skip
        """Send ``rate`` turns/s for ``seconds``, then wait up to ``drain_s`` for replies.

        Returns the (start, end-of-sending) monotonic times; ``on_sent`` runs at end of sending.
        """
        limits = httpx.Limits(max_connections=400, max_keepalive_connections=100)
        tasks: set[asyncio.Task[None]] = set()
        async with httpx.AsyncClient(timeout=30, limits=limits) as client:
            start = time.monotonic()
            for index in range(int(rate * seconds)):
                delay = start + index / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                self.collect_replies()
                await self.send_turn(client, tasks)
            sent_until = time.monotonic()
            if on_sent is not None:
                on_sent()
            deadline = sent_until + drain_s
            while time.monotonic() < deadline and (self._waiting or tasks):
                await asyncio.sleep(0.05)
                self.collect_replies()
            for task in list(tasks):
                task.cancel()
        return start, sent_until
