"""What one app holds while it runs, typed: settings, shared clients, auth, and each node's state.

``create_app`` puts one ``AppState`` on the app; everything else reaches it through ``app_state``
(routes through the aliases of ``core.deps``). A node keeps its own objects (catalog, knowledge
index, token service…) as one dataclass of its own in ``AppState.nodes``, keyed by that class:
no string keys, and reading it back gives the class's type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from starlette.applications import Starlette

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

    from py_nodes.core.access import ServiceKey
    from py_nodes.core.auth import TokenVerifier
    from py_nodes.core.config import Settings
    from py_nodes.core.resources import Resources

T = TypeVar("T")


class NodeStateMissing(LookupError):
    """A node's state was read before its node built it, or in an app without that node."""


class NodeStates:
    """One object per node, keyed by its class: ``put(AiRuntime(...))``, ``get(AiRuntime)``."""

    def __init__(self) -> None:
        self._by_class: dict[type, object] = {}

    def put(self, value: object) -> None:
        """Keep ``value`` as the state of its class (a second ``put`` replaces the first)."""
        self._by_class[type(value)] = value

    def find(self, kind: type[T]) -> T | None:
        """The state of class ``kind``, or None when no node has put one."""
        value = self._by_class.get(kind)
        return value if isinstance(value, kind) else None

    def get(self, kind: type[T]) -> T:
        """The state of class ``kind``; ``NodeStateMissing`` when no node has put one."""
        value = self.find(kind)
        if value is None:
            raise NodeStateMissing(f"no {kind.__name__} in this app (is its node selected?)")
        return value


@dataclass
class AppState:
    """The one object ``create_app`` hangs on an app (see ``app_state``)."""

    settings: Settings
    nodes: NodeStates = field(default_factory=NodeStates)
    #: True once the lifespan opened the resources and ran every start-up hook.
    started: bool = False
    #: Parsed ``API_KEYS`` (length enforced in staging and prod), set by ``install_access``.
    service_keys: tuple[ServiceKey, ...] = ()
    #: Checks bearer tokens; registered by the security node, None when it does not issue any.
    token_verifier: TokenVerifier | None = None
    #: Set when tracing is on; the lifespan gives it to the clients it opens.
    tracer_provider: TracerProvider | None = None
    _resources: Resources | None = field(default=None, init=False, repr=False)

    @property
    def resources(self) -> Resources:
        """The shared clients; they exist only while the lifespan runs."""
        if self._resources is None:
            raise RuntimeError("resources are open only while the app runs (inside its lifespan)")
        return self._resources

    def attach(self, resources: Resources | None) -> None:
        """The lifespan hands over the clients it opened (and None once it closed them)."""
        self._resources = resources


def install_app_state(app: Starlette, settings: Settings) -> AppState:
    """Give ``app`` its ``AppState`` (``create_app`` calls this first)."""
    state = AppState(settings=settings)
    app.state.bmc = state
    return state


def app_state(app: object) -> AppState:
    """The ``AppState`` of ``app`` (a request's ``request.app``, a test client's ``app``)."""
    if not isinstance(app, Starlette):
        raise TypeError(f"not a Starlette app: {type(app).__name__}")
    try:
        state = app.state.bmc
    except AttributeError:
        state = None
    if not isinstance(state, AppState):
        raise TypeError("the app was not built by create_app (no AppState)")
    return state
