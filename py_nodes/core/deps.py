"""``Annotated`` dependency aliases for route handlers (async: no thread-pool hop per request)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from py_nodes.core.cache import Cache
from py_nodes.core.config import Settings
from py_nodes.core.resources import Resources
from py_nodes.core.storage import DocumentStore


async def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> DocumentStore:
    return (await get_resources(request)).store


async def get_cache(request: Request) -> Cache:
    return (await get_resources(request)).cache


ResourcesDep = Annotated[Resources, Depends(get_resources)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[DocumentStore, Depends(get_store)]
CacheDep = Annotated[Cache, Depends(get_cache)]
