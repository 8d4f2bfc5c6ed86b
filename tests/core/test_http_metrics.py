"""HTTP metrics from the request middleware: route templates, grouped statuses, no scrape count."""

from __future__ import annotations

from fastapi.testclient import TestClient
from prometheus_client import REGISTRY


def requests_total(handler: str, status: str, method: str = "GET") -> float:
    labels = {"handler": handler, "status": status, "method": method}
    return REGISTRY.get_sample_value("http_requests_total", labels) or 0.0


def test_request_is_counted_under_its_route_template(client: TestClient) -> None:
    before = requests_total("/quotes/{quote_id}/pdf", "4xx")

    client.get("/quotes/BMC-2099-99999/pdf")

    assert requests_total("/quotes/{quote_id}/pdf", "4xx") == before + 1


def test_unmatched_paths_share_one_series(client: TestClient) -> None:
    before = requests_total("none", "4xx")

    client.get("/no-such-path-1")
    client.get("/no-such-path-2")

    assert requests_total("none", "4xx") == before + 2


def test_scrape_is_not_counted_and_exposes_the_alerting_series(client: TestClient) -> None:
    client.get("/health/live")
    before = requests_total("/metrics", "2xx")

    text = client.get("/metrics").text

    assert requests_total("/metrics", "2xx") == before
    assert ("http_request_duration_highr_seconds_bucket" in text,
            'handler="/health/live"' in text) == (True, True)  # fmt: skip
