"""Scrape the Python nodes' ``/metrics`` and turn two scrapes into per-step figures."""

from __future__ import annotations

from collections import defaultdict

import httpx
from prometheus_client.parser import text_string_to_metric_families

Sample = tuple[str, tuple[tuple[str, str], ...]]
Scrape = dict[Sample, float]


def scrape(base_url: str) -> Scrape:
    """Every sample of ``/metrics`` (empty when the nodes are down)."""
    try:
        text = httpx.get(base_url + "/metrics", timeout=10).text
    except httpx.HTTPError:
        return {}
    samples: Scrape = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def delta(before: Scrape, after: Scrape) -> Scrape:
    """after - before; a counter that went down (process restarted) counts from zero."""
    result: Scrape = {}
    for key, value in after.items():
        previous = before.get(key, 0.0)
        result[key] = value - previous if value >= previous else value
    return result


def by_label(samples: Scrape, name: str, label: str) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for (sample, labels), value in samples.items():
        if sample == name:
            totals[dict(labels).get(label, "")] += value
    return dict(totals)


def handler_times(samples: Scrape) -> dict[str, tuple[int, float]]:
    """Per route: (requests, mean seconds) from the Python nodes' per-handler histogram."""
    sums = by_label(samples, "http_request_duration_seconds_sum", "handler")
    counts = by_label(samples, "http_request_duration_seconds_count", "handler")
    return {h: (int(counts[h]), sums[h] / counts[h]) for h in sums if counts.get(h)}


def cache_hit_rate(samples: Scrape) -> tuple[float | None, dict[str, tuple[int, int]]]:
    """Overall hit share and (hits, misses) per cache name."""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (sample, labels), value in samples.items():
        if sample == "bmc_cache_requests_total":
            fields = dict(labels)
            per[fields["cache"]][0 if fields["result"] == "hit" else 1] += int(value)
    hits = sum(h for h, _ in per.values())
    total = hits + sum(m for _, m in per.values())
    return (hits / total if total else None), {k: (v[0], v[1]) for k, v in per.items()}


def counter(samples: Scrape, name: str, **labels: str) -> float:
    wanted = set(labels.items())
    return sum(v for (s, lab), v in samples.items() if s == name and wanted <= set(lab))
