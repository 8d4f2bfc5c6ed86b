"""What business users see: the n8n editor lists every flow, published, under its readable name.

Chromium (Debian's package, headless) driven by Playwright; the screenshot is kept in
``artifacts/n8n-editor.png``.
"""

from __future__ import annotations

import json
import struct
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Stack
from tests.support.browser import ARTIFACTS, chromium, screenshot
from workflows import EXPORT_DIR

pytestmark = pytest.mark.n8n
VIEWPORT = {"width": 1440, "height": 1000}
SCREENSHOT = ARTIFACTS / "n8n-editor.png"
FLOW_NAMES = sorted(json.loads(path.read_text())["name"] for path in EXPORT_DIR.glob("*.json"))


@pytest.fixture(scope="module")
def workflow_list(stack: Stack) -> dict[str, str]:
    """Log in as the owner, open the workflow list; name -> publish badge. Saves the screenshot."""
    email, password = stack.editor_login
    with chromium() as browser:
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(stack.n8n.base_url + "/signin", wait_until="networkidle")
        page.fill("input[name=emailOrLdapLoginId]", email)
        page.fill("input[name=password]", password)
        page.click("[data-test-id=form-submit-button]")
        page.wait_for_url("**/home/**", timeout=30_000)
        page.goto(stack.n8n.base_url + "/home/workflows", wait_until="networkidle")
        listed = _read_cards(page)
        screenshot(page, "n8n-editor", full_page=True)
    return listed


def _read_cards(page: Any, timeout_s: float = 30) -> dict[str, str]:
    """Name -> publish badge of every workflow card, once the list shows them all.

    Once, a single read found no card right after all six had appeared (a re-render in between
    is the likely cause), so read until every flow is there, or time out.
    """
    cards = page.locator("[data-test-id=resources-list-item-workflow]")
    cards.nth(len(FLOW_NAMES) - 1).wait_for(timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    listed: dict[str, str] = {}
    while time.monotonic() < deadline:
        try:
            listed = {
                card.locator("[data-test-id=workflow-card-name]")
                .inner_text(timeout=2000)
                .strip(): card.locator("[data-test-id=workflow-card-publish-indicator]")
                .inner_text(timeout=2000)
                .strip()
                for card in cards.all()
            }
        except Exception:  # a card went away mid-read: read again
            listed = {}
        if sorted(listed) == FLOW_NAMES:
            break
        page.wait_for_timeout(500)
    return listed


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (raises on anything that is not a PNG)."""
    data = path.read_bytes()[:24]
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError(f"{path} is not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def test_editor_lists_every_flow_by_its_readable_name(workflow_list: dict[str, str]) -> None:
    assert sorted(workflow_list) == FLOW_NAMES


def test_editor_shows_every_flow_published(workflow_list: dict[str, str]) -> None:
    assert set(workflow_list.values()) == {"Published"}


def test_editor_screenshot_is_a_real_picture(workflow_list: dict[str, str]) -> None:
    width, height = png_size(SCREENSHOT)

    assert (width, height >= VIEWPORT["height"]) == (VIEWPORT["width"], True)
    assert SCREENSHOT.stat().st_size > 20_000
