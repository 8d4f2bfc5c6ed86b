"""Stored quotes: the document model, numbers, states, follow-ups and the queries on them."""
