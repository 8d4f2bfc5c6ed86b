"""Every story's `quote:` block agrees with the quote node (so a catalog change cannot leave the
corpus expecting stale totals). The request is built from the block alone, by price_story.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from tests.conversations import price_story

CORPUS_DIR = Path(__file__).parent
OUTSIDER = CORPUS_DIR.parents[2] / "shared" / "conversations" / "outsider-stories.yaml"


def quote_stories() -> list[Any]:
    """Every story with a quote block (files without stories, like known_failures.yaml, skip)."""
    files = sorted(CORPUS_DIR.glob("*.yaml")) + ([OUTSIDER] if OUTSIDER.exists() else [])
    return [
        pytest.param(story["quote"], id=f"{path.stem}::{story['story']}")
        for path in files
        for story in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("stories", [])
        if "quote" in story
    ]


@pytest.fixture(scope="module")
def quote_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with price_story.make_client(tmp_path_factory.mktemp("quotes")) as test_client:
        yield test_client


def test_the_corpus_has_seventy_quote_stories() -> None:
    assert len(quote_stories()) >= 70


@pytest.mark.parametrize("quote", quote_stories())
def test_quote_block_matches_the_quote_node(
    quote: dict[str, Any], quote_client: TestClient
) -> None:
    figures = price_story.price(quote_client, quote).figures
    assert {key: quote.get(key) for key in figures} == figures
