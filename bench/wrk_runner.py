"""wrk (Debian's, native) drives the HTTP benchmarks: the client is never the limit.

Each run is one wrk thread (so a Lua counter is global and ids stay unique) with ``connections``
keep-alive connections for ``seconds``; a ``done`` hook prints wrk's own figures as JSON. The CPU
wrk used (``RUSAGE_CHILDREN`` around the run) is reported next to the server's (``/proc``), so a
reader can see wrk had room to spare.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

DONE_HOOK = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,' ..
    '"status_errors":%d,"socket_errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
"""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is not installed (Debian package: wrk; scripts/test.sh installs it)")
    return found


def lua_string(text: str) -> str:
    """A Lua long-bracket literal holding ``text`` byte for byte."""
    level = "=" * 4
    assert f"]{level}]" not in text
    return f"[{level}[{text}]{level}]"


def static_request(method: str, body: str = "", headers: dict[str, str] | None = None) -> str:
    """Lua for the same request every time (wrk sends it as fast as answers come back)."""
    lines = [f'wrk.method = "{method}"']
    if body:
        lines.append(f"wrk.body = {lua_string(body)}")
    for name, value in (headers or {}).items():
        lines.append(f"wrk.headers[ {lua_string(name)} ] = {lua_string(value)}")
    return "\n".join(lines) + "\n"


def server_cpu_seconds(pid: int) -> float:
    raw = Path(f"/proc/{pid}/stat").read_text()
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    wrk_cpu_s: float
    server_cpu_s: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def server_cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu_s / self.requests


def run_wrk(
    url: str, script: str, server_pid: int, seconds: float = 8, connections: int = 16
) -> WrkResult:
    """One wrk run of ``script`` (Lua, without ``done``) against ``url``; fails on any error."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script + DONE_HOOK)
    try:
        wrk_before, server_before = children_cpu_seconds(), server_cpu_seconds(server_pid)
        result = subprocess.run(
            [wrk_binary(), "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
             "-s", lua.name, url],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        )  # fmt: skip
        wrk_cpu = children_cpu_seconds() - wrk_before
        server_cpu = server_cpu_seconds(server_pid) - server_before
    finally:
        os.unlink(lua.name)
    line = next((x for x in result.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no figures:\n{result.stdout}\n{result.stderr}")
    data = json.loads(line.removeprefix("WRKJSON "))
    if data["status_errors"] or data["socket_errors"] or not data["requests"]:
        raise SystemExit(f"wrk against {url} saw errors: {data}\n{result.stdout}")
    return WrkResult(
        data["requests"], data["duration_us"] / 1e6, data["p50_us"] / 1000,
        data["p95_us"] / 1000, data["p99_us"] / 1000, wrk_cpu, server_cpu,
    )  # fmt: skip
