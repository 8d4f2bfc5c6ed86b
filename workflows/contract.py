"""Which Python routes the flows call: every such HTTP node must match a route in the OpenAPI."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PY_PREFIX = "={{ $env.PY_NODES_URL }}"
EXPRESSION = re.compile(r"\{\{.*?\}\}")


@dataclass(frozen=True)
class PythonCall:
    flow: str
    node: str
    method: str
    path: str
    credential_type: str | None
    inline_auth_headers: tuple[str, ...]


def python_calls(path: Path) -> list[PythonCall]:
    flow = json.loads(path.read_text(encoding="utf-8"))
    calls = []
    for node in flow["nodes"]:
        params = node.get("parameters", {})
        url = str(params.get("url", ""))
        if node["type"] != "n8n-nodes-base.httpRequest" or not url.startswith(PY_PREFIX):
            continue
        route = EXPRESSION.sub("{param}", url.removeprefix(PY_PREFIX)).split("?")[0]
        headers = params.get("headerParameters", {}).get("parameters", [])
        inline = tuple(
            h["name"] for h in headers if h["name"].lower() in ("x-api-key", "authorization")
        )
        credential = params.get("genericAuthType") if node.get("credentials") else None
        calls.append(PythonCall(path.stem, node["name"], params.get("method", "GET"), route,
                                credential, inline))  # fmt: skip
    return calls


def route_exists(openapi: dict[str, Any], method: str, path: str) -> bool:
    """True when ``METHOD path`` (``{param}`` for expressions) matches a documented route."""
    for template, operations in openapi.get("paths", {}).items():
        pattern = "^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$"
        concrete = path.replace("{param}", "x")
        if re.match(pattern, concrete) and method.lower() in operations:
            return True
    return False
