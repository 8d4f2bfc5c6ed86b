"""The money guard: an LLM reply may not state an amount, percentage or discount of its own.

Everything is compared on plain text (``unidecode``, lower case), so "dólares" and "dolares",
"bonificación" and "bonificacion" are the same word. A candidate is refused when it:

- carries a digit figure the context (the bot's own draft and facts) does not carry;
- uses a money term (currency, discount, special price, percentage, fraction or number word
  such as "la mitad" or "veinte") the context does not use;
- carries a link or a web address (the model never sends the customer anywhere else).
"""

from __future__ import annotations

import re

from unidecode import unidecode

MAX_REPLY_CHARS = 1500

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# Each alternative is one money term; a match is reduced to its canonical form (see _canonical).
_MONEY_TERMS = re.compile(
    r"(?<![a-z0-9])(?:"
    # currencies and their signs
    r"u\$s|us\$|usd|uyu|\$|dolar(?:es)?|peso(?:s)?|euro(?:s)?|verde(?:s)?|lucas?|"
    # percentages
    r"%|por\s*ciento|porcentaje|"
    # discounts, gifts and special prices
    r"descuento(?:s)?|rebaja(?:s|do|da)?|rebajamos|bonificacion(?:es)?|bonifica(?:mos|do|da)?|"
    r"gratis|gratuito|regalo|regalamos|sin\s+costo|de\s+regalo|promo(?:cion)?(?:es)?|"
    r"oferta(?:s)?|liquidacion|precio\s+especial|precio\s+final|2\s*x\s*1|dos\s+por\s+uno|"
    r"mas\s+barato|"
    # fractions and multiples
    r"mitad|medio\s+precio|tercio|cuarto|doble|triple|"
    # numbers in words
    r"cero|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|"
    r"quince|dieci\w+|veinte|veinti\w+|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|"
    r"noventa|cien|ciento(?:s)?|\w+cientos|quinientos|mil|miles|millon(?:es)?"
    r")(?![a-z0-9])"
)
# Counting words ("dos apoyos", "un cuarto frío") are harmless unless the reply also talks money
# ("uno"/"una" are articles and never count); see _money_terms.
_COUNTING_WORDS = frozenset({"dos", "tres", "cuatro", "cuarto", "doble"})
_CURRENCY_OR_DISCOUNT = frozenset(
    {
        "u$s",
        "us$",
        "usd",
        "uyu",
        "$",
        "dolar",
        "peso",
        "euro",
        "verde",
        "luca",
        "%",
        "por ciento",
        "porcentaje",
        "descuento",
        "rebaja",
        "bonificacion",
        "precio especial",
        "precio final",
        "mitad",
        "medio precio",
    }
)
_LINK = re.compile(
    r"(?:https?:|ftp:|www\.|wa\.me|bit\.ly|"
    r"\b[a-z0-9-]+\.(?:com|net|org|uy|ar|br|io|ly|me|info|biz|co|app|link|xyz)\b)"
)


def plain(text: str) -> str:
    """Lower case, accents and other marks removed ("Dólares" -> "dolares")."""
    return unidecode(text).lower()


def numbers_in(text: str) -> set[str]:
    """Every number in ``text``, normalised (``"11,9"`` and ``"11.9"`` are the same)."""
    return {raw.replace(",", ".").rstrip(".") for raw in _NUMBER.findall(text)}


def _canonical(term: str) -> str:
    term = re.sub(r"\s+", " ", term)
    if term.endswith("es") and term[:-2] in {"dolar", "bonificacion", "promocion", "millon"}:
        return term[:-2]
    if term.endswith("s") and term[:-1] in {
        "peso",
        "euro",
        "verde",
        "luca",
        "descuento",
        "rebaja",
        "oferta",
        "ciento",
    }:
        return term[:-1]
    return term


def _money_terms(text: str) -> set[str]:
    terms = {_canonical(match.group(0)) for match in _MONEY_TERMS.finditer(text)}
    if not terms & _CURRENCY_OR_DISCOUNT:
        terms -= _COUNTING_WORDS  # "una chapa", "dos apoyos": counting, not pricing
    return terms


def has_link(text: str) -> bool:
    """True when ``text`` carries a URL or something a phone would turn into a link."""
    return _LINK.search(plain(text)) is not None


def reply_is_safe(candidate: str, context: str) -> bool:
    """True when every figure and money term of ``candidate`` is already in ``context``."""
    if not candidate.strip() or len(candidate) > MAX_REPLY_CHARS:
        return False
    said, known = plain(candidate), plain(context)
    if has_link(said):
        return False
    if not numbers_in(said) <= numbers_in(known):
        return False
    return _money_terms(said) <= _money_terms(known)
