"""The provisioned Grafana dashboard: layout, datasource, real metrics, valid PromQL.

No Grafana server can be installed on these machines (no Debian package), so the JSON is validated.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml
from infra_helpers import MONITORING, require_tool
from promql_names import EXTERNAL_METRICS, exported_metric_names, metric_names

GRAFANA = MONITORING / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "bmc-bot-overview.json"
REQUIRED_TOPICS = [
    "requests",
    "latency",
    "quotes per hour",
    "cache hit rate",
    "rate-limit",
    "llm fallback",
    "dead letters",
]


def _dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return loaded


def _panels() -> list[dict[str, Any]]:
    return list(_dashboard()["panels"])


def _exprs() -> list[str]:
    return [target["expr"] for panel in _panels() for target in panel["targets"]]


def test_dashboard_has_a_panel_for_every_required_topic() -> None:
    titles = " | ".join(panel["title"].lower() for panel in _panels())

    missing = [topic for topic in REQUIRED_TOPICS if topic not in titles]

    assert missing == []


def test_dashboard_panel_ids_are_unique() -> None:
    ids = [panel["id"] for panel in _panels()]

    assert len(ids) == len(set(ids))


def test_dashboard_panels_fit_the_grid_without_overlapping() -> None:
    cells: dict[tuple[int, int], int] = {}
    overlaps = []
    outside = []
    for panel in _panels():
        grid = panel["gridPos"]
        if not (grid["x"] >= 0 and grid["w"] > 0 and grid["h"] > 0 and grid["x"] + grid["w"] <= 24):
            outside.append(panel["id"])
        for x in range(grid["x"], grid["x"] + grid["w"]):
            for y in range(grid["y"], grid["y"] + grid["h"]):
                if (x, y) in cells:
                    overlaps.append((cells[(x, y)], panel["id"]))
                cells[(x, y)] = panel["id"]

    assert outside == []
    assert overlaps == []


def test_dashboard_uses_the_provisioned_datasource() -> None:
    provisioned = yaml.safe_load(
        (GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text(encoding="utf-8")
    )["datasources"]
    uids = {source["uid"] for source in provisioned}
    used = {panel["datasource"]["uid"] for panel in _panels()} | {
        target["datasource"]["uid"] for panel in _panels() for target in panel["targets"]
    }

    assert used <= uids


def test_dashboard_provider_loads_the_folder_compose_mounts() -> None:
    provider = yaml.safe_load(
        (GRAFANA / "provisioning" / "dashboards" / "bmc-bot.yml").read_text(encoding="utf-8")
    )["providers"][0]
    compose = (MONITORING.parent / "compose" / "compose.monitoring.yml").read_text(encoding="utf-8")

    assert f"../monitoring/grafana/dashboards:{provider['options']['path']}:ro" in compose


def test_dashboard_queries_read_only_metrics_that_exist() -> None:
    known = exported_metric_names() | EXTERNAL_METRICS

    unknown = {name for expr in _exprs() for name in metric_names(expr)} - known

    assert unknown == set()


def test_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    promtool = require_tool("promtool", "prometheus")
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:query_{index}", "expr": expr} for index, expr in enumerate(_exprs())
    ]}]}  # fmt: skip
    path = tmp_path / "dashboard-queries.yml"
    path.write_text(yaml.safe_dump(rules), encoding="utf-8")

    result = subprocess.run(
        [promtool, "check", "rules", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
