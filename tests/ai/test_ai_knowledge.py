"""Deterministic embedder and the Qdrant index rebuilt only when the knowledge file changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from qdrant_client import QdrantClient

from py_nodes.ai.knowledge.embedder import HashedNgramEmbedder, hashed_vector
from py_nodes.ai.knowledge.index import KNOWLEDGE_PATH, KnowledgeIndex


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def qdrant(tmp_path: Path) -> Iterator[QdrantClient]:
    client = QdrantClient(path=str(tmp_path / "qdrant"))
    yield client
    client.close()


def test_hashed_vector_is_deterministic_and_normalised() -> None:
    first, second = hashed_vector("Isodec EPS"), hashed_vector("isodec eps")

    assert first == second
    assert sum(v * v for v in first) == pytest.approx(1.0)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("question", "entry"),
    [
        pytest.param("¿Qué diferencia hay entre EPS y PIR?", "eps-vs-pir", id="eps-pir"),
        pytest.param("cuánto demora la entrega?", "delivery-times", id="lead-time"),
        pytest.param("hacen la instalación?", "installation", id="installation"),
        pytest.param("cada cuánto van los apoyos", "spans", id="spans"),
    ],
)
async def test_index_search_finds_the_right_entry(
    qdrant: QdrantClient, question: str, entry: str
) -> None:
    index = KnowledgeIndex(qdrant, HashedNgramEmbedder())
    await index.ensure()

    hits = await index.search(question)

    assert hits[0].id == entry


@pytest.mark.anyio
async def test_index_is_not_rebuilt_when_the_file_is_unchanged(qdrant: QdrantClient) -> None:
    index = KnowledgeIndex(qdrant, HashedNgramEmbedder())

    assert [await index.ensure(), await index.ensure()] == [True, False]


@pytest.mark.anyio
async def test_index_is_rebuilt_when_the_file_changes(qdrant: QdrantClient, tmp_path: Path) -> None:
    path = tmp_path / "knowledge.yaml"
    path.write_text(KNOWLEDGE_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    index = KnowledgeIndex(qdrant, HashedNgramEmbedder(), path)
    await index.ensure()
    extra = ("  - id: parking\n    title: Estacionamiento\n    tags: [estacionamiento]\n"
             "    text: Hay estacionamiento para camiones en la planta.\n")  # fmt: skip
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")

    hits = await index.search("tienen estacionamiento para camiones?")

    assert hits[0].id == "parking"
