"""Queue-mode load sweep: 1 then 2 n8n workers in one run, open-loop turns from wrk.

Run (8-15 minutes; prints every step, then the table and the per-core figures; Ctrl-C or
SIGTERM stops every process it started):

    .venv/bin/python -m bench.load.queue_sweep --out queue-sweep.json
    .venv/bin/python -m bench.load.queue_sweep --rates-1 1,1.5,2,2.5 --rates-2 1,1.5,2,2.5,3

The stack is production's queue mode (compose/compose.prod.yml): ``n8n start`` (main),
``n8n webhook`` (Meta's entry) and ``n8n worker --concurrency=10`` on a private PostgreSQL and
Redis (Bull in database 1), the repository's flows and credentials, the Python nodes under
uvicorn (one process, rate limits off) and the fake Graph API. Two workers are provisioned; the
first rates run with worker 1 alone, then worker 2 starts and the second rates run, so both
halves share the database, the flows and the minutes. Turns come from wrk, open loop
(``bench/load/open_loop.py``), straight to the webhook process.

Per step: turns/s offered and completed (text replies reaching the fake Graph API during the
second half of the sending window, over its length: the steady state, free of the first turns'
latency), p50/p95/p99 from the turn's due time to its reply, Meta's 200 (wrk's own latency), how
late wrk sent, the CPU % of a core of every process group over the window (``/proc``, each n8n
process with its task runner) and the machine's (``/proc/stat``), so the share other work took is
visible; and each group's CPU ms per turn (from the window's start until the last reply, over
the turns answered). A step is **saturated** when completed < 95 % of offered or p95 > 1,000 ms
(twice the 500 ms aim); each worker count stops after two steps in a row completing < 95 %.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.load.measure import CpuMeter, own_pid, percentile
from bench.load.open_loop import LEAD_S, OpenLoopWrk, PlannedTurn, connections_for, plan_turns
from bench.load.system import ECHO_PATH, LoadStack, StackOptions

SATURATED_SHARE = 0.95
P95_BOUND_MS = 1000.0
DRAIN_S = 90.0


class QueueSweepStack(LoadStack):
    """Queue mode with two workers provisioned and only the first started."""

    def start_n8n(self) -> None:
        assert self.queue is not None
        timeout = self.options.n8n_start_timeout_s
        self.queue.main.start(timeout, webhooks=())
        self.queue.worker_instances[0].start(timeout, webhooks=())
        self.queue.webhook.start(timeout, webhooks=("whatsapp", ECHO_PATH))


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of every core since boot, from /proc/stat."""
    values = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return float(sum(values[:8]) - idle), float(sum(values[:8]))


@dataclass
class Step:
    workers: int
    rate: float
    seconds: float
    turns: int
    completed_in_window: int = 0
    completed_late_half: int = 0
    answered: int = 0
    #: turns of the previous step still unanswered when this one started
    backlog: int = 0
    p50_ms: float = float("nan")
    p95_ms: float = float("nan")
    p99_ms: float = float("nan")
    ack_p50_ms: float = float("nan")
    ack_p95_ms: float = float("nan")
    ack_statuses: dict[int, int] = field(default_factory=dict)
    socket_errors: int = 0
    send_lag_p99_ms: float = float("nan")
    send_lag_max_ms: float = float("nan")
    connections: int = 0
    cpu_percent: dict[str, float] = field(default_factory=dict)
    cpu_ms_per_turn: dict[str, float] = field(default_factory=dict)
    machine_percent: float = 0.0
    load_average: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def completed_per_s(self) -> float:
        return self.completed_late_half / (self.seconds / 2)

    @property
    def behind(self) -> bool:
        return self.completed_per_s < SATURATED_SHARE * self.rate

    @property
    def saturated(self) -> bool:
        late = not self.p95_ms <= P95_BOUND_MS  # NaN (no reply at all) counts as late
        return self.behind or late

    def as_dict(self) -> dict[str, Any]:
        data = dict(vars(self))
        data.update(completed_per_s=self.completed_per_s, behind=self.behind,
                    saturated=self.saturated)  # fmt: skip
        return data


def match_replies(turns: list[PlannedTurn], messages: list[dict[str, Any]]) -> dict[int, float]:
    """Turn index -> reply time: a phone's n-th text reply answers its n-th turn."""
    replies: dict[str, list[float]] = {}
    for message in list(messages):
        if "text" in message:
            replies.setdefault(str(message.get("to")), []).append(float(message["_at"]))
    by_phone: dict[str, list[PlannedTurn]] = {}
    for turn in turns:
        by_phone.setdefault(turn.phone, []).append(turn)
    matched = {}
    for phone, own in by_phone.items():
        for turn, at in zip(own, replies.get(phone, []), strict=False):
            matched[turn.index] = at
    return matched


def run_step(
    stack: LoadStack, workers: int, rate: float, seconds: float, tag: str, backlog: int = 0
) -> Step:  # fmt: skip
    turns = plan_turns(rate, seconds, stack.secrets.app_secret, phone_prefix=f"598{tag}")
    run = OpenLoopWrk(stack.webhook, turns, rate, max_seconds=LEAD_S + seconds + DRAIN_S + 30)
    step = Step(workers, rate, seconds, len(turns), connections=connections_for(rate),
                backlog=backlog)  # fmt: skip
    messages = stack.graph.state.messages
    try:
        start = time.monotonic() + LEAD_S
        run.start(start)
        assert stack.queue is not None
        meter = CpuMeter({
            **stack.n8n_pids(), "python-nodes": lambda: stack.py.pid,
            "redis": lambda: stack.redis.pid, "wrk": lambda: run.pid,
            "driver+fake Graph": own_pid,
        })  # fmt: skip
        time.sleep(max(0.0, start - time.monotonic()))
        meter.start()
        busy_before = machine_busy()
        time.sleep(max(0.0, start + seconds - time.monotonic()))
        wall, cpu = meter.stop()
        busy_after = machine_busy()
        window_end = time.monotonic()
        deadline = window_end + DRAIN_S
        while time.monotonic() < deadline and len(match_replies(turns, messages)) < len(turns):
            time.sleep(0.5)
        _, cpu_until_drained = meter.stop()
    finally:
        report = run.stop()
    replied = match_replies(turns, messages)
    latencies = [1000 * (at - (start + k / rate)) for k, at in replied.items()]
    lags = report.lags_ms(start, rate)
    step.completed_in_window = sum(1 for at in replied.values() if at <= window_end)
    half = start + seconds / 2
    step.completed_late_half = sum(1 for at in replied.values() if half < at <= window_end)
    step.answered = len(replied)
    step.p50_ms, step.p95_ms, step.p99_ms = (percentile(latencies, q) for q in (0.5, 0.95, 0.99))
    step.ack_p50_ms = report.figures.get("p50_us", float("nan")) / 1000
    step.ack_p95_ms = report.figures.get("p95_us", float("nan")) / 1000
    step.ack_statuses = report.statuses
    step.socket_errors = int(report.figures.get("socket_errors", 0))
    step.send_lag_p99_ms = percentile(lags, 0.99)
    step.send_lag_max_ms = max(lags, default=float("nan"))
    step.cpu_percent = {name: 100 * value / wall for name, value in cpu.items()}
    step.cpu_ms_per_turn = {
        name: 1000 * value / max(1, step.answered) for name, value in cpu_until_drained.items()
    }
    cores = os.cpu_count() or 1
    busy = busy_after[0] - busy_before[0]
    step.machine_percent = 100 * cores * busy / max(1.0, busy_after[1] - busy_before[1])
    step.load_average = os.getloadavg()
    return step


def describe(step: Step) -> str:
    cpu = ", ".join(f"{name} {value:.0f}" for name, value in step.cpu_percent.items())
    ours = sum(step.cpu_percent.values())
    return (f"{step.workers} worker(s), {step.rate:g}/s offered: completed "
            f"{step.completed_per_s:.2f}/s, answered {step.answered}/{step.turns}, "
            f"p50 {step.p50_ms:.0f} / p95 {step.p95_ms:.0f} / p99 {step.p99_ms:.0f} ms, "
            f"Meta's 200 p95 {step.ack_p95_ms:.0f} ms {step.ack_statuses}, wrk late p99 "
            f"{step.send_lag_p99_ms:.0f} ms (max {step.send_lag_max_ms:.0f}, "
            f"-c{step.connections}), CPU % of a core: {cpu}; this run {ours:.0f}, machine "
            f"{step.machine_percent:.0f} of {100 * (os.cpu_count() or 1)}, load "
            f"{step.load_average[0]:.1f}, backlog {step.backlog}"
            f"{' SATURATED' if step.saturated else ''}")  # fmt: skip


GROUPS = ("n8n-main", "n8n-webhook", "n8n-worker-1", "n8n-worker-2", "python-nodes",
          "postgres", "redis", "wrk", "driver+fake Graph")  # fmt: skip


def table(steps: list[Step]) -> str:
    head = (
        "| workers | offered /s | completed /s | p50 / p95 / p99 ms | Meta's 200 p95 ms | "
        "wrk late p99 ms | " + " | ".join(GROUPS) + " | machine % (of 200) | load |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for s in steps:
        cpu = " | ".join(f"{s.cpu_percent.get(g, 0.0):.0f}" for g in GROUPS)
        mark = " **sat.**" if s.saturated else ""
        lines.append(
            f"| {s.workers} | {s.rate:g} | {s.completed_per_s:.2f}{mark} | {s.p50_ms:,.0f} / "
            f"{s.p95_ms:,.0f} / {s.p99_ms:,.0f} | {s.ack_p95_ms:,.0f} | {s.send_lag_p99_ms:.0f} "
            f"| {cpu} | {s.machine_percent:.0f} | {s.load_average[0]:.1f} |"
        )
    return "\n".join(lines)


SERVER_GROUPS = ("n8n-main", "n8n-webhook", "n8n workers", "python-nodes", "postgres", "redis")


def cpu_per_turn(steps: list[Step]) -> dict[str, float]:
    """Median CPU ms per answered turn of each group, over the steps that started clean and
    answered every turn (all steps when none did)."""
    clean = [s for s in steps if s.backlog == 0 and s.answered == s.turns] or steps
    if not clean:
        return {}
    figures = {g: statistics.median(s.cpu_ms_per_turn.get(g, 0.0) for s in clean)
               for g in GROUPS}  # fmt: skip
    figures["n8n workers"] = statistics.median(
        s.cpu_ms_per_turn.get("n8n-worker-1", 0.0) + s.cpu_ms_per_turn.get("n8n-worker-2", 0.0)
        for s in clean
    )
    return figures


def limits(cpu_ms: dict[str, float], workers: int) -> list[tuple[str, float]]:
    """Turns/s at which each server group fills its cores (workers: one core each; the others
    one process, one core), lowest first: the first limit, then the next."""
    found = []
    for group in SERVER_GROUPS:
        cores = workers if group == "n8n workers" else 1
        if cpu_ms.get(group, 0.0) > 0:
            found.append((group, 1000 * cores / cpu_ms[group]))
    return sorted(found, key=lambda item: item[1])


def summary(steps: list[Step]) -> dict[str, Any]:
    result: dict[str, Any] = {"p95_bound_ms": P95_BOUND_MS, "completed_share": SATURATED_SHARE}
    for workers in (1, 2):
        own = [s for s in steps if s.workers == workers]
        within = [s for s in own if not s.saturated]
        cpu_ms = cpu_per_turn(own)
        total_ms = sum(cpu_ms.get(g, 0.0) for g in SERVER_GROUPS)
        result[str(workers)] = {
            "sustained_per_s": max((s.completed_per_s for s in within), default=0.0),
            "ceiling_per_s": max((s.completed_per_s for s in own), default=0.0),
            "cpu_ms_per_turn": cpu_ms,
            "limits_per_s": limits(cpu_ms, workers),
            "machine_alone_per_s": 1000 * (os.cpu_count() or 1) / total_ms if total_ms else 0.0,
        }
    one, two = result["1"], result["2"]
    for key in ("sustained_per_s", "ceiling_per_s"):
        if one[key]:
            result[f"ratio_2_to_1_{key}"] = two[key] / one[key]
    return result


def sweep_workers(
    stack: LoadStack, workers: int, rates: list[float], seconds: float, steps: list[Step]
) -> None:  # fmt: skip
    warm = run_step(stack, workers, 1, 8, f"{workers}00")  # JIT, sessions; not reported
    print(f"warm-up: {describe(warm)}", flush=True)
    behind, backlog = 0, warm.turns - warm.answered
    for index, rate in enumerate(rates, start=1):
        step = run_step(stack, workers, rate, seconds, f"{workers}{index:02d}", backlog)
        steps.append(step)
        print(describe(step), flush=True)
        backlog = step.turns - step.answered
        behind = behind + 1 if step.behind else 0
        if behind == 2:
            break


def rates(text: str) -> list[float]:
    return [float(rate) for rate in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates-1", type=rates, default=rates("1,2,3,4,6"))
    parser.add_argument("--rates-2", type=rates, default=rates("1,2,3,4,6,8"))
    parser.add_argument("--seconds", type=float, default=24)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    # SIGTERM (e.g. `timeout`) unwinds like Ctrl-C, so the stack's ``__exit__`` stops every part.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    options = StackOptions(stale_after_s=180, rate_limits=False, ingress=False, queue_workers=2)
    steps: list[Step] = []
    started = {"load_average": os.getloadavg(), "at": time.strftime("%Y-%m-%d %H:%M:%S UTC",
                                                                    time.gmtime())}  # fmt: skip
    print(f"start {started}", flush=True)
    with QueueSweepStack(options) as stack:
        assert stack.queue is not None
        sweep_workers(stack, 1, args.rates_1, args.seconds, steps)
        print("starting worker 2", flush=True)
        stack.queue.restart_worker(1, timeout=stack.options.n8n_start_timeout_s)
        sweep_workers(stack, 2, args.rates_2, args.seconds, steps)
    result = {"started": started, "ended_load_average": os.getloadavg(),
              "steps": [s.as_dict() for s in steps], "summary": summary(steps)}  # fmt: skip
    print(table(steps))
    print(json.dumps(result["summary"], indent=1))
    print(f"ended, load average {result['ended_load_average']}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, default=str))
        print(f"wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
