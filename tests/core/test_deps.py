"""Routes reach shared objects one way: the typed ``AppState`` through ``core.deps`` aliases."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, get_args

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from py_nodes.core.config import Settings
from py_nodes.core.deps import NowDep, SettingsDep, StoreDep, node_state, now_utc
from py_nodes.core.state import (
    AppState,
    NodeStateMissing,
    NodeStates,
    app_state,
    install_app_state,
)
from py_nodes.main import create_app


@dataclass
class Counter:
    hits: int


@dataclass
class Other:
    name: str


CounterDep = Annotated[Counter, Depends(node_state(Counter))]


def test_node_states_give_back_each_class_typed() -> None:
    states = NodeStates()
    states.put(Counter(1))
    states.put(Other("x"))
    states.put(Counter(2))  # a second put of a class replaces the first

    assert (states.get(Counter).hits, states.get(Other).name) == (2, "x")


def test_node_state_missing_names_the_class() -> None:
    states = NodeStates()

    assert states.find(Counter) is None
    with pytest.raises(NodeStateMissing, match="no Counter"):
        states.get(Counter)


def test_node_state_dependency_is_one_callable_per_class() -> None:
    counter: object = node_state(Counter)
    other: object = node_state(Other)

    assert counter is node_state(Counter)
    assert counter is not other


def test_app_state_refuses_what_create_app_did_not_build() -> None:
    with pytest.raises(TypeError, match="not a Starlette app"):
        app_state(object())
    with pytest.raises(TypeError, match="not built by create_app"):
        app_state(FastAPI())


def _small_app(settings: Settings) -> FastAPI:
    app = FastAPI()
    install_app_state(app, settings)

    @app.get("/state")
    async def get_state(counter: CounterDep, settings: SettingsDep) -> dict[str, object]:
        counter.hits += 1
        return {"hits": counter.hits, "env": settings.env}

    @app.get("/now")
    async def get_now(now: NowDep) -> dict[str, str]:
        return {"now": now.isoformat()}

    return app


def test_routes_read_settings_and_node_state_through_the_aliases() -> None:
    app = _small_app(Settings(env="test"))
    app_state(app).nodes.put(Counter(0))
    client = TestClient(app)

    bodies = [client.get("/state").json() for _ in range(2)]

    assert bodies == [{"hits": 1, "env": "test"}, {"hits": 2, "env": "test"}]


def test_a_node_state_not_built_names_its_class() -> None:
    app = _small_app(Settings(env="test"))

    with pytest.raises(NodeStateMissing, match="no Counter in this app"):
        TestClient(app).get("/state")


def test_node_state_and_clock_can_be_overridden_in_tests() -> None:
    app = _small_app(Settings(env="test"))
    fixed = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    app.dependency_overrides[node_state(Counter)] = lambda: Counter(41)
    app.dependency_overrides[now_utc] = lambda: fixed
    client = TestClient(app)

    assert client.get("/state").json()["hits"] == 42
    assert client.get("/now").json() == {"now": fixed.isoformat()}


def test_resources_exist_only_while_the_app_runs(settings: Settings) -> None:
    app = create_app(settings, nodes=["ops"])
    state = app_state(app)

    with pytest.raises(RuntimeError, match="lifespan"):
        _ = state.resources
    with TestClient(app) as client:
        assert state.started
        assert state.resources.state is state.nodes  # one container, whoever fills it
        assert client.get("/health/startup").json() == {"status": "started"}
    assert not state.started
    with pytest.raises(RuntimeError, match="lifespan"):
        _ = state.resources


@pytest.mark.parametrize("alias", [StoreDep, SettingsDep, NowDep])
def test_every_alias_is_an_async_dependency(alias: object) -> None:
    """Async, so FastAPI resolves it on the event loop (no thread-pool hop per request)."""
    dependency = get_args(alias)[1].dependency

    assert inspect.iscoroutinefunction(dependency)


def test_app_state_is_the_one_object_on_the_app(settings: Settings) -> None:
    app = create_app(settings, nodes=["security"])

    state = app_state(app)

    assert isinstance(state, AppState)
    assert state.settings is settings
    assert state.service_keys  # install_access parsed API_KEYS into it
