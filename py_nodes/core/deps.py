"""``Annotated`` dependency aliases for route handlers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from py_nodes.core.cache import Cache
from py_nodes.core.config import Settings
from py_nodes.core.resources import Resources
from py_nodes.core.storage import DocumentStore


def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> DocumentStore:
    return get_resources(request).store


def get_cache(request: Request) -> Cache:
    return get_resources(request).cache


ResourcesDep = Annotated[Resources, Depends(get_resources)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[DocumentStore, Depends(get_store)]
CacheDep = Annotated[Cache, Depends(get_cache)]
