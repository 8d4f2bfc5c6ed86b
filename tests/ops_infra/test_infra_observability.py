"""Logs, traces, probes and scheduled backups: the monitoring overlay and its configuration files.

The binaries (Loki, Alloy, the collector, Tempo, blackbox-exporter) are not installed here, so the
checks read the files as those programs would: each YAML parses, the pieces point at each other
(agent → Loki, collector → Tempo, Grafana traces → logs by request id), and compose renders.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ops_infra.infra_helpers import MONITORING
from tests.ops_infra.test_infra_compose import compose

COMPOSE_DIR = MONITORING.parent / "compose"
PROD_MONITORED = ["compose.yml", "compose.prod.yml", "compose.monitoring.yml", "compose.backup.yml"]
CONFIGS = {
    "loki": MONITORING / "loki" / "loki.yml",
    "tempo": MONITORING / "tempo" / "tempo.yml",
    "otel-collector": MONITORING / "otel-collector" / "config.yml",
    "blackbox": MONITORING / "blackbox" / "blackbox.yml",
}


def mounts(service: dict[str, Any]) -> dict[str, str]:
    """target -> source of a rendered service's volumes (docker-compose 1.29 prints strings)."""
    found = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            source, target = volume["source"], volume["target"]
        found[target] = source
    return found


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def prod_monitored() -> dict[str, Any]:
    result = compose(PROD_MONITORED)
    assert result.returncode == 0, result.stderr
    rendered: dict[str, Any] = yaml.safe_load(result.stdout)
    return rendered


def test_monitoring_overlay_runs_logs_traces_probes_and_backups(
    prod_monitored: dict[str, Any],
) -> None:
    services = prod_monitored["services"]
    wanted = {"loki", "alloy", "otel-collector", "tempo", "blackbox-exporter", "cadvisor", "backup"}
    assert wanted <= set(services)
    assert services["py-nodes"]["environment"]["OTEL_ENABLED"] == "true"
    endpoint = services["py-nodes"]["environment"]["OTEL_EXPORTER_ENDPOINT"]
    assert endpoint == "http://otel-collector:4318"


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_config_files_parse(name: str) -> None:
    assert isinstance(load(CONFIGS[name]), dict)


def test_collector_receives_otlp_http_and_exports_to_tempo() -> None:
    collector, tempo = load(CONFIGS["otel-collector"]), load(CONFIGS["tempo"])
    pipeline = collector["service"]["pipelines"]["traces"]
    assert pipeline["receivers"] == ["otlp"]
    assert collector["receivers"]["otlp"]["protocols"]["http"]["endpoint"].endswith(":4318")
    (exporter,) = pipeline["exporters"]
    host, port = collector["exporters"][exporter]["endpoint"].split(":")
    assert host == "tempo"
    assert tempo["distributor"]["receivers"]["otlp"]["protocols"]["grpc"]["endpoint"].endswith(port)
    assert "attributes/personal-data" in pipeline["processors"]


def test_agent_ships_container_logs_to_loki() -> None:
    alloy = (MONITORING / "alloy" / "config.alloy").read_text(encoding="utf-8")
    loki = load(CONFIGS["loki"])
    port = loki["server"]["http_listen_port"]
    assert f'url = "http://loki:{port}/loki/api/v1/push"' in alloy
    assert 'loki.source.docker "containers"' in alloy
    assert re.search(r"request_id\s*=", alloy), "request_id must reach Loki for trace → logs"


def test_grafana_jumps_from_a_trace_to_its_logs_by_request_id() -> None:
    sources = load(MONITORING / "grafana/provisioning/datasources/logs-and-traces.yml")
    by_uid = {source["uid"]: source for source in sources["datasources"]}
    tempo = by_uid["bmc-tempo"]["jsonData"]["tracesToLogsV2"]
    assert tempo["datasourceUid"] == "bmc-loki"
    assert 'request_id="${__span.tags["bmc.request_id"]}"' in tempo["query"]


def test_blackbox_jobs_use_modules_that_exist() -> None:
    modules = set(load(CONFIGS["blackbox"])["modules"])
    jobs = load(MONITORING / "prometheus" / "prometheus.yml")["scrape_configs"]
    probed = {job["params"]["module"][0] for job in jobs if job.get("metrics_path") == "/probe"}
    assert probed
    assert probed <= modules


def test_backup_runs_every_fifteen_minutes_and_feeds_the_freshness_alert(
    prod_monitored: dict[str, Any],
) -> None:
    crontab = (COMPOSE_DIR / "backup" / "crontab").read_text(encoding="utf-8")
    jobs = {" ".join(line.split()[5:]): line.split()[:5]
            for line in crontab.splitlines() if line and line[0] != "#"}  # fmt: skip
    assert jobs["/opt/bmc-bot/scripts/backup/backup.sh"] == ["*/15", "*", "*", "*", "*"]
    retention = "$BMC_COMPOSE exec -T py-nodes python -m py_nodes.privacy.retention"
    assert jobs[retention] == ["30", "3", "*", "*", "*"]
    services = prod_monitored["services"]
    metrics_dir = services["backup"]["environment"]["BACKUP_METRICS_DIR"]
    exporter = services["node-exporter"]
    textfile = next(a.split("=", 1)[1] for a in exporter["command"] if "textfile" in a)
    assert mounts(services["backup"])[metrics_dir] == mounts(exporter)[textfile]
    script = (MONITORING.parent / "scripts" / "backup" / "backup.sh").read_text(encoding="utf-8")
    assert "bmc_backup_last_success_timestamp_seconds" in script
