"""Markdown tables from the JSON the sweep and fault runs write (``--out FILE``).

Run: .venv/bin/python -m bench.load.tables FILE.json [FILE.json ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _ms(value: float) -> str:
    return "–" if value != value else f"{value:,.0f}"  # NaN: no sample


def sweep_tables(data: dict[str, Any]) -> list[str]:
    lines = ["| baseline (closed loop, 8 clients) | req/s | p50 ms | p95 ms | p99 ms |",
             "|---|---|---|---|---|"]  # fmt: skip
    for base in data["baselines"]:
        lines.append(f"| {base['name']} | {base['per_s']:,.0f} | {base['p50']:.1f} | "
                     f"{base['p95']:.1f} | {base['p99']:.1f} |")  # fmt: skip
    lines += ["", "| offered turns/s | answered turns/s | p50 ms | p95 ms | p99 ms | errors | "
              "CPU % n8n | CPU % Python | CPU % Redis | CPU % driver+fakes | n8n CPU ms/turn | "
              "Python CPU ms/turn | cache hit rate (named caches) | Redis keyspace hit rate |",
              "|" + "---|" * 14]  # fmt: skip
    steps = list(data["steps"]) + ([data["limits_step"]] if "limits_step" in data else [])
    for step in steps:
        cpu, per = dict(step["cpu_percent"]), dict(step["cpu_ms_per_turn"])
        for figures in (cpu, per):  # queue mode meters each n8n process: n8n is their sum
            figures["n8n"] = sum(v for k, v in figures.items() if k.startswith("n8n"))
        hit, named = step["redis_hit_rate"], step["cache_hit_rate"]
        label = f"{step['rate']:g}" + (" (rate limits on)" if step is data.get("limits_step")
                                        else "")  # fmt: skip
        lines.append(
            f"| {label} | {step['answered_per_s']:.2f} | {_ms(step['p50'])} | "
            f"{_ms(step['p95'])} | {_ms(step['p99'])} | {step['errors']}/{step['offered']} | "
            f"{cpu['n8n']:.0f} | {cpu['python-nodes']:.0f} | {cpu['redis']:.1f} | "
            f"{cpu['driver+fakes']:.0f} | {per['n8n']:.0f} | {per['python-nodes']:.0f} | "
            f"{'–' if named is None else f'{named:.0%}'} | {'–' if hit is None else f'{hit:.0%}'} |"
        )
    lines += ["", "| offered turns/s | Python route: calls, mean ms |", "|---|---|"]
    for step in steps:
        routes = ", ".join(f"`{r}` {n} × {m:g}" for r, (n, m) in
                           sorted(step["python_routes_ms"].items()))  # fmt: skip
        lines.append(f"| {step['rate']:g} | {routes} |")
    return lines


def fault_tables(runs: list[dict[str, Any]]) -> list[str]:
    lines = ["| scenario | sent | acknowledged | answered once | dead-lettered | lost | "
             "answered twice | inbox states | dead-letter records | settle s |",
             "|" + "---|" * 10]  # fmt: skip
    for run in runs:
        a = run["account"]
        letters = "; ".join(f"{k}: {v}" for k, v in a["dead_letters_by_node"].items()) or "0"
        lines.append(
            f"| {run['scenario']} | {a['sent']} | {a['acknowledged']} | {a['answered_once']} | "
            f"{a['dead_lettered']} | {a['lost']} | {a['answered_twice']} | "
            f"{a['inbox_states']} | {letters} | {run['settle_s']} |"
        )
    lines += ["", "| fault | turns sent around it | p50 ms | p99 ms | slowest ms |",
              "|---|---|---|---|---|"]  # fmt: skip
    for run in runs:
        for row in run["around_faults"]:
            lines.append(f"| {row['fault']} | {row['offered']} | {_ms(row['p50'])} | "
                         f"{_ms(row['p99'])} | {_ms(row['worst'])} |")  # fmt: skip
    for run in runs:
        if "llm_phases" not in run:
            continue
        lines += ["", f"LLM timeout: {run.get('llm_timeout_s', '?')}", "",
                  "| LLM phase | from–to s | LLM calls by outcome | replies by source | "
                  "breaker refusing after s | first LLM ok after s | p50 ms | p95 ms | errors |",
                  "|" + "---|" * 9]  # fmt: skip
        for phase in run["llm_phases"]:
            outcomes = ", ".join(f"{k} {v:g}" for k, v in phase["llm_outcomes"].items() if v)
            sources = ", ".join(f"{k} {v:g}" for k, v in phase["replies_by_source"].items() if v)
            turns = phase["turns"]
            lines.append(
                f"| {phase['phase']} | {phase['from_s']:g}–{phase['to_s']:g} | {outcomes} | "
                f"{sources} | {phase['breaker_first_open_after_s'] or '–'} | "
                f"{phase['first_llm_ok_after_s'] or '–'} | {_ms(turns['p50'])} | "
                f"{_ms(turns['p95'])} | {turns['errors']} |"
            )
    return lines


def main() -> None:
    for name in sys.argv[1:]:
        data = json.loads(Path(name).read_text())
        lines = fault_tables(data) if isinstance(data, list) else sweep_tables(data)
        print(f"<!-- {name} -->")
        print("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
