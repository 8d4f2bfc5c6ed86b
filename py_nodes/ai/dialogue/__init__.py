"""Dialogue state and decisions: slots, what to ask next, Spanish replies."""
