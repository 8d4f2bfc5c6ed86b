"""Product knowledge of the AI node: families, thicknesses, synonyms and fuzzy matching."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from py_nodes.ai.nlu.normalise import contains_phrase
from py_nodes.ai.nlu.places import place_words

PRODUCTS_PATH = Path(__file__).resolve().parent.parent / "products.yaml"


@dataclass(frozen=True)
class Family:
    key: str
    label: str
    use: str
    material: str
    thicknesses: tuple[int, ...]
    colors: tuple[str, ...]
    synonyms: tuple[str, ...]
    usable_width_m: float
    lengths_m: tuple[float, float] = (0.0, 1000.0)
    # A material word next to the family's name picks another family: {"pir": "ISODEC_PIR"}.
    variants: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ProductMention:
    """What a message says about the product: a family, or a generic material/panel word."""

    family: str | None = None
    generic: str | None = None
    not_offered: str | None = None


class Products:
    """Families, generic words and products not offered, read from ``products.yaml``."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.version = str(raw["version"])
        self.families = {
            key: Family(
                key=key,
                label=str(spec["label"]),
                use=str(spec["use"]),
                material=str(spec["material"]),
                thicknesses=tuple(int(t) for t in spec["thicknesses"]),
                colors=tuple(str(c) for c in spec["colors"]),
                synonyms=tuple(str(s) for s in spec["synonyms"]),
                usable_width_m=float(spec["usable_width_m"]),
                lengths_m=(float(spec["lengths_m"][0]), float(spec["lengths_m"][1])),
                variants=tuple((str(w), str(k)) for w, k in spec.get("variants", {}).items()),
            )
            for key, spec in raw["families"].items()
        }
        for family in self.families.values():
            for word, target in family.variants:
                if target not in self.families:
                    raise ValueError(f"{family.key}: variant {word!r} is no family: {target}")
        self.generic: dict[str, dict[str, str]] = raw["generic"]
        self.generic_synonyms: dict[str, list[str]] = raw["generic_synonyms"]
        self.not_offered: list[str] = list(raw["not_offered"])
        # Longest synonyms first, so "isodec pir" wins over "isodec".
        self._family_phrases = sorted(
            ((syn, fam.key) for fam in self.families.values() for syn in fam.synonyms),
            key=lambda pair: -len(pair[0]),
        )
        self._fuzzy_words = {
            syn: key for syn, key in self._family_phrases if " " not in syn and len(syn) >= 6
        }

    def family(self, key: str | None) -> Family | None:
        return self.families.get(key) if key else None

    def all_thicknesses(self) -> set[int]:
        return {t for fam in self.families.values() for t in fam.thicknesses}

    def resolve_generic(self, generic: str, use: str | None) -> str | None:
        return self.generic.get(generic, {}).get(use) if use else None

    def find(self, text: str) -> ProductMention:
        """The product a normalised ``text`` names, exact phrases first, then fuzzy words."""
        for phrase, key in self._family_phrases:
            if contains_phrase(text, phrase):
                return ProductMention(family=self._variant(text, key))
        fuzzy = self._fuzzy_family(text)
        if fuzzy:
            return ProductMention(family=self._variant(text, fuzzy))
        for generic, phrases in self.generic_synonyms.items():
            if any(contains_phrase(text, phrase) for phrase in phrases):
                return ProductMention(generic=generic)
        for phrase in self.not_offered:
            if contains_phrase(text, phrase) and not _describes_structure(text, phrase):
                return ProductMention(not_offered=phrase)
        return ProductMention()

    def _variant(self, text: str, key: str) -> str:
        """``"isodec ... pir"`` -> ISODEC_PIR: a material word with a family name picks the
        variant the family declares in ``products.yaml``."""
        for word, variant in self.families[key].variants:
            if contains_phrase(text, word):
                return variant
        return key

    def _fuzzy_family(self, text: str) -> str | None:
        places = place_words()
        for word in re.findall(r"[a-z]{5,}", text):
            if word in places:
                continue  # "Colonia" is a place, not a typo of "colonial"
            match = process.extractOne(
                word, list(self._fuzzy_words), scorer=fuzz.ratio, score_cutoff=84
            )
            if match:
                return self._fuzzy_words[match[0]]
        return None


def _describes_structure(text: str, phrase: str) -> bool:
    """ "perfileria de chapa", "estructura de chapa": the material under the panels, not a product
    asked for (the only product asked for would be a panel)."""
    found = re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text)
    if found is None:
        return False
    before = text[: found.start()]
    return bool(re.search(r"\b(?:perfil\w*|estructura|vigas?|correas?|columnas?)\b", before[-30:]))


@lru_cache
def load_products(path: Path = PRODUCTS_PATH) -> Products:
    with path.open(encoding="utf-8") as handle:
        return Products(yaml.safe_load(handle))
