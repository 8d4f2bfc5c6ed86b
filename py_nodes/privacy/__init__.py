"""The privacy node: erasure by phone and retention of personal data (docs/privacy.md)."""

from __future__ import annotations

from fastapi import APIRouter

from py_nodes.core.node import NodeSpec
from py_nodes.core.resources import Resources


async def purge_at_start(resources: Resources) -> None:
    from py_nodes.privacy.retention import purge_expired

    await purge_expired(resources.store, resources.settings)


def _routers() -> list[APIRouter]:
    from py_nodes.privacy import routes

    return [routes.router]


NODE = NodeSpec(name="privacy", protected=_routers(), on_startup=[purge_at_start])
