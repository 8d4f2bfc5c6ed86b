"""Debian's Chromium, headless, driven by Playwright: the one way the e2e tests open a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from workflows.install import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]  # fmt: skip
ARTIFACTS = REPO_ROOT / "artifacts"


def require_browser() -> Any:
    """Playwright's ``sync_playwright``; fails (``BMC_REQUIRE_TOOLS``) or skips without Chromium."""
    missing = None if shutil.which(CHROMIUM) else f"{CHROMIUM} is not installed (apt: chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "the playwright package is not installed"
    if missing:
        if os.environ.get("BMC_REQUIRE_TOOLS"):
            pytest.fail(missing)
        pytest.skip(missing)
    return sync_playwright


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless Chromium, closed on exit."""
    with require_browser()() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: Any, name: str, *, full_page: bool = False) -> Path:
    """Save ``artifacts/<name>.png`` and print its path, for whoever reads the run."""
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    print(f"screenshot: {path}")  # noqa: T201 - the artifact's path
    return path
