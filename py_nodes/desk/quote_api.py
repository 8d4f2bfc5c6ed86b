"""The desk's client of the quote node's HTTP API: state changes, PDFs and exports.

The state machine, its history and the PDF belong to the quote node, and a node may run alone
(``PY_NODES=desk``), so the desk never imports the quote node: it calls its routes with the
service key and an access token of its own client (``DESK_QUOTE_CLIENT``, listed in
``AUTH_CLIENTS``), kept until shortly before it expires.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import quote as url_quote

import httpx

from py_nodes.core.config import Settings, secret_values
from py_nodes.core.errors import Problem, ServiceUnavailable, UpstreamError

SCOPES: Final = "quotes:read quotes:write export"
#: Renew the access token this long before it expires.
MARGIN_S: Final = 60


class QuoteApiRefused(Problem):
    """The quote node refused the change (e.g. an illegal state move); ``detail`` is its own."""

    status = 409
    title = "Quote change refused"
    type_slug = "desk/quote-change-refused"
    meaning = "The quote node refused a change asked from the desk; `detail` says why."
    default_detail = "La cotización no admite ese cambio."


class DeskNotConfigured(ServiceUnavailable):
    type_slug = "desk/not-configured"
    title = "Desk not configured"
    meaning = "A desk feature needs a setting that is missing; `detail` names it."
    default_detail = "Falta configurar el escritorio de ventas."


class QuoteNodeUnavailable(UpstreamError):
    type_slug = "desk/quote-node-unavailable"
    title = "Quote node unavailable"
    meaning = "The desk could not reach the quote node's API, or it answered with an error."
    default_detail = "El servicio de cotizaciones no responde. Probá de nuevo en un momento."


@dataclass
class QuoteApi:
    http: httpx.AsyncClient
    base_url: str
    api_key: str | None
    client: tuple[str, str] | None
    _token: str | None = None
    _expires_at: float = 0.0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @classmethod
    def from_settings(cls, http: httpx.AsyncClient, settings: Settings) -> QuoteApi:
        keys = secret_values(settings.api_keys)
        client = None
        if settings.desk_quote_client is not None:
            client_id, _, secret = settings.desk_quote_client.get_secret_value().partition(":")
            client = (client_id.strip(), secret.strip()) if client_id and secret else None
        return cls(http, settings.desk_quote_api_url.rstrip("/"), keys[0] if keys else None, client)

    def _key_headers(self) -> dict[str, str]:
        if self.api_key is None:
            raise DeskNotConfigured(
                "Falta API_KEYS: el escritorio no puede hablar con cotizaciones."
            )
        return {"X-API-Key": self.api_key}

    async def _bearer(self) -> dict[str, str]:
        async with self._lock:
            if self._token is None or time.monotonic() >= self._expires_at:
                if self.client is None:
                    raise DeskNotConfigured(
                        "Falta DESK_QUOTE_CLIENT: el escritorio no puede cambiar cotizaciones."
                    )
                body = {"client_id": self.client[0], "client_secret": self.client[1],
                        "scope": SCOPES}  # fmt: skip
                response = await self._send("POST", "/auth/token", json=body)
                payload = response.json()
                self._token = str(payload["access_token"])
                self._expires_at = time.monotonic() + int(payload["expires_in"]) - MARGIN_S
            return {**self._key_headers(), "Authorization": f"Bearer {self._token}"}

    async def _send(
        self, method: str, path: str, *, retry_401: bool = False, **kwargs: Any
    ) -> httpx.Response:
        headers = {**self._key_headers(), **kwargs.pop("headers", {})}
        try:
            response = await self.http.request(
                method, self.base_url + path, headers=headers, **kwargs
            )
        except httpx.HTTPError as exc:
            raise QuoteNodeUnavailable() from exc
        if response.status_code == 401 and retry_401:
            return response
        if response.status_code in (404, 409, 422):
            raise QuoteApiRefused(_detail(response))
        if response.status_code >= 400:
            raise QuoteNodeUnavailable(
                f"El servicio de cotizaciones respondió {response.status_code}."
            )
        return response

    async def _authorized(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Call with the access token; a token refused (revoked, keys rotated) is renewed once."""
        response = await self._send(
            method, path, headers=await self._bearer(), retry_401=True, **kwargs
        )
        if response.status_code != 401:
            return response
        self._token = None
        return await self._send(method, path, headers=await self._bearer(), **kwargs)

    async def change_state(
        self, number: str, state: str, by: str, assignee: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"state": state, "by": by}
        if assignee:
            body["assignee"] = assignee
        response = await self._authorized("PATCH", f"/quotes/{_seg(number)}/status", json=body)
        result: dict[str, Any] = response.json()
        return result

    async def pdf(self, number: str) -> httpx.Response:
        return await self._send("GET", f"/quotes/{_seg(number)}/pdf")

    async def export(self, params: dict[str, str]) -> httpx.Response:
        return await self._authorized("GET", "/export", params=params)


def _seg(value: str) -> str:
    return url_quote(value, safe="")


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    return str(detail) if detail else "La cotización no admite ese cambio."
