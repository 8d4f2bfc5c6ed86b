"""Metric names a PromQL expression reads, and the names the system actually exports."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

PROMQL_WORDS = {
    "and",
    "or",
    "unless",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "offset",
    "inf",
    "nan",
}
# Exported by other processes: n8n's event-bus counter, Prometheus itself, HAProxy, node-exporter
# (and the backup script's line through its textfile collector), cAdvisor, blackbox-exporter.
EXTERNAL_METRICS = {
    "up",
    "n8n_workflow_failed_total",
    "haproxy_backend_active_servers",
    "node_filesystem_avail_bytes",
    "node_filesystem_size_bytes",
    "node_cpu_seconds_total",
    "node_memory_MemAvailable_bytes",
    "node_memory_MemTotal_bytes",
    "bmc_backup_last_success_timestamp_seconds",
    "container_start_time_seconds",
    "container_memory_working_set_bytes",
    "container_spec_memory_limit_bytes",
    "probe_success",
    "probe_ssl_earliest_cert_expiry",
}


def metric_names(expr: str) -> set[str]:
    """Identifiers in ``expr`` that are metric names (not functions, keywords, labels, numbers)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # strings
    text = re.sub(r"\{[^}]*\}", "", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", "", text)  # ranges
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        word = match.group()
        following = text[match.end() :].lstrip()
        if following.startswith("(") or word.lower() in PROMQL_WORDS:
            continue
        if match.start() > 0 and (
            text[match.start() - 1].isdigit() or text[match.start() - 1] == "."
        ):
            continue  # "5m", "1e3" style literal tails
        names.add(word)
    return names


def exported_metric_names() -> set[str]:
    """Every series name the Python nodes' /metrics can produce, read from a running app."""
    from fastapi.testclient import TestClient

    from py_nodes.core.config import Settings
    from py_nodes.main import create_app

    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(env="test", data_dir=Path(data_dir), log_level="WARNING")
        with TestClient(create_app(settings)) as client:
            client.get("/health/live")
            text = client.get("/metrics").text
    names = set()
    for name, kind in re.findall(r"^# TYPE (\S+) (\S+)$", text, re.MULTILINE):
        names.add(name)
        if kind == "counter" and not name.endswith("_total"):
            names.add(f"{name}_total")
        if kind == "histogram":
            names.update({f"{name}_bucket", f"{name}_sum", f"{name}_count"})
    return names
