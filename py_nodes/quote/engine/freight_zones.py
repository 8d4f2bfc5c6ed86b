"""Delivery zone from free text: keyword match ignoring case, accents and punctuation."""

from __future__ import annotations

import re

from unidecode import unidecode

from py_nodes.quote.catalog.sections import FreightZone


def plain_words(text: str) -> str:
    """Lower-case ASCII words separated by single spaces, padded so phrases match whole words."""
    return f" {re.sub(r'[^a-z0-9]+', ' ', unidecode(text).lower()).strip()} "


def classify_zone(text: str, zones: list[FreightZone]) -> FreightZone | None:
    """First zone (in catalog order) with a keyword in the text; None when nothing matches."""
    words = plain_words(text)
    for zone in zones:
        if any(plain_words(keyword) in words for keyword in zone.keywords):
            return zone
    return None
