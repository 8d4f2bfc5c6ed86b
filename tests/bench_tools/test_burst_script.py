"""The n8n turn bench's wrk burst sends every delivery once, in order (wrk calls ``request()``
once more than it sends; the script once lost the first body to that call)."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest

from bench.bench_n8n_turn import burst_script, wrk_command, wrk_figures
from workflows.loopback import LoopbackServer

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")


class _Counter(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    bodies: ClassVar[list[bytes]] = []
    lock = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        with self.lock:
            self.bodies.append(raw)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def counter() -> Iterator[LoopbackServer]:
    _Counter.bodies.clear()
    with LoopbackServer(_Counter) as server:
        yield server


def test_burst_sends_each_body_once_in_order(counter: LoopbackServer, tmp_path: Path) -> None:
    sent = [(f'{{"n": {n}}}'.encode(), f"sha256={n:064x}") for n in range(1, 8)]
    script = tmp_path / "burst.lua"
    script.write_text(burst_script(sent))

    run = subprocess.run(wrk_command(f"http://127.0.0.1:{counter.port}/webhook", str(script), 2),
                         capture_output=True, text=True, timeout=30, check=True)  # fmt: skip

    assert _Counter.bodies == [raw for raw, _ in sent]
    assert int(wrk_figures(run.stdout)["requests"]) == len(sent)
