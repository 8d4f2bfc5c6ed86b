"""The knowledge file indexed in Qdrant, rebuilt when the file (or the embedder) changes."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from py_nodes.ai.knowledge.embedder import Embedder
from py_nodes.ai.nlu.normalise import contains_phrase, normalise

log = logging.getLogger(__name__)
KNOWLEDGE_PATH = Path(__file__).resolve().parent.parent / "knowledge.yaml"
COLLECTION = "ai_knowledge"
MARKER_ID = 0
MIN_SCORE = 0.3  # after the tag bonus: a loose n-gram likeness alone is not an answer
CANDIDATES = 8
TAG_BONUS = 0.2


def _tag_hits(plain_text: str, tags: list[str]) -> int:
    """Tag phrases found word for word; a single word counts when it is specific (7+ letters)."""
    wanted = [normalise(tag) for tag in tags if " " in tag or len(tag) >= 7]
    return sum(contains_phrase(plain_text, tag) for tag in wanted)


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    text: str
    score: float


def load_entries(path: Path) -> tuple[str, list[dict[str, Any]]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(raw["version"]), list(raw["entries"])


class KnowledgeIndex:
    """Search the knowledge entries; ``ensure()`` (re)builds the collection when needed."""

    def __init__(self, qdrant: Any, embedder: Embedder, path: Path = KNOWLEDGE_PATH) -> None:
        self._qdrant = qdrant
        self._embedder = embedder
        self._path = path
        self._stamp: tuple[int, int] | None = None
        self._lock = asyncio.Lock()
        self.version = ""

    def _file_stamp(self) -> tuple[int, int]:
        stat = self._path.stat()
        return stat.st_mtime_ns, stat.st_size

    def fingerprint(self) -> str:
        content = self._path.read_bytes() + self._embedder.name.encode()
        return hashlib.sha256(content).hexdigest()

    async def ensure(self) -> bool:
        """Build the collection unless it already holds this file's fingerprint. True if built."""
        async with self._lock:
            self._stamp = self._file_stamp()
            fingerprint = self.fingerprint()
            self.version, entries = load_entries(self._path)
            if await asyncio.to_thread(self._stored_fingerprint) == fingerprint:
                return False
            texts = [f"{e['title']}. {' '.join(e.get('tags', []))}. {e['text']}" for e in entries]
            vectors = await self._embedder.embed(texts)
            await asyncio.to_thread(self._rebuild, entries, vectors, fingerprint)
            log.info("knowledge indexed", extra={"entries": len(entries), "version": self.version})
            return True

    async def search(self, text: str, limit: int = 2) -> list[Hit]:
        """The entries nearest ``text``; an entry whose tags appear word for word in the question
        ranks higher (the tags are the phrasings customers use)."""
        if self._file_stamp() != self._stamp:
            await self.ensure()
        [vector] = await self._embedder.embed([text])
        points = await asyncio.to_thread(self._query, vector, CANDIDATES)
        plain = normalise(text)
        hits = [
            Hit(p.payload["id"], p.payload["title"], p.payload["text"],
                float(p.score) + TAG_BONUS * _tag_hits(plain, p.payload.get("tags", [])))
            for p in points
        ]  # fmt: skip
        hits.sort(key=lambda hit: -hit.score)
        return [hit for hit in hits if hit.score >= MIN_SCORE][:limit]

    def _stored_fingerprint(self) -> str | None:
        if not self._qdrant.collection_exists(COLLECTION):
            return None
        found = self._qdrant.retrieve(COLLECTION, ids=[MARKER_ID], with_payload=True)
        return str(found[0].payload.get("fingerprint")) if found else None

    def _rebuild(self, entries: list[dict[str, Any]], vectors: list[list[float]], fp: str) -> None:
        from qdrant_client import models

        if self._qdrant.collection_exists(COLLECTION):
            self._qdrant.delete_collection(COLLECTION)
        dimension = len(vectors[0])
        self._qdrant.create_collection(
            COLLECTION,
            vectors_config=models.VectorParams(size=dimension, distance=models.Distance.COSINE),
        )
        marker = [1.0] + [0.0] * (dimension - 1)
        points = [models.PointStruct(id=MARKER_ID, vector=marker,
                                     payload={"kind": "marker", "fingerprint": fp})]  # fmt: skip
        points += [
            models.PointStruct(
                id=number,
                vector=vector,
                payload={
                    "kind": "entry",
                    "id": e["id"],
                    "title": e["title"],
                    "text": e["text"],
                    "tags": list(e.get("tags", [])),
                },
            )
            for number, (e, vector) in enumerate(zip(entries, vectors, strict=True), start=1)
        ]
        self._qdrant.upsert(COLLECTION, points=points, wait=True)

    def _query(self, vector: list[float], limit: int) -> list[Any]:
        from qdrant_client import models

        only_entries = models.Filter(
            must=[models.FieldCondition(key="kind", match=models.MatchValue(value="entry"))]
        )
        result = self._qdrant.query_points(
            COLLECTION, query=vector, query_filter=only_entries, limit=limit, with_payload=True
        )
        return list(result.points)
