"""Sentry: on with a DSN secret (events scrubbed), off and untouched without one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sentry_sdk
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport
from sentry_sdk.types import Event

from py_nodes.core import sentry
from py_nodes.core.config import Settings
from py_nodes.main import create_app

DSN = "https://public@o0.ingest.sentry.invalid/1"


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "test",
        "data_dir": tmp_path / "data",
        "log_level": "WARNING",
        "api_keys": "test-key-current",
    }
    values.update(overrides)
    return Settings(**values)


class RecordingTransport(Transport):
    """Keeps every envelope in memory instead of sending it."""

    envelopes: ClassVar[list[Envelope]] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        RecordingTransport.envelopes.append(envelope)


@pytest.fixture
def sentry_reset() -> Iterator[None]:
    RecordingTransport.envelopes = []
    yield
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def _events() -> list[dict[str, Any]]:
    events = []
    for envelope in RecordingTransport.envelopes:
        for item in envelope.items:
            if item.type == "event" and item.payload.json is not None:
                events.append(item.payload.json)
    return events


@pytest.mark.parametrize(
    "dsn",
    [
        pytest.param(None, id="no-secret"),
        pytest.param("", id="empty-secret-file"),
        pytest.param("  \n", id="blank-secret-file"),
    ],
)
def test_init_sentry_without_dsn_does_not_start_the_sdk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dsn: str | None
) -> None:
    def refuse(**_: Any) -> None:
        raise AssertionError("sentry_sdk.init must not be called without a DSN")

    monkeypatch.setattr(sentry_sdk, "init", refuse)
    settings = make_settings(tmp_path, sentry_dsn=dsn)

    started = sentry.init_sentry(settings)

    assert started is False
    assert not sentry_sdk.get_client().is_active()


def test_init_sentry_with_dsn_starts_the_sdk_with_that_dsn(
    tmp_path: Path, sentry_reset: None
) -> None:
    settings = make_settings(tmp_path, sentry_dsn=DSN, env="staging")

    started = sentry.init_sentry(settings, transport=RecordingTransport)

    client = sentry_sdk.get_client()
    assert started is True
    assert client.is_active()
    assert client.dsn == DSN
    assert client.options["environment"] == "staging"
    assert client.options["before_send"] is sentry.scrub_event


def test_init_sentry_reads_the_dsn_from_the_secret_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sentry_reset: None
) -> None:
    secret = tmp_path / "sentry_dsn"
    secret.write_text(DSN + "\n", encoding="utf-8")
    monkeypatch.setenv("SENTRY_DSN_FILE", str(secret))

    started = sentry.init_sentry(Settings(env="test", data_dir=tmp_path / "data"))

    assert started is True
    assert sentry_sdk.get_client().dsn == DSN


def _failing_app(settings: Settings) -> FastAPI:
    router = APIRouter(prefix="/boom")

    @router.post("")
    async def post_boom() -> dict[str, str]:
        """Always fails: stands for an unexpected bug."""
        raise RuntimeError("unexpected bug")

    app = create_app(settings, nodes=["quote"])
    app.include_router(router)
    return app


def test_unhandled_error_reaches_sentry_without_customer_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sentry_reset: None
) -> None:
    original_init = sentry.init_sentry
    monkeypatch.setattr(
        "py_nodes.main.init_sentry",
        lambda settings: original_init(settings, transport=RecordingTransport),
    )
    app = _failing_app(make_settings(tmp_path, sentry_dsn=DSN))

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(
            "/boom",
            json={"text": "hola, mi número es 099 123 456"},
            headers={"X-API-Key": "test-key-current", "X-End-User-Phone": "59899123456"},
        )
    sentry_sdk.flush()

    events = _events()
    assert response.status_code == 500
    assert len(events) == 1
    exception = events[0]["exception"]["values"][-1]
    headers = {name.lower() for name in events[0].get("request", {}).get("headers", {})}
    assert exception["type"] == "RuntimeError"
    assert "data" not in events[0].get("request", {})
    assert headers, "the event should carry the request headers"
    assert headers.isdisjoint({"x-api-key", "x-end-user-phone"})


def test_scrub_event_keeps_an_event_without_request() -> None:
    event: Event = {"message": "started"}

    scrubbed = sentry.scrub_event(event, {})

    assert scrubbed == {"message": "started"}
