"""The app factory: one FastAPI app mounting a router per node (all of them, or the ones named).

Run the whole system:   uvicorn py_nodes.main:create_app --factory
Run one node alone:     PY_NODES=quote uvicorn py_nodes.main:create_app --factory
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Response

from py_nodes import __version__
from py_nodes.core import health, metrics, problems
from py_nodes.core.auth import install_access, require_access
from py_nodes.core.body_limit import BodyLimitMiddleware
from py_nodes.core.config import Settings, load_settings
from py_nodes.core.logging import configure_logging
from py_nodes.core.messages import load_catalog, validate
from py_nodes.core.middleware import RequestContextMiddleware
from py_nodes.core.node import NodeSpec
from py_nodes.core.openapi_docs import describe_problems, install_openapi
from py_nodes.core.resources import open_resources
from py_nodes.core.sentry import init_sentry
from py_nodes.core.state import app_state, install_app_state
from py_nodes.core.tracing import install_tracing, trace_resources

log = logging.getLogger(__name__)


metrics_router = APIRouter()


@metrics_router.get("/metrics", include_in_schema=False)
async def get_metrics() -> Response:
    """Prometheus's scrape (no API key, as the health probes)."""
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)


def available_nodes() -> dict[str, NodeSpec]:
    """Every node, imported lazily so a node started alone does not import the others."""
    from py_nodes import ai, desk, ops, privacy, quote, security

    return {node.NODE.name: node.NODE for node in (quote, ai, security, ops, desk, privacy)}


def select_nodes(names: Sequence[str] | None) -> list[NodeSpec]:
    nodes = available_nodes()
    wanted = list(names) if names else os.environ.get("PY_NODES", ",".join(nodes)).split(",")
    unknown = [name for name in wanted if name.strip() and name.strip() not in nodes]
    if unknown:
        raise ValueError(f"unknown node(s) {unknown}; choose from {sorted(nodes)}")
    return [nodes[name.strip()] for name in wanted if name.strip()]


def make_lifespan(
    settings: Settings, nodes: Sequence[NodeSpec]
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Open the shared clients, create indexes, run the nodes' start-up hooks; close at the end."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = app_state(app)
        resources = await open_resources(settings, state.nodes)
        state.attach(resources)
        trace_resources(state.tracer_provider, resources)
        try:
            await resources.store.ensure_indexes(spec for node in nodes for spec in node.indexes)
            for node in nodes:
                for hook in node.on_startup:
                    await hook(resources)
            state.started = True
            log.info("started", extra={"nodes": [node.name for node in nodes]})
            yield
        finally:
            state.started = False
            await resources.close()
            state.attach(None)

    return lifespan


def create_app(settings: Settings | None = None, nodes: Sequence[str] | None = None) -> FastAPI:
    """Build the app for ``nodes`` (default: every node, or ``PY_NODES``) with ``settings``."""
    settings = settings or load_settings()
    configure_logging(settings.log_level)
    init_sentry(settings)
    selected = select_nodes(nodes)
    validate(load_catalog())  # a catalog that does not match the code fails the start, by name
    app = FastAPI(
        title="BMC Bot — Python nodes",
        version=__version__,
        description=describe_problems(settings.problem_type_base),
        lifespan=make_lifespan(settings, selected),
        docs_url="/docs",
        redoc_url=None,
    )
    install_app_state(app, settings)
    problems.install_problem_handlers(app)
    app.include_router(health.router)
    app.include_router(metrics_router)
    for node in selected:
        for router in node.public:
            app.include_router(router)
        for router in node.protected:
            app.include_router(router, dependencies=list(protected_dependencies(settings)))
    # Innermost first: the body guard sits inside the nodes' middleware (rate limits, CORS).
    bounded = [path for node in selected for path in node.self_bounded_paths]
    app.add_middleware(BodyLimitMiddleware, exempt_paths=bounded)
    for node in selected:
        for install in node.install:
            install(app, settings)
    # Outermost: the request id, HTTP metrics and access line cover every answer, 429s included.
    app.add_middleware(RequestContextMiddleware)
    install_access(app, settings, [router for node in selected for router in node.protected])
    install_openapi(app)
    install_tracing(app, settings)
    return app


def protected_dependencies(settings: Settings) -> Sequence[Any]:
    """Dependencies every protected route carries: a key or token holding the route's scope."""
    return (Depends(require_access),)
