"""Load sweep of the whole stack: rising turn rates until saturation, against two baselines.

Run: .venv/bin/python -m bench.load.sweep [--rates 1,2,4,6,8] [--seconds 25] [--limits-step]

Prints, per rate: turns/s offered and answered, p50/p95/p99 webhook-in -> reply, error rate,
cache hit rates, CPU per component, and where the Python time goes; before that, a bare FastAPI
endpoint and a bare n8n webhook -> respond flow driven by wrk in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.load import metrics
from bench.load.measure import BaselineFigures, CpuMeter, own_pid, redis_hits, turn_figures
from bench.load.system import LoadStack, StackOptions
from bench.load.traffic import Traffic, TrafficOptions
from bench.wrk_runner import run_wrk, static_request

NOT_TURN_ROUTES = ("/health/", "/metrics", "/ops/inbox/stale", "/ops/dead-letters")


def baselines(stack: LoadStack, seconds: float, concurrency: int) -> list[dict[str, Any]]:
    """wrk (native, one thread) against each baseline: the client is never the limit."""
    assert stack.n8n is not None
    assert stack.n8n.process is not None
    assert stack.bare.pid is not None
    script = static_request("POST", '{"a": 1}', {"Content-Type": "application/json"})
    results = []
    for name, url, pid in (
        ("bare FastAPI POST (uvicorn, 1 process)", stack.bare_url, stack.bare.pid),
        ("bare n8n webhook -> respond", stack.echo_url, stack.n8n.process.pid),
    ):
        run_wrk(url, script, pid, 2, concurrency)  # warm-up
        run = run_wrk(url, script, pid, seconds, concurrency)
        figures = BaselineFigures(name, run.requests, 0, run.rate, run.p50_ms, run.p95_ms,
                                  run.p99_ms)  # fmt: skip
        cpu_ms = 1000 * run.server_cpu_s / run.requests
        print(f"baseline {name} (wrk -c{concurrency}): {figures.per_s:.0f} req/s, "
              f"p50 {figures.p50:.1f} ms, p95 {figures.p95:.1f} ms, p99 {figures.p99:.1f} ms, "
              f"server CPU {cpu_ms:.2f} ms/req", flush=True)  # fmt: skip
        results.append(asdict(figures))
    return results


async def load_step(
    stack: LoadStack, step: int, rate: float, seconds: float, drain_s: float,
    options: TrafficOptions,
) -> dict[str, Any]:  # fmt: skip
    py, redis = stack.py, stack.redis
    meter = CpuMeter({**stack.n8n_pids(),
                      "python-nodes": lambda: py.pid, "redis": lambda: redis.pid,
                      "driver+fakes": own_pid})  # fmt: skip
    before, hits_before = metrics.scrape(stack.py_url), redis_hits(stack.redis_port)
    traffic = Traffic(stack.webhook, stack.secrets.app_secret, stack.graph.state.messages,
                      phone_prefix=f"5987{step:02d}", options=options)  # fmt: skip
    cpu: dict[str, float] = {}
    wall = 0.0

    def sent() -> None:
        nonlocal wall, cpu
        wall, cpu = meter.stop()

    meter.start()
    start, sent_until = await traffic.run(rate, seconds, drain_s, on_sent=sent)
    window_end = sent_until
    after, hits_after = metrics.scrape(stack.py_url), redis_hits(stack.redis_port)
    changes = metrics.delta(before, after)
    figures = turn_figures(traffic.turns, window_end)
    hit_rate, per_cache = metrics.cache_hit_rate(changes)
    redis_h, redis_m = (hits_after[0] - hits_before[0], hits_after[1] - hits_before[1])
    routes = metrics.handler_times(changes)
    answered_per_s = figures.in_window / (window_end - start)
    row = {
        "rate": rate, "seconds": round(window_end - start, 1), **asdict(figures),
        "answered_per_s": answered_per_s, "error_rate": figures.error_rate,
        "extra_posts": traffic.extra_posts, "cache_hit_rate": hit_rate, "caches": per_cache,
        "redis_hit_rate": redis_h / (redis_h + redis_m) if redis_h + redis_m else None,
        "cpu_percent": {k: 100 * v / wall for k, v in cpu.items()},
        "cpu_ms_per_turn": {k: 1000 * v / max(1, figures.offered) for k, v in cpu.items()},
        "python_routes_ms": {r: (n, round(1000 * m, 2)) for r, (n, m) in routes.items()
                             if not r.startswith(NOT_TURN_ROUTES)},
        "rate_limited": metrics.counter(changes, "bmc_rate_limit_rejections_total"),
        "load_average": os.getloadavg(),
    }  # fmt: skip
    print(f"rate {rate:>5} /s: answered {answered_per_s:5.2f}/s, p50 {figures.p50:7.0f} ms, "
          f"p95 {figures.p95:7.0f} ms, p99 {figures.p99:7.0f} ms, errors {figures.errors}/"
          f"{figures.offered}, cpu% " + ", ".join(f"{k} {v:.0f}" for k, v in
                                                   row["cpu_percent"].items()),
          flush=True)  # fmt: skip
    print(f"   python routes (count, mean ms): {row['python_routes_ms']}", flush=True)
    return row


async def sweep(args: argparse.Namespace) -> dict[str, Any]:
    options = TrafficOptions(think_s=args.think)
    results: dict[str, Any] = {"load_average_start": os.getloadavg(), "steps": []}
    n8n_env = dict(item.split("=", 1) for item in args.n8n_env)
    stack_options = StackOptions(
        stale_after_s=180,
        rate_limits=False,
        n8n_env=n8n_env,
        ingress=args.ingress,
        queue_workers=args.queue_workers,
    )
    results["n8n_env"] = n8n_env
    results["queue_workers"] = args.queue_workers
    with LoadStack(stack_options) as stack:
        results["baselines"] = baselines(stack, args.baseline_seconds, args.concurrency)
        await load_step(stack, 0, 1, 6, 20, options)  # warm-up: JIT, first quotes, sessions
        for step, rate in enumerate(args.rates, start=1):
            row = await load_step(stack, step, rate, args.seconds, args.drain, options)
            results["steps"].append(row)
            if row["answered_per_s"] < 0.8 * rate or row["p95"] > 10_000:
                print("saturated: stopping the sweep", flush=True)
                break
        if args.limits_step:
            stack.py.stop()
            stack.py.env = {**stack.py.env, "RATE_LIMITS_ENABLED": "true"}
            stack.py.start()
            print("rate limits ON (the shipped configuration):", flush=True)
            results["limits_step"] = await load_step(stack, 90, args.limits_rate, args.seconds,
                                                     args.drain, options)  # fmt: skip
    results["load_average_end"] = os.getloadavg()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rates", default="1,2,4,6,8",
                        type=lambda s: [float(r) for r in s.split(",")])  # fmt: skip
    parser.add_argument("--seconds", type=float, default=25)
    parser.add_argument("--drain", type=float, default=30)
    parser.add_argument("--think", type=float, default=8)
    parser.add_argument("--baseline-seconds", type=float, default=8)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--limits-step", action="store_true")
    parser.add_argument("--limits-rate", type=float, default=1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--queue-workers", type=int, default=0,
                        help="n8n queue mode with this many workers (0: regular)")  # fmt: skip
    parser.add_argument(
        "--ingress",
        action="store_true",
        help="send through the webhook ingress (the documented sweep goes to n8n)",
    )
    parser.add_argument(
        "--n8n-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra n8n environment (e.g. EXECUTIONS_DATA_SAVE_ON_SUCCESS=none)",
    )
    args = parser.parse_args()
    results = asyncio.run(sweep(args))
    if args.out:
        args.out.write_text(json.dumps(results, indent=1, default=str))
        print(f"wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
