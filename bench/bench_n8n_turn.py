"""Latency of one WhatsApp turn through real n8n (webhook in -> reply at the fake Graph API),
p50/p95, against a bare n8n webhook -> respond flow measured in the same run.

Run: .venv/bin/python bench/bench_n8n_turn.py [--turns 40]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load.system import ECHO_FLOW, ECHO_PATH
from py_nodes.core.config import Settings
from py_nodes.main import create_app
from tests.e2e.whatsapp import post_signed, text_message
from workflows import EXPORT_DIR
from workflows.credentials import CredentialSecrets
from workflows.fake_graph import FakeGraph
from workflows.install import ensure_install, find_install
from workflows.runtime import N8nInstance
from workflows.smtp_sink import SmtpSink
from workflows.stack import StackSecrets, flow_env, free_port


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=40)
    args = parser.parse_args()
    install = find_install() or ensure_install()
    root = Path(tempfile.mkdtemp(prefix="bench-n8n-"))
    flows = root / "flows"
    shutil.copytree(EXPORT_DIR, flows)
    (flows / f"{ECHO_PATH}.json").write_text(json.dumps(ECHO_FLOW))
    secrets = StackSecrets.generate(root / "secrets")
    py_port = free_port()
    settings = Settings(
        env="test", data_dir=root / "data", log_level="WARNING", api_keys=secrets.api_key,
        whatsapp_app_secrets=secrets.app_secret, whatsapp_verify_token=secrets.verify_token,
        rate_limits_enabled=False,
    )  # fmt: skip
    server = uvicorn.Server(uvicorn.Config(create_app(settings), port=py_port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.1)
    graph, smtp = FakeGraph(secrets.graph_token).start(), SmtpSink().start()
    env = flow_env(f"http://127.0.0.1:{py_port}", graph.base_url, smtp.port, {})
    n8n = N8nInstance(install, root / "n8n", free_port(), free_port(), env)
    n8n.provision(
        CredentialSecrets(secrets.api_key, secrets.graph_token, smtp_port=smtp.port), flows
    )
    n8n.start(webhooks=("whatsapp", ECHO_PATH))
    try:
        turn, bare = [], []
        for index in range(args.turns + 3):
            phone = f"5989{index:07d}"
            start = time.perf_counter()
            post_signed(
                n8n.webhook_url("whatsapp"), text_message(phone, "Hola"), secrets.app_secret
            )
            graph.state.wait_for(lambda s, p=phone: bool(s.texts_to(p)), timeout=30)
            turn_s = time.perf_counter() - start
            start = time.perf_counter()
            httpx.post(n8n.webhook_url(ECHO_PATH), json={"a": 1}, timeout=30)
            bare_s = time.perf_counter() - start
            if index >= 3:  # warm-up
                turn.append(turn_s * 1000)
                bare.append(bare_s * 1000)
        t50, t95 = percentiles(turn)
        b50, b95 = percentiles(bare)
        print(f"n8n {install.root.name}, {args.turns} turns, loopback, 2-core machine")
        print(f"bare webhook -> respond : p50 {b50:7.1f} ms   p95 {b95:7.1f} ms")
        print(f"WhatsApp turn (to reply): p50 {t50:7.1f} ms   p95 {t95:7.1f} ms")
        print(
            f"ratio turn/bare         : p50 {t50 / b50:5.1f}x  p95 {t95 / b95:5.1f}x  (aim <= 2x)"
        )
    finally:
        n8n.stop()
        graph.stop()
        smtp.stop()
        server.should_exit = True
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
