"""The money guard: an LLM reply may not state an amount, percentage or discount of its own."""

from __future__ import annotations

import re

from unidecode import unidecode

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MONEY_WORDS = re.compile(
    r"\b(?:descuento|descuentos|rebaja|bonificacion|gratis|promocion|oferta especial)\b"
)
_CURRENCY = re.compile(r"(?:u\$s|us\$|usd|\$|dolares|pesos|uyu)", re.IGNORECASE)


def numbers_in(text: str) -> set[str]:
    """Every number in ``text``, normalised (``"11,9"`` and ``"11.9"`` are the same)."""
    return {raw.replace(",", ".").rstrip(".") for raw in _NUMBER.findall(text)}


def reply_is_safe(candidate: str, context: str) -> bool:
    """True when every number in ``candidate`` appears in ``context`` and no money talk is new."""
    if not candidate.strip() or len(candidate) > 1500:
        return False
    if not numbers_in(candidate) <= numbers_in(context):
        return False
    plain, plain_context = unidecode(candidate).lower(), unidecode(context).lower()
    if _MONEY_WORDS.search(plain) and not _MONEY_WORDS.search(plain_context):
        return False
    return not (_CURRENCY.search(candidate) and not _CURRENCY.search(context))
