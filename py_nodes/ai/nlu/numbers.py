"""Spanish number words to digits: "siete metros veinte" -> "7,20 metros", "dos y medio" -> "2,5".

The words themselves come from ``number-parser``'s Spanish data (a kept library, not a list of our
own); this module only adds the spoken shapes of measures that library does not know: "y medio",
"un par de", and "N metros M" (metres and centimetres said as two numbers).
"""

from __future__ import annotations

import re
from functools import lru_cache

from number_parser import parse
from number_parser.data import es

# "un", "una", "uno" alone are articles far more often than counts: they never trigger the
# parser (a message with other number words still converts them, which is harmless).
_ARTICLES = {"un", "una", "uno"}
_WORDS_AND_PARTS = re.compile(r"[a-z]+")
_HALF = re.compile(r"\b(\d+) (?:(metros?|mts?) )?y medi[oa]\b")
_PAIR = re.compile(r"\bun par de\b")
# "dos cuarenta de alto" -> "2 40 de alto" -> "2,40": metres and centimetres, unit left out.
_WITH = re.compile(r"\b(\d+) con (\d{2})\b")  # "siete con ochenta" once digits: "7,80"
_SPOKEN_METRES = re.compile(r"\b(\d) (\d{2})\b(?!\s*(?:[.,]\d|x\b|por\b|\+))")
_METRES_THEN_CM = re.compile(
    r"\b(\d+) (metros?|mts?) (\d{1,2})\b(?!\s*(?:[.,]\d|x\b|por\b|m\b|mts?\b|metros?\b|cm\b|mm\b))"
)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    info = es.info
    words: set[str] = set()
    for table in ("UNIT_NUMBERS", "DIRECT_NUMBERS", "TENS", "HUNDREDS", "BIG_POWERS_OF_TEN"):
        words.update(str(word) for word in info[table])
    return frozenset(words - _ARTICLES)


def digits_for_words(text: str) -> str:
    """Normalised ``text`` with number words as digits and "5 y medio" as "5,5"."""
    text = _PAIR.sub("2", text)
    text = _WITH.sub(r"\1,\2", text) if _WITH.search(text) else text
    vocabulary = _vocabulary()
    if any(word in vocabulary for word in _WORDS_AND_PARTS.findall(text)):
        text = str(parse(text, language="es"))
    text = _WITH.sub(r"\1,\2", text)
    text = _HALF.sub(lambda m: f"{m.group(1)},5 {m.group(2) or ''}".rstrip(), text)
    text = _METRES_THEN_CM.sub(lambda m: f"{m.group(1)},{int(m.group(3)):02d} {m.group(2)}", text)
    return _SPOKEN_METRES.sub(lambda m: f"{m.group(1)},{m.group(2)}", text)
