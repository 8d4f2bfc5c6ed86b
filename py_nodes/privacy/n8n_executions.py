"""A customer's executions in n8n, found and deleted through n8n's public REST API.

n8n keeps only failed executions (``EXECUTIONS_DATA_SAVE_ON_SUCCESS=none``, pruned after 7
days), but those hold the whole webhook payload: the phone, the name, the message. The API key
(``N8N_API_KEY``, a Docker secret) needs the scopes ``execution:list``, ``execution:read`` and
``execution:delete``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from py_nodes.core.config import Settings

PAGE = 100
MAX_PAGES = 200  # 20,000 executions: twice the prune limit (EXECUTIONS_DATA_PRUNE_MAX_COUNT)


@dataclass
class N8nOutcome:
    reached: bool
    deleted: int = 0
    examined: int = 0
    detail: str = ""

    @classmethod
    def not_configured(cls) -> N8nOutcome:
        return cls(False, detail="N8N_API_URL/N8N_API_KEY no configurados: n8n no fue revisado.")


class N8nExecutions:
    """List every saved execution with its data; delete the ones that mention the phone."""

    def __init__(self, http: httpx.AsyncClient, base_url: str, api_key: str) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._headers = {"X-N8N-API-KEY": api_key, "Accept": "application/json"}

    @classmethod
    def from_settings(cls, settings: Settings, http: httpx.AsyncClient) -> N8nExecutions | None:
        if not settings.n8n_api_url or settings.n8n_api_key is None:
            return None
        key = settings.n8n_api_key.get_secret_value().strip()
        return cls(http, settings.n8n_api_url, key) if key else None

    async def _page(self, cursor: str | None) -> dict[str, Any]:
        params: dict[str, str | int] = {"includeData": "true", "limit": PAGE}
        if cursor:
            params["cursor"] = cursor
        response = await self._http.get(
            f"{self._base}/executions", params=params, headers=self._headers, timeout=30
        )
        response.raise_for_status()
        page: dict[str, Any] = response.json()
        return page

    async def matching(self, digits: str) -> tuple[list[str], int]:
        """Ids of the executions whose data contains ``digits``, and how many were examined."""
        found: list[str] = []
        examined = 0
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            page = await self._page(cursor)
            for execution in page.get("data", []):
                examined += 1
                if digits in json.dumps(execution, ensure_ascii=False):
                    found.append(str(execution["id"]))
            cursor = page.get("nextCursor")
            if not cursor:
                break
        return found, examined

    async def erase(self, digits: str) -> N8nOutcome:
        try:
            ids, examined = await self.matching(digits)
            for execution_id in ids:
                response = await self._http.delete(
                    f"{self._base}/executions/{execution_id}", headers=self._headers, timeout=30
                )
                if response.status_code != 404:
                    response.raise_for_status()
        except httpx.HTTPError as exc:
            return N8nOutcome(False, detail=f"n8n no respondió bien: {type(exc).__name__}")
        return N8nOutcome(True, deleted=len(ids), examined=examined)
