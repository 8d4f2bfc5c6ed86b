"""Where one request's CPU goes: the project's app called through ASGI, in process, under cProfile.

    .venv/bin/python -m bench.profile_app quotes [--requests 2000] [--top 25]

Endpoints as in ``bench_http.py`` (bare, live, signature, quotes, ai). No server and no client: the
app's ASGI callable gets a scope and the body, so every sampled microsecond is the app's (the
event loop's own share is listed under ``asyncio``). Prints the time per request, the share by
package of the event-loop thread, and the functions with the most cumulative and own time. The
embedded store runs its calls on its own thread, which cProfile does not see: its share is the
"other threads" CPU, read from ``/proc/self/task`` over an unprofiled pass.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.bench_http import APP_SECRET, CONVERSATION, PHONES, QUOTE, WEBHOOK
from bench.harness import API_KEY
from bench.load.bare_app import app as bare_app
from py_nodes.core.config import Settings
from py_nodes.main import create_app
from py_nodes.security.signature import sign

GROUPS = ("montydb", "sqlite3", "pydantic", "fastapi", "starlette", "prometheus",
          "py_nodes", "asyncio", "json", "logging")  # fmt: skip


def requests_for(
    name: str, count: int, tag: str = ""
) -> list[tuple[str, str, list[tuple[bytes, bytes]], bytes]]:
    key = (b"x-api-key", API_KEY.encode())
    if name == "bare":
        return [("POST", "/echo", [], b"")] * count
    if name == "live":
        return [("GET", "/health/live", [], b"")] * count
    if name == "signature":
        body = WEBHOOK.encode()
        headers = [key, (b"content-type", b"application/octet-stream"),
                   (b"x-hub-signature-256", sign(body, APP_SECRET).encode())]  # fmt: skip
        return [("POST", "/security/whatsapp/signature", headers, body)] * count
    as_json = [key, (b"content-type", b"application/json")]
    if name == "quotes":
        return [("POST", "/quotes", as_json, QUOTE.encode())] * count
    turns = []
    for n in range(count):
        text = CONVERSATION[(n // PHONES) % len(CONVERSATION)]
        turn = {"message_id": f"wamid.profile{tag}.{n}", "phone": f"598990{n % PHONES:05d}",
                "text": text, "message_type": "text", "timestamp": 1_760_000_000 + n}  # fmt: skip
        turns.append(("POST", "/ai/respond", as_json, json.dumps(turn).encode()))
    return turns


def thread_cpu() -> dict[int, float]:
    """CPU seconds of each of this process's threads (``/proc/self/task``)."""
    ticks = os.sysconf("SC_CLK_TCK")
    result = {}
    for task in Path("/proc/self/task").iterdir():
        raw = (task / "stat").read_text()
        fields = raw[raw.rindex(")") + 2 :].split()
        result[int(task.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return result


async def call(app: Any, method: str, path: str, headers: list[Any], body: bytes) -> int:
    headers = [*headers, (b"host", b"bench"), (b"content-length", str(len(body)).encode())]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "headers": headers, "client": ("127.0.0.1", 5000),
             "server": ("127.0.0.1", 8000)}  # fmt: skip
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def run(name: str, count: int, top: int) -> None:
    with tempfile.TemporaryDirectory(prefix="profile-") as data_dir:
        settings = Settings(env="test", data_dir=Path(data_dir), log_level="WARNING",
                            api_keys=API_KEY, whatsapp_app_secrets=APP_SECRET,
                            rate_limits_enabled=False)  # fmt: skip
        app = bare_app if name == "bare" else create_app(settings)
        async with app.router.lifespan_context(app):
            for request in requests_for(name, 200, "warm"):  # warm-up
                await call(app, *request)
            started, threads_before = time.process_time(), thread_cpu()
            for request in requests_for(name, count, "plain"):
                await call(app, *request)
            plain_cpu = time.process_time() - started
            by_thread = {
                tid: seconds - threads_before.get(tid, 0.0) for tid, seconds in thread_cpu().items()
            }
            work = requests_for(name, count, "profiled")
            profiler = cProfile.Profile()
            started = time.process_time()
            profiler.enable()
            statuses = [await call(app, *request) for request in work]
            profiler.disable()
            cpu = time.process_time() - started
    bad = [s for s in statuses if s >= 400]
    if bad:
        raise SystemExit(f"{len(bad)} requests failed, e.g. {bad[0]}")
    print(
        f"{name}: {1000 * plain_cpu / count:.3f} ms CPU per request in process "
        f"({1000 * cpu / count:.3f} under cProfile), {count} requests"
    )
    main_tid = threading.get_native_id()
    others = sum(t for tid, t in by_thread.items() if tid != main_tid)
    print(
        f"  event-loop thread {1000 * by_thread.get(main_tid, 0.0) / count:.3f} ms, other "
        f"threads (the embedded store's, thread-pool hops) {1000 * others / count:.3f} ms"
    )
    stats = pstats.Stats(profiler)
    own: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _, function), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "epoll" in function:
            continue  # the loop waiting for another thread (the store): not this thread's CPU
        group = next((g for g in GROUPS if f"/{g}/" in filename or f"/{g}." in filename), "other")
        if group == "other" and filename.startswith("~"):
            group = "builtins"
        own[group] += tottime
        total += tottime
    print("own time by package: " + ", ".join(
        f"{group} {100 * t / total:.0f} %" for group, t in sorted(own.items(), key=lambda x: -x[1])
    ))  # fmt: skip
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("endpoint", choices=["bare", "live", "signature", "quotes", "ai"])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    asyncio.run(run(args.endpoint, args.requests, args.top))


if __name__ == "__main__":
    main()
