"""A local OpenAI-compatible chat-completions server that is healthy, slow, erroring or garbage.

``mode`` can change while the run goes on; every request is counted by the mode it met.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any, Literal

from workflows.loopback import LoopbackServer

Mode = Literal["ok", "slow", "error", "garbage"]


@dataclass
class LlmState:
    mode: Mode = "ok"
    slow_s: float = 12.0
    served: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _completion(request: dict[str, Any]) -> dict[str, Any]:
    """Echo the draft (wording) or an empty extraction: always safe for the money guard."""
    content = "{}"
    if not request.get("response_format"):
        user = request.get("messages", [{}])[-1].get("content", "{}")
        try:
            content = str(json.loads(user).get("borrador") or "Hola")
        except ValueError:
            content = "Hola"
    message = {"role": "assistant", "content": content}
    return {"id": "fake", "object": "chat.completion", "model": request.get("model", "fake"),
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}  # fmt: skip


class _Handler(BaseHTTPRequestHandler):
    state: LlmState

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        with self.state.lock:
            mode = self.state.mode
            self.state.served[mode] += 1
        if mode == "slow":
            time.sleep(self.state.slow_s)
        if mode == "error":
            self._send(503, b'{"error":{"message":"overloaded"}}')
        elif mode == "garbage":
            self._send(200, b"<html>not json at all", "text/html")
        else:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send(200, json.dumps(_completion(request)).encode())


class FakeLlm(LoopbackServer):
    """The server on a thread; ``base_url`` goes into ``LLM_BASE_URL``."""

    def __init__(self, port: int = 0) -> None:
        self.state = LlmState()
        super().__init__(type("Handler", (_Handler,), {"state": self.state}), port)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"
