"""Embeddings from an OpenAI-compatible ``/embeddings`` API (optional)."""

from __future__ import annotations

import httpx


class ApiEmbedder:
    """Calls ``{base_url}/embeddings``; the dimension is learned from the first answer."""

    def __init__(
        self, http: httpx.AsyncClient, base_url: str, model: str, api_key: str | None,
        dimension: int = 1536, timeout_s: float = 10.0,
    ) -> None:  # fmt: skip
        self._http = http
        self._url = base_url.rstrip("/") + "/embeddings"
        self._model = model
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout_s = timeout_s
        self.name = f"api-{model}"
        self.dimension = dimension

    async def embed(self, texts: list[str]) -> list[list[float]]:
        response = await self._http.post(
            self._url, json={"model": self._model, "input": texts}, headers=self._headers,
            timeout=self._timeout_s,
        )  # fmt: skip
        response.raise_for_status()
        rows = sorted(response.json()["data"], key=lambda row: row["index"])
        vectors = [[float(x) for x in row["embedding"]] for row in rows]
        if vectors:
            self.dimension = len(vectors[0])
        return vectors
