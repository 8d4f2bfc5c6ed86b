"""What a webhook sender sees while n8n restarts: straight to n8n, and through the ingress.

Kills n8n, then posts a signed status update every 10 ms to n8n's webhook and to the ingress
while n8n starts again, and counts the answers (status, start of the body, X-Bmc-Ack). Straight
to n8n, some answers are n8n's own "200 n8n is starting up"; through the ingress there must be
no 2xx except the flow's "EVENT_RECEIVED" (docs/reliability.md).

Run: .venv/bin/python -m bench.load.startup_window [--restarts 3]
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections import Counter

import httpx

from bench.load.system import LoadStack, StackOptions
from tests.e2e.whatsapp import sign, status_update

POLL_EVERY_S = 0.01


def _poll(url: str, raw: bytes, headers: dict[str, str], stop: threading.Event) -> Counter[str]:
    seen: Counter[str] = Counter()
    with httpx.Client(timeout=5) as client:
        while not stop.is_set():
            try:
                response = client.post(url, content=raw, headers=headers)
                mark = response.headers.get("x-bmc-ack", "-")
                seen[f"{response.status_code} {response.text[:24]!r} ack={mark}"] += 1
            except httpx.HTTPError as error:
                seen[type(error).__name__] += 1
            time.sleep(POLL_EVERY_S)
    return seen


def restart_once(stack: LoadStack) -> dict[str, Counter[str]]:
    assert stack.n8n is not None
    raw = json.dumps(status_update("59899000001")).encode()
    headers = {"Content-Type": "application/json",
               "X-Hub-Signature-256": sign(stack.secrets.app_secret, raw)}  # fmt: skip
    targets = {
        "straight to n8n": stack.n8n.webhook_url("whatsapp"),
        "through the ingress": stack.webhook,
    }
    results: dict[str, Counter[str]] = {}
    stop = threading.Event()

    def run(name: str, url: str) -> None:
        results[name] = _poll(url, raw, headers, stop)

    stack.n8n.kill()
    threads = [threading.Thread(target=run, args=item) for item in targets.items()]
    for thread in threads:
        thread.start()
    stack.start_n8n()
    time.sleep(1.0)
    stop.set()
    for thread in threads:
        thread.join()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--restarts", type=int, default=3)
    args = parser.parse_args()
    with LoadStack(StackOptions(ingress=True)) as stack:
        for restart in range(1, args.restarts + 1):
            print(f"restart {restart}:", flush=True)
            for target, seen in restart_once(stack).items():
                answers = ", ".join(f"{count} x {answer}" for answer, count in seen.most_common())
                print(f"  {target}: {answers}", flush=True)


if __name__ == "__main__":
    main()
