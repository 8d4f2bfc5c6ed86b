"""What business users see in the editor: nodes that do not overlap, a readable width, one note
per flow saying what it does, what staff may change and what not, and Spanish names and notes.

Sizes are n8n's: a node is drawn 100 × 100 from its ``position`` (top-left), its name written
under it (counted here as 40 px more, 20 px wider on each side); a sticky note is ``width`` ×
``height`` from its position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

NODE_SIZE = 100
LABEL_HEIGHT = 40
LABEL_OVERHANG = 20
#: The widest a flow may be, notes included. At n8n's "zoom to fit" a 2,400 px flow shows at
#: about 0.75 on a 1,920 px screen, where node names stay readable; it holds 10 steps in a row at
#: the 240 px spacing the flows use. A longer flow goes on in a second row or in a sub-flow.
MAX_WIDTH = 2400
STICKY = "n8n-nodes-base.stickyNote"
#: The note every flow has, with these three headings.
GUIDE_HEADINGS = ("Qué hace", "Qué podés cambiar", "Qué no tocar")
#: Words that are English and never Spanish: a name or note holding one is not translated.
ENGLISH = {"the", "and", "of", "with", "when", "is", "are", "this", "that", "it", "for", "from",
           "to", "was", "did", "does", "not", "what", "why", "how", "about", "by", "or", "if",
           "into", "only", "after", "before", "every", "each", "then", "again", "which", "will",
           "there", "any", "new", "be", "have", "one", "answer", "send", "reply", "message",
           "messages", "quote", "sales", "notify", "release", "handler", "inbound", "check",
           "record", "give", "back", "find", "write", "read", "mark", "stop", "skip", "run",
           "now", "hour", "seconds", "nothing", "more", "team", "up", "ask", "take"}  # fmt: skip
CODE = re.compile(r"`[^`]*`|\{\{[^}]*\}\}|https?://\S+")
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+")


@dataclass(frozen=True)
class Box:
    name: str
    left: float
    top: float
    right: float
    bottom: float
    note: bool

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)  # fmt: skip


def box(node: dict[str, Any]) -> Box:
    x, y = (float(v) for v in node.get("position", (0, 0)))
    if node["type"] == STICKY:
        params = node.get("parameters", {})
        width, height = float(params.get("width", 240)), float(params.get("height", 160))
        return Box(node["name"], x, y, x + width, y + height, True)
    return Box(node["name"], x - LABEL_OVERHANG, y, x + NODE_SIZE + LABEL_OVERHANG,
               y + NODE_SIZE + LABEL_HEIGHT, False)  # fmt: skip


def overlap_problems(flow: dict[str, Any]) -> Iterable[str]:
    boxes = [box(node) for node in flow.get("nodes", [])]
    for n, first in enumerate(boxes):
        for second in boxes[n + 1 :]:
            if first.overlaps(second) and not (first.note and second.note):
                what = "a note" if first.note or second.note else "a node"
                yield f"{first.name!r} and {second.name!r} overlap ({what} hides part of the other)"
            elif first.overlaps(second):
                yield f"notes {first.name!r} and {second.name!r} overlap"


def width_problems(flow: dict[str, Any]) -> Iterable[str]:
    boxes = [box(node) for node in flow.get("nodes", [])]
    if boxes:
        width = max(b.right for b in boxes) - min(b.left for b in boxes)
        if width > MAX_WIDTH:
            yield (f"{width:.0f} px wide, at most {MAX_WIDTH}: lay it out in rows or move a part "
                   "into a sub-flow")  # fmt: skip


def guide_problems(flow: dict[str, Any]) -> Iterable[str]:
    notes = [n for n in flow.get("nodes", []) if n["type"] == STICKY]
    guides = [
        n for n in notes if all(h in n["parameters"].get("content", "") for h in GUIDE_HEADINGS)
    ]
    if len(guides) != 1:
        headings = " / ".join(GUIDE_HEADINGS)
        yield f"needs exactly one note with the headings {headings} (has {len(guides)})"


def english_words(text: str) -> list[str]:
    """English-only words in ``text`` outside code spans, expressions and URLs."""
    plain = CODE.sub(" ", text)
    return sorted({w for w in WORD.findall(plain) if w.lower() in ENGLISH})


def spanish_problems(flow: dict[str, Any]) -> Iterable[str]:
    for node in flow.get("nodes", []):
        if words := english_words(node["name"]):
            yield f"{node['name']!r}: name in English ({', '.join(words)}); names are in Spanish"
        if node["type"] == STICKY:
            content = str(node.get("parameters", {}).get("content", ""))
            if words := english_words(content):
                yield f"note {node['name']!r} in English ({', '.join(words)}); notes are in Spanish"
    if words := english_words(str(flow.get("name", ""))):
        yield f"flow name {flow.get('name')!r} in English ({', '.join(words)})"


def layout_problems(flow: dict[str, Any]) -> list[str]:
    return [*overlap_problems(flow), *width_problems(flow), *guide_problems(flow),
            *spanish_problems(flow)]  # fmt: skip
