"""Embedders: hashed character n-grams (deterministic, no download) or an embeddings API."""

from __future__ import annotations

import math
import re
import zlib
from typing import Protocol

from py_nodes.ai.nlu.normalise import normalise

DIMENSION = 384


class Embedder(Protocol):
    name: str
    dimension: int

    async def embed(self, texts: list[str]) -> list[list[float]]: ...


def _grams(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", normalise(text))
    grams: list[str] = [f"w:{w}" for w in words]
    for word in words:
        padded = f" {word} "
        for size in (3, 4):
            grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


def hashed_vector(text: str, dimension: int = DIMENSION) -> list[float]:
    """Signed feature hashing of words and 3-4 character n-grams, L2-normalised."""
    vector = [0.0] * dimension
    for gram in _grams(text):
        digest = zlib.crc32(gram.encode())
        weight = 2.0 if gram.startswith("w:") else 1.0
        vector[digest % dimension] += weight if digest & 0x80000000 else -weight
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


class HashedNgramEmbedder:
    """The default: same text, same vector, on any machine, with no model to download."""

    name = f"hashed-ngrams-{DIMENSION}"
    dimension = DIMENSION

    async def embed(self, texts: list[str]) -> list[list[float]]:
        return [hashed_vector(text) for text in texts]
