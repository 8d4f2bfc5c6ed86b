"""The one way a route reaches shared objects: ``Annotated`` aliases over the app's ``AppState``.

Every dependency here is async, so FastAPI runs it on the event loop (no thread-pool hop per
request). A node's own state gets its alias from ``node_state``::

    AiRuntimeDep = Annotated[AiRuntime, Depends(node_state(AiRuntime))]
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, TypeVar

import httpx
from fastapi import Depends, Request

from py_nodes.core.cache import Cache
from py_nodes.core.config import Settings
from py_nodes.core.resources import Resources
from py_nodes.core.state import AppState, app_state
from py_nodes.core.storage import DocumentStore

T = TypeVar("T")


async def get_app_state(request: Request) -> AppState:
    return app_state(request.app)


async def get_settings(request: Request) -> Settings:
    return app_state(request.app).settings


async def get_resources(request: Request) -> Resources:
    return app_state(request.app).resources


async def get_store(request: Request) -> DocumentStore:
    return app_state(request.app).resources.store


async def get_cache(request: Request) -> Cache:
    return app_state(request.app).resources.cache


async def get_http(request: Request) -> httpx.AsyncClient:
    return app_state(request.app).resources.http


async def now_utc() -> datetime:
    """The routes' clock (a dependency: tests override it to move time)."""
    return datetime.now(UTC)


_NODE_STATE_DEPENDENCIES: dict[type, Callable[[Request], Awaitable[object]]] = {}


def node_state(kind: type[T]) -> Callable[[Request], Awaitable[T]]:
    """The dependency returning the node state of class ``kind`` (``NodeStateMissing`` if none).

    One callable per class, so FastAPI resolves it once per request and a test can override it.
    """
    known = _NODE_STATE_DEPENDENCIES.get(kind)
    if known is not None:
        return known  # type: ignore[return-value]  # built below for this very ``kind``

    async def dependency(request: Request) -> T:
        return app_state(request.app).nodes.get(kind)

    dependency.__name__ = f"node_state_{kind.__name__}"
    _NODE_STATE_DEPENDENCIES[kind] = dependency
    return dependency


AppStateDep = Annotated[AppState, Depends(get_app_state)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ResourcesDep = Annotated[Resources, Depends(get_resources)]
StoreDep = Annotated[DocumentStore, Depends(get_store)]
CacheDep = Annotated[Cache, Depends(get_cache)]
HttpDep = Annotated[httpx.AsyncClient, Depends(get_http)]
NowDep = Annotated[datetime, Depends(now_utc)]
