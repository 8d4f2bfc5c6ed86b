"""Customer lines of the conversation corpus (``tests/conversations/*.yaml``), story by story."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from workflows.install import REPO_ROOT

CORPUS_DIR = REPO_ROOT / "tests" / "conversations"


@dataclass(frozen=True)
class Story:
    name: str
    lines: tuple[str, ...]


#: Steps after which the bot rightly stays silent (a person has the chat, or the customer opted
#: out): load traffic plays only conversations in which every message gets an answer, so the
#: accounting can count a message without a reply as lost.
QUIET_AFTER = ("handoff", "silent", "opt_out")


def load_stories(directory: Path = CORPUS_DIR) -> list[Story]:
    """Every story with a non-empty customer line and an answer to each, in file order."""
    stories = []
    for path in sorted(directory.glob("*.yaml")):
        for story in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("stories", []):
            if any(step.get(key) for step in story["steps"] for key in QUIET_AFTER):
                continue
            lines = tuple(str(step["user"]) for step in story["steps"] if str(step.get("user")))
            if lines:
                stories.append(Story(f"{path.stem}::{story['story']}", lines))
    return stories


def story_cycle(directory: Path = CORPUS_DIR) -> Iterator[Story]:
    return itertools.cycle(load_stories(directory))
