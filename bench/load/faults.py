"""Faults during load: kill -9 of the Python nodes and of n8n, a Redis restart, a failing Graph
API, a slow / erroring / garbage LLM. Afterwards every acknowledged message must have exactly one
reply or a dead letter.

Run: .venv/bin/python -m bench.load.faults [--scenario processes|graph|llm|all] [--rate 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.load import metrics
from bench.load.accounting import Account, Inbox, account, wait_settled
from bench.load.fake_llm import Mode
from bench.load.phases import llm_report, window_figures
from bench.load.system import LoadStack, StackOptions
from bench.load.traffic import Traffic, TrafficOptions, Turn
from workflows.datastores import wait_redis

Action = Callable[[LoadStack], None]
IN_FLIGHT_AT_KILL = 3


@dataclass(frozen=True)
class Fault:
    at_s: float
    name: str
    action: Action


def kill_python_nodes(stack: LoadStack) -> None:
    stack.py.kill9()
    time.sleep(1)
    stack.py.start()


def restart_redis(stack: LoadStack) -> None:
    stack.redis.stop()
    time.sleep(1)
    stack.redis.start()
    wait_redis(stack.redis_port)


def kill_n8n(stack: LoadStack) -> None:
    """kill -9 n8n while replies are in flight: the next sends are held open, then n8n dies."""
    assert stack.n8n is not None
    graph = stack.graph.state
    graph.hang_next(IN_FLIGHT_AT_KILL)
    graph.hung.wait(10)
    time.sleep(1.0)
    stack.n8n.kill()
    graph.release.set()
    time.sleep(1)
    stack.start_n8n()


def graph_fails(count: int, status: int) -> Action:
    return lambda stack: stack.graph.state.fail_next(count, status)


def llm_mode(mode: Mode) -> Action:
    def switch(stack: LoadStack) -> None:
        assert stack.llm is not None
        stack.llm.state.mode = mode

    return switch


@dataclass
class FaultRun:
    account: Account
    faults: list[dict[str, Any]]
    settle_s: float
    turns: list[Turn]
    timeline: list[dict[str, Any]] = field(default_factory=list)


def _sample(stack: LoadStack, started: float) -> dict[str, Any]:
    scrape = metrics.scrape(stack.py_url)
    return {
        "t": round(time.monotonic() - started, 1),
        "llm": metrics.by_label(scrape, "bmc_llm_requests_total", "outcome"),
        "replies": metrics.by_label(scrape, "bmc_ai_replies_total", "source"),
        "llm_mode": stack.llm.state.mode if stack.llm else None,
    }


async def run_with_faults(
    stack: LoadStack, rate: float, seconds: float, faults: list[Fault], phone_prefix: str,
    settle_timeout_s: float = 180, sample_every_s: float = 0.0,
    options: TrafficOptions | None = None, drain_s: float = 90,
) -> FaultRun:  # fmt: skip
    """Traffic at ``rate`` for ``seconds`` with ``faults`` at their times, then settle and count.

    After the last turn the driver waits up to ``drain_s`` for every delivery to be acknowledged
    and every turn answered or timed out (it stops as soon as that is so).
    """
    with Inbox(stack.py_url, stack.secrets.api_key) as inbox:
        return await _run_with_faults(
            stack, inbox, rate, seconds, faults, phone_prefix,
            settle_timeout_s, sample_every_s, options, drain_s,
        )  # fmt: skip


async def _run_with_faults(
    stack: LoadStack, inbox: Inbox, rate: float, seconds: float, faults: list[Fault],
    phone_prefix: str, settle_timeout_s: float, sample_every_s: float,
    options: TrafficOptions | None, drain_s: float,
) -> FaultRun:  # fmt: skip
    known = {letter["id"] for letter in inbox.dead_letters()}
    traffic = Traffic(stack.webhook, stack.secrets.app_secret, stack.graph.state.messages,
                      phone_prefix, options or TrafficOptions(reply_timeout_s=150))  # fmt: skip
    started = time.monotonic()
    done: list[dict[str, Any]] = []
    timeline: list[dict[str, Any]] = []

    async def inject(fault: Fault) -> None:
        await asyncio.sleep(max(0.0, started + fault.at_s - time.monotonic()))
        begin = time.monotonic() - started
        print(f"  t={begin:5.1f}s fault: {fault.name}", flush=True)
        await asyncio.to_thread(fault.action, stack)
        end = time.monotonic() - started
        done.append({"fault": fault.name, "at_s": round(begin, 1), "took_s": round(end - begin, 1)})
        print(f"  t={end:5.1f}s fault done: {fault.name} ({end - begin:.1f} s)", flush=True)

    async def sampler() -> None:
        while sample_every_s:
            timeline.append(await asyncio.to_thread(_sample, stack, started))
            await asyncio.sleep(sample_every_s)

    sampling = asyncio.create_task(sampler())
    injections = [asyncio.create_task(inject(fault)) for fault in faults]
    await traffic.run(rate, seconds, drain_s=drain_s)
    await asyncio.gather(*injections)
    sampling.cancel()
    print(f"  traffic done at t={time.monotonic() - started:.0f}s; settling", flush=True)
    settle = await asyncio.to_thread(wait_settled, inbox, settle_timeout_s)
    result = account(traffic.turns, stack.graph.state.messages, inbox, known)
    took = time.monotonic() - started
    print(f"  {result.summary()}; {took:.0f} s from the first turn; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)  # fmt: skip
    for lost in result.lost_details:
        print(f"  LOST t={lost['sent_at'] - started:.1f}s {lost}", flush=True)
    return FaultRun(result, done, settle, traffic.turns, timeline)


PROCESS_FAULTS = [Fault(20, "kill -9 Python nodes", kill_python_nodes),
                  Fault(55, "restart Redis", restart_redis),
                  Fault(90, "kill -9 n8n", kill_n8n)]  # fmt: skip
GRAPH_FAULTS = [Fault(15, "Graph API 429 x8", graph_fails(8, 429)),
                Fault(35, "Graph API 503 x8", graph_fails(8, 503)),
                Fault(50, "Graph API 500 x30 (beyond 3 tries)", graph_fails(30, 500))]  # fmt: skip
LLM_FAULTS = [Fault(20, "LLM slow (12 s)", llm_mode("slow")), Fault(50, "LLM ok", llm_mode("ok")),
              Fault(90, "LLM 503", llm_mode("error")), Fault(110, "LLM ok", llm_mode("ok")),
              Fault(150, "LLM garbage", llm_mode("garbage")),
              Fault(170, "LLM ok", llm_mode("ok"))]  # fmt: skip


async def scenario(name: str, args: argparse.Namespace) -> dict[str, Any]:
    with_llm = name == "llm"
    options = StackOptions(stale_after_s=args.stale, rate_limits=args.rate_limits,
                           with_llm=with_llm, llm_timeout_s=args.llm_timeout)  # fmt: skip
    faults = {"processes": PROCESS_FAULTS, "graph": GRAPH_FAULTS, "llm": LLM_FAULTS}[name]
    seconds = {"processes": 130.0, "graph": 75.0, "llm": 190.0}[name]
    print(f"scenario {name}: {args.rate} turns/s for {seconds:.0f} s", flush=True)
    with LoadStack(options) as stack:
        started = time.monotonic()
        run = await run_with_faults(stack, args.rate, seconds, faults, f"5986{len(name):02d}",
                                    sample_every_s=1.0 if with_llm else 0.0)  # fmt: skip
        result: dict[str, Any] = {
            "scenario": name, "rate": args.rate, "seconds": seconds, "faults": run.faults,
            "settle_s": round(run.settle_s, 1), "account": run.account.as_dict(),
            "around_faults": [
                {"fault": f["fault"], **window_figures(run.turns, started + f["at_s"] - 2,
                                                       started + f["at_s"] + f["took_s"] + 5)}
                for f in run.faults
            ],
            "turns": window_figures(run.turns, started, started + seconds + 60),
        }  # fmt: skip
        if with_llm:
            result["llm_timeout_s"] = args.llm_timeout or "shipped default"
            result["llm_phases"] = llm_report(run, started)
            for phase in result["llm_phases"]:
                print(f"  {phase['phase']:>14}: llm {phase['llm_outcomes']}, replies "
                      f"{phase['replies_by_source']}, open after "
                      f"{phase['breaker_first_open_after_s']}, llm ok after "
                      f"{phase['first_llm_ok_after_s']}, p95 "
                      f"{phase['turns']['p95']:.0f} ms, errors {phase['turns']['errors']}",
                      flush=True)  # fmt: skip
    for row in result["around_faults"]:
        print(f"  around {row['fault']}: {row['offered']} turns, p50 {row['p50']:.0f} ms, "
              f"p99 {row['p99']:.0f} ms, max {row['worst']:.0f} ms", flush=True)  # fmt: skip
    result["load_average"] = os.getloadavg()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="all",
                        choices=["processes", "graph", "llm", "all"])  # fmt: skip
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--stale", type=int, default=20, help="INBOX_STALE_AFTER_S for n8n")
    parser.add_argument("--rate-limits", action="store_true")
    parser.add_argument("--llm-timeout", type=float, help="LLM_TIMEOUT_S (default: shipped)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    names = ["processes", "graph", "llm"] if args.scenario == "all" else [args.scenario]
    results = [asyncio.run(scenario(name, args)) for name in names]
    if args.out:
        args.out.write_text(json.dumps(results, indent=1, default=str))
        print(f"wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
