"""Helpers shared by the quote node's API, store and rendering tests (not a test module)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from py_nodes.core.auth import Principal
from py_nodes.core.config import Settings
from py_nodes.core.deps import now_utc
from py_nodes.core.errors import Unauthorized
from py_nodes.core.state import app_state
from py_nodes.main import create_app
from py_nodes.quote.api.examples import QUOTE_REQUEST_EXAMPLE
from py_nodes.quote.documents.models import QuoteHeader
from py_nodes.quote.engine.models import GroupSubtotal, PricedQuote, QuoteFigures, QuoteLine

API_KEY = {"X-API-Key": "test-key-current"}
TOKENS = {
    "reader": frozenset({"quotes:read"}),
    "writer": frozenset({"quotes:read", "quotes:write"}),
    "exporter": frozenset({"export"}),
    "catalog": frozenset({"catalog:read"}),
    "nobody": frozenset(),
}


class FakeVerifier:
    """Stands in for the security node: the token is the name of a scope set in ``TOKENS``."""

    def verify_access(self, token: str) -> Principal:
        if token not in TOKENS:
            raise Unauthorized("Token inválido.")
        return Principal(subject=token, scopes=TOKENS[token])


def headers(token: str | None = None) -> dict[str, str]:
    """The service key, plus a bearer token when ``token`` is given."""
    if token is None:
        return dict(API_KEY)
    return {**API_KEY, "Authorization": f"Bearer {token}"}


def roof_body(**overrides: Any) -> dict[str, Any]:
    """The reference's example A, as the API documents it: ISODEC EPS 100 mm, 5.0 × 5.6 m."""
    body: dict[str, Any] = copy.deepcopy(dict(QUOTE_REQUEST_EXAMPLE))
    body.update(overrides)
    return body


def priced(line_count: int = 2, description: str = 'Varilla roscada 3/8" (1m)') -> PricedQuote:
    """A priced result built by hand (no engine), ``line_count`` lines over two groups."""
    lines = [
        QuoteLine(
            group="PANELES" if index == 0 else "FIJACIONES",
            description=f"{description} #{index}",
            sku=f"SKU-{index}",
            quantity=Decimal("180.000000") if index == 0 else Decimal("36.40"),
            unit="m²" if index == 0 else "unid",
            unit_price=Decimal("41.15"),
            amount=Decimal("1345.53"),
        )
        for index in range(line_count)
    ]
    groups = sorted({line.group for line in lines}, key=lambda g: g != "PANELES")
    return PricedQuote(
        price_list="web",
        catalog_version="test-1",
        lines=lines,
        groups=[
            GroupSubtotal(group=g, amount=sum((x.amount for x in lines if x.group == g), Decimal()))
            for g in groups
        ],
        subtotal=Decimal("1345.53"),
        iva=Decimal("296.02"),
        total=Decimal("1641.55"),
        figures=QuoteFigures(area_m2=Decimal("28.00"), panels=5, supports=2, fixing_points=22),
        warnings=["El color Gris demora 20 días más."],
        valid_until=date(2026, 5, 30),
    )


def header(**overrides: Any) -> QuoteHeader:
    values: dict[str, Any] = {
        "number": "BMC-2026-0001",
        "issued_on": date(2026, 5, 20),
        "customer_name": "Ana Pérez",
        "customer_phone": "59899123456",
        "scenario": "solo_techo",
        "product_label": "ISODEC EPS",
        "thickness_mm": 100,
        "color": "Blanco",
        "address": "Maldonado",
        "price_list": "web",
    }
    values.update(overrides)
    return QuoteHeader(**values)


def quote_client(settings: Settings, clock: Clock | None = None) -> Iterator[TestClient]:
    """A client of the quote node alone, with the fake token verifier and an optional clock."""
    app = create_app(settings, nodes=["quote"])
    if clock is not None:
        app.dependency_overrides[now_utc] = clock
    with TestClient(app, raise_server_exceptions=False) as client:
        app_state(app).token_verifier = FakeVerifier()
        yield client


class Clock:
    """A settable clock for the routes' ``now_utc`` dependency."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    async def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
