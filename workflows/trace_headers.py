"""Every HTTP node that calls the Python nodes sends n8n's execution id and workflow name.

The Python nodes put both on the request's trace span (py_nodes/core/tracing.py), so a slow turn
can be followed from its n8n execution into the Python calls it made. The flow lint refuses an
HTTP node to the Python nodes without them; ``python -m workflows.trace_headers`` adds them to
every flow in workflows/n8n-export/ (idempotent). Calls to Meta's Graph API never get them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from workflows.normalise import render

EXPORT_DIR = Path(__file__).resolve().parent / "n8n-export"
PY_NODES_URL = "={{ $env.PY_NODES_URL }}"
TRACE_HEADERS = {
    "X-N8n-Execution-Id": "={{ $execution.id }}",
    "X-N8n-Workflow": "={{ $workflow.name }}",
}


def calls_python(node: dict[str, Any]) -> bool:
    return node.get("type") == "n8n-nodes-base.httpRequest" and str(
        node.get("parameters", {}).get("url", "")
    ).startswith(PY_NODES_URL)


def missing_headers(node: dict[str, Any]) -> list[str]:
    """The trace headers ``node`` lacks or sends with another value."""
    headers = node["parameters"].get("headerParameters", {}).get("parameters", [])
    sent = {str(h.get("name", "")).lower(): h.get("value") for h in headers}
    return [name for name, value in TRACE_HEADERS.items() if sent.get(name.lower()) != value]


def ensure(flow: dict[str, Any]) -> int:
    """Add the trace headers to every HTTP node of ``flow`` calling the Python nodes."""
    changed = 0
    for node in flow.get("nodes", []):
        if not calls_python(node) or not missing_headers(node):
            continue
        params = node["parameters"]
        params["sendHeaders"] = True
        headers = params.setdefault("headerParameters", {}).setdefault("parameters", [])
        wanted = {name.lower() for name in TRACE_HEADERS}
        headers[:] = [h for h in headers if str(h.get("name", "")).lower() not in wanted]
        headers.extend({"name": name, "value": value} for name, value in TRACE_HEADERS.items())
        changed += 1
    return changed


def main(directory: Path = EXPORT_DIR) -> int:
    for path in sorted(directory.glob("*.json")):
        flow = json.loads(path.read_text(encoding="utf-8"))
        if changed := ensure(flow):
            path.write_text(render(flow), encoding="utf-8")
            print(f"{path.name}: trace headers added to {changed} node(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
