"""Shared helpers for the infrastructure checks: locating external tools, repository paths."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COMPOSE_DIR = REPO / "compose"
MONITORING = REPO / "monitoring"


def require_tool(name: str, package: str) -> str:
    """Path of ``name``; skip when absent, fail when ``BMC_REQUIRE_TOOLS=1`` (the test command)."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (Debian package: {package})"
    if os.environ.get("BMC_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{message}, and BMC_REQUIRE_TOOLS=1 demands it")
    pytest.skip(message)
