"""Pricing engine of the quote node: request + catalog in, priced bill of materials out."""

from py_nodes.quote.engine.pricing import price_quote

__all__ = ["price_quote"]
