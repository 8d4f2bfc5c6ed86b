"""Probes: live never touches dependencies; ready names each failed dependency."""

from fastapi.testclient import TestClient

from py_nodes.core.cache import MemoryCache
from py_nodes.core.config import Settings
from py_nodes.core.state import app_state
from py_nodes.main import create_app


class BrokenCache(MemoryCache):
    """A cache whose server is down: every ping fails."""

    backend = "redis"

    async def ping(self) -> None:
        raise ConnectionError("down")


def test_health_live_and_startup_answer(client: TestClient) -> None:
    live = client.get("/health/live")
    startup = client.get("/health/startup")

    assert (live.status_code, startup.status_code) == (200, 200)
    assert startup.json() == {"status": "started"}


def test_health_ready_names_failed_dependency(client: TestClient) -> None:
    app_state(client.app).resources.cache = BrokenCache()

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["failed"] == {"redis": "ConnectionError"}
    assert "redis" in response.json()["detail"]


def test_metrics_served_without_api_key(client: TestClient) -> None:
    client.get("/health/live")

    response = client.get("/metrics")

    assert response.status_code == 200
    assert "http_requests_total" in response.text
    assert "bmc_dependency_up" in response.text


def test_health_startup_before_the_lifespan_is_starting_up(settings: Settings) -> None:
    app = create_app(settings, nodes=["ops"])

    response = TestClient(app, raise_server_exceptions=False).get("/health/startup")

    assert response.status_code == 503
    assert response.json()["type"].endswith("/starting-up")
    assert response.json()["detail"] == "El servicio todavía está arrancando."
