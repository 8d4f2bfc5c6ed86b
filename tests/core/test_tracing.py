"""Traces: the server span carries n8n's execution and workflow and the request id, store calls
are child spans, and no phone number or message text leaves in any span."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from py_nodes.core.state import app_state
from py_nodes.core.tracing import MASK, instrument, mask
from py_nodes.main import create_app
from tests.conftest import make_settings

PHONE = "59899123456"
HEADERS = {
    "X-API-Key": "test-key-current",
    "X-N8n-Execution-Id": "4711",
    "X-N8n-Workflow": "answer-message",
    "X-Request-ID": "4711-req",
}


@pytest.fixture
def traced(tmp_path: Path) -> Iterator[tuple[TestClient, InMemorySpanExporter]]:
    settings = make_settings(tmp_path)
    app = create_app(settings, nodes=["ai", "quote", "ops"])
    exporter = InMemorySpanExporter()
    instrument(app, settings, exporter)
    with TestClient(app) as client:
        exporter.clear()  # start-up work (the quote store's upgrade) is not a request's trace
        yield client, exporter


def everything_in(spans: tuple[ReadableSpan, ...]) -> str:
    return " ".join(f"{s.name} {dict(s.attributes or {})}" for s in spans)


def test_a_turn_is_one_trace_with_n8n_ids_and_store_spans(
    traced: tuple[TestClient, InMemorySpanExporter],
) -> None:
    client, exporter = traced
    body = {"message_id": "wamid.T1", "phone": PHONE, "timestamp": 1_760_000_000,
            "text": "Hola, soy Ana, quiero isodec 100 para un techo de 5 x 4 en Salto"}  # fmt: skip
    assert client.post("/ai/respond", headers=HEADERS, json=body).status_code == 200

    spans = exporter.get_finished_spans()
    server = [s for s in spans if s.kind.name == "SERVER"]
    assert len(server) == 1
    attributes = dict(server[0].attributes or {})
    assert attributes["n8n.execution_id"] == "4711"
    assert attributes["n8n.workflow"] == "answer-message"
    assert attributes["bmc.request_id"] == "4711-req"
    assert server[0].name == "POST /ai/respond"
    store = [s for s in spans if s.name.startswith("store ")]
    assert store, "store calls must be traced"
    assert {s.context.trace_id for s in spans} == {server[0].context.trace_id}
    assert all(s.parent is not None and s.parent.span_id == server[0].context.span_id
               for s in store)  # fmt: skip
    assert any(s.name == "store find_one sessions" for s in store)


def test_no_phone_or_message_text_in_any_span(
    traced: tuple[TestClient, InMemorySpanExporter],
) -> None:
    client, exporter = traced
    client.post("/ai/respond", headers=HEADERS, json={
        "message_id": "wamid.T2", "phone": PHONE, "timestamp": 1_760_000_000,
        "text": "mi numero es 099 123 456, techo de 5 x 4"})  # fmt: skip
    client.get(f"/quotes?phone={PHONE}", headers=HEADERS)
    client.get(f"/ops/inbox/wamid.{PHONE}", headers=HEADERS)

    text = everything_in(exporter.get_finished_spans())
    assert len(exporter.get_finished_spans()) >= 3
    assert PHONE not in text
    assert "techo" not in text
    assert "099 123 456" not in text
    assert "?phone" not in text


def test_health_and_metrics_are_not_traced(
    traced: tuple[TestClient, InMemorySpanExporter],
) -> None:
    client, exporter = traced
    client.get("/health/live")
    client.get("/metrics")
    assert exporter.get_finished_spans() == ()


def test_tracing_is_off_unless_enabled(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path), nodes=["quote"])
    assert app_state(app).tracer_provider is None
    enabled = create_app(make_settings(tmp_path, otel_enabled=True), nodes=["quote"])
    assert app_state(enabled).tracer_provider is not None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("/quotes/59899123456/pdf", f"/quotes/{MASK}/pdf"), ("BMC-2026-0001", "BMC-2026-0001"),
     (("59899123456", "x"), (MASK, "x")), (42, 42)],
)  # fmt: skip
def test_mask_hides_phone_numbers_only(value: object, expected: object) -> None:
    assert mask(value) == expected
