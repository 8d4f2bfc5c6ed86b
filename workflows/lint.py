"""Rules every exported flow must follow (run by ``python -m workflows lint`` and the tests)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from workflows.layout import layout_problems
from workflows.settings import (
    SEED_PATH,
    SETTINGS_NODE,
    TABLE,
    Seed,
    field_problems,
    flow_problems,
    keys_read,
    load_seed,
)
from workflows.trace_headers import calls_python, missing_headers

KNOWN_NODES: dict[str, set[float]] = {
    "n8n-nodes-base.webhook": {2, 2.1},
    "n8n-nodes-base.respondToWebhook": {1.1, 1.4, 1.5},
    "n8n-nodes-base.httpRequest": {4.2},
    "n8n-nodes-base.code": {2},
    "n8n-nodes-base.if": {2.2},
    "n8n-nodes-base.switch": {3.2},
    "n8n-nodes-base.set": {3.4},
    "n8n-nodes-base.splitOut": {1},
    "n8n-nodes-base.noOp": {1},
    "n8n-nodes-base.stopAndError": {1},
    "n8n-nodes-base.executeWorkflow": {1.2},
    "n8n-nodes-base.executeWorkflowTrigger": {1.1},
    "n8n-nodes-base.errorTrigger": {1},
    "n8n-nodes-base.scheduleTrigger": {1.2},
    "n8n-nodes-base.emailSend": {2.1},
    "n8n-nodes-base.stickyNote": {1},
    "n8n-nodes-base.dataTable": {1.1},
}
LEGACY = {"n8n-nodes-base.function", "n8n-nodes-base.functionItem", "n8n-nodes-base.executeCommand"}
NEEDS_ERROR_PATH = {"n8n-nodes-base.httpRequest", "n8n-nodes-base.emailSend"}
SECRET_PATTERNS = [
    re.compile(r"EAA[A-Za-z0-9]{20,}"),  # Meta access tokens
    re.compile(r"(?i)bearer\s+[A-Za-z0-9._-]{12,}"),
    re.compile(
        r"(?i)\"(x-api-key|authorization|api[_-]?key|password|token|secret)\"\s*:\s*\"[^\"={]"
    ),
    re.compile(r"sk-[A-Za-z0-9]{16,}"),
]
LITERAL_URL = re.compile(r"https?://", re.IGNORECASE)
SECRET_HEADERS = {"authorization", "x-api-key", "x-hub-signature-256-secret"}
# The ingress (compose/ingress/haproxy.cfg) passes a webhook's answer as is only when it carries
# this header; it turns an unmarked 2xx into 503 and hides the body of any other unmarked answer.
ACK_HEADER = "x-bmc-ack"


def _problems_in(flow: dict[str, Any]) -> Iterable[str]:
    nodes = {node["name"]: node for node in flow.get("nodes", [])}
    for source, outputs in flow.get("connections", {}).items():
        if source not in nodes:
            yield f"connection from unknown node {source!r}"
        for branch in outputs.get("main", []):
            for link in branch or []:
                if link["node"] not in nodes:
                    yield f"{source!r} connects to unknown node {link['node']!r}"
    for name, node in nodes.items():
        yield from _node_problems(flow, name, node)
    if not flow.get("settings", {}).get("errorWorkflow") and not _is_error_handler(flow):
        yield "no error workflow set (settings.errorWorkflow)"


def _is_error_handler(flow: dict[str, Any]) -> bool:
    return any(node["type"] == "n8n-nodes-base.errorTrigger" for node in flow.get("nodes", []))


def _node_problems(flow: dict[str, Any], name: str, node: dict[str, Any]) -> Iterable[str]:
    kind, version = node.get("type"), node.get("typeVersion")
    if kind in LEGACY:
        yield f"{name!r}: legacy node {kind} is not allowed"
    elif kind not in KNOWN_NODES or version not in KNOWN_NODES[kind]:
        yield f"{name!r}: unknown node type/version {kind} v{version}"
    if kind in NEEDS_ERROR_PATH:
        yield from _resilience_problems(flow, name, node)
    if kind == "n8n-nodes-base.httpRequest":
        yield from _http_problems(name, node["parameters"])
    if kind == "n8n-nodes-base.respondToWebhook":
        yield from _ack_problems(name, node["parameters"])
    if kind == "n8n-nodes-base.dataTable":
        yield from _data_table_problems(flow, name, node)
    if kind == "n8n-nodes-base.webhook":
        path = str(node["parameters"].get("path", ""))
        if path.startswith(("/", "webhook")) or "//" in path:
            yield f"{name!r}: webhook path {path!r} must not start with / or 'webhook'"


def _follows_send_permit(flow: dict[str, Any], name: str) -> bool:
    """True when a send permit (``/send-permit``, docs/reliability.md) leads into ``name``."""
    nodes = {node["name"]: node for node in flow.get("nodes", [])}
    for source, outputs in flow.get("connections", {}).items():
        url = str(nodes.get(source, {}).get("parameters", {}).get("url", ""))
        if "/send-permit" in url and any(
            link["node"] == name for link in (outputs.get("main") or [[]])[0] or []
        ):
            return True
    return False


def _permitted_send_problems(name: str, node: dict[str, Any]) -> Iterable[str]:
    """A send to the customer under a permit: one try, every HTTP answer handled as data.

    A retry after a timeout could reach the customer twice (WhatsApp has no idempotency key), so
    the node must not retry; a status WhatsApp answers (nothing sent) goes back as data, so the
    flow can return the permit and ask again.
    """
    if node.get("retryOnFail"):
        yield f"{name!r}: a send under a permit must not retry on fail (it could send twice)"
    response = node["parameters"].get("options", {}).get("response", {}).get("response", {})
    if not (response.get("neverError") and response.get("fullResponse")):
        yield f"{name!r}: a send under a permit needs Never Error and Full Response"


def _resilience_problems(flow: dict[str, Any], name: str, node: dict[str, Any]) -> Iterable[str]:
    if _follows_send_permit(flow, name):
        yield from _permitted_send_problems(name, node)
    elif not node.get("retryOnFail") or int(node.get("maxTries", 0)) < 3:
        yield f"{name!r}: needs retry on fail with 3 tries"
    if node.get("retryOnFail") and int(node.get("waitBetweenTries", 0)) <= 0:
        yield f"{name!r}: needs a wait between tries"
    outputs = flow.get("connections", {}).get(name, {}).get("main", [])
    has_error_branch = len(outputs) > 1 and bool(outputs[1])
    if node.get("onError") != "continueErrorOutput" or not has_error_branch:
        yield f"{name!r}: needs an error output (On Error: continue using error output) connected"
    if node["type"] == "n8n-nodes-base.httpRequest" and not node["parameters"].get(
        "options", {}
    ).get("timeout"):
        yield f"{name!r}: needs a timeout"


def _data_table_problems(flow: dict[str, Any], name: str, node: dict[str, Any]) -> Iterable[str]:
    """The settings table, by name (its id differs per instance), read without stopping the flow
    when it is missing: both outputs (rows, or the error) go on to the settings node. Verified on
    2.40.7: "continue (regular output)" hands on an item expressions cannot read."""
    table = node["parameters"].get("dataTableId", {})
    if table.get("mode") != "name" or table.get("value") != TABLE:
        yield f"{name!r}: a data table node reads {TABLE!r} by name, not {table.get('value')!r}"
    outputs = flow.get("connections", {}).get(name, {}).get("main", [])
    targets = [{link["node"] for link in branch or []} for branch in outputs]
    both = len(targets) == 2 and targets[0] == targets[1] == {SETTINGS_NODE}
    if node.get("onError") != "continueErrorOutput" or not node.get("alwaysOutputData") or not both:
        yield (
            f"{name!r}: reading the settings must go on without them (On Error: continue using "
            f"error output, Always Output Data, both outputs to {SETTINGS_NODE!r})"
        )


def _settings_node_problems(flow: dict[str, Any], seed: Seed) -> Iterable[str]:
    """Every key the flow reads is one field of its ``Configuración BMC`` node, and each field
    falls back to a sane value when the table (or the key) is missing."""
    node = next((n for n in flow.get("nodes", []) if n["name"] == SETTINGS_NODE), None)
    read = keys_read(flow)
    if node is None:
        if read:
            yield f"reads settings but has no node {SETTINGS_NODE!r}"
        return
    assignments = node["parameters"].get("assignments", {}).get("assignments", [])
    fields = {a["name"] for a in assignments}
    for assignment in assignments:
        for problem in field_problems(assignment["name"], str(assignment.get("value", "")), seed):
            yield f"{SETTINGS_NODE!r}: {problem}"
    for key in sorted(read - fields):
        yield f"{SETTINGS_NODE!r} does not hold {key!r}, which the flow reads"


def _ack_problems(name: str, params: dict[str, Any]) -> Iterable[str]:
    headers = params.get("options", {}).get("responseHeaders", {}).get("entries", [])
    if not any(str(header.get("name", "")).lower() == ACK_HEADER for header in headers):
        yield f"{name!r}: the answer needs the header X-Bmc-Ack, or the ingress replaces it"


def _http_problems(name: str, params: dict[str, Any]) -> Iterable[str]:
    url = str(params.get("url", ""))
    if not url.startswith("={{ $env."):
        yield f"{name!r}: URL must start from an environment base ({{{{ $env.X }}}}), not {url!r}"
    headers = params.get("headerParameters", {}).get("parameters", [])
    for header in headers:
        if str(header.get("name", "")).lower() in SECRET_HEADERS:
            yield f"{name!r}: header {header['name']!r} must come from a credential"
    if calls_python({"type": "n8n-nodes-base.httpRequest", "parameters": params}):
        for header in missing_headers({"parameters": params}):
            yield (
                f"{name!r}: a call to the Python nodes must send {header} (traces join n8n's "
                "execution to the Python spans): python -m workflows.trace_headers adds it"
            )
    body = str(params.get("jsonBody", ""))
    if body and not body.startswith("={{") and "{{" in body:
        yield f"{name!r}: JSON body built by string interpolation; use an expression object"


def _text_problems(text: str) -> Iterable[str]:
    for pattern in SECRET_PATTERNS:
        if pattern.search(text):
            yield f"looks like a literal secret: {pattern.pattern}"
    for line in text.splitlines():
        if LITERAL_URL.search(line) and '"content"' not in line and "docs.n8n.io" not in line:
            yield f"literal URL/host: {line.strip()[:120]}"


def lint_flow(path: Path, seed: Seed | None = None) -> list[str]:
    text = path.read_text(encoding="utf-8")
    flow = json.loads(text)
    seed = seed or load_seed()
    settings = [*flow_problems(flow, seed), *_settings_node_problems(flow, seed)]
    problems = [*_problems_in(flow), *_text_problems(text), *settings, *layout_problems(flow)]
    return [f"{path.name}: {problem}" for problem in problems]


def webhook_problems(paths: Iterable[Path]) -> list[str]:
    """Webhook (method, path) pairs must be unique across every flow."""
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for path in paths:
        for node in json.loads(path.read_text(encoding="utf-8")).get("nodes", []):
            if node["type"] != "n8n-nodes-base.webhook":
                continue
            key = (node["parameters"].get("httpMethod", "GET"), node["parameters"]["path"])
            if key in seen:
                problems.append(f"{path.name}: webhook {key} also in {seen[key]}")
            seen[key] = f"{path.name}:{node['name']}"
    return problems


def lint_all(directory: Path, seed_path: Path = SEED_PATH) -> list[str]:
    """Every flow of ``directory``, the webhooks across them, and the settings' seed."""
    files, seed = sorted(directory.glob("*.json")), load_seed(seed_path)
    problems = [problem for path in files for problem in lint_flow(path, seed)]
    problems += [f"{seed_path.name}: {problem}" for problem in seed.problems()]
    return problems + webhook_problems(files)
