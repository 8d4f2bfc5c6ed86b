"""Rule-based understanding of customer messages: normalising, entities, intents."""
