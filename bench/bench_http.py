"""The Python nodes' HTTP speed against a bare FastAPI app, driven by wrk, in the same run.

    .venv/bin/python -m bench.bench_http [--seconds 8] [--connections 16] [--rounds 3]
                                         [--only bare,live,signature,quotes,ai]

Two servers under uvicorn (one process each): the bare app (``bench/load/bare_app.py``,
``POST /echo``) and the project's app with every node (embedded stores in a temp dir, rate limits
off). Each round runs wrk (one thread, ``--connections``, ``--seconds``) on every endpoint back to
back, so each ratio compares runs seconds apart; ``--rounds`` rounds give the spread. Endpoints:

- ``live``: ``GET /health/live``, the project's cheapest route (all of its middleware);
- ``signature``: ``POST /security/whatsapp/signature``, a 1.3 KB webhook with a valid signature;
- ``quotes``: ``POST /quotes``, Example A (ISODEC EPS 100 mm, 5.0 x 5.6 m) priced, numbered,
  stored on the embedded store and rendered;
- ``ai``: ``POST /ai/respond`` on the rules path, 60 phones x a 5-turn conversation, turn-major,
  every message id new.

Prints req/s, p50/p99, the ratios to bare and to ``/health/live`` (median and min-max over the
rounds), the server's CPU per request (``/proc``) and its ratio to bare's, which does not depend
on how much of a core the server got on a shared machine, and the CPU % of a core the server and
wrk used: wrk far below the server and below 100 % means wrk was not the limit.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from bench.harness import API_KEY, Server, bare_server, machine_line, node_server
from bench.wrk_runner import WrkResult, lua_string, run_wrk, static_request

APP_SECRET = "bench-app-secret"  # pragma: allowlist secret
MESSAGE = "Hola, ¿cuánto sale el panel ISODEC de 100 mm para un techo de 8 × 5 m? 👍 Gracias"
WEBHOOK = json.dumps(
    {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
     "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "10987654321"},
               "contacts": [{"profile": {"name": "Martín Pérez"}, "wa_id": "59899123456"}],
               "messages": [{"from": "59899123456", "id": "wamid." + "A" * 40,
                             "timestamp": "1767225600", "type": "text",
                             "text": {"body": MESSAGE * 10}}]}}]}]},
    ensure_ascii=False,
)  # fmt: skip
QUOTE = json.dumps({
    "scenario": "solo_techo",
    "roof": {"product": "ISODEC_EPS", "thickness_mm": 100, "color": "Blanco",
             "zones": [{"length_m": "5.0", "width_m": "5.6"}]},
    "delivery": {"pickup": True},
    "customer": {"phone": "59899123456", "name": "Bench"},
    "origin": "WA",
})  # fmt: skip
CONVERSATION = ("Hola, quiero cotizar Isodec", "de 100 mm para techo", "10,5 x 4 metros",
                "soy de Montevideo", "gracias, chau")  # fmt: skip
PHONES = 60
AIMS = {"live": 0.85, "signature": 0.7, "quotes": 0.2, "ai": 0.2}


def ai_script() -> str:
    """Each request the next turn: phone = n mod 60, turn = n div 60 mod 5, a new message id."""
    texts = ", ".join(lua_string(json.dumps(text, ensure_ascii=False)) for text in CONVERSATION)
    body = ('{"message_id":"wamid.bench.%d","phone":"598990%05d","text":%s,'
            '"message_type":"text","timestamp":%d}')  # fmt: skip
    return f"""
local texts = {{{texts}}}
local headers = {{["Content-Type"] = "application/json", ["X-API-Key"] = "{API_KEY}"}}
local n = 0
request = function()
  local phone = n % {PHONES}
  local turn = math.floor(n / {PHONES}) % #texts
  n = n + 1
  local body = string.format({lua_string(body)}, n, phone, texts[turn + 1], 1760000000 + n)
  return wrk.format("POST", "/ai/respond", headers, body)
end
"""


@dataclass(frozen=True)
class Endpoint:
    name: str
    label: str
    path: str
    script: Callable[[], str]
    bare: bool = False


def endpoints() -> list[Endpoint]:
    from py_nodes.security.signature import sign

    signed = {"Content-Type": "application/octet-stream", "X-API-Key": API_KEY,
              "X-Hub-Signature-256": sign(WEBHOOK.encode(), APP_SECRET)}  # fmt: skip
    as_json = {"Content-Type": "application/json", "X-API-Key": API_KEY}
    return [
        Endpoint("bare", "bare FastAPI POST /echo", "/echo",
                 lambda: static_request("POST"), bare=True),
        Endpoint("live", "GET /health/live", "/health/live", lambda: static_request("GET")),
        Endpoint("signature", "POST /security/whatsapp/signature",
                 "/security/whatsapp/signature",
                 lambda: static_request("POST", WEBHOOK, signed)),
        Endpoint("quotes", "POST /quotes", "/quotes",
                 lambda: static_request("POST", QUOTE, as_json)),
        Endpoint("ai", "POST /ai/respond", "/ai/respond", ai_script),
    ]  # fmt: skip


def spread(values: list[float], fmt: str = ",.0f") -> str:
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{mid:{fmt}} ({low:{fmt}}–{high:{fmt}})"


def ratios(runs: dict[str, list[WrkResult]], name: str, base: str) -> list[float]:
    """Per round, this endpoint's req/s over ``base``'s (the two ran seconds apart)."""
    pairs = zip(runs[name], runs.get(base, []), strict=False)
    return [result.rate / baseline.rate for result, baseline in pairs]


def report(runs: dict[str, list[WrkResult]], chosen: list[Endpoint]) -> None:
    rounds = len(next(iter(runs.values())))
    print("| endpoint | req/s | p50 / p99 ms | ratio to bare | ratio to /health/live | server "
          "CPU ms/req | CPU ratio to bare | server / wrk CPU % | aim (CPU ratio) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    bare_cpu = [r.server_cpu_ms_per_request for r in runs.get("bare", [])]
    for endpoint in chosen:
        results = runs[endpoint.name]
        to_bare, to_live = ratios(runs, endpoint.name, "bare"), ratios(runs, endpoint.name, "live")
        cpu = [r.server_cpu_ms_per_request for r in results]
        cpu_ratio = [b / c for b, c in zip(bare_cpu, cpu, strict=False)]
        aim = AIMS.get(endpoint.name)
        verdict = "–"
        if aim is not None and cpu_ratio:
            # Judged on the CPU ratio: on a shared machine the req/s ratio follows the neighbours.
            verdict = f"≥ {aim}: {'met' if statistics.median(cpu_ratio) >= aim else 'missed'}"
        p50 = statistics.median(r.p50_ms for r in results)
        p99 = statistics.median(r.p99_ms for r in results)
        server_pct = statistics.median(100 * r.server_cpu_s / r.seconds for r in results)
        wrk_pct = statistics.median(100 * r.wrk_cpu_s / r.seconds for r in results)
        print(
            f"| {endpoint.label} | {spread([r.rate for r in results])} | {p50:.2f} / {p99:.2f} | "
            f"{spread(to_bare, '.2f') if to_bare else '–'} | "
            f"{spread(to_live, '.2f') if to_live else '–'} | {spread(cpu, '.3f')} | "
            f"{spread(cpu_ratio, '.2f') if cpu_ratio else '–'} | "
            f"{server_pct:.0f} / {wrk_pct:.0f} | {verdict} |"
        )
    print(f"median (min–max) over {rounds} rounds; each round runs the endpoints back to back")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="bare,live,signature,quotes,ai")
    args = parser.parse_args()
    wanted = args.only.split(",")
    chosen = [e for e in endpoints() if e.name in wanted]
    runs: dict[str, list[WrkResult]] = {e.name: [] for e in chosen}
    env = {"WHATSAPP_APP_SECRETS": APP_SECRET}
    with bare_server() as bare, node_server(["quote", "ai", "security", "ops"], env) as app:

        def once(endpoint: Endpoint, seconds: float) -> WrkResult:
            server: Server = bare if endpoint.bare else app
            return run_wrk(server.base + endpoint.path, endpoint.script(), server.pid, seconds,
                           args.connections)  # fmt: skip

        for endpoint in chosen:  # warm-up: imports, caches, the catalog, JIT-free but lazy paths
            once(endpoint, 2)
        print(machine_line())
        for _ in range(args.rounds):
            for endpoint in chosen:
                runs[endpoint.name].append(once(endpoint, args.seconds))
        print(f"wrk -t1 -c{args.connections} -d{args.seconds:g}s per endpoint and round")
        report(runs, chosen)
        print(machine_line())


if __name__ == "__main__":
    main()
