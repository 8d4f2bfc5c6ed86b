"""Per-app objects of the ai node, built at start-up and kept in the app's node states."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from py_nodes.ai.knowledge.api_embedder import ApiEmbedder
from py_nodes.ai.knowledge.embedder import Embedder, HashedNgramEmbedder
from py_nodes.ai.knowledge.index import KNOWLEDGE_PATH, KnowledgeIndex
from py_nodes.ai.llm.breaker import CircuitBreaker
from py_nodes.ai.llm.client import LlmClient
from py_nodes.core.resources import Resources

log = logging.getLogger(__name__)


@dataclass
class AiRuntime:
    index: KnowledgeIndex
    llm: LlmClient | None
    knowledge_ready: bool = False


def _api_key(resources: Resources) -> str | None:
    key = resources.settings.llm_api_key
    return key.get_secret_value() if key else None


def build_runtime(resources: Resources) -> AiRuntime:
    settings = resources.settings
    embedder: Embedder = HashedNgramEmbedder()
    if settings.embeddings_base_url:
        embedder = ApiEmbedder(
            resources.http, settings.embeddings_base_url, settings.embeddings_model,
            _api_key(resources),
        )  # fmt: skip
    llm = None
    if settings.llm_base_url:
        llm = LlmClient(
            resources.http, settings.llm_base_url, settings.llm_model, _api_key(resources),
            settings.llm_timeout_s, settings.llm_max_retries, CircuitBreaker(),
        )  # fmt: skip
    index = KnowledgeIndex(resources.qdrant, embedder, settings.knowledge_path or KNOWLEDGE_PATH)
    return AiRuntime(index=index, llm=llm)


async def start_ai(resources: Resources) -> None:
    """Start-up hook: build the runtime and (re)index the knowledge file when it changed."""
    runtime = build_runtime(resources)
    resources.state.put(runtime)
    try:
        await runtime.index.ensure()
        runtime.knowledge_ready = True
    except Exception as exc:  # knowledge answers degrade; quoting keeps working
        log.warning("knowledge index unavailable", extra={"error": type(exc).__name__})
