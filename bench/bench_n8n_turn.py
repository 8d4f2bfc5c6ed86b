"""One WhatsApp turn through real n8n against the bare n8n webhook -> respond flow, same run.

For each set of flows (the working tree's and, with ``--compare REV``, those of a git revision;
the Python nodes are the working tree's for both, so only the flows differ; a revision's flows
must call routes the working tree still lets n8n call: flows before 2026-11-28's
signed-deliveries recorded without a signature, which n8n's key may no longer do)
one stack runs: its own n8n 2.40.7 (SQLite, regular mode), Python nodes (uvicorn, one process),
fake Graph API and SMTP sink, all on loopback, all stacks at once. Each n8n also runs a bare
*Webhook -> Respond* flow, the baseline.

1. **Latency** (closed loop, one request at a time): rounds alternate the stacks (the order
   reversed every round); within a stack, each turn alternates with one bare request. A turn is
   timed from the signed POST to the reply text reaching the fake Graph API. The n8n process
   tree's CPU (``/proc``, utime + stime, task runner included) is read around each request: a
   turn's until its inbox entry is closed (the answer flow's last call), minus n8n's idle rate.
2. **wrk burst**: wrk (Debian's, native; one connection) posts ``--wrk-turns`` signed
   deliveries with new message ids as fast as n8n acknowledges them (then idles); n8n's CPU is
   read from the first post until every reply reached the fake Graph API (turns/s drained, CPU
   per turn under load). Then wrk drives the bare flow for ``--wrk-seconds`` (req/s, CPU per
   request). Each CPU figure has n8n's idle rate taken off.

Run: .venv/bin/python bench/bench_n8n_turn.py                     # about 5 minutes
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load.procs import cpu_seconds, python_nodes_process
from bench.load.system import ECHO_FLOW, ECHO_PATH
from bench.wrk_runner import DONE_HOOK, lua_string, static_request, wrk_binary
from tests.e2e.whatsapp import text_message
from workflows import EXPORT_DIR
from workflows.credentials import CredentialSecrets
from workflows.fake_graph import FakeGraph
from workflows.install import ensure_install, find_install
from workflows.processes import ManagedProcess
from workflows.runtime import N8nInstance
from workflows.smtp_sink import SmtpSink
from workflows.stack import StackSecrets, flow_env, free_port, python_nodes_env

ROOT = Path(__file__).resolve().parent.parent
EXPORT_REL = EXPORT_DIR.relative_to(ROOT)
CALLER_PATH = "bench-echo-subflow"
#: The bare flow plus what the inbound flow does per new message: start another execution
#: (*Execute Workflow*, not waited for) of a flow that does nothing: the cost of that hop.
CALLER_FLOW = {
    "id": "bmcBenchCaller01", "name": "Bench: webhook -> respond -> sub-flow", "active": False,
    "settings": {"executionOrder": "v1", "callerPolicy": "workflowsFromSameOwner"},
    "pinData": {}, "tags": [],
    "nodes": [
        {"id": "c1", "name": "Hook", "type": "n8n-nodes-base.webhook", "typeVersion": 2.1,
         "position": [0, 0], "webhookId": "0d6f3c1e-8a77-4d0e-9a51-0c6f1d2e7b02",
         "parameters": {"httpMethod": "POST", "path": CALLER_PATH,
                        "responseMode": "responseNode", "options": {}}},
        {"id": "c2", "name": "Respond", "type": "n8n-nodes-base.respondToWebhook",
         "typeVersion": 1.5, "position": [240, 0],
         "parameters": {"respondWith": "json", "responseBody": "={{ { ok: true } }}",
                        "options": {}}},
        {"id": "c3", "name": "Call", "type": "n8n-nodes-base.executeWorkflow",
         "typeVersion": 1.2, "position": [480, 0],
         "parameters": {"mode": "each", "options": {"waitForSubWorkflow": False},
                        "workflowId": {"__rl": True, "mode": "id",
                                       "value": "bmcBenchSubflow1"}}},
    ],
    "connections": {"Hook": {"main": [[{"node": "Respond", "type": "main", "index": 0}]]},
                    "Respond": {"main": [[{"node": "Call", "type": "main", "index": 0}]]}},
}  # fmt: skip
SUB_FLOW = {
    "id": "bmcBenchSubflow1", "name": "Bench: sub-flow that does nothing", "active": False,
    "settings": {"executionOrder": "v1", "callerPolicy": "workflowsFromSameOwner"},
    "pinData": {}, "tags": [],
    "nodes": [
        {"id": "s1", "name": "Called", "type": "n8n-nodes-base.executeWorkflowTrigger",
         "typeVersion": 1.1, "position": [0, 0], "parameters": {"inputSource": "passthrough"}},
    ],
    "connections": {},
}  # fmt: skip


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def signed(payload: dict[str, object], secret: str) -> tuple[bytes, str]:
    raw = json.dumps(payload, ensure_ascii=False).encode()
    return raw, "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def flows_at(revision: str, dest: Path) -> Path:
    """The exported flows as committed at ``revision`` (``git show``), in ``dest``."""
    dest.mkdir(parents=True)
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{revision}:{EXPORT_REL}"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    for name in (n for n in names if n.endswith(".json")):
        text = subprocess.run(
            ["git", "show", f"{revision}:{EXPORT_REL}/{name}"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        (dest / name).write_text(text)
    return dest


@dataclass
class Stack:
    """One n8n with one set of flows, its Python nodes, fake Graph API and SMTP sink."""

    name: str
    secrets: StackSecrets
    n8n: N8nInstance
    py: ManagedProcess
    py_url: str
    graph: FakeGraph
    idle_cpu_per_s: float = 0.0
    turns: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    turn_cpu: list[float] = field(default_factory=list)
    bare_cpu: list[float] = field(default_factory=list)

    def cpu(self) -> float:
        pid = self.n8n.process.pid if self.n8n.process else None
        return cpu_seconds(pid)

    def entry_state(self, client: httpx.Client, wamid: str) -> str:
        response = client.get(
            f"{self.py_url}/ops/inbox/{wamid}", headers={"X-API-Key": self.secrets.api_key}
        )
        return str(response.json().get("state")) if response.status_code == 200 else ""


@contextmanager
def running_stack(name: str, flows: Path, root: Path, n8n_env: dict[str, str]) -> Iterator[Stack]:
    install = find_install() or ensure_install()
    home = root / name
    flow_dir = home / "flows"
    shutil.copytree(flows, flow_dir)
    (flow_dir / f"{ECHO_PATH}.json").write_text(json.dumps(ECHO_FLOW))
    (flow_dir / f"{CALLER_PATH}.json").write_text(json.dumps(CALLER_FLOW))
    (flow_dir / "bench-subflow.json").write_text(json.dumps(SUB_FLOW))
    secrets = StackSecrets.generate(home / "secrets")
    py_port = free_port()
    py_env = python_nodes_env(home / "data", secrets, py_port)
    py_env.update(RATE_LIMITS_ENABLED="false", LOG_LEVEL="WARNING")
    with ExitStack() as stack:
        py = python_nodes_process(py_port, py_env, home)
        py.start()
        stack.callback(py.stop)
        graph, smtp = FakeGraph(secrets.graph_token).start(), SmtpSink().start()
        stack.callback(graph.stop)
        stack.callback(smtp.stop)
        py_url = f"http://127.0.0.1:{py_port}"
        env = flow_env(py_url, graph.base_url, smtp.port, n8n_env)
        n8n = N8nInstance(install, home / "n8n", free_port(), free_port(), env)
        n8n.provision(
            CredentialSecrets(secrets.api_key, secrets.graph_token, smtp_port=smtp.port), flow_dir
        )
        n8n.start(webhooks=("whatsapp", ECHO_PATH, CALLER_PATH))
        stack.callback(n8n.stop)
        yield Stack(name, secrets, n8n, py, py_url, graph)


def one_turn(stack: Stack, client: httpx.Client, phone: str) -> tuple[float, float]:
    """(ms to the reply at the Graph API, n8n CPU s until the inbox entry is closed)."""
    payload = text_message(phone, "Hola")
    wamid = str(payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"])
    raw, signature = signed(payload, stack.secrets.app_secret)
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    cpu_before, start = stack.cpu(), time.perf_counter()
    response = client.post(stack.n8n.webhook_url("whatsapp"), content=raw, headers=headers)
    if response.status_code != 200:
        raise SystemExit(f"{stack.name}: the webhook answered {response.status_code}")
    if not stack.graph.state.wait_for(lambda s: bool(s.texts_to(phone)), timeout=30):
        raise SystemExit(f"{stack.name}: no reply to {phone} within 30 s")
    elapsed = time.perf_counter() - start
    deadline = time.monotonic() + 10
    while stack.entry_state(client, wamid) != "done" and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.05)  # the execution saves its data after the last node
    spent = time.perf_counter() - start
    return elapsed * 1000, stack.cpu() - cpu_before - stack.idle_cpu_per_s * spent


def one_bare(stack: Stack, client: httpx.Client) -> tuple[float, float]:
    cpu_before, start = stack.cpu(), time.perf_counter()
    response = client.post(stack.n8n.webhook_url(ECHO_PATH), json={"a": 1})
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{stack.name}: the bare flow answered {response.status_code}")
    time.sleep(0.05)
    spent = time.perf_counter() - start
    return elapsed * 1000, stack.cpu() - cpu_before - stack.idle_cpu_per_s * spent


def measure_idle(stack: Stack, seconds: float = 3.0) -> None:
    before = stack.cpu()
    time.sleep(seconds)
    stack.idle_cpu_per_s = (stack.cpu() - before) / seconds


def latency_rounds(stacks: list[Stack], rounds: int, turns: int, warmup: int) -> None:
    with httpx.Client(timeout=30) as client:
        for stack in stacks:
            for index in range(warmup):
                one_turn(stack, client, f"5988{len(stack.name)}{index:06d}")
                one_bare(stack, client)
            measure_idle(stack)
        for round_no in range(rounds):
            order = stacks if round_no % 2 == 0 else list(reversed(stacks))
            for number, stack in enumerate(order):
                for index in range(turns):
                    phone = f"5989{round_no}{number}{index:05d}"
                    turn_ms, turn_cpu = one_turn(stack, client, phone)
                    bare_ms, bare_cpu = one_bare(stack, client)
                    stack.turns.append(turn_ms)
                    stack.turn_cpu.append(turn_cpu)
                    stack.bare.append(bare_ms)
                    stack.bare_cpu.append(bare_cpu)


BURST_LUA = """
local bodies = {%s}
-- wrk calls request() once more than it sends (to check the script), so the next body is
-- chosen by the answers received, not by the calls: one connection, one request at a time.
local answered = 0
request = function()
  local b = bodies[math.min(answered + 1, #bodies)]
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                                  ["X-Hub-Signature-256"] = b[2]}, b[1])
end
response = function(status, headers, body)
  answered = answered + 1
end
delay = function()
  if answered >= #bodies then return 3600000 end  -- every body sent: idle until wrk's time is up
  return 0
end
"""


def burst_script(bodies: list[tuple[bytes, str]]) -> str:
    """wrk's script sending each (raw body, signature) once, in order, then idling."""
    table = ",".join(f"{{{lua_string(raw.decode())}, {lua_string(sig)}}}" for raw, sig in bodies)
    return BURST_LUA % table + DONE_HOOK


def wrk_command(url: str, lua_path: str, seconds: float) -> list[str]:
    return [wrk_binary(), "-t1", "-c1", f"-d{seconds:g}s", "--timeout", "30s",
            "-s", lua_path, url]  # fmt: skip


def wrk_figures(stdout: str) -> dict[str, float]:
    line = next((x for x in stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no figures:\n{stdout}")
    data: dict[str, float] = json.loads(line.removeprefix("WRKJSON "))
    return data


@dataclass(frozen=True)
class Burst:
    turns: int
    turn_cpu_s: float
    drain_s: float
    ack_p50_ms: float
    bare: Bare
    caller: Bare


def wrk_burst(stack: Stack, count: int, tag: int, seconds: float) -> Burst:
    """``count`` signed deliveries (new ids) by wrk, then ``seconds`` of bare requests by wrk."""
    phones = [f"5987{tag}{index:06d}" for index in range(count)]
    bodies = [signed(text_message(phone, "Hola"), stack.secrets.app_secret) for phone in phones]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(burst_script(bodies))
    cpu_before, start = stack.cpu(), time.perf_counter()
    wrk = subprocess.Popen(
        wrk_command(stack.n8n.webhook_url("whatsapp"), lua.name, seconds),
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    answered, last_reply = 0, start
    while answered < count and time.perf_counter() - start < 300:
        now_answered = sum(1 for phone in phones if stack.graph.state.texts_to(phone))
        if now_answered > answered:
            answered, last_reply = now_answered, time.perf_counter()
        if wrk.poll() is not None and answered and time.perf_counter() - last_reply > 30:
            break  # wrk is done and nothing more arrives: fewer were sent than asked
        time.sleep(0.05)
    time.sleep(1.0)  # the last executions close their inbox entries and finish
    turn_cpu = stack.cpu() - cpu_before - stack.idle_cpu_per_s * (time.perf_counter() - start)
    stdout, _ = wrk.communicate(timeout=seconds + 60)
    os.unlink(lua.name)
    acks = wrk_figures(stdout)
    if int(acks["requests"]) < count or answered < count or acks["status_errors"]:
        print(f"{stack.name}: {int(acks['requests'])} of {count} deliveries sent, "
              f"{answered} answered, {int(acks['status_errors'])} not 2xx")  # fmt: skip
    bare = wrk_bare(stack, ECHO_PATH, seconds)
    caller = wrk_bare(stack, CALLER_PATH, seconds)
    return Burst(answered, turn_cpu, last_reply - start, acks["p50_us"] / 1000, bare, caller)


@dataclass(frozen=True)
class Bare:
    requests: int
    cpu_s: float
    seconds: float

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu_s / self.requests


def wrk_bare(stack: Stack, path: str, seconds: float) -> Bare:
    """wrk, one connection, ``seconds`` of the same POST to one of the bench's own flows."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(static_request("POST", '{"a": 1}', {"Content-Type": "application/json"}))
        lua.write(DONE_HOOK)
    cpu_before, start = stack.cpu(), time.perf_counter()
    result = subprocess.run(
        wrk_command(stack.n8n.webhook_url(path), lua.name, seconds),
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    )  # fmt: skip
    time.sleep(1.0)  # sub-flow executions still running
    spent = time.perf_counter() - start
    cpu = stack.cpu() - cpu_before - stack.idle_cpu_per_s * spent
    os.unlink(lua.name)
    figures = wrk_figures(result.stdout)
    if figures["status_errors"] or figures["socket_errors"]:
        raise SystemExit(f"wrk against {path} saw errors: {figures}")
    return Bare(int(figures["requests"]), cpu, figures["duration_us"] / 1e6)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def report_latency(stacks: list[Stack]) -> None:
    print("\nLatency, closed loop (ms); n8n CPU (ms of CPU, task runner included)")
    print(f"{'flows':>10} | {'bare p50/p95':>15} | {'turn p50/p95':>15} | {'ratio p50/p95':>13} | "
          f"{'CPU/bare':>8} | {'CPU/turn':>8} | CPU ratio")  # fmt: skip
    for s in stacks:
        b50, b95 = statistics.median(s.bare), percentile(s.bare, 0.95)
        t50, t95 = statistics.median(s.turns), percentile(s.turns, 0.95)
        cb = 1000 * statistics.mean(s.bare_cpu)
        ct = 1000 * statistics.mean(s.turn_cpu)
        ratios = f"{t50 / b50:4.2f}x / {t95 / b95:4.2f}x"
        print(f"{s.name:>10} | {b50:6.1f} / {b95:6.1f} | {t50:6.1f} / {t95:6.1f} | "
              f"{ratios} | {cb:8.1f} | {ct:8.1f} | {ct / cb:4.1f}x")  # fmt: skip
    print(f"({len(stacks[0].turns)} turns and bare requests per stack; aim: turn p50 <= 2x bare)")


def report_bursts(bursts: dict[str, Burst]) -> None:
    print("\nwrk (one connection): a burst of deliveries with new ids, n8n CPU until every reply")
    print("arrived; then the bare flow, then the bare flow + one sub-flow call, for the same time")
    for name, b in bursts.items():
        per_turn = 1000 * b.turn_cpu_s / b.turns
        print(
            f"{name:>10} | {b.turns} turns drained in {b.drain_s:5.1f} s "
            f"({b.turns / b.drain_s:4.1f}/s; ack p50 {b.ack_p50_ms:5.1f} ms) | "
            f"CPU/turn {per_turn:6.1f} ms | CPU ratio to bare {per_turn / b.bare.cpu_ms:4.1f}x"
        )
        print(f"{'':>10} | bare {b.bare.requests / b.bare.seconds:5.1f} req/s, CPU/request "
              f"{b.bare.cpu_ms:5.1f} ms | + sub-flow call "
              f"{b.caller.requests / b.caller.seconds:5.1f} req/s, {b.caller.cpu_ms:5.1f} ms "
              f"(the call: {b.caller.cpu_ms - b.bare.cpu_ms:5.1f} ms)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare", metavar="REV", help="also the flows of this git revision")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--turns", type=int, default=15, help="turns per stack per round")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--wrk-turns", type=int, default=60, help="0: no wrk burst")
    parser.add_argument("--wrk-seconds", type=float, default=30, help="per wrk run")
    parser.add_argument("--n8n-env", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    n8n_env = dict(item.split("=", 1) for item in args.n8n_env)
    root = Path(tempfile.mkdtemp(prefix="bench-n8n-turn-"))
    print(f"load average at start: {load_average()} (2 cores, shared with other sessions)")
    try:
        with ExitStack() as stack:
            flows = {"tree": EXPORT_DIR}
            if args.compare:
                flows[args.compare] = flows_at(args.compare, root / "flows-at-rev")
            stacks = [
                stack.enter_context(running_stack(name, path, root, n8n_env))
                for name, path in flows.items()
            ]
            latency_rounds(stacks, args.rounds, args.turns, args.warmup)
            print(f"load average after the latency rounds: {load_average()}")
            report_latency(stacks)
            if args.wrk_turns:
                bursts = {
                    s.name: wrk_burst(s, args.wrk_turns, n, args.wrk_seconds)
                    for n, s in enumerate(stacks)
                }
                print(f"load average after the wrk bursts: {load_average()}")
                report_bursts(bursts)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
