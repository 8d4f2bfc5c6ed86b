"""n8n's execution id and workflow name reach every Python call, and never Meta's Graph API."""

from __future__ import annotations

from typing import Any

from workflows.lint import _http_problems
from workflows.trace_headers import TRACE_HEADERS, ensure, missing_headers


def http_node(url: str, headers: list[dict[str, str]] | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"url": url}
    if headers is not None:
        params["headerParameters"] = {"parameters": headers}
    return {"name": "n", "type": "n8n-nodes-base.httpRequest", "parameters": params}


def test_ensure_adds_the_headers_to_python_calls_only_and_once() -> None:
    python = http_node("={{ $env.PY_NODES_URL }}/ai/respond",
                       [{"name": "X-Request-ID", "value": "={{ $execution.id }}"}])  # fmt: skip
    graph = http_node("={{ $env.GRAPH_API_BASE_URL }}/v21.0/1/messages")
    flow = {"nodes": [python, graph]}

    assert ensure(flow) == 1
    assert ensure(flow) == 0
    sent = {h["name"]: h["value"] for h in python["parameters"]["headerParameters"]["parameters"]}
    assert sent == {"X-Request-ID": "={{ $execution.id }}", **TRACE_HEADERS}
    assert "headerParameters" not in graph["parameters"]


def test_a_wrong_value_is_replaced_not_duplicated() -> None:
    node = http_node("={{ $env.PY_NODES_URL }}/quotes",
                     [{"name": "x-n8n-workflow", "value": "answer-message"}])  # fmt: skip
    assert missing_headers(node) == list(TRACE_HEADERS)
    ensure({"nodes": [node]})
    names = [h["name"] for h in node["parameters"]["headerParameters"]["parameters"]]
    assert names == list(TRACE_HEADERS)


def test_lint_refuses_a_python_call_without_them() -> None:
    node = http_node("={{ $env.PY_NODES_URL }}/quotes", [])
    problems = list(_http_problems("Crear la cotización", node["parameters"]))
    assert [p.split(" must send ")[1].split(" ")[0] for p in problems] == list(TRACE_HEADERS)
