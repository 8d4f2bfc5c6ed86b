"""What a node contributes to the app: routers, the indexes its queries need, a start-up hook."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from fastapi import APIRouter, FastAPI

from py_nodes.core.config import Settings
from py_nodes.core.resources import Resources
from py_nodes.core.storage import IndexSpec

StartupHook = Callable[[Resources], Awaitable[None]]
InstallHook = Callable[[FastAPI, Settings], None]


@dataclass(frozen=True)
class NodeSpec:
    """A node: ``protected`` routers need the service API key; ``public`` ones do not."""

    name: str
    protected: Sequence[APIRouter] = ()
    public: Sequence[APIRouter] = ()
    indexes: Sequence[IndexSpec] = ()
    on_startup: Sequence[StartupHook] = field(default_factory=tuple)
    #: App-wide behaviour (middleware, ``AppState``), called by ``create_app`` before it returns.
    install: Sequence[InstallHook] = ()
    #: Paths that limit their own request body (the app-wide 1 MiB guard leaves them alone).
    self_bounded_paths: Sequence[str] = ()
