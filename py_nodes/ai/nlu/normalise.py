"""Text normalising: lower case, no accents, no emoji, one space, numbers kept intact."""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

_SPACES = re.compile(r"\s+")
_KEEP = re.compile(r"[^a-z0-9,.;:!?%+*x/()\s-]")
_TIMES = re.compile(r"(?<=\d)\s*[x×*]\s*(?=\d)")


def normalise(text: str) -> str:
    """``"¡Hola! Quiero ISODEC 10,5 × 4 m 😀"`` -> ``"!hola! quiero isodec 10,5 x 4 m"``."""
    lowered = text.replace("×", " x ").replace("²", "2").replace("°", " grados ").lower()
    ascii_text = unidecode(lowered)
    cleaned = _KEEP.sub(" ", ascii_text)
    cleaned = _TIMES.sub(" x ", cleaned)
    return _SPACES.sub(" ", cleaned).strip()


def has_letters_or_digits(text: str) -> bool:
    return any(char.isalnum() for char in text)


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])")


def contains_phrase(text: str, phrase: str) -> bool:
    """Whole-word match of ``phrase`` in normalised ``text`` (quick substring test first)."""
    return phrase in text and _phrase_pattern(phrase).search(text) is not None


def parse_number(raw: str) -> float:
    """``"10,5"`` -> 10.5, ``"1.000"`` -> 1000.0, ``"2.5"`` -> 2.5."""
    value = raw.strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
        return float(value.replace(".", ""))
    return float(value.replace(",", "."))
