"""Product knowledge: the versioned file, a deterministic embedder and the Qdrant index."""
