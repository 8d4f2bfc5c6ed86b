"""The queue sweep's open-loop generator, for real: wrk sends signed turns on schedule.

A small receiver on loopback checks each body's signature and answers slowly (as a saturated n8n
would): the turns must still leave on their schedule, not one answer after another.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any, ClassVar

import pytest

from bench.load.corpus import Story
from bench.load.open_loop import OpenLoopWrk, plan_turns
from workflows.loopback import LoopbackServer

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")

SECRET = "open-loop-secret"  # pragma: allowlist secret
RATE, SECONDS = 40.0, 1.5
SLOW_ANSWER_S = 0.5


class _Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    received: ClassVar[list[tuple[float, bool, dict[str, Any]]]] = []
    lock = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        arrived = time.monotonic()
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        expected = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
        valid = hmac.compare_digest(expected, self.headers.get("X-Hub-Signature-256", ""))
        with self.lock:
            self.received.append((arrived, valid, json.loads(raw)))
        time.sleep(SLOW_ANSWER_S)
        self.send_response(200 if valid else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def receiver() -> Iterator[LoopbackServer]:
    _Receiver.received.clear()
    with LoopbackServer(_Receiver) as server:
        yield server


def test_turns_leave_on_schedule_signed_and_in_story_order(receiver: LoopbackServer) -> None:
    stories = iter([Story("a", ("hola", "de 100 mm")), Story("b", ("chau",))] * 100)
    turns = plan_turns(RATE, SECONDS, SECRET, "59811", think_s=0.2, stories=stories)
    url = f"http://127.0.0.1:{receiver.port}/webhook/whatsapp"
    run = OpenLoopWrk(url, turns, RATE, max_seconds=SECONDS + 10)
    start = time.monotonic() + 1.0
    try:
        run.start(start)
        time.sleep(1.0 + SECONDS + SLOW_ANSWER_S + 0.5)
    finally:
        report = run.stop()

    received = sorted(_Receiver.received, key=lambda item: item[0])
    wamids = [body["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
              for _, _, body in received]  # fmt: skip
    lags = report.lags_ms(start, RATE)
    # Every turn once, every signature valid, every answer counted.
    assert (len(turns), sorted(wamids)) == (60, sorted(t.wamid for t in turns))
    assert all(valid for _, valid, _ in received)
    assert report.statuses == {200: len(turns)}
    # Open loop: with answers taking 0.5 s, 40 turns/s still leave 25 ms apart, each on time
    # (a closed loop on few connections would fall seconds behind).
    assert max(lags) < 150, lags
    spread = received[-1][0] - received[0][0]
    assert abs(spread - (len(turns) - 1) / RATE) < 0.2
    # A phone's second line follows its first (think 0.2 s), on the same phone.
    by_phone: dict[str, list[str]] = {}
    for turn in turns:
        by_phone.setdefault(turn.phone, []).append(turn.text)
    assert ["hola", "de 100 mm"] in by_phone.values()
    assert ["chau"] in by_phone.values()
