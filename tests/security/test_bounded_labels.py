"""Metric labels from request bodies stay bounded (issue 12, item 5)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from py_nodes.core.labels import OTHER, BoundedLabel

KEY = {"X-API-Key": "test-key-current"}


def flow_series() -> set[str]:
    return {
        sample.labels["flow"]
        for metric in REGISTRY.collect()
        if metric.name == "bmc_dead_letters"
        for sample in metric.samples
        if "flow" in sample.labels
    }


def test_dead_letter_metric_label_does_not_grow_with_request_bodies(client: TestClient) -> None:
    for number in range(60):
        letter = {"execution_id": str(number), "workflow": f"forged-{number}", "node": "x",
                  "message": "m", "payload_ref": "r"}  # fmt: skip
        assert client.post("/ops/dead-letters", json=letter, headers=KEY).status_code == 201
    weird = {"execution_id": "x", "workflow": "a\nb" * 40, "node": "x", "message": "m",
             "payload_ref": "r"}  # fmt: skip
    client.post("/ops/dead-letters", json=weird, headers=KEY)

    series = flow_series()
    assert len(series) <= 26
    assert OTHER in series


def test_bounded_label_keeps_known_values_and_folds_the_rest() -> None:
    label = BoundedLabel(limit=2)

    assert [label(v) for v in ("a", "b", "c", "a", "bad\nvalue")] == ["a", "b", OTHER, "a", OTHER]
