"""The provisioned Grafana dashboard: layout, datasource, real metrics, valid PromQL.

No Grafana server can be installed on these machines (no Debian package), so the JSON is validated.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ops_infra.infra_helpers import MONITORING, require_tool
from tests.ops_infra.promql_names import EXTERNAL_METRICS, exported_metric_names, metric_names

GRAFANA = MONITORING / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))
PROMETHEUS_UID = "bmc-prometheus"
#: Operators' overview, and the business view BMC reads (issue: quotes, USD, hand-offs,
#: conversion, time to first reply, uptime and its error budget).
REQUIRED_TOPICS = {
    "bmc-bot-overview.json": [
        "requests", "latency", "quotes per hour", "cache hit rate", "rate-limit",
        "llm fallback", "dead letters",
    ],
    "bmc-bot-business.json": [
        "cotizaciones por hora", "usd cotizados", "pases a un vendedor", "embudo", "conversión",
        "tiempo hasta la respuesta", "disponibilidad", "presupuesto", "base de datos p95",
        "errores de los nodos python",
    ],
}  # fmt: skip
BY_NAME = pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)


def _panels(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["panels"])


def _exprs(path: Path) -> list[str]:
    """The PromQL queries (Loki panels hold LogQL and are checked apart)."""
    return [
        target["expr"]
        for panel in _panels(path)
        for target in panel["targets"]
        if target["datasource"]["uid"] == PROMETHEUS_UID
    ]


def test_every_dashboard_has_its_required_topics() -> None:
    assert sorted(REQUIRED_TOPICS) == [path.name for path in DASHBOARDS]


@BY_NAME
def test_dashboard_has_a_panel_for_every_required_topic(path: Path) -> None:
    titles = " | ".join(panel["title"].lower() for panel in _panels(path))

    missing = [topic for topic in REQUIRED_TOPICS[path.name] if topic not in titles]

    assert missing == []


@BY_NAME
def test_dashboard_panels_have_units_and_descriptions(path: Path) -> None:
    lacking = [
        panel["title"]
        for panel in _panels(path)
        if panel["type"] != "logs"
        and not panel.get("fieldConfig", {}).get("defaults", {}).get("unit")
    ]
    assert lacking == []


@BY_NAME
def test_dashboard_panel_ids_are_unique(path: Path) -> None:
    ids = [panel["id"] for panel in _panels(path)]

    assert len(ids) == len(set(ids))


@BY_NAME
def test_dashboard_panels_fit_the_grid_without_overlapping(path: Path) -> None:
    cells: dict[tuple[int, int], int] = {}
    overlaps = []
    outside = []
    for panel in _panels(path):
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


@BY_NAME
def test_dashboard_uses_the_provisioned_datasource(path: Path) -> None:
    provisioned = [
        source
        for file in (GRAFANA / "provisioning" / "datasources").glob("*.yml")
        for source in yaml.safe_load(file.read_text(encoding="utf-8"))["datasources"]
    ]
    uids = {source["uid"] for source in provisioned}
    used = {panel["datasource"]["uid"] for panel in _panels(path)} | {
        target["datasource"]["uid"] for panel in _panels(path) for target in panel["targets"]
    }

    assert used <= uids


def test_dashboard_provider_loads_the_folder_compose_mounts() -> None:
    provider = yaml.safe_load(
        (GRAFANA / "provisioning" / "dashboards" / "bmc-bot.yml").read_text(encoding="utf-8")
    )["providers"][0]
    compose = (MONITORING.parent / "compose" / "compose.monitoring.yml").read_text(encoding="utf-8")

    assert f"../monitoring/grafana/dashboards:{provider['options']['path']}:ro" in compose


def _recorded() -> set[str]:
    return {
        rule["record"]
        for file in (MONITORING / "prometheus" / "rules").glob("*.yml")
        for group in yaml.safe_load(file.read_text(encoding="utf-8"))["groups"]
        for rule in group["rules"]
        if "record" in rule
    }


@BY_NAME
def test_dashboard_queries_read_only_metrics_that_exist(path: Path) -> None:
    known = exported_metric_names() | EXTERNAL_METRICS | _recorded()

    unknown = {name for expr in _exprs(path) for name in metric_names(expr)} - known

    assert unknown == set()


@BY_NAME
def test_dashboard_queries_are_valid_promql(path: Path, tmp_path: Path) -> None:
    promtool = require_tool("promtool", "prometheus")
    queries = _exprs(path)
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:query_{index}", "expr": expr} for index, expr in enumerate(queries)
    ]}]}  # fmt: skip
    checked = tmp_path / "dashboard-queries.yml"
    checked.write_text(yaml.safe_dump(rules), encoding="utf-8")

    result = subprocess.run(
        [promtool, "check", "rules", str(checked)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
