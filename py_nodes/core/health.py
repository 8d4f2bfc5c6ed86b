"""Liveness, readiness (each dependency within a short timeout) and start-up probes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from py_nodes.core import metrics
from py_nodes.core.deps import AppStateDep, ResourcesDep
from py_nodes.core.errors import ServiceUnavailable
from py_nodes.core.openapi_docs import problem_responses
from py_nodes.core.resources import Resources

router = APIRouter(prefix="/health", tags=["health"])
READY_EXAMPLE: dict[str, Any] = {
    "status": "ready",
    "engines": {"mongodb": "montydb", "redis": "memory", "qdrant": "embedded"},
}


class StartingUp(ServiceUnavailable):
    type_slug = "starting-up"
    title = "Starting up"
    meaning = "Start-up has not finished (stores, indexes, catalog); probe again in a moment."
    default_detail = "El servicio todavía está arrancando."


def _example(value: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"example": value}}}


async def _check(name: str, probe: Callable[[], Awaitable[Any]], timeout_s: float) -> str | None:
    """Run one probe; return why it failed, or None when it answered in time."""
    try:
        await asyncio.wait_for(probe(), timeout=timeout_s)
    except TimeoutError:
        reason: str | None = f"no respondió en {timeout_s:g} s"
    except Exception as exc:
        reason = type(exc).__name__
    else:
        reason = None
    metrics.DEPENDENCY_UP.labels(name=name).set(0 if reason else 1)
    return reason


def _probes(resources: Resources) -> dict[str, Callable[[], Awaitable[Any]]]:
    return {
        "mongodb": resources.store.ping,
        "redis": resources.cache.ping,
        "qdrant": lambda: asyncio.to_thread(resources.qdrant.get_collections),
    }


@router.get("/live", responses={200: _example({"status": "ok"})})
async def get_live() -> dict[str, str]:
    """The process is up and serving HTTP. Never touches a dependency."""
    return {"status": "ok"}


@router.get(
    "/startup",
    responses={200: _example({"status": "started"}), **problem_responses(StartingUp)},
)
async def get_startup(state: AppStateDep) -> JSONResponse:
    """Start-up finished: settings read, stores opened, indexes and catalog loaded."""
    if state.started:
        return JSONResponse({"status": "started"})
    raise StartingUp()


@router.get(
    "/ready",
    responses={200: _example(READY_EXAMPLE), **problem_responses(ServiceUnavailable)},
)
async def get_ready(resources: ResourcesDep) -> dict[str, Any]:
    """MongoDB, Redis and Qdrant each answer within a short timeout; 503 names what failed."""
    timeout = resources.settings.dependency_timeout_s
    probes = _probes(resources)
    results = await asyncio.gather(*(_check(n, p, timeout) for n, p in probes.items()))
    failed = {name: reason for name, reason in zip(probes, results, strict=True) if reason}
    if failed:
        names = ", ".join(sorted(failed))
        raise ServiceUnavailable(f"No están disponibles: {names}.", failed=failed)
    return {
        "status": "ready",
        "engines": {
            "mongodb": resources.store.engine,
            "redis": resources.cache.backend,
            "qdrant": "server" if resources.settings.qdrant_url else "embedded",
        },
    }
