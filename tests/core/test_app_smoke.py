"""The app starts on embedded stores and answers its probes."""

from fastapi.testclient import TestClient


def test_health_ready_reports_embedded_engines(client: TestClient) -> None:
    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["engines"] == {
        "mongodb": "montydb",
        "redis": "memory",
        "qdrant": "embedded",
    }


def test_unknown_route_is_problem_json(client: TestClient) -> None:
    response = client.get("/nope", headers={"X-Request-ID": "exec-42"})

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "exec-42"
    assert response.json()["request_id"] == "exec-42"
