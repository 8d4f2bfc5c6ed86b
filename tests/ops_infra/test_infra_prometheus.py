"""Prometheus config, alert rules (and their unit tests) and Alertmanager config."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ops_infra.infra_helpers import MONITORING, REPO, require_tool
from tests.ops_infra.promql_names import EXTERNAL_METRICS, exported_metric_names, metric_names

PROMETHEUS = MONITORING / "prometheus"
RULE_FILES = sorted((PROMETHEUS / "rules").glob("*.yml"))
RULE_TESTS = sorted((PROMETHEUS / "tests").glob("*.test.yml"))
#: The improvement plan's targets and the failures the system must page on.
REQUIRED_ALERTS = {
    "ApiLatencyP95High",
    "ApiErrorBudgetBurnFast",
    "ApiErrorBudgetBurnSlow",
    "StoreLatencyP95High",
    "CacheHitRateLow",
    "LlmCircuitOpen",
    "GraphApiUnreachable",
    "WhatsAppSendsFailing",
    "UptimeBudgetBurnFast",
    "UptimeBudgetBurnSlow",
    "CertificateExpiresSoon",
    "BackupStale",
    "ContainerRestarting",
    "ContainerMemoryNearLimit",
    "HostCpuHigh",
    "HostMemoryLow",
    "RateLimitRejectionsHigh",
    "SignatureFailuresSpike",
    "DeadLettersGrowing",
    "N8nExecutionsFailing",
    "MongoDBDown",
    "RedisDown",
    "QdrantDown",
    "DiskSpaceLow",
}


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), capture_output=True, text=True, timeout=120, cwd=cwd, check=False
    )


def _rules() -> list[dict[str, Any]]:
    """Every alerting and recording rule of every rule file."""
    groups = [
        group
        for path in RULE_FILES
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
    ]
    return [rule for group in groups for rule in group["rules"]]


def _alerts() -> list[dict[str, Any]]:
    return [rule for rule in _rules() if "alert" in rule]


def test_prometheus_config_is_valid(tmp_path: Path) -> None:
    promtool = require_tool("promtool", "prometheus")
    # The container paths (secret file, rules folder) are pointed at real files for the check.
    (tmp_path / "qdrant_api_key").write_text("check-only", encoding="utf-8")
    config = (PROMETHEUS / "prometheus.yml").read_text(encoding="utf-8")
    config = config.replace("/run/secrets/qdrant_api_key", str(tmp_path / "qdrant_api_key"))
    config = config.replace("/etc/prometheus/rules", str(PROMETHEUS / "rules"))
    (tmp_path / "prometheus.yml").write_text(config, encoding="utf-8")

    result = _run(promtool, "check", "config", str(tmp_path / "prometheus.yml"))

    assert result.returncode == 0, result.stdout + result.stderr
    found = sum(int(n) for n in re.findall(r"SUCCESS: (\d+) rules found", result.stdout))
    assert found == len(_rules())


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_alert_rules_are_valid(path: Path) -> None:
    promtool = require_tool("promtool", "prometheus")

    result = _run(promtool, "check", "rules", str(path))

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", RULE_TESTS, ids=lambda p: p.name)
def test_alert_rules_pass_their_unit_tests(path: Path) -> None:
    promtool = require_tool("promtool", "prometheus")

    result = _run(promtool, "test", "rules", str(path.relative_to(PROMETHEUS)), cwd=PROMETHEUS)

    assert result.returncode == 0, result.stdout + result.stderr


def test_every_rule_file_has_its_unit_tests() -> None:
    tested = {
        Path(rule_file).name
        for path in RULE_TESTS
        for rule_file in yaml.safe_load(path.read_text(encoding="utf-8"))["rule_files"]
    }
    assert tested == {path.name for path in RULE_FILES}


def test_alert_rules_cover_every_required_alert() -> None:
    alerts = {rule["alert"] for rule in _alerts()}

    assert alerts >= REQUIRED_ALERTS


def test_every_alert_has_a_unit_test_where_it_fires() -> None:
    cases = [
        case
        for path in RULE_TESTS
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]
    ]
    firing = {
        check["alertname"]
        for case in cases
        for check in case.get("alert_rule_test", [])
        if check.get("exp_alerts")
    }

    untested = {rule["alert"] for rule in _alerts()} - firing

    assert untested == set()


def test_every_alert_links_a_runbook_section() -> None:
    runbook = (MONITORING.parent / "docs" / "runbook.md").read_text(encoding="utf-8").lower()
    anchors = {rule["annotations"]["runbook"].split("#", 1)[1] for rule in _alerts()}

    missing = {anchor for anchor in anchors if f'<a id="{anchor}"></a>' not in runbook}

    assert missing == set()


def test_alert_rules_read_only_metrics_that_exist() -> None:
    known = exported_metric_names() | EXTERNAL_METRICS

    recorded = {rule["record"] for rule in _rules() if "record" in rule}
    unknown = {name for rule in _rules() for name in metric_names(rule["expr"])} - known - recorded

    assert unknown == set()


def test_alert_rules_name_flows_by_an_id_the_export_has() -> None:
    """Dead letters are labelled with n8n's flow id (staff rename flows): a rule naming a flow must
    name one of the exported flows' ids, or it never fires."""
    ids = {
        json.loads(path.read_text(encoding="utf-8"))["id"]
        for path in (REPO / "workflows" / "n8n-export").glob("*.json")
    }
    named = {flow for rule in _rules() for flow in re.findall(r'\bflow="([^"]+)"', rule["expr"])}

    assert named  # the WhatsApp sends rule names the answering flow
    assert named - ids == set()


def test_alertmanager_config_is_valid() -> None:
    amtool = require_tool("amtool", "prometheus-alertmanager")

    result = _run(amtool, "check-config", str(MONITORING / "alertmanager" / "alertmanager.yml"))

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        pytest.param('sum by (le) (rate(x_bucket{job="a"}[5m]))', {"x_bucket"}, id="aggregation"),
        pytest.param("a_total / b_total > 0.05", {"a_total", "b_total"}, id="binary"),
        pytest.param('max(up{job="q"}) == 0 or m == 0', {"up", "m"}, id="or"),
        pytest.param("predict_linear(f[6h], 24 * 3600) < 0", {"f"}, id="numbers"),
    ],
)
def test_metric_names_finds_the_series_an_expression_reads(expr: str, expected: set[str]) -> None:
    assert metric_names(expr) == expected
