"""Figures of a fault run by time window: turn latency, and per LLM phase the breaker's story."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from bench.load.measure import turn_figures
from bench.load.traffic import Turn

if TYPE_CHECKING:
    from bench.load.faults import FaultRun


def window_figures(turns: list[Turn], start: float, end: float) -> dict[str, Any]:
    """Latency and errors of the turns sent between ``start`` and ``end`` (monotonic)."""
    chosen = [t for t in turns if start <= t.sent_at < end]
    return asdict(turn_figures(chosen, end))


def llm_report(run: FaultRun, started: float) -> list[dict[str, Any]]:
    """Per LLM phase: outcomes, replies by source, turn latency, breaker open/close times."""
    phases, report = run.timeline, []
    marks = [(0.0, "ok")] + [(f["at_s"], f["fault"]) for f in run.faults]
    for index, (begin, name) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else phases[-1]["t"]
        inside = [s for s in phases if begin <= s["t"] <= end]
        if len(inside) < 2:
            continue
        first, last = inside[0], inside[-1]
        diff = {k: last["llm"].get(k, 0) - first["llm"].get(k, 0) for k in last["llm"]}
        source = {k: last["replies"].get(k, 0) - first["replies"].get(k, 0)
                  for k in last["replies"]}  # fmt: skip
        opened = next((s["t"] for s in inside if s["llm"].get("circuit_open", 0) >
                       first["llm"].get("circuit_open", 0)), None)  # fmt: skip
        ok_again = next((s["t"] for s in inside if s["llm"].get("ok", 0) >
                         first["llm"].get("ok", 0)), None)  # fmt: skip
        report.append({
            "phase": name, "from_s": begin, "to_s": end, "llm_outcomes": diff,
            "replies_by_source": source,
            "breaker_first_open_after_s": None if opened is None else round(opened - begin, 1),
            "first_llm_ok_after_s": None if ok_again is None else round(ok_again - begin, 1),
            "turns": window_figures(run.turns, started + begin, started + end),
        })  # fmt: skip
    return report
