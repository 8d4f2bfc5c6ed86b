"""OpenTelemetry traces for the Python nodes: off by default, one setting turns them on.

With ``OTEL_ENABLED=true`` every request gets a server span (FastAPI), with child spans for store
calls (``py_nodes/core/storage.py``), Redis and outgoing HTTP (the LLM, embeddings), exported by
OTLP/HTTP to ``OTEL_EXPORTER_ENDPOINT`` (the collector in compose/compose.monitoring.yml, which
forwards to Tempo). The server span carries the n8n execution id and workflow name that every
n8n HTTP node sends (``X-N8n-Execution-Id``, ``X-N8n-Workflow``; the flow lint enforces them) and
the request id, so a slow turn can be followed from n8n's execution into the Python calls it made.

Traces never hold personal data: paths become their route templates, query strings are dropped,
and any run of 6+ digits left in an attribute (a phone number) is masked before export.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExporter,
    SpanExportResult,
)
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import Span

from py_nodes import __version__
from py_nodes.core.config import Settings
from py_nodes.core.resources import Resources
from py_nodes.core.state import app_state

N8N_HEADERS = {b"x-n8n-execution-id": "n8n.execution_id", b"x-n8n-workflow": "n8n.workflow"}
_DIGITS = re.compile(r"\d{6,}")
_URL_ATTRIBUTES = ("http.target", "http.url", "url.full", "url.path", "url.query")
MASK = "<redacted>"


def mask(value: Any) -> Any:
    """``value`` with long digit runs (phone numbers) masked; non-strings as they are."""
    if isinstance(value, str):
        return _DIGITS.sub(MASK, value)
    if isinstance(value, (list, tuple)):
        return type(value)(mask(item) for item in value)
    return value


class RedactingExporter(SpanExporter):
    """Hands spans to ``inner`` with URLs cut to their path and phone-like digits masked."""

    def __init__(self, inner: SpanExporter) -> None:
        self.inner = inner

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return self.inner.export([_redacted(span) for span in spans])

    def shutdown(self) -> None:
        self.inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.inner.force_flush(timeout_millis)


def _redacted(span: ReadableSpan) -> ReadableSpan:
    attributes: dict[str, Any] = {}
    for key, value in (span.attributes or {}).items():
        if key == "url.query":
            continue
        if key in _URL_ATTRIBUTES and isinstance(value, str):
            value = value.split("?", 1)[0]
        attributes[key] = mask(value)
    return ReadableSpan(
        name=mask(span.name),
        context=span.context,
        parent=span.parent,
        resource=span.resource,
        attributes=attributes,
        events=span.events,
        links=span.links,
        kind=span.kind,
        status=span.status,
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


def _server_request_hook(span: Span, scope: dict[str, Any]) -> None:
    if not span.is_recording():
        return
    for name, value in scope.get("headers", []):
        attribute = N8N_HEADERS.get(name)
        if attribute is not None:
            span.set_attribute(attribute, value.decode("latin-1")[:128])
    # The request id joins later, in RequestContextMiddleware (inside this span).


def build_provider(settings: Settings, exporter: SpanExporter | None = None) -> TracerProvider:
    """The app's tracer provider; ``exporter`` replaces OTLP (tests pass an in-memory one)."""
    resource = Resource.create(
        {"service.name": settings.otel_service_name, "service.version": __version__,
         "deployment.environment": settings.env}
    )  # fmt: skip
    provider = TracerProvider(
        resource=resource, sampler=ParentBased(TraceIdRatioBased(settings.otel_sample_ratio))
    )
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(RedactingExporter(exporter)))
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = settings.otel_exporter_endpoint.rstrip("/") + "/v1/traces"
        provider.add_span_processor(
            BatchSpanProcessor(RedactingExporter(OTLPSpanExporter(endpoint=endpoint, timeout=5)))
        )
    return provider


def install_tracing(app: FastAPI, settings: Settings) -> None:
    """Instrument ``app`` when ``OTEL_ENABLED`` is set (the app factory calls this)."""
    if settings.otel_enabled:
        instrument(app, settings)


def instrument(app: FastAPI, settings: Settings, exporter: SpanExporter | None = None) -> None:
    """Trace ``app``; the provider waits in its ``AppState`` for the clients opened at start."""
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    provider = build_provider(settings, exporter)
    app_state(app).tracer_provider = provider
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=provider,
        server_request_hook=_server_request_hook,
        excluded_urls="/health/.*,/metrics",
        exclude_spans=["receive", "send"],
    )


def trace_resources(provider: TracerProvider | None, resources: Resources) -> None:
    """Give the shared clients (store, Redis, HTTP) the app's tracer, when tracing is on."""
    if provider is None:
        return
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    resources.store.tracer = provider.get_tracer("py_nodes.store", __version__)
    HTTPXClientInstrumentor.instrument_client(resources.http, tracer_provider=provider)
    redis_client = getattr(resources.cache, "redis", None)
    if redis_client is not None:
        from opentelemetry.instrumentation.redis import RedisInstrumentor

        RedisInstrumentor.instrument_client(redis_client, tracer_provider=provider)
