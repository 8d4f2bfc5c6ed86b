"""The Python nodes under uvicorn for a load or fault run (Redis: ``workflows.datastores``).

A real process, so ``kill -9`` is real; ``cpu_seconds`` reads ``/proc/<pid>/stat``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from workflows.processes import ManagedProcess

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # fields from "state" on


def descendants(root: int) -> list[int]:
    """``root`` and every process below it (n8n starts a task-runner child)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_seconds(root: int | None, tree: bool = True) -> float:
    """utime + stime of ``root`` (and its descendants), in seconds (0 when it is gone)."""
    if root is None:
        return 0.0
    total = 0
    for pid in descendants(root) if tree else [root]:
        fields = _stat_fields(pid)
        if fields is not None:
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def python_nodes_process(
    port: int, env: Mapping[str, str], log_dir: Path, workers: int = 1
) -> ManagedProcess:
    command = [sys.executable, "-m", "uvicorn", "py_nodes.main:create_app", "--factory",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
               "--no-access-log", "--workers", str(workers)]  # fmt: skip
    return ManagedProcess(
        "python-nodes", command, {**os.environ, **env}, log_dir / "python-nodes.log",
        ready_url=f"http://127.0.0.1:{port}/health/live",
    )  # fmt: skip
