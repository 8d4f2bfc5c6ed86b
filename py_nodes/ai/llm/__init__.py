"""Optional LLM over an OpenAI-compatible API: client, circuit breaker, money guard."""
