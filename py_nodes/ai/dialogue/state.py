"""A conversation's state: slots plus what the bot already asked or promised."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from py_nodes.ai.dialogue.slots import Slots

HISTORY_TURNS = 10


class Session(BaseModel):
    """One WhatsApp phone's conversation (stored in ``sessions``; hot copy in the cache)."""

    phone: str
    slots: Slots = Field(default_factory=Slots)
    history: list[dict[str, Any]] = Field(default_factory=list)
    last_activity: float = 0.0
    last_quote: dict[str, str] | None = None
    details_asked: bool = False
    name_asked: bool = False
    awaiting_name: bool = False
    offered_seller: bool = False
    quoted_signature: str | None = None
    misunderstood: int = 0
    conflict_asked: bool = False

    def remember(self, role: str, text: str, at: float) -> None:
        self.history.append({"role": role, "text": text[:1000], "at": at})
        del self.history[:-HISTORY_TURNS]

    def expire(self) -> None:
        """After a long silence: start over, keeping only the name and the last quote."""
        self.slots = Slots(name=self.slots.name)
        self.history = []
        self.details_asked = self.awaiting_name = self.offered_seller = False
        self.conflict_asked = False
        self.misunderstood = 0
        self.quoted_signature = None
