"""Open-loop WhatsApp turns from wrk (native): the schedule, not the answers, sets the pace.

Debian has no wrk2, so plain wrk runs a generated Lua script that makes it open loop: turn ``k``
is due at ``start + k / rate`` (``CLOCK_MONOTONIC`` through LuaJIT's ffi, the clock Python's
``time.monotonic`` reads); a connection that is free claims the next due turn in ``delay()`` and
sends it when due. The bodies are Meta-shaped and signed (``X-Hub-Signature-256`` over the exact
bytes) before the run, in Python, as ``bench/bench_http.py`` does: wrk only picks body ``k``, so
its CPU stays far below the servers' and the run shows it. Each turn's real send time goes to a
log (``S k t``) and each answer's status (``R status t``), so a turn that left late (every
connection waiting on Meta's 200) is seen, not hidden.

Turns follow the conversation corpus (``tests/conversations``): the next line of a story on a
phone whose previous line was due ``think_s`` earlier, or the first line of a new story on a new
phone. Latency is measured from the turn's *due* time to its reply at the fake Graph API (the
n-th text reply to a phone answers that phone's n-th turn), so a generator that falls behind
adds to the latency instead of hiding it.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import tempfile
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.load.corpus import Story, story_cycle
from bench.wrk_runner import DONE_HOOK, lua_string, wrk_binary
from tests.e2e.whatsapp import sign, text_message

#: Node's HTTP server closes a keep-alive connection idle for 5 s; a connection claims its next
#: turn at most this far ahead, so none sits idle long enough to be closed under it.
CLAIM_AHEAD_S = 4.0
#: Seconds between starting wrk and the first due turn (its connections open meanwhile).
LEAD_S = 1.0

LUA = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bmc_timespec;
int clock_gettime(int clk_id, bmc_timespec *tp);
]]
local clock = ffi.new("bmc_timespec")
local function now()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9
end
local start, rate, total = %(start).6f, %(rate).6f, %(total)d
local bodies = {%(bodies)s}
local signatures = {%(signatures)s}
local claimed, pending = 0, {}
local log = nil

-- init runs in wrk's thread only (not in the state wrk probes the script with).
init = function(args)
  log = io.open(%(log)s, "w")
  log:setvbuf("line")
end

-- delay() claims the next due turn for a free connection; request() sends the oldest claim.
delay = function()
  if claimed >= total then return 3600000 end
  local wait = (start + claimed / rate - now()) * 1000
  pending[#pending + 1] = claimed
  claimed = claimed + 1
  if wait < 0 then return 0 end
  return math.floor(wait)
end

request = function()
  -- wrk also calls request() once to check the script: no claim yet, nothing sent, not logged.
  if #pending == 0 then return wrk.format("POST", nil, nil, bodies[1]) end
  local k = table.remove(pending, 1)
  log:write(string.format("S %%d %%.6f\\n", k, now()))
  local headers = {["Content-Type"] = "application/json",
                   ["X-Hub-Signature-256"] = signatures[k + 1]}
  return wrk.format("POST", nil, headers, bodies[k + 1])
end

response = function(status, headers, body)
  log:write(string.format("R %%d %%.6f\\n", status, now()))
end
"""


@dataclass(frozen=True)
class PlannedTurn:
    index: int
    phone: str
    wamid: str
    text: str
    body: str
    signature: str


@dataclass
class _Phone:
    number: str
    story: Story
    line: int = 0
    ready_at: float = 0.0


def plan_turns(
    rate: float, seconds: float, secret: str, phone_prefix: str, think_s: float = 8.0,
    stories: Iterator[Story] | None = None,
) -> list[PlannedTurn]:  # fmt: skip
    """``rate * seconds`` turns, signed with ``secret``, in due order."""
    cycle = stories if stories is not None else story_cycle()
    idle: deque[_Phone] = deque()
    turns: list[PlannedTurn] = []
    for index in range(round(rate * seconds)):
        due = index / rate
        if idle and idle[0].ready_at <= due:
            phone = idle.popleft()
        else:
            phone = _Phone(f"{phone_prefix}{len(turns) + 1:05d}", next(cycle))
        text = phone.story.lines[phone.line]
        wamid = f"wamid.sweep.{phone_prefix}.{index}"
        body = json.dumps(text_message(phone.number, text, wamid), ensure_ascii=False)
        turns.append(PlannedTurn(index, phone.number, wamid, text, body,
                                 sign(secret, body.encode())))  # fmt: skip
        phone.line += 1
        if phone.line < len(phone.story.lines):
            phone.ready_at = due + think_s
            idle.append(phone)
    return turns


def connections_for(rate: float) -> int:
    """Enough connections that turns leave on time while Meta's 200 takes up to CLAIM_AHEAD_S."""
    return max(4, math.ceil(rate * CLAIM_AHEAD_S))


def lua_script(turns: list[PlannedTurn], rate: float, start: float, log: Path) -> str:
    return LUA % {
        "start": start, "rate": rate, "total": len(turns),
        "bodies": ",\n".join(lua_string(turn.body) for turn in turns),
        "signatures": ",".join(f'"{turn.signature}"' for turn in turns),
        "log": lua_string(str(log)),
    }  # fmt: skip


@dataclass
class WrkReport:
    """What wrk saw: send times by turn, answers' statuses, its own figures."""

    sent_at: dict[int, float] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)

    def lags_ms(self, start: float, rate: float) -> list[float]:
        """How late each turn left against its due time."""
        return [1000 * (at - (start + k / rate)) for k, at in self.sent_at.items()]


class OpenLoopWrk:
    """One open-loop run of ``turns`` at ``rate`` to ``url``; ``stop()`` ends it (also on error)."""

    def __init__(self, url: str, turns: list[PlannedTurn], rate: float, max_seconds: float):
        self.url, self.turns, self.rate = url, turns, rate
        self.max_seconds = max_seconds
        self.directory = Path(tempfile.mkdtemp(prefix="bmc-open-loop-"))
        self.log = self.directory / "sends.log"
        self.start_at = 0.0
        self.process: subprocess.Popen[str] | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def start(self, start_at: float) -> OpenLoopWrk:
        """Start wrk; turn 0 is due at ``start_at`` (``time.monotonic``), a little ahead."""
        self.start_at = start_at
        script = self.directory / "turns.lua"
        script.write_text(lua_script(self.turns, self.rate, start_at, self.log) + DONE_HOOK)
        connections = connections_for(self.rate)
        self.process = subprocess.Popen(
            [wrk_binary(), "-t1", f"-c{connections}", f"-d{math.ceil(self.max_seconds)}s",
             "--timeout", "60s", "-s", str(script), self.url],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        return self

    def stop(self) -> WrkReport:
        """Interrupt wrk (it prints its figures on SIGINT) and read its log."""
        report = WrkReport()
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGINT)
            try:
                output, _ = self.process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                output, _ = self.process.communicate()
            line = next((x for x in output.splitlines() if x.startswith("WRKJSON ")), None)
            if line is not None:
                report.figures = json.loads(line.removeprefix("WRKJSON "))
            self.process = None
        answered: dict[int, int] = defaultdict(int)
        if self.log.exists():
            for entry in self.log.read_text().splitlines():
                kind, value, at = entry.split()
                if kind == "S":
                    report.sent_at[int(value)] = float(at)
                else:
                    answered[int(value)] += 1
        report.statuses = dict(answered)
        for path in self.directory.iterdir():
            path.unlink()
        os.rmdir(self.directory)
        return report
