"""OpenAI-compatible chat completions over httpx: timeout, retries with backoff, circuit breaker."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from py_nodes.ai.llm.breaker import CircuitBreaker
from py_nodes.core import metrics

log = logging.getLogger(__name__)
RETRYABLE_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}


class LlmUnavailable(Exception):
    """The LLM gave no usable answer (down, slow, circuit open, malformed); the rules answer."""

    def __init__(self, outcome: str) -> None:
        super().__init__(outcome)
        self.outcome = outcome


class LlmClient:
    """``complete()`` returns the assistant's text or raises :class:`LlmUnavailable`."""

    def __init__(
        self, http: httpx.AsyncClient, base_url: str, model: str, api_key: str | None,
        timeout_s: float, max_retries: int, breaker: CircuitBreaker, backoff_s: float = 0.2,
    ) -> None:  # fmt: skip
        self._http = http
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout_s = timeout_s
        self._max_retries = max_retries
        self._backoff_s = backoff_s
        self.breaker = breaker

    async def complete(
        self, purpose: str, messages: list[dict[str, str]], json_mode: bool = False
    ) -> str:
        if not self.breaker.allow():
            metrics.LLM_REQUESTS.labels(purpose=purpose, outcome="circuit_open").inc()
            raise LlmUnavailable("circuit_open")
        body: dict[str, Any] = {"model": self._model, "messages": messages, "temperature": 0.2}
        if json_mode:
            body["response_format"] = {"type": "json_object"}
        outcome = "error"
        for attempt in range(self._max_retries + 1):
            if attempt:
                await asyncio.sleep(self._backoff_s * 2 ** (attempt - 1))
            try:
                response = await self._http.post(
                    self._url, json=body, headers=self._headers, timeout=self._timeout_s
                )
            except httpx.TimeoutException:
                # A slow model stays slow: retrying would make the customer wait several timeouts
                # (measured: ~25 s per turn with 2 retries; docs/reliability.md).
                outcome = "timeout"
                break
            except httpx.HTTPError:
                outcome = "error"
                continue
            if response.status_code in RETRYABLE_STATUS:
                outcome = "error"
                continue
            if response.status_code != 200:
                outcome = "error"
                break
            text = _content(response)
            if text is None:
                outcome = "invalid"
                break
            self.breaker.record_success()
            metrics.LLM_REQUESTS.labels(purpose=purpose, outcome="ok").inc()
            return text
        self.breaker.record_failure()
        metrics.LLM_REQUESTS.labels(purpose=purpose, outcome=outcome).inc()
        log.warning("llm call failed", extra={"purpose": purpose, "outcome": outcome})
        raise LlmUnavailable(outcome)


def _content(response: httpx.Response) -> str | None:
    """The first choice's message text, or None when the body is not what the API promises."""
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return content if isinstance(content, str) and content.strip() else None
