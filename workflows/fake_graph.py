"""A local stand-in for Meta's WhatsApp Graph API: records what is sent, fails on demand.

Run alone: ``python -m workflows.fake_graph --port 8790`` (the stack and the chat simulator use
it). Messages: ``POST /{version}/{phone_number_id}/messages``; media: ``POST .../media``.
``GET /_fake/messages`` lists what was sent (for another process, e.g. the chat simulator).
"""

from __future__ import annotations

import argparse
import email.parser
import email.policy
import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from workflows.loopback import LoopbackServer


@dataclass
class GraphState:
    """What the fake recorded, and the failures it was told to inject."""

    token: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    media: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    dropped: int = 0
    fail_remaining: int = 0
    fail_status: int = 500
    hang_remaining: int = 0
    hung: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    changed: threading.Condition = field(default_factory=threading.Condition)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def fail_next(self, count: int, status: int = 500) -> None:
        self.fail_remaining, self.fail_status = count, status

    def hang_next(self, count: int = 1) -> None:
        """Hold the next sends open (never answered) until ``release`` is set."""
        self.hang_remaining = count
        self.hung.clear()
        self.release.clear()

    def reset(self) -> None:
        with self.changed:
            self.messages.clear()
            self.media.clear()
            self.attempts = self.dropped = self.fail_remaining = self.hang_remaining = 0
        self.release.set()

    def texts_to(self, phone: str) -> list[str]:
        return [m["text"]["body"] for m in self.messages if m.get("to") == phone and "text" in m]

    def wait_for(self, predicate: Any, timeout: float) -> bool:
        with self.changed:
            return bool(self.changed.wait_for(lambda: predicate(self), timeout))


class _Handler(BaseHTTPRequestHandler):
    state: GraphState

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _reply(self, status: int, body: dict[str, Any] | list[Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.startswith("/_fake/messages"):
            with self.state.changed:
                self._reply(200, list(self.state.messages))
            return
        self._reply(404, {"error": {"message": "unknown path"}})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        state = self.state
        if self.headers.get("Authorization") != f"Bearer {state.token}":
            self._reply(401, {"error": {"message": "Invalid OAuth access token", "code": 190}})
            return
        parts = self.path.strip("/").split("/")
        if len(parts) != 3 or parts[2] not in ("messages", "media"):
            self._reply(404, {"error": {"message": "unknown path"}})
            return
        with state.changed:
            state.attempts += 1
            if state.hang_remaining > 0:
                state.hang_remaining -= 1
                hang = True
            else:
                hang = False
            if not hang and state.fail_remaining > 0:
                state.fail_remaining -= 1
                self._reply(state.fail_status, {"error": {"message": "injected failure"}})
                return
        if hang:
            state.hung.set()
            state.release.wait(120)
            with state.changed:
                state.dropped += 1
                state.changed.notify_all()
            return
        if parts[2] == "media":
            self._media(parts, body)
        else:
            self._message(parts, body)

    def _message(self, parts: list[str], body: bytes) -> None:
        message = json.loads(body)
        message["_phone_number_id"], message["_version"] = parts[1], parts[0]
        wamid = f"wamid.out.{next(self.state.ids)}"
        with self.state.changed:
            self.state.messages.append(message)
            self.state.changed.notify_all()
        to = message.get("to")
        self._reply(200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": wamid}],
        })  # fmt: skip

    def _media(self, parts: list[str], body: bytes) -> None:
        header = f"Content-Type: {self.headers.get('Content-Type')}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.default).parsebytes(header + body)
        fields: dict[str, Any] = {}
        for part in message.iter_parts() if message.is_multipart() else []:
            name = part.get_param("name", header="content-disposition")
            payload = bytes(part.get_payload(decode=True) or b"")
            if part.get_filename():
                fields[str(name)] = {"filename": part.get_filename(), "size": len(payload),
                                     "is_pdf": payload.startswith(b"%PDF")}  # fmt: skip
            else:
                fields[str(name)] = payload.decode(errors="replace")
        media_id = f"media-{next(self.state.ids)}"
        with self.state.changed:
            self.state.media.append({"id": media_id, **fields})
            self.state.changed.notify_all()
        self._reply(200, {"id": media_id})


class FakeGraph(LoopbackServer):
    """The fake server on a thread; ``base_url`` goes into n8n's ``GRAPH_API_BASE_URL``."""

    def __init__(self, token: str, port: int = 0) -> None:
        self.state = GraphState(token=token)
        super().__init__(type("Handler", (_Handler,), {"state": self.state}), port)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.state.release.set()
        super().stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--token", required=True)
    args = parser.parse_args()
    graph = FakeGraph(args.token, args.port)
    print(f"fake Graph API on {graph.base_url}", flush=True)
    graph.server.serve_forever()


if __name__ == "__main__":
    main()
