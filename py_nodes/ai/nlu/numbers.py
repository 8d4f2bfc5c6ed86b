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
# parser, and when other number words do, an article before a word that is not a unit stays an
# article ("chapas para un galpon ... a dos aguas" must not read "1 galpon"); "un metro y medio"
# is still a measure.
_ARTICLES = {"un", "una", "uno"}
_ARTICLE = re.compile(r"\b(un|una|uno)\s+([a-z]+)")
#: Words after which "un/una/uno" is a number: units, "y medio", "por", "x".
_MEASURE_WORDS = frozenset({"metro", "metros", "mt", "mts", "m", "y", "con", "por", "x"})
_KEPT = re.compile(r"\bkeptarticle(un|una|uno)\b")  # a kept article while the parser runs
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


def _keep_article(match: re.Match[str], vocabulary: frozenset[str]) -> str:
    article, following = match.group(1), match.group(2)
    if following in vocabulary or following in _MEASURE_WORDS:
        return match.group(0)  # "un metro y medio", "uno veinte": a number
    return f"keptarticle{article} {following}"


def digits_for_words(text: str) -> str:
    """Normalised ``text`` with number words as digits and "5 y medio" as "5,5"."""
    text = _PAIR.sub("2", text)
    text = _WITH.sub(r"\1,\2", text) if _WITH.search(text) else text
    vocabulary = _vocabulary()
    if any(word in vocabulary for word in _WORDS_AND_PARTS.findall(text)):
        kept = _ARTICLE.sub(lambda m: _keep_article(m, vocabulary), text)
        text = _KEPT.sub(r"\1", str(parse(kept, language="es")))
    text = _WITH.sub(r"\1,\2", text)
    text = _HALF.sub(lambda m: f"{m.group(1)},5 {m.group(2) or ''}".rstrip(), text)
    text = _METRES_THEN_CM.sub(lambda m: f"{m.group(1)},{int(m.group(3)):02d} {m.group(2)}", text)
    return _SPOKEN_METRES.sub(lambda m: f"{m.group(1)},{m.group(2)}", text)
